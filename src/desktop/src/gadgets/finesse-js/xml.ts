// XML ⇄ plain object conversion of finesse.js (gadget reference §4.5), Goessner style: an element with only
// text becomes a string, an empty element null, repeated children of one name an array, attributes `@name`
// keys and text beside attributes or children `#text`. Written from the reference, not from any xml2json.

export type XmlValue = string | null | XmlObject | XmlValue[];
export interface XmlObject {
  [key: string]: XmlValue;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

function textOf(element: Element): string {
  let text = '';
  for (const node of Array.from(element.childNodes)) {
    if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE) text += node.nodeValue ?? '';
  }
  return text;
}

function addChild(target: XmlObject, name: string, value: XmlValue): void {
  if (!Object.hasOwn(target, name)) {
    target[name] = value;
    return;
  }
  const existing = target[name];
  if (Array.isArray(existing)) existing.push(value);
  else target[name] = [existing as XmlValue, value];
}

/** One element's value by the rules above. */
export function elementValue(element: Element): XmlValue {
  const children = Array.from(element.childNodes).filter((n): n is Element => n.nodeType === ELEMENT_NODE);
  const attributes = Array.from(element.attributes);
  const text = textOf(element);
  if (children.length === 0 && attributes.length === 0) return text === '' ? null : text;
  const value: XmlObject = {};
  for (const a of attributes) value[`@${a.name}`] = a.value;
  for (const child of children) addChild(value, child.nodeName, elementValue(child));
  if (children.length === 0 ? text !== '' : text.trim() !== '') value['#text'] = children.length === 0 ? text : text.trim();
  return value;
}

/** A parsed document's root as `{rootName: value}`. */
export function documentToObject(doc: Document | Element): XmlObject {
  const root = 'documentElement' in doc ? doc.documentElement : doc;
  return { [root.nodeName]: elementValue(root) };
}

/** Parses XML text; null when it is empty or not well-formed. */
export function parseXml(xmlText: string): Document | null {
  if (typeof xmlText !== 'string' || xmlText.trim() === '') return null;
  const doc = new DOMParser().parseFromString(xmlText, 'text/xml');
  if (doc.getElementsByTagName('parsererror').length > 0 || !doc.documentElement) return null;
  return doc;
}

/** XML text → `{rootName: value}`, or null when the text is not XML. */
export function xml2js(xmlText: string): XmlObject | null {
  const doc = parseXml(xmlText);
  return doc ? documentToObject(doc) : null;
}

/** Like xml2js, but also takes an already parsed document or element. */
export function xml2JsObj(source: string | Document | Element): XmlObject | null {
  return typeof source === 'string' ? xml2js(source) : documentToObject(source);
}

const escapeText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (s: string): string => escapeText(s).replace(/"/g, '&quot;');

function elementXml(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((item) => elementXml(name, item)).join('');
  if (value === null || value === undefined) return `<${name}/>`;
  if (typeof value !== 'object') return `<${name}>${escapeText(String(value))}</${name}>`;
  let attributes = '';
  let body = '';
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (key.startsWith('@')) attributes += ` ${key.slice(1)}="${escapeAttribute(String(inner ?? ''))}"`;
    else if (key === '#text') body += escapeText(String(inner ?? ''));
    else body += elementXml(key, inner);
  }
  return body === '' ? `<${name}${attributes}/>` : `<${name}${attributes}>${body}</${name}>`;
}

/** The inverse of xml2js: each key becomes an element, arrays repeated elements, `@x` attributes, `#text` text. */
export function json2xml(obj: unknown): string {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return '';
  return Object.entries(obj as Record<string, unknown>)
    .map(([name, value]) => elementXml(name, value))
    .join('');
}
