// The Goessner-style XML → object conversion of gadget reference §4.5, for the `object` member of the
// `finesse.api.*` payloads: an element with only text → string; an empty element → null; child elements →
// an object keyed by name, repeated names → an array; attributes → `@name` keys, and text beside attributes
// or child elements → `#text`. The root element is the top key.

export type XmlValue = string | null | XmlObject | XmlValue[];
export interface XmlObject {
  [name: string]: XmlValue;
}

/** `{ <root name>: <converted root> }` of an XML document's text; throws when it is not well-formed. */
export function xmlTextToObject(xml: string): XmlObject {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const root = doc.documentElement;
  if (!root || root.localName === 'parsererror' || root.getElementsByTagName('parsererror').length > 0) {
    throw new Error('not well-formed XML');
  }
  return { [root.localName]: elementToValue(root) };
}

export function elementToValue(element: Element): XmlValue {
  const out: XmlObject = {};
  for (const attribute of Array.from(element.attributes)) {
    if (attribute.name === 'xmlns' || attribute.name.startsWith('xmlns:')) continue;
    put(out, `@${attribute.localName}`, attribute.value);
  }
  let text = '';
  let hasChildren = false;
  for (let node = element.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1) {
      hasChildren = true;
      addChild(out, (node as Element).localName, elementToValue(node as Element));
    } else if (node.nodeType === 3 || node.nodeType === 4) {
      text += node.nodeValue ?? '';
    }
  }
  if (!hasChildren && Object.keys(out).length === 0) return text === '' ? null : text;
  if (text.trim() !== '') put(out, '#text', text.trim());
  return out;
}

function addChild(out: XmlObject, name: string, value: XmlValue): void {
  if (!Object.hasOwn(out, name)) {
    put(out, name, value);
    return;
  }
  // An element converts to a string, null or an object, never to an array: an array here is a repetition.
  const existing = out[name]!;
  if (Array.isArray(existing)) existing.push(value);
  else put(out, name, [existing, value]);
}

/** An own property even for names like `__proto__`, which plain assignment would treat as the prototype. */
function put(out: XmlObject, name: string, value: XmlValue): void {
  Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
}
