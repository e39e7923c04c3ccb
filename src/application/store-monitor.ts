import type { Store } from './ports/store.js';
import type { ServiceDependency } from './service-status.js';

export interface StoreMonitorOptions {
  /** Time between the end of one check and the start of the next. */
  intervalMs?: number;
  /** A check without an answer within this counts as failed. */
  timeoutMs?: number;
}

const INTERVAL_MS = 2_000;
const TIMEOUT_MS = 5_000;

/**
 * Whether the database answers: a `SELECT 1` (Store.ping) every `intervalMs`, not a check per request.
 * One failed or unanswered check makes it down; the next answered one, up again. Real timers, not the
 * injected clock: this watches the outside world.
 */
export class StoreMonitor implements ServiceDependency {
  readonly reason = 'DATABASE_UNREACHABLE';
  private ok = true;
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;
  private closed = false;
  private readonly listeners = new Set<() => void>();
  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  /** Why the last check failed (null once one succeeds again). */
  lastError: unknown = null;

  constructor(
    private readonly store: Pick<Store, 'ping'>,
    options: StoreMonitorOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? INTERVAL_MS;
    this.timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
  }

  get up(): boolean {
    return this.ok;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    this.schedule();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.checking;
  }

  /** Pings once now; resolves with whether the database answered. */
  async check(): Promise<boolean> {
    let timeout: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timeout = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs / 1000} s`)), this.timeoutMs);
    });
    try {
      await Promise.race([this.store.ping(), late]);
      this.lastError = null;
      this.set(true);
    } catch (error) {
      this.lastError = error;
      this.set(false);
    } finally {
      clearTimeout(timeout);
    }
    return this.ok;
  }

  private schedule(): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      this.checking = this.check().then(() => {
        this.checking = null;
        this.schedule();
      });
    }, this.intervalMs);
    this.timer.unref();
  }

  private set(ok: boolean): void {
    if (ok === this.ok || this.closed) return;
    this.ok = ok;
    for (const listener of this.listeners) listener();
  }
}
