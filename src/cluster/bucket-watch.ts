import type { KV, KvEntry } from '@nats-io/kv';

const RETRY_MS = 1_000;

/**
 * Follows a key-value bucket until stopped: the newest value of every key, then every change, each
 * handed to `onEntry` in the bucket's order. A watch that ends or fails (NATS away, the bucket removed)
 * is started again a moment later, from the newest values again.
 */
export class BucketWatch {
  /** Settles once the watch has stopped. */
  readonly done: Promise<void>;
  private stopCurrent: (() => void) | null = null;
  private stopped = false;

  constructor(
    private readonly kv: KV,
    private readonly onEntry: (entry: KvEntry) => void,
    private readonly onError: (error: unknown) => void,
    private readonly retryMs = RETRY_MS,
  ) {
    this.done = this.run();
  }

  stop(): void {
    this.stopped = true;
    this.stopCurrent?.();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const entries = await this.kv.watch();
        this.stopCurrent = () => entries.stop();
        if (this.stopped) entries.stop();
        for await (const entry of entries) this.onEntry(entry);
      } catch (error) {
        this.onError(error);
      }
      if (!this.stopped) await new Promise((resolve) => setTimeout(resolve, this.retryMs).unref());
    }
  }
}
