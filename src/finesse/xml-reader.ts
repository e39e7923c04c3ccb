import { SaxesParser } from 'saxes';
import { Element } from '../xml/element.js';

/**
 * A parsed Finesse request body: the shared element model of src/xml (`name`, `attributes`, child
 * elements in `children`, the concatenated character data in `text`).
 */
export type XmlElement = Element;

export interface XmlReadLimits {
  maxDepth: number;
  maxElements: number;
}

export const DEFAULT_XML_LIMITS: XmlReadLimits = { maxDepth: 32, maxElements: 10_000 };

export class XmlReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlReadError';
  }
}

/**
 * One document at a time through one parser: saxes resets itself at the end of a document, so a parse
 * that succeeded leaves the parser ready for the next one and only a failed parse costs a new parser
 * (with its handlers). Parsing is synchronous, so documents never interleave.
 */
class DocumentReader {
  private parser: SaxesParser | null = null;
  private limits = DEFAULT_XML_LIMITS;
  private stack: XmlElement[] = [];
  private root: XmlElement | undefined;
  private elements = 0;
  private failure: Error | undefined;

  read(source: string, limits: XmlReadLimits): XmlElement {
    const parser = (this.parser ??= this.newParser());
    this.limits = limits;
    this.stack = [];
    this.root = undefined;
    this.elements = 0;
    this.failure = undefined;
    try {
      parser.write(source).close();
    } catch (error) {
      this.parser = null;
      throw error instanceof XmlReadError ? error : new XmlReadError((error as Error).message);
    }
    const root = this.root;
    const failure = this.failure as Error | undefined;
    this.root = undefined;
    this.stack = [];
    if (failure) {
      this.parser = null;
      throw new XmlReadError(failure.message);
    }
    if (!root) throw new XmlReadError('no root element');
    return root;
  }

  private newParser(): SaxesParser {
    const parser = new SaxesParser({ xmlns: false, position: false });
    parser.on('doctype', () => {
      throw new XmlReadError('DOCTYPE declarations are not allowed');
    });
    parser.on('processinginstruction', (pi) => {
      if (pi.target.toLowerCase() !== 'xml') throw new XmlReadError('processing instructions are not allowed');
    });
    parser.on('opentag', (tag) => {
      const { stack, limits } = this;
      if (stack.length >= limits.maxDepth) throw new XmlReadError(`nesting deeper than ${limits.maxDepth} levels`);
      if (++this.elements > limits.maxElements) throw new XmlReadError(`more than ${limits.maxElements} elements`);
      const parent = stack[stack.length - 1];
      const node = new Element(tag.name, { ...(tag.attributes as Record<string, string>) }, parent ?? null);
      if (parent) parent.appendChild(node);
      else if (this.root) throw new XmlReadError('more than one root element');
      else this.root = node;
      stack.push(node);
    });
    parser.on('closetag', () => {
      this.stack.pop();
    });
    parser.on('text', (text) => {
      const current = this.stack[this.stack.length - 1];
      if (current) current.appendText(text);
      else if (text.trim() !== '') throw new XmlReadError('text outside the root element');
    });
    parser.on('cdata', (text) => {
      this.stack[this.stack.length - 1]?.appendText(text);
    });
    parser.on('error', (error) => {
      this.failure ??= error;
    });
    return parser;
  }
}

const reader = new DocumentReader();

/**
 * Parses a whole document strictly. DOCTYPE declarations are refused outright, so no DTD, no entity
 * declaration and no expansion can ever happen; only the five predefined entities and character
 * references are understood (the parser rejects any other entity reference).
 */
export function readXml(source: string, limits: XmlReadLimits = DEFAULT_XML_LIMITS): XmlElement {
  return reader.read(source, limits);
}

export function child(element: XmlElement, name: string): XmlElement | undefined {
  // The last occurrence wins, as in Finesse.
  for (let i = element.children.length - 1; i >= 0; i--) {
    if (element.children[i]!.name === name) return element.children[i];
  }
  return undefined;
}

/** Trimmed text of a child element, or undefined when absent. */
export function childText(element: XmlElement, name: string): string | undefined {
  const found = child(element, name);
  return found === undefined ? undefined : found.text.trim();
}
