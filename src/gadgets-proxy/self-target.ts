import { isPlainPath, parseHttpUrl } from '../domain/gadget-allow-list.js';

/** The only part of the server gadgets reach through the proxy (gadget reference §7.4). */
export const SELF_API_PREFIX = '/finesse/api/';

/**
 * Where a makeRequest URL points: the Finesse API of this server (`path` is what to dispatch in-process,
 * with its query), anything else of this server (refused), or another server.
 */
export type TargetKind = { kind: 'self'; path: string } | { kind: 'self-refused' } | { kind: 'external'; url: string } | { kind: 'invalid' };

/** The origins this server answers at, as the request to the proxy shows them. */
export interface SelfOrigins {
  /** `scheme://host[:port]` of the Host the proxy was called at. */
  requestOrigin: string;
  /** The ports of this node's plain and TLS listeners (on the request's host, localhost or 127.0.0.1). */
  listenerPorts: { http: readonly number[]; https: readonly number[] };
  /** Whether an origin is another node of this cluster's. */
  isClusterOrigin(origin: string): boolean;
}

function isSelfOrigin(url: URL, self: SelfOrigins): boolean {
  if (url.origin === self.requestOrigin || self.isClusterOrigin(url.origin)) return true;
  const secure = url.protocol === 'https:';
  const port = url.port === '' ? (secure ? 443 : 80) : Number(url.port);
  const hosts = [new URL(self.requestOrigin).hostname, 'localhost', '127.0.0.1', '[::1]'];
  return hosts.includes(url.hostname) && (secure ? self.listenerPorts.https : self.listenerPorts.http).includes(port);
}

/** A `.` or `..` segment as written (URL parsing would silently resolve it). */
const DOT_SEGMENT = /^[^?#]*?\/\.{1,2}(\/|\?|#|$)/;

/**
 * Classifies a makeRequest URL; a path (`/finesse/api/…`) counts as this server. On this server only
 * normalised paths under `/finesse/api/` are dispatched: never a dot segment, an encoded slash, back
 * slash or dot, nor any other path (the control and admin APIs, health, metrics, the desktop, gadget
 * documents, the proxy itself).
 */
export function classifyTarget(text: string, self: SelfOrigins): TargetKind {
  const url = parseHttpUrl(text.startsWith('/') && !text.startsWith('//') ? self.requestOrigin + text : text);
  if (!url) return { kind: 'invalid' };
  if (!isSelfOrigin(url, self)) return { kind: 'external', url: url.href };
  const rawPath = text.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
  if (DOT_SEGMENT.test(rawPath) || !isPlainPath(url.pathname) || !url.pathname.startsWith(SELF_API_PREFIX)) return { kind: 'self-refused' };
  return { kind: 'self', path: url.pathname + url.search };
}
