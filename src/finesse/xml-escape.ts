import { escapeText } from '../xml/escape.js';

// The escapers themselves live in src/xml/escape.ts, shared with the XMPP server.
export { escapeText, escapeXml } from '../xml/escape.js';

/** `<name>escaped text</name>`. */
export function element(name: string, text: string | number | null | undefined): string {
  const body = text === null || text === undefined ? '' : escapeText(String(text));
  return `<${name}>${body}</${name}>`;
}

export const XML_PROLOG = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
