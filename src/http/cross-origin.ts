import type { FastifyInstance } from 'fastify';
import type { ClusterMember, ClusterMembers } from '../application/ports/cluster-members.js';

/** A browser origin: scheme, host (an IPv6 literal in brackets), and the port unless it is the scheme's default. */
export function originOf(scheme: 'http' | 'https', host: string, port: number): string {
  const name = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `${scheme}://${name.toLowerCase()}${port === (scheme === 'http' ? 80 : 443) ? '' : `:${port}`}`;
}

/** The origins a node serves the desktop at: every HTTP listener serves it (plain and BOSH, with and without TLS). */
export function memberOrigins({ publicHost, ports }: ClusterMember): string[] {
  const plain = [ports.http, ports.bosh].filter((p) => p !== null).map((p) => originOf('http', publicHost, p));
  const secure = [ports.https, ports.boshTls].filter((p) => p !== null).map((p) => originOf('https', publicHost, p));
  return [...plain, ...secure];
}

/**
 * The other nodes' pages, as this node's HTTP surfaces see them. A desktop stays on the page of the node
 * it was loaded from; when that node is gone it talks to another one, cross-origin. So in a cluster the
 * Finesse API answers CORS to the origins of the live nodes and of the nodes seen live since this one
 * started (the desktop's own node may just have died), and the desktop page may connect to every live
 * node's host. A node alone allows no other origin and its page connects only to itself.
 */
export class ClusterOrigins {
  constructor(private readonly members: ClusterMembers) {}

  /** Whether a page of `origin` may call this node (the CORS decision). */
  allows(origin: string): boolean {
    if (!this.members.clustered) return false;
    return this.members.seen().some((m) => memberOrigins(m).includes(origin));
  }

  /** Every live node's desktop origins (the CSP `frame-ancestors` of gadget documents besides the request's own); none when alone. */
  pageOrigins(): string[] {
    if (!this.members.clustered) return [];
    return this.members.list().flatMap(memberOrigins);
  }

  /** The CSP `connect-src` sources of the desktop page besides `'self'`: each live node's host, any port, HTTP(S) and WebSocket. */
  connectSources(): string[] {
    if (!this.members.clustered) return [];
    const hosts = new Set(this.members.list().map((m) => originOf('http', m.publicHost, 80).slice('http://'.length)));
    return [...hosts].flatMap((host) => ['http', 'https', 'ws', 'wss'].map((scheme) => `${scheme}://${host}:*`));
  }
}

const ALLOW_METHODS = 'GET, PUT, POST, DELETE';
const ALLOW_HEADERS = 'Authorization, Content-Type, Accept, requestId';
const PREFLIGHT_MAX_AGE = '600';

/**
 * CORS for the Finesse API (`prefix`): a request from an origin `origins` allows gets
 * `Access-Control-Allow-Origin` with that very origin (never `*`, never credentials: the desktop sends
 * its Basic credentials itself), and its preflight is answered 204 here, before authentication. Any
 * other origin gets no CORS header at all, which the browser reads as a refusal. Headers go on the raw
 * response so that every answer carries them, errors (401, 503) included.
 */
export function crossOriginApi(app: FastifyInstance, prefix: string, origins: ClusterOrigins): void {
  app.addHook('onRequest', (request, reply, done) => {
    const origin = request.headers.origin;
    if (typeof origin !== 'string' || !(request.url === prefix || request.url.startsWith(`${prefix}/`)) || !origins.allows(origin)) {
      return done();
    }
    const res = reply.raw;
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
      res.setHeader('Access-Control-Allow-Methods', ALLOW_METHODS);
      res.setHeader('Access-Control-Allow-Headers', ALLOW_HEADERS);
      res.setHeader('Access-Control-Max-Age', PREFLIGHT_MAX_AGE);
      void reply.code(204).send();
      return;
    }
    res.setHeader('Access-Control-Expose-Headers', 'requestId');
    done();
  });
}
