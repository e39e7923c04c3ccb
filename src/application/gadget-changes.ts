/** What `GET /openfinesse/gadgets/changes?since=N` answers: the current version and the paths changed after N. */
export interface GadgetChangeReport {
  version: number;
  /** Server paths (`/3rdpartygadget/files/…`) changed after the version asked about, each once, oldest first. */
  paths: string[];
}

interface Waiter {
  since: number;
  resolve(report: GadgetChangeReport): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The change feed of `openfinesse gadget serve`: each batch of changed files bumps the version by one,
 * and long-polling desktops learn which hosted paths changed since the version they last saw, so they
 * reload only the gadgets those files belong to. History is kept in memory for the life of the process.
 */
export class GadgetChanges {
  private current = 0;
  private readonly history: { version: number; paths: string[] }[] = [];
  private readonly waiters = new Set<Waiter>();

  constructor(private readonly maxHistory = 1000) {}

  get version(): number {
    return this.current;
  }

  /** Records one batch of changed paths (nothing for an empty batch) and answers every waiting poll. */
  record(paths: readonly string[]): void {
    if (paths.length === 0) return;
    this.current += 1;
    this.history.push({ version: this.current, paths: [...new Set(paths)] });
    if (this.history.length > this.maxHistory) this.history.shift();
    for (const waiter of [...this.waiters]) this.answer(waiter);
  }

  /**
   * The paths changed after `since`. With nothing newer, waits up to `timeoutMs` for a change and then
   * answers with no paths. A `since` the feed never reached (the server restarted) or none answers at
   * once with the current version, so the caller starts over from it.
   */
  changesSince(since: number | null, timeoutMs: number): Promise<GadgetChangeReport> {
    if (since === null || since !== this.current) return Promise.resolve(this.report(since));
    return new Promise((resolve) => {
      const waiter: Waiter = { since, resolve, timer: setTimeout(() => this.answer(waiter), timeoutMs) };
      this.waiters.add(waiter);
    });
  }

  /** Answers every waiting poll (with no change) so the server can stop. */
  close(): void {
    for (const waiter of [...this.waiters]) this.answer(waiter);
  }

  private answer(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
    waiter.resolve(this.report(waiter.since));
  }

  private report(since: number | null): GadgetChangeReport {
    if (since === null || since > this.current) return { version: this.current, paths: [] };
    const paths = this.history.filter((batch) => batch.version > since).flatMap((batch) => batch.paths);
    return { version: this.current, paths: [...new Set(paths)] };
  }
}
