// Reading the converted XML values: text fields come as a string, or null for an empty element.

/** The text of a field ('' when empty or absent). */
export const textField = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : typeof v === 'object' ? '' : String(v));

/** `true`/`false` text as a boolean. */
export const booleanField = (v: unknown): boolean => textField(v).toLowerCase() === 'true';

/**
 * A converted XML value (gadget reference §4.5) as the getters return it: its shape is whatever the server
 * sent, and gadgets walk it freely (`_data.mediaProperties.mediaId`), so it is deliberately untyped.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above
export type XmlData = any;
