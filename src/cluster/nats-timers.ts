import type { JetStreamClient } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import { Kvm } from '@nats-io/kv';
import type { DurableTimers } from '../application/ports/durable-timers.js';
import { TimerHandlers } from '../application/ports/durable-timers.js';
import type { Leadership } from '../application/ports/leadership.js';
import type { Clock, Timer } from '../domain/clock.js';
import { BucketWatch } from './bucket-watch.js';

/** The key-value bucket (JetStream stream `KV_OPENFINESSE_TIMERS`) that holds the cluster's timers. */
export const TIMERS_BUCKET = 'OPENFINESSE_TIMERS';
/** A timer nobody fired or cancelled within a day is forgotten (the bucket's max_age). */
const FORGET_MS = 24 * 3_600_000;
const RETRY_MS = 2_000;

/**
 * Durable timers in a NATS key-value bucket (key → deadline): any node arms or cancels one by writing
 * its key; every node watches the bucket; only the leader keeps clock timers for them, so each fires
 * once in the cluster, and a leader that takes over arms them all again — a timer armed on a node that
 * died fires on time (or at once when its deadline passed during the handover). A timer fires on the
 * leader, then its key is deleted: should the leader die in between, the next one fires it again, so
 * what a timer does must be harmless twice (signing out an agent already signed out is).
 */
export class NatsTimers implements DurableTimers {
  private readonly deadlines = new Map<string, number>();
  private readonly armed = new Map<string, Timer>();
  private readonly handlers = new TimerHandlers();
  private kv: KV | null = null;
  private watch: BucketWatch | null = null;

  constructor(
    private readonly js: JetStreamClient,
    private readonly clock: Clock,
    private readonly leadership: Leadership,
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    leadership.onChange((leads) => (leads ? this.armAll() : this.disarmAll()));
  }

  get pending(): number {
    return this.deadlines.size;
  }

  on(prefix: string, handler: (key: string) => void): void {
    this.handlers.on(prefix, handler);
  }

  /** Opens (or creates) the bucket and starts following it: what it holds now, then every change. */
  async start(): Promise<void> {
    this.kv = await new Kvm(this.js).create(TIMERS_BUCKET, { history: 1, ttl: FORGET_MS });
    this.watch = new BucketWatch(
      this.kv,
      (entry) => {
        const deadline = Number(entry.string());
        if (entry.operation === 'PUT' && Number.isFinite(deadline)) this.remember(entry.key, deadline);
        else this.forget(entry.key);
      },
      this.onError,
      RETRY_MS,
    );
  }

  arm(key: string, deadline: number): void {
    this.remember(key, deadline);
    void this.kv?.put(key, String(deadline)).catch(this.onError);
  }

  cancel(key: string): void {
    if (!this.deadlines.has(key)) return;
    this.forget(key);
    void this.kv?.delete(key).catch(this.onError);
  }

  async close(): Promise<void> {
    this.watch?.stop();
    this.disarmAll();
    await this.watch?.done;
  }

  private remember(key: string, deadline: number): void {
    if (this.deadlines.get(key) === deadline && (this.armed.has(key) || !this.leadership.leads)) return;
    this.deadlines.set(key, deadline);
    if (this.leadership.leads) this.armOne(key, deadline);
  }

  private forget(key: string): void {
    this.deadlines.delete(key);
    this.armed.get(key)?.cancel();
    this.armed.delete(key);
  }

  private armAll(): void {
    for (const [key, deadline] of this.deadlines) this.armOne(key, deadline);
  }

  private disarmAll(): void {
    for (const timer of this.armed.values()) timer.cancel();
    this.armed.clear();
  }

  private armOne(key: string, deadline: number): void {
    this.armed.get(key)?.cancel();
    const timer = this.clock.setTimer(Math.max(0, deadline - this.clock.now()), () => {
      if (this.armed.get(key) !== timer) return;
      this.forget(key);
      void this.kv?.delete(key).catch(this.onError);
      this.handlers.fire(key);
    });
    this.armed.set(key, timer);
  }
}
