/**
 * "No sooner than `ms` after the last start": what spaces the commit queue's batches and the WAL's disk
 * flushes under load, so that each carries everything that came meanwhile. Idle for `ms`, the next one is
 * due at once.
 */
export class Pacing {
  private lastStart = Number.NEGATIVE_INFINITY;

  constructor(private readonly ms: number) {}

  isDue(): boolean {
    return performance.now() - this.lastStart >= this.ms;
  }

  /** Settles when the next start is due; undefined when it already is. */
  pause(): Promise<void> | undefined {
    const wait = this.lastStart + this.ms - performance.now();
    // Timers count whole milliseconds (1.7 would fire after 1): rounded up, the pause is never shorter.
    return wait > 0 ? new Promise((resolve) => setTimeout(resolve, Math.ceil(wait))) : undefined;
  }

  started(): void {
    this.lastStart = performance.now();
  }
}
