import type { Clock } from '../domain/clock.js';
import { gadgetFileSegments, HOSTED_GADGETS_PATH } from '../domain/gadget-files.js';
import type { ExternalGadgetFetch } from './ports/external-gadget-fetch.js';
import type { GadgetFiles } from './ports/gadget-files.js';

/** Why a gadget document could not be loaded, with the status the renderer answers. */
export class GadgetSourceError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'GadgetSourceError';
  }
}

/** Until the makeRequest proxy's allow-listed fetcher is wired in, no spec is fetched from another server. */
export const refuseExternalGadgets: ExternalGadgetFetch = async (url) => {
  throw new GadgetSourceError(403, `Gadgets from other servers are not allowed here (${new URL(url).origin}); upload the gadget to ${HOSTED_GADGETS_PATH}`);
};

interface Cached {
  text: string;
  at: number;
  /** Size and modification time of a hosted file; null for another server's document. */
  stamp: string | null;
}

export interface GadgetSourcesOptions {
  ttlMs?: number;
  maxEntries?: number;
}

/**
 * Gadget specs and message bundles by URL (gadget reference §1.5): a URL on this server's own origin
 * under `/3rdpartygadget/files/` is read from the gadget directory, any other goes through the external
 * fetcher. Documents are cached by URL for a while (a hosted file only while its size and modification
 * time are unchanged); `nocache` loads again and refreshes the cache.
 */
export class GadgetSources {
  private readonly cache = new Map<string, Cached>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(
    private readonly files: Pick<GadgetFiles, 'stat' | 'read'>,
    private readonly fetchExternal: ExternalGadgetFetch,
    private readonly clock: Pick<Clock, 'now'>,
    options: GadgetSourcesOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.maxEntries = options.maxEntries ?? 500;
  }

  /** The document's text; rejects with a GadgetSourceError. `ownOrigin` is this server's origin as the request reached it. */
  async load(url: string, ownOrigin: string, nocache = false): Promise<string> {
    const target = new URL(url);
    target.hash = '';
    if (target.origin === ownOrigin) return this.loadHosted(target, nocache);
    return this.loadExternal(target.href, nocache);
  }

  private async loadHosted(target: URL, nocache: boolean): Promise<string> {
    const segments = hostedSegments(target.pathname);
    if (!segments) throw new GadgetSourceError(404, `Not a hosted gadget file: ${target.pathname}`);
    const key = `hosted:${segments.join('/')}`;
    const cached = this.fresh(key, nocache);
    const info = await this.files.stat(segments);
    if (!info) throw new GadgetSourceError(404, `No such gadget file: ${target.pathname}`);
    const stamp = `${info.size}-${info.modified}`;
    if (cached && cached.stamp === stamp) return cached.text;
    const file = await this.files.read(segments);
    if (!file) throw new GadgetSourceError(404, `No such gadget file: ${target.pathname}`);
    const text = file.data.toString('utf8');
    this.remember(key, { text, at: this.clock.now(), stamp: `${file.size}-${file.modified}` });
    return text;
  }

  private async loadExternal(url: string, nocache: boolean): Promise<string> {
    const key = `external:${url}`;
    const cached = this.fresh(key, nocache);
    if (cached) return cached.text;
    let answer: { status: number; body: string };
    try {
      answer = await this.fetchExternal(url);
    } catch (error) {
      if (error instanceof GadgetSourceError) throw error;
      throw new GadgetSourceError(502, `Could not fetch ${url}: ${(error as Error).message}`);
    }
    if (answer.status === 403) throw new GadgetSourceError(403, `Fetching ${url} is not allowed`);
    if (answer.status !== 200) throw new GadgetSourceError(502, `${url} answered ${answer.status}`);
    this.remember(key, { text: answer.body, at: this.clock.now(), stamp: null });
    return answer.body;
  }

  private fresh(key: string, nocache: boolean): Cached | undefined {
    const cached = this.cache.get(key);
    if (nocache || !cached || this.clock.now() - cached.at >= this.ttlMs) return undefined;
    return cached;
  }

  private remember(key: string, entry: Cached): void {
    this.cache.delete(key);
    this.cache.set(key, entry);
    while (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
  }
}

/** The file a path on this origin names under the hosted folder (decoded once; no encoded slash). */
function hostedSegments(pathname: string): string[] | undefined {
  if (!pathname.startsWith(HOSTED_GADGETS_PATH)) return undefined;
  const raw = pathname.slice(HOSTED_GADGETS_PATH.length);
  if (/%2f|%5c|%00/i.test(raw)) return undefined;
  try {
    return gadgetFileSegments(decodeURIComponent(raw));
  } catch {
    return undefined;
  }
}
