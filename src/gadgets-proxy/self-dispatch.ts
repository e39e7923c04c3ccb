import type { ExternalResponse } from './safe-fetcher.js';

/** An in-process request to this server (Fastify's `inject`, reduced to what the proxy uses). */
export type SelfDispatch = (request: {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}) => Promise<{ statusCode: number; headers: Record<string, string | string[] | number | undefined>; body: string }>;

/** The gadget headers the Finesse API reads; nothing else reaches it (no Cookie, no Origin, no Host games). */
const FORWARDED = new Set(['authorization', 'locale', 'content-type', 'requestid', 'accept']);

/**
 * Dispatches a makeRequest for this server's Finesse API in-process, with only the gadget's own
 * Authorization, locale, Content-Type, requestId and Accept: the API's own authentication and access
 * rules decide, exactly as for a request from outside.
 */
export async function dispatchToSelf(
  dispatch: SelfDispatch,
  path: string,
  request: { method: string; headers: Record<string, string>; body: string | null },
  maxBytes: number,
): Promise<ExternalResponse> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (FORWARDED.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
  }
  const response = await dispatch({ method: request.method, url: path, headers, ...(request.body === null ? {} : { payload: request.body }) });
  if (Buffer.byteLength(response.body, 'utf8') > maxBytes) return { rc: 413, body: '', headers: {}, verdict: 'too-large' };
  return { rc: response.statusCode, body: response.body, headers: selfHeaders(response.headers), verdict: 'self' };
}

function selfHeaders(headers: Record<string, string | string[] | number | undefined>): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || lower === 'set-cookie' || lower === 'connection' || lower === 'transfer-encoding') continue;
    result[lower] = Array.isArray(value) ? value : [String(value)];
  }
  return result;
}
