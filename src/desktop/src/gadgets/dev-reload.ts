// The desktop's end of `openfinesse gadget serve`: a long poll of the server's gadget change feed. The
// feed exists only under gadget serve; anywhere else the first poll answers 204 (404 on servers without
// the route) and watching ends.

/** `GET /openfinesse/gadgets/changes?since=N`: the feed's version and the hosted paths changed after N. */
export interface GadgetChangeReport {
  version: number;
  paths: string[];
}

export const GADGET_CHANGES_URL = '/openfinesse/gadgets/changes';

/** How long to wait before polling again after a failed poll (server restarting, network gone). */
const RETRY_MS = 2000;

function isReport(value: unknown): value is GadgetChangeReport {
  if (typeof value !== 'object' || value === null) return false;
  const { version, paths } = value as Record<string, unknown>;
  return typeof version === 'number' && Array.isArray(paths) && paths.every((path) => typeof path === 'string');
}

/**
 * Calls `onChange` with the changed paths (`/3rdpartygadget/files/…`) each time hosted gadget files
 * change, until the returned function is called. The host reloads the iframes whose spec URL lies in
 * the folder of a changed path.
 */
export function watchGadgetChanges(onChange: (paths: string[]) => void, fetchChanges: typeof fetch = fetch): () => void {
  const abort = new AbortController();
  let since: number | null = null;
  const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
  const poll = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      let report: GadgetChangeReport;
      try {
        const query = since === null ? '' : `?since=${since}`;
        const response = await fetchChanges(`${GADGET_CHANGES_URL}${query}`, { signal: abort.signal, cache: 'no-store' });
        if (response.status === 204 || response.status === 404) return;
        const body: unknown = response.ok ? await response.json() : null;
        if (!isReport(body)) throw new Error(`gadget changes answered ${response.status}`);
        report = body;
      } catch {
        if (abort.signal.aborted) return;
        await pause(RETRY_MS);
        continue;
      }
      if (since !== null && report.paths.length > 0) onChange(report.paths);
      since = report.version;
    }
  };
  void poll();
  return () => abort.abort();
}

/** Whether a gadget whose spec URL is `specUrl` is affected by a change of `path`: same hosted folder. */
export function isAffectedBy(specUrl: string, path: string): boolean {
  const specPath = new URL(specUrl, 'http://x').pathname;
  const folder = (p: string): string => p.slice(0, p.lastIndexOf('/') + 1);
  return folder(path).startsWith(folder(specPath));
}
