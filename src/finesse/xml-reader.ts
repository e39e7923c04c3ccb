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
 * Parses a whole document strictly. DOCTYPE declarations are refused outright, so no DTD, no entity
 * declaration and no expansion can ever happen; only the five predefined entities and character
 * references are understood (the parser rejects any other entity reference).
 */
export function readXml(source: string, limits: XmlReadLimits = DEFAULT_XML_LIMITS): XmlElement {
  const parser = new SaxesParser({ xmlns: false, position: false });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let elements = 0;
  let failure: Error | undefined;

  parser.on('doctype', () => {
    throw new XmlReadError('DOCTYPE declarations are not allowed');
  });
  parser.on('processinginstruction', (pi) => {
    if (pi.target.toLowerCase() !== 'xml') throw new XmlReadError('processing instructions are not allowed');
  });
  parser.on('opentag', (tag) => {
    if (stack.length >= limits.maxDepth) throw new XmlReadError(`nesting deeper than ${limits.maxDepth} levels`);
    if (++elements > limits.maxElements) throw new XmlReadError(`more than ${limits.maxElements} elements`);
    const parent = stack[stack.length - 1];
    const node = new Element(tag.name, { ...(tag.attributes as Record<string, string>) }, parent ?? null);
    if (parent) parent.appendChild(node);
    else if (root) throw new XmlReadError('more than one root element');
    else root = node;
    stack.push(node);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('text', (text) => {
    const current = stack[stack.length - 1];
    if (current) current.appendText(text);
    else if (text.trim() !== '') throw new XmlReadError('text outside the root element');
  });
  parser.on('cdata', (text) => {
    stack[stack.length - 1]?.appendText(text);
  });
  parser.on('error', (error) => {
    failure ??= error;
  });

  try {
    parser.write(source).close();
  } catch (error) {
    throw error instanceof XmlReadError ? error : new XmlReadError((error as Error).message);
  }
  if (failure) throw new XmlReadError(failure.message);
  if (!root) throw new XmlReadError('no root element');
  return root;
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
