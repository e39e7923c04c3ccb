import { escapeXml } from '../../finesse/xml-escape.js';

export type XmlNode = Element | string;

/**
 * An element of an incoming stanza. Names are kept qualified as written (`stream:error`); the default
 * namespace of an element is its own `xmlns` attribute, inherited from the parent when absent.
 */
export class Element {
  readonly children: XmlNode[] = [];

  constructor(
    readonly name: string,
    readonly attrs: Record<string, string> = {},
    readonly parent: Element | null = null,
  ) {}

  get namespace(): string | undefined {
    const prefix = this.name.includes(':') ? this.name.slice(0, this.name.indexOf(':')) : null;
    const key = prefix === null ? 'xmlns' : `xmlns:${prefix}`;
    for (let el: Element | null = this; el; el = el.parent) {
      const value = el.attrs[key];
      if (value !== undefined) return value;
    }
    return undefined;
  }

  get localName(): string {
    const colon = this.name.indexOf(':');
    return colon < 0 ? this.name : this.name.slice(colon + 1);
  }

  attr(name: string): string | undefined {
    return this.attrs[name];
  }

  /** The first child element with that local name (and namespace, when given). */
  child(localName: string, namespace?: string): Element | undefined {
    for (const c of this.children) {
      if (typeof c !== 'string' && c.localName === localName && (namespace === undefined || c.namespace === namespace)) return c;
    }
    return undefined;
  }

  elements(): Element[] {
    return this.children.filter((c): c is Element => typeof c !== 'string');
  }

  /** Concatenated text of the direct children. */
  text(): string {
    let text = '';
    for (const c of this.children) if (typeof c === 'string') text += c;
    return text;
  }

  toString(): string {
    return serialize(this);
  }
}

export function serialize(el: Element): string {
  let out = `<${el.name}`;
  for (const [name, value] of Object.entries(el.attrs)) out += ` ${name}='${escapeXml(value)}'`;
  if (el.children.length === 0) return out + '/>';
  out += '>';
  for (const c of el.children) out += typeof c === 'string' ? escapeXml(c) : serialize(c);
  return out + `</${el.name}>`;
}

/** `name='value'` pairs for the attributes that are set, with a leading space each. */
export function attributes(attrs: Record<string, string | undefined>): string {
  let out = '';
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined) out += ` ${name}='${escapeXml(value)}'`;
  return out;
}
