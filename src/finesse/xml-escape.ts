const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes a quoted attribute value (or text that may end up in one). */
export function escapeXml(value: string): string {
  return /[&<>"']/.test(value) ? value.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!) : value;
}

/**
 * Escapes element text: `&`, `<` and `>` only, as Finesse's own serializer does (quotes need no escape
 * in text). Three native passes beat one callback-driven regex on the kilobyte-sized notification
 * documents this runs on for every publication.
 */
export function escapeText(value: string): string {
  if (!/[&<>]/.test(value)) return value;
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** `<name>escaped text</name>`. */
export function element(name: string, text: string | number | null | undefined): string {
  const body = text === null || text === undefined ? '' : escapeText(String(text));
  return `<${name}>${body}</${name}>`;
}

export const XML_PROLOG = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
