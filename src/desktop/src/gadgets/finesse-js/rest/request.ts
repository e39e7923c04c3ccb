// Every REST call of the rest objects (gadget reference §4.1): through gadgets.io.makeRequest to
// scheme://host:hostPort/finesse/api/…, with Authorization and locale headers, `?nocache=<ms>` on GETs,
// and on writes a `requestId` header and an XML body.
import type { RestResponse } from '../utilities.js';
import { generateUUID, getAuthHeaderString, validateHandler } from '../utilities.js';
import { xml2js } from '../xml.js';
import { type FinesseConfig, type MakeRequestResponse, restEnvironment } from './environment.js';
import { forgetPendingError, keepErrorPending } from './pending-errors.js';

/** `{success, error}` as gadgets pass them; either may be missing. */
export interface RequestHandlers {
  success?: (rsp: RestResponse) => void;
  error?: (rsp: RestResponse) => void;
}

export type WriteMethod = 'PUT' | 'POST' | 'DELETE';

/** `scheme://host:hostPort` from the config; '' (same origin) when the config names no host. */
export function restOrigin(config: FinesseConfig): string {
  if (!config.host) return '';
  const scheme = config.scheme || 'http';
  return config.hostPort ? `${scheme}://${config.host}:${config.hostPort}` : `${scheme}://${config.host}`;
}

function headersFor(config: FinesseConfig): Record<string, string> {
  const headers: Record<string, string> = { Authorization: getAuthHeaderString(config) };
  if (config.locale) headers.locale = config.locale;
  return headers;
}

/** The response object of §4.5 from a makeRequest answer. */
export function toRestResponse(response: MakeRequestResponse): RestResponse {
  const content = typeof response.text === 'string' ? response.text : '';
  return { status: response.rc, content, object: xml2js(content) };
}

export const isSuccess = (status: number): boolean => status >= 200 && status < 300;

/** GET `path` (with `?nocache=`); `done` gets the response object whatever the status. */
export function restGet(path: string, done: (rsp: RestResponse) => void): void {
  const env = restEnvironment();
  const config = env.config();
  const url = `${restOrigin(config)}${path}${path.includes('?') ? '&' : '?'}nocache=${Date.now()}`;
  env.makeRequest(url, (response) => done(toRestResponse(response)), { METHOD: 'GET', HEADERS: headersFor(config), CONTENT_TYPE: 'TEXT' });
}

/**
 * A write: 2xx → success(rsp) and the error handler kept pending for an asynchronous error with the same
 * requestId; anything else → error(rsp) at once. The error is pending from the moment the request leaves:
 * the notification carrying an asynchronous error can arrive before the 202 has come back through the proxy.
 */
export function restWrite(method: WriteMethod, path: string, body: string | null, handlers?: RequestHandlers | null): string {
  const env = restEnvironment();
  const config = env.config();
  const requestId = generateUUID();
  const success = validateHandler(handlers?.success);
  const error = validateHandler(handlers?.error);
  const headers = { ...headersFor(config), requestId, ...(body === null ? {} : { 'Content-Type': 'application/xml' }) };
  const params = { METHOD: method, HEADERS: headers, CONTENT_TYPE: 'TEXT', ...(body === null ? {} : { POST_DATA: body }) };
  if (typeof handlers?.error === 'function') keepErrorPending(requestId, handlers.error);
  env.makeRequest(
    `${restOrigin(config)}${path}`,
    (response) => {
      const rsp = toRestResponse(response);
      if (!isSuccess(rsp.status)) {
        forgetPendingError(requestId);
        return error(rsp);
      }
      success(rsp);
    },
    params,
  );
  return requestId;
}
