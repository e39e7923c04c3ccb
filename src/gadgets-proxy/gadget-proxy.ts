import type { ProxyAuditFields } from '../application/gadget-proxy-audit.js';
import type { ProxyMethod } from '../domain/gadget-allow-list.js';
import type { Logger } from '../logging.js';
import type { RateLimit } from './rate-limits.js';
import { TokenBuckets } from './rate-limits.js';
import type { ExternalResponse, SafeFetcher } from './safe-fetcher.js';
import type { SelfOrigins } from './self-target.js';
import { classifyTarget } from './self-target.js';
import type { SelfDispatch } from './self-dispatch.js';
import { dispatchToSelf } from './self-dispatch.js';

/** A makeRequest as the desktop relays it (src/desktop/src/gadgets/protocol.ts ProxyRequest; checked). */
export interface ProxyRequest {
  mid: number;
  specUrl: string;
  url: string;
  method: ProxyMethod;
  headers: Record<string, string>;
  body: string | null;
  getFullHeaders: boolean;
}

/** The proxy's answer (protocol.ts ProxyResponse), always sent with HTTP 200. */
export interface ProxyResponse {
  rc: number;
  body: string;
  headers: Record<string, string[]>;
  errors: string[];
}

export interface GadgetProxyDeps {
  fetcher: Pick<SafeFetcher, 'fetch'>;
  audit: { record(fields: ProxyAuditFields): void };
  logger: Logger;
  maxBytes: number;
  userRate: RateLimit;
  gadgetRate: RateLimit;
}

/** Where the proxy was called: this server's origins, and how to reach its own API in-process. */
export interface ProxyContext {
  self: SelfOrigins;
  dispatch: SelfDispatch;
}

/** Who is asking: the signed-in user and the credentials the desktop sent for him. */
export interface ProxyCaller {
  loginId: string;
  authorization: string | null;
}

/**
 * The makeRequest proxy (gadget reference §7.4): this server's Finesse API in-process with the gadget's
 * own credentials, other servers through the SSRF-safe fetcher when the allow-list covers them, nothing
 * else; rate limited per user and per gadget; every request logged and audited.
 */
export class GadgetProxy {
  private readonly perUser: TokenBuckets;
  private readonly perGadget: TokenBuckets;

  constructor(private readonly deps: GadgetProxyDeps) {
    this.perUser = new TokenBuckets(deps.userRate);
    this.perGadget = new TokenBuckets(deps.gadgetRate);
  }

  async handle(caller: ProxyCaller, request: ProxyRequest, context: ProxyContext): Promise<ProxyResponse> {
    const started = performance.now();
    const { answer, target } = await this.answer(caller, request, context).catch((error: unknown) => {
      this.deps.logger.error({ event: 'gadget.proxy_failed', err: error }, 'gadget request failed');
      return { answer: { rc: 502, body: '', headers: {}, verdict: 'failed' }, target: request.url.split(/[?#]/)[0]!.slice(0, 2048) };
    });
    const fields: ProxyAuditFields = {
      user: caller.loginId,
      mid: request.mid,
      specUrl: request.specUrl,
      method: request.method,
      target,
      verdict: answer.verdict,
      rc: answer.rc,
      ms: Math.round(performance.now() - started),
    };
    this.deps.logger.info({ event: 'gadget.proxy', ...fields }, 'gadget request proxied');
    this.deps.audit.record(fields);
    const failed = answer.rc < 200 || answer.rc >= 400;
    return { rc: answer.rc, body: answer.body, headers: answer.headers, errors: failed ? [`${answer.rc} Error`] : [] };
  }

  private async answer(caller: ProxyCaller, request: ProxyRequest, context: ProxyContext): Promise<{ answer: ExternalResponse; target: string }> {
    const denied = (rc: number, verdict: string): ExternalResponse => ({ rc, body: '', headers: {}, verdict });
    // Only the gadget's own makeRequest URL is logged, without its query (it may carry secrets).
    const target = request.url.split(/[?#]/)[0]!.slice(0, 2048);
    if (!this.perUser.take(caller.loginId) || !this.perGadget.take(`${caller.loginId}\u0000${request.mid}`)) {
      return { answer: denied(429, 'rate-limited'), target };
    }
    const body = request.method === 'GET' || request.method === 'HEAD' ? null : request.body;
    if (body !== null && Buffer.byteLength(body, 'utf8') > this.deps.maxBytes) return { answer: denied(413, 'too-large'), target };
    const kind = classifyTarget(request.url, context.self);
    switch (kind.kind) {
      case 'invalid':
        return { answer: denied(403, 'invalid-url'), target };
      case 'self-refused':
        return { answer: denied(403, 'self-refused'), target };
      case 'self':
        return { answer: await dispatchToSelf(context.dispatch, kind.path, { ...request, body }, this.deps.maxBytes), target };
      case 'external': {
        const { url, method, headers, specUrl } = request;
        return { answer: await this.deps.fetcher.fetch({ url, method, headers, body, specUrl, userAuthorization: caller.authorization }), target };
      }
    }
  }
}
