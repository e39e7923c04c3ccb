/**
 * The one XML escaper of openfinesse: XMPP stanzas and the Finesse documents use these two functions and
 * nothing else. Both return their argument untouched (no allocation) when nothing needs escaping.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes all five predefined entities: safe in an attribute value of either quote style, and in text. */
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

/** ` name='value'` for each attribute that is set (single quotes, value escaped), in the given order. */
export function attributes(attrs: Record<string, string | undefined>): string {
  let out = '';
  for (const name in attrs) {
    const value = attrs[name];
    if (value !== undefined) out += ` ${name}='${escapeXml(value)}'`;
  }
  return out;
}
