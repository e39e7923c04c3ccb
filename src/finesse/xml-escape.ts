import { escapeText } from '../xml/escape.js';

// The escapers themselves live in src/xml/escape.ts, shared with the XMPP server.
export { escapeText, escapeXml } from '../xml/escape.js';

/**
 * How a document is written: as XML, or as the text of another element — the form a notification
 * carries its `<Update>` in (every `<`, `>` and `&` of the XML escaped once more). Writing that form
 * directly costs what writing the XML costs, instead of writing the XML and then escaping all of it.
 */
export interface Markup {
  readonly lt: string;
  readonly gt: string;
  text(value: string): string;
}

export const XML_MARKUP: Markup = { lt: '<', gt: '>', text: escapeText };
export const ESCAPED_MARKUP: Markup = { lt: '&lt;', gt: '&gt;', text: (value) => escapeText(escapeText(value)) };

/** `<name>escaped text</name>` (in `markup`'s form). */
export function element(name: string, text: string | number | null | undefined, markup: Markup = XML_MARKUP): string {
  const body = text === null || text === undefined ? '' : markup.text(String(text));
  const { lt, gt } = markup;
  return `${lt}${name}${gt}${body}${lt}/${name}${gt}`;
}

export const XML_PROLOG = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
