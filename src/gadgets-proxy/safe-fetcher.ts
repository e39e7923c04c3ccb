import type { AllowListEntry, ProxyMethod } from '../domain/gadget-allow-list.js';
import { allowListEntryFor, parseHttpUrl } from '../domain/gadget-allow-list.js';
import type { Resolve } from './address-rules.js';
import { systemResolve, vetHost } from './address-rules.js';
import { outboundHeaders } from './outbound-headers.js';
import { sendOneHop } from './one-hop.js';

/** The limits of gadget reference §7.4 (shorter ones are injected by tests). */
export interface FetchLimits {
  maxBytes: number;
  connectTimeoutMs: number;
  totalTimeoutMs: number;
  maxRedirects: number;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = { maxBytes: 5 * 1024 * 1024, connectTimeoutMs: 5_000, totalTimeoutMs: 30_000, maxRedirects: 3 };

export interface ExternalRequest {
  url: string;
  method: ProxyMethod;
  headers: Record<string, string>;
  /** Ignored on GET and HEAD. */
  body: string | null;
  /** The gadget asking; entries for one gadget only serve it. Undefined: no particular gadget. */
  specUrl?: string;
  /** The signed-in user's own Authorization, removed from what is forwarded unless the entry allows it. */
  userAuthorization: string | null;
}

/** The target's answer, or the proxy's own status (403 denied, 413 too large, 502 unreachable, 504 timeout). */
export interface ExternalResponse {
  rc: number;
  body: string;
  headers: Record<string, string[]>;
  /** `external` when a target answered, else why not (`denied`, `private-address`, `unresolved`, `too-large`, …). */
  verdict: string;
}

export interface SafeFetcherDeps {
  /** The allow-list as the store has it now. */
  allowList(): Promise<AllowListEntry[]>;
  resolve?: Resolve;
  limits?: Partial<FetchLimits>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const VERDICT_OF_RC: Record<number, string> = { 403: 'denied', 413: 'too-large', 502: 'unreachable', 504: 'timeout' };

const failure = (rc: number, verdict = VERDICT_OF_RC[rc] ?? 'failed'): ExternalResponse => ({ rc, body: '', headers: {}, verdict });

/**
 * The SSRF-safe way out of the server (gadget reference §7.4): only http(s) targets an allow-list entry
 * covers, resolved once and refused when internal (unless the entry allows private targets), connected
 * to the vetted address only, redirects followed by hand (at most `maxRedirects`, each hop checked again
 * like the first), sizes and times capped. Never throws: every failure is a status.
 */
export class SafeFetcher {
  private readonly limits: FetchLimits;
  private readonly resolve: Resolve;

  constructor(private readonly deps: SafeFetcherDeps) {
    this.limits = { ...DEFAULT_FETCH_LIMITS, ...deps.limits };
    this.resolve = deps.resolve ?? systemResolve;
  }

  /** A resolution that takes longer than a connection may is a failed one (the name is unresolvable). */
  private readonly resolveWithin: Resolve = (host) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`resolving ${host} timed out`)), this.limits.connectTimeoutMs);
      this.resolve(host)
        .then(resolve, reject)
        .finally(() => clearTimeout(timer));
    });

  async fetch(request: ExternalRequest): Promise<ExternalResponse> {
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && request.body !== null;
    const body = hasBody ? Buffer.from(request.body!, 'utf8') : null;
    if (body && body.length > this.limits.maxBytes) return failure(413);
    const timeout = AbortSignal.timeout(this.limits.totalTimeoutMs);
    try {
      return await this.follow(request, body, timeout);
    } catch {
      return failure(timeout.aborted ? 504 : 502);
    }
  }

  /**
   * A GET for the gadget spec renderer: the same checks, for the gadget `specUrl` (the spec itself, or the
   * spec a message bundle belongs to), so entries for that one gadget apply.
   */
  async fetchExternal(url: string, specUrl = url): Promise<{ status: number; body: string }> {
    const answer = await this.fetch({ url, method: 'GET', headers: {}, body: null, specUrl, userAuthorization: null });
    return { status: answer.rc, body: answer.body };
  }

  private async follow(request: ExternalRequest, firstBody: Buffer | null, signal: AbortSignal): Promise<ExternalResponse> {
    const entries = await this.deps.allowList();
    let url = request.url;
    let method: string = request.method;
    let body = firstBody;
    for (let hop = 0; ; hop++) {
      const target = parseHttpUrl(url);
      const entry = target && allowListEntryFor(entries, url, method, request.specUrl);
      if (!target || !entry) return failure(403);
      const pinned = await vetHost(target.hostname, entry.allowPrivate, this.resolveWithin);
      if (pinned === 'denied') return failure(403, 'private-address');
      if (pinned === 'unresolved') return failure(502, 'unresolved');
      const headers = outboundHeaders(request.headers, request.userAuthorization, entry.forwardCredentials);
      // As browsers do: credentials meant for one origin do not follow a redirect to another.
      if (target.origin !== new URL(request.url).origin) delete headers.authorization;
      const { maxBytes, connectTimeoutMs } = this.limits;
      const result = await sendOneHop({ url: target, method, headers, body, pinned, maxResponseBytes: maxBytes, connectTimeoutMs, signal });
      if (result.kind === 'failed') return failure(result.rc);
      if (!REDIRECTS.has(result.status) || result.location === null) {
        return { rc: result.status, body: decodeText(result.body, result.headers['content-type']?.[0]), headers: result.headers, verdict: 'external' };
      }
      if (hop >= this.limits.maxRedirects) return failure(502, 'too-many-redirects');
      if (!URL.canParse(result.location, target)) return failure(502, 'bad-redirect');
      url = new URL(result.location, target).href;
      // As browsers do: 303 (and 301/302 after a POST) continue as a GET without the body.
      if (result.status === 303 || ((result.status === 301 || result.status === 302) && method === 'POST')) {
        method = method === 'HEAD' ? 'HEAD' : 'GET';
        body = null;
      }
    }
  }
}

/** The body as text, in the charset the Content-Type names (UTF-8 when none or unknown). */
function decodeText(body: Buffer, contentType: string | undefined): string {
  const charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}
