import { SaxesParser } from 'saxes';
import { Element } from '../xml/element.js';
import { GadgetSpecError } from './errors.js';

export interface GadgetXmlLimits {
  /** Characters of the whole document. */
  maxLength: number;
  maxDepth: number;
  maxElements: number;
  /** Characters of one attribute value. */
  maxAttributeLength: number;
}

export const GADGET_XML_LIMITS: GadgetXmlLimits = {
  maxLength: 1_000_000,
  maxDepth: 16,
  maxElements: 2_000,
  maxAttributeLength: 8_192,
};

/**
 * Parses an untrusted gadget spec or message bundle strictly, as the Finesse body reader does: a DOCTYPE
 * is refused outright (so no DTD, no entity declaration, no expansion), processing instructions other
 * than the XML declaration are refused, and only the predefined entities and character references are
 * understood. CDATA (where the gadget's HTML lives) is kept as text, untouched.
 */
export function readGadgetXml(source: string, limits: GadgetXmlLimits = GADGET_XML_LIMITS): Element {
  if (source.length > limits.maxLength) {
    throw new GadgetSpecError('xml', 'document', `longer than ${limits.maxLength} characters`);
  }
  const parser = new SaxesParser({ xmlns: false, position: true });
  const stack: Element[] = [];
  let root: Element | undefined;
  let elements = 0;
  let failure: Error | undefined;
  const fail = (message: string): never => {
    throw new GadgetSpecError('xml', 'document', message);
  };

  parser.on('doctype', () => fail('DOCTYPE declarations are not allowed'));
  parser.on('processinginstruction', (pi) => {
    if (pi.target.toLowerCase() !== 'xml') fail('processing instructions are not allowed');
  });
  parser.on('opentag', (tag) => {
    if (stack.length >= limits.maxDepth) fail(`nesting deeper than ${limits.maxDepth} levels`);
    if (++elements > limits.maxElements) fail(`more than ${limits.maxElements} elements`);
    const attributes = { ...(tag.attributes as Record<string, string>) };
    for (const name in attributes) {
      if (attributes[name]!.length > limits.maxAttributeLength) {
        fail(`attribute ${tag.name}@${name} longer than ${limits.maxAttributeLength} characters`);
      }
    }
    const parent = stack[stack.length - 1];
    const node = new Element(tag.name, attributes, parent ?? null);
    if (parent) parent.appendChild(node);
    else if (root) fail('more than one root element');
    else root = node;
    stack.push(node);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('text', (text) => {
    const current = stack[stack.length - 1];
    if (current) current.appendText(text);
    else if (text.trim() !== '') fail('text outside the root element');
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
    if (error instanceof GadgetSpecError) throw error;
    fail((error as Error).message);
  }
  if (failure) fail(failure.message);
  if (!root) fail('no root element');
  return root!;
}

/** Elements of `parent` with that name, in document order. */
export function childrenNamed(parent: Element, name: string): Element[] {
  return parent.children.filter((c) => c.name === name);
}
