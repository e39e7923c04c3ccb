// finesse.utilities.Utilities (gadget reference §4.3): helpers gadgets call before any init, so nothing here
// reads state beyond its arguments.
import { json2xml, xml2JsObj, xml2js } from './xml.js';

/** The parts of finesse.gadget.Config the library reads. */
export interface AuthConfig {
  authorization?: string;
  authToken?: string;
  systemAuthMode?: string;
}

/** A response object as handed to success/error handlers (§4.5). */
export interface RestResponse {
  status: number;
  content: string;
  object: Record<string, unknown> | null;
}

const noop = (): void => undefined;

/** The function itself, or a no-op when it is not one. */
// biome-ignore lint/suspicious/noExplicitAny: gadgets pass handlers of any signature
export function validateHandler(handler: unknown): (...args: any[]) => unknown {
  // biome-ignore lint/suspicious/noExplicitAny: see above
  return typeof handler === 'function' ? (handler as (...args: any[]) => unknown) : noop;
}

export const currentTimeMillis = (): number => Date.now();

/** A random (version 4) UUID. */
export function generateUUID(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `[]` for null/undefined, the value itself for an array, else a one-item array. */
export function getArray<T>(value: T | T[] | null | undefined): T[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export const trim = (text: unknown): string => (typeof text === 'string' ? text.trim() : text === null || text === undefined ? '' : String(text).trim());

/** The first ApiError of a response (sync REST error or converted asynchronous error), or undefined. */
function firstApiError(rsp: unknown): Record<string, unknown> | undefined {
  const object = (rsp as { object?: { ApiErrors?: { ApiError?: unknown } } } | null)?.object;
  const first = getArray(object?.ApiErrors?.ApiError as unknown)[0];
  return first !== null && typeof first === 'object' ? (first as Record<string, unknown>) : undefined;
}

const field = (error: Record<string, unknown> | undefined, name: string): string | undefined => {
  const value = error?.[name];
  return typeof value === 'string' ? value : undefined;
};

/** `ErrorCode` when the error carries one, else the error constant in `ErrorMessage` (CF_DEVICE_BUSY, …). */
export const getErrCode = (rsp: unknown): string | undefined => {
  const error = firstApiError(rsp);
  return field(error, 'ErrorCode') ?? field(error, 'ErrorMessage');
};

export const getErrData = (rsp: unknown): string | undefined => field(firstApiError(rsp), 'ErrorData');

export const getErrOverrideable = (rsp: unknown): boolean =>
  field(firstApiError(rsp), 'Overrideable') === 'true' || field(firstApiError(rsp), 'ErrorOverrideable') === 'true';

/** `Bearer <authToken>` under SSO, else `Basic <authorization>`. */
export function getAuthHeaderString(config: AuthConfig | null | undefined): string {
  const sso = config?.systemAuthMode === 'SSO' || (!config?.authorization && !!config?.authToken);
  return sso ? `Bearer ${config?.authToken ?? ''}` : `Basic ${config?.authorization ?? ''}`;
}

/** base64 of the UTF-8 bytes of `text`. */
export function b64Encode(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(String(text))) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The text whose UTF-8 bytes `encoded` holds in base64. */
export function b64Decode(encoded: string): string {
  const binary = atob(String(encoded));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** The object assigned to `finesse.utilities.Utilities`. */
export function createUtilities() {
  return {
    validateHandler,
    currentTimeMillis,
    generateUUID,
    json2xml,
    xml2js,
    xml2JsObj,
    getErrCode,
    getErrData,
    getErrOverrideable,
    getAuthHeaderString,
    b64Encode,
    b64Decode,
    getArray,
    trim,
  };
}
