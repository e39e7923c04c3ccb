import type { IncomingMessage, RequestOptions } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { VettedAddress } from './address-rules.js';
import { inboundHeaders } from './outbound-headers.js';

/** A finished exchange with one server, or the proxy's own status for one that failed. */
export type HopResult =
  | { kind: 'response'; status: number; headers: Record<string, string[]>; location: string | null; body: Buffer }
  | { kind: 'failed'; rc: 413 | 502 | 504 };

export interface HopRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: Buffer | null;
  /** The address the connection goes to, whatever the name resolves to now. */
  pinned: VettedAddress;
  maxResponseBytes: number;
  connectTimeoutMs: number;
  /** Aborts the exchange when the whole request's time is up. */
  signal: AbortSignal;
}

/** A lookup that answers the vetted address without asking DNS again (both callback forms Node uses). */
function pinnedLookup(pinned: VettedAddress): LookupFunction {
  return (_host, options, callback) => {
    if (options.all) (callback as unknown as (e: null, a: VettedAddress[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
}

/**
 * Sends one request to the pinned address (TLS verifies the certificate against the URL's host name) and
 * reads the whole response, up to `maxResponseBytes`. No agent (a fresh connection each time, no cookie
 * jar); redirects are answered as they are, for the caller to check.
 */
export function sendOneHop(hop: HopRequest): Promise<HopResult> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: HopResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      hop.signal.removeEventListener('abort', onAbort);
      req.destroy();
      resolve(result);
    };
    const options: RequestOptions = {
      method: hop.method,
      headers: hop.body ? { ...hop.headers, 'content-length': String(hop.body.length) } : hop.headers,
      lookup: pinnedLookup(hop.pinned),
      agent: false,
      setHost: true,
    };
    const req = (hop.url.protocol === 'https:' ? httpsRequest : httpRequest)(hop.url, options, (res) => readResponse(res, hop, finish));
    const connectTimer = setTimeout(() => finish({ kind: 'failed', rc: 504 }), hop.connectTimeoutMs);
    req.on('socket', (socket) => {
      socket.once(hop.url.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
    });
    req.on('error', () => finish({ kind: 'failed', rc: 502 }));
    const onAbort = (): void => finish({ kind: 'failed', rc: 504 });
    if (hop.signal.aborted) return onAbort();
    hop.signal.addEventListener('abort', onAbort);
    req.end(hop.body ?? undefined);
  });
}

function readResponse(res: IncomingMessage, hop: HopRequest, finish: (result: HopResult) => void): void {
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > hop.maxResponseBytes) return finish({ kind: 'failed', rc: 413 });
  const chunks: Buffer[] = [];
  let size = 0;
  res.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > hop.maxResponseBytes) finish({ kind: 'failed', rc: 413 });
    else chunks.push(chunk);
  });
  res.on('error', () => finish({ kind: 'failed', rc: 502 }));
  res.on('end', () => {
    const location = typeof res.headers.location === 'string' ? res.headers.location : null;
    finish({ kind: 'response', status: res.statusCode ?? 502, headers: inboundHeaders(res.headersDistinct), location, body: Buffer.concat(chunks) });
  });
}
