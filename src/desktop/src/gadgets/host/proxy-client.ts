import { type DesktopContainerMessage, type GadgetContainerMessage, PROXY_HEADER, type ProxyRequest, type ProxyResponse } from '../protocol.js';

// A gadget's makeRequest goes through the desktop to `POST /openfinesse/gadgets/proxy` (gadget
// reference §7.4) with the user's Basic credentials; the proxy's answer goes back as `io.response`.

export const PROXY_PATH = '/openfinesse/gadgets/proxy';

type IoRequest = Extract<GadgetContainerMessage, { kind: 'io.request' }>;
type IoResponse = Extract<DesktopContainerMessage, { kind: 'io.response' }>;

export interface ProxyTarget {
  /** The server's origin ('' for the page's own). */
  base: string;
  /** base64 of `id:password`. */
  credentials: string;
}

const failure = (reqId: string, rc: number): IoResponse => ({ kind: 'io.response', reqId, rc, body: '', headers: {}, errors: [`${rc} Error`] });

function isProxyResponse(value: unknown): value is ProxyResponse {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  const headers = r.headers;
  return (
    typeof r.rc === 'number' &&
    typeof r.body === 'string' &&
    Array.isArray(r.errors) &&
    r.errors.every((e) => typeof e === 'string') &&
    typeof headers === 'object' &&
    headers !== null &&
    Object.values(headers).every((v) => Array.isArray(v) && v.every((x) => typeof x === 'string'))
  );
}

/** Sends `request` of gadget `mid` (spec `specUrl`) to the proxy; a failed or garbled answer is rc 502. */
export async function proxyRequest(target: ProxyTarget, mid: number, specUrl: string, request: IoRequest, fetcher: typeof fetch = fetch): Promise<IoResponse> {
  const body: ProxyRequest = {
    mid,
    specUrl,
    url: request.url,
    method: request.method,
    headers: request.headers,
    body: request.body,
    getFullHeaders: request.getFullHeaders,
  };
  try {
    const response = await fetcher(`${target.base}${PROXY_PATH}`, {
      method: 'POST',
      headers: { Authorization: `Basic ${target.credentials}`, 'Content-Type': 'application/json', [PROXY_HEADER]: '1' },
      body: JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
    });
    if (!response.ok) return failure(request.reqId, 502);
    const answer: unknown = await response.json();
    if (!isProxyResponse(answer)) return failure(request.reqId, 502);
    return { kind: 'io.response', reqId: request.reqId, rc: answer.rc, body: answer.body, headers: answer.headers, errors: answer.errors };
  } catch {
    return failure(request.reqId, 502);
  }
}
