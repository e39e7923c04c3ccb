import { escapeXml } from './escape.js';

export type XmlNode = Element | string;

/**
 * The one parsed-XML element of openfinesse: XMPP stanzas from the stream parser and Finesse REST bodies
 * from the document reader are both built of it. Names are kept qualified as written (`stream:error`);
 * the default namespace of an element is its own `xmlns` attribute, inherited from the parent when absent.
 *
 * `children` holds the child elements and `text` the concatenated character data, which is what readers
 * want. Mixed content in document order, which only serialization needs, is kept once an element really
 * mixes text and elements, so the common elements carry no second list.
 */
export class Element {
  /** Child elements in document order (text excluded). */
  readonly children: Element[] = [];
  /** Text of the direct children (character data and CDATA), concatenated, untrimmed. */
  text = '';
  private mixed: XmlNode[] | null = null;

  constructor(
    readonly name: string,
    readonly attributes: Record<string, string> = {},
    readonly parent: Element | null = null,
  ) {}

  get namespace(): string | undefined {
    const prefix = this.name.includes(':') ? this.name.slice(0, this.name.indexOf(':')) : null;
    const key = prefix === null ? 'xmlns' : `xmlns:${prefix}`;
    for (let el: Element | null = this; el; el = el.parent) {
      const value = el.attributes[key];
      if (value !== undefined) return value;
    }
    return undefined;
  }

  get localName(): string {
    const colon = this.name.indexOf(':');
    return colon < 0 ? this.name : this.name.slice(colon + 1);
  }

  /** Text and child elements in document order. */
  get content(): readonly XmlNode[] {
    if (this.mixed) return this.mixed;
    if (this.text === '') return this.children;
    return [this.text];
  }

  attr(name: string): string | undefined {
    return this.attributes[name];
  }

  /** The first child element with that local name (and namespace, when given). */
  child(localName: string, namespace?: string): Element | undefined {
    for (const c of this.children) {
      if (c.localName === localName && (namespace === undefined || c.namespace === namespace)) return c;
    }
    return undefined;
  }

  appendChild(child: Element): void {
    if (this.mixed) this.mixed.push(child);
    else if (this.text !== '') this.mixed = [this.text, child];
    this.children.push(child);
  }

  appendText(text: string): void {
    if (this.mixed) this.mixed.push(text);
    else if (this.children.length > 0) this.mixed = [...this.children, text];
    this.text += text;
  }

  append(node: XmlNode): void {
    if (typeof node === 'string') this.appendText(node);
    else this.appendChild(node);
  }

  toString(): string {
    return serialize(this);
  }
}

/** The element as XML: single-quoted attributes, every value and text escaped with `escapeXml`. */
export function serialize(el: Element): string {
  let out = `<${el.name}`;
  const attrs = el.attributes;
  for (const name in attrs) out += ` ${name}='${escapeXml(attrs[name]!)}'`;
  const content = el.content;
  if (content.length === 0) return `${out}/>`;
  out += '>';
  for (const c of content) out += typeof c === 'string' ? escapeXml(c) : serialize(c);
  return `${out}</${el.name}>`;
}
