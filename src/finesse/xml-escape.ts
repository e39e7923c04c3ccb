const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes text for an XML element body or a quoted attribute value. */
export function escapeXml(value: string): string {
  return /[&<>"']/.test(value) ? value.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!) : value;
}

/** `<name>escaped text</name>`. */
export function element(name: string, text: string | number | null | undefined): string {
  const body = text === null || text === undefined ? '' : escapeXml(String(text));
  return `<${name}>${body}</${name}>`;
}

export const XML_PROLOG = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
