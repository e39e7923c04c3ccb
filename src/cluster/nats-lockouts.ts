import { randomBytes } from 'node:crypto';
import type { JetStreamClient } from '@nats-io/jetstream';
import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import type { KV, KvEntry } from '@nats-io/kv';
import { Kvm } from '@nats-io/kv';
import type { AccountLocked, LockoutCounters, LockoutPolicy } from '../application/ports/lockout-counters.js';
import type { Clock } from '../domain/clock.js';
import { BucketWatch } from './bucket-watch.js';
import type { SharedCount } from './lockout-mirror.js';
import { LockoutMirror, nextCount } from './lockout-mirror.js';

/** The key-value bucket (JetStream stream `KV_OPENFINESSE_LOCKOUTS`) of every account's failed sign-ins. */
export const LOCKOUTS_BUCKET = 'OPENFINESSE_LOCKOUTS';

export interface NatsLockoutsOptions {
  clock: Clock;
  policy: LockoutPolicy;
  /** This node's id (in the values it writes, for the log of the nodes that read them). */
  nodeId: string;
  /** Counts what cannot be shared (NATS away): this node alone then. */
  fallback: LockoutCounters;
  /** Whether the connection to NATS is up now; while it is down nothing is tried. */
  connected: () => boolean;
  /** An account became locked, as this node learns it (from any node). */
  onLocked?: (locked: AccountLocked) => void;
  /** The first failure to share (a failure counted here alone from now on); the next success calls `onShared`. */
  onUnshared?: (error: unknown) => void;
  onShared?: () => void;
}

/** Longest a node waits for one answer of the bucket (NATS may be away). */
const CALL_TIMEOUT_MS = 2_000;
/** Longer than any lock by this much, so clocks a little apart still see a lock to its end. */
const MAX_AGE_MARGIN_MS = 60_000;
/**
 * Writes that lose to another node's write this often in a row are counted here alone. Each node writes
 * an account's failures one after the other, so a write can lose once to every failure another node has
 * queued for the account — a burst of guesses spread over nodes is exactly that — hence far more than a
 * handful (each attempt is one read and one write, a millisecond or two).
 */
const MAX_ATTEMPTS = 100;
const WATCH_RETRY_MS = 1_000;

/**
 * The lockout counters of a cluster, in a NATS JetStream key-value bucket: one key per account (its login
 * id, escaped), whose value is the counter as JSON. A failure is written with compare-and-set (the
 * revision read; another node's write in between means read and try again), so failures on every node
 * add up; a success deletes the key. Every node watches the bucket and answers `isLocked` from its copy
 * (LockoutMirror), synchronously: another node sees a failure a moment after it was counted (the time a
 * NATS message takes), and within that moment may let through one attempt too many.
 *
 * The bucket keeps a value for `lockMs` plus a margin (its max_age, history 1: nats-server 2.9 has no
 * per-key TTL), so a lock lasts to its end and a count no failure has added to for that long is
 * forgotten. While NATS is away, failures are counted on this node alone (`fallback`), and sign-ins
 * keep working.
 */
export class NatsLockouts implements LockoutCounters {
  readonly mirror: LockoutMirror;
  private kv: KV | null = null;
  private readonly chains = new Map<string, Promise<void>>();
  private watch: BucketWatch | null = null;
  private synced: (() => void) | null = null;
  private failing = false;
  private readonly maxAgeMs: number;

  constructor(
    private readonly js: JetStreamClient,
    private readonly options: NatsLockoutsOptions,
  ) {
    this.maxAgeMs = options.policy.lockMs + MAX_AGE_MARGIN_MS;
    const writer = { node: options.nodeId, run: randomBytes(6).toString('base64url') };
    this.mirror = new LockoutMirror(options.clock, options.policy, writer, this.maxAgeMs, options.onLocked);
  }

  /** Creates the bucket when it is missing (or lengthens its max_age), and reads it before answering. */
  async start(): Promise<void> {
    const kv = await new Kvm(this.js).create(LOCKOUTS_BUCKET, { history: 1, ttl: this.maxAgeMs, timeout: CALL_TIMEOUT_MS });
    const status = await kv.status();
    // A bucket made for shorter locks keeps values long enough for these from now on (never shorter: another node may lock longer).
    if (status.ttl < this.maxAgeMs) await (await this.js.jetstreamManager()).streams.update(status.streamInfo.config.name, { max_age: this.maxAgeMs * 1e6 });
    this.kv = kv;
    // Answers wait until the watch has delivered the newest value there was (or for a while at most).
    const last = status.streamInfo.state.messages > 0 ? status.streamInfo.state.last_seq : 0;
    const synced = new Promise<void>((resolve) => {
      if (last === 0) return resolve();
      this.synced = resolve;
      setTimeout(resolve, CALL_TIMEOUT_MS).unref();
    });
    this.watch = new BucketWatch(
      kv,
      (entry) => {
        this.apply(entry);
        if (this.synced && entry.revision >= last) this.synced();
      },
      (error) => this.unshared(error),
      WATCH_RETRY_MS,
    );
    await synced;
    this.synced = null;
  }

  isLocked(loginId: string): boolean {
    return this.mirror.isLocked(loginId) || this.options.fallback.isLocked(loginId);
  }

  recordFailure(loginId: string): void {
    const op = this.mirror.failed(loginId);
    this.enqueue(loginId, () => this.writeFailure(loginId, op));
  }

  recordSuccess(loginId: string): void {
    this.options.fallback.recordSuccess(loginId);
    if (!this.mirror.hasCount(loginId)) return; // most sign-ins: nothing to reset, nothing to write
    this.mirror.succeeded(loginId);
    this.enqueue(loginId, () => this.writeSuccess(loginId));
  }

  /** Stops watching and lets the writes in flight finish (for a while: NATS may be away). */
  async close(): Promise<void> {
    this.watch?.stop();
    const gaveUp = new Promise<void>((resolve) => setTimeout(resolve, CALL_TIMEOUT_MS).unref());
    await Promise.race([Promise.all([...this.chains.values(), this.watch?.done]), gaveUp]);
  }

  /** One account's writes one after the other, in the order they were recorded. */
  private enqueue(loginId: string, write: () => Promise<void>): void {
    const next = (this.chains.get(loginId) ?? Promise.resolve()).then(write);
    this.chains.set(loginId, next);
    void next.finally(() => {
      if (this.chains.get(loginId) === next) this.chains.delete(loginId);
    });
  }

  private async writeFailure(loginId: string, op: number): Promise<void> {
    try {
      const kv = this.usable();
      const key = keyOf(loginId);
      for (let attempt = 1; ; attempt++) {
        const entry = await kv.get(key);
        const value = nextCount(entry ? countOf(entry) : null, this.options.clock.now(), this.options.policy, this.mirror.writer, op);
        try {
          const revision = await kv.put(key, JSON.stringify(value), { previousSeq: entry?.revision ?? 0, timeout: CALL_TIMEOUT_MS });
          this.mirror.seen(loginId, value, revision, this.options.clock.now());
          this.shared();
          return;
        } catch (error) {
          if (!lostTheRace(error) || attempt >= MAX_ATTEMPTS) throw error;
        }
      }
    } catch (error) {
      this.mirror.abandoned(loginId, op);
      this.options.fallback.recordFailure(loginId);
      this.unshared(error);
    }
  }

  private async writeSuccess(loginId: string): Promise<void> {
    try {
      await this.usable().delete(keyOf(loginId));
      this.shared();
    } catch (error) {
      // The other nodes keep the count until a later success or the bucket's max_age; this node has reset it.
      this.unshared(error);
    }
  }

  private usable(): KV {
    if (!this.kv || !this.options.connected()) throw new Error('not connected to NATS');
    return this.kv;
  }

  private shared(): void {
    if (!this.failing) return;
    this.failing = false;
    this.options.onShared?.();
  }

  private unshared(error: unknown): void {
    if (this.failing) return;
    this.failing = true;
    this.options.onUnshared?.(error);
  }

  private apply(entry: KvEntry): void {
    const loginId = loginIdOf(entry.key);
    if (loginId === null) return;
    // When it arrived, on this node's clock (the one its answers use): NATS's own may differ a little.
    this.mirror.seen(loginId, entry.operation === 'PUT' ? countOf(entry) : null, entry.revision, this.options.clock.now());
  }
}

/** Whether a compare-and-set write failed because another write came first. */
function lostTheRace(error: unknown): boolean {
  return (
    error instanceof JetStreamApiError &&
    (error.code === JetStreamApiCodes.StreamWrongLastSequence || error.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown)
  );
}

/** The counter a value holds, or null for a deletion or what is not a counter (a newer or broken writer). */
function countOf(entry: KvEntry): SharedCount | null {
  if (entry.operation !== 'PUT') return null;
  try {
    const value = JSON.parse(entry.string()) as Partial<SharedCount> | null;
    const { count, lockedUntil, node, run, op } = value ?? {};
    if (typeof count !== 'number' || typeof lockedUntil !== 'number' || typeof node !== 'string' || typeof run !== 'string' || typeof op !== 'number') {
      return null;
    }
    return { count, lockedUntil, node, run, op };
  } catch {
    return null;
  }
}

const SAFE_BYTE = /^[A-Za-z0-9_-]$/;

/**
 * A login id as a key: letters, digits, "_" and "-" as they are, every other UTF-8 byte as "=" and two
 * hex digits (a key is a NATS subject: no spaces or wildcards, dots separate its tokens).
 */
export function keyOf(loginId: string): string {
  let key = '';
  for (const byte of Buffer.from(loginId, 'utf8')) {
    const char = String.fromCharCode(byte);
    key += SAFE_BYTE.test(char) ? char : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return key;
}

/** The login id a key stands for, or null when it is no key this code writes. */
export function loginIdOf(key: string): string | null {
  if (!/^(?:[A-Za-z0-9_-]|=[0-9A-F]{2})+$/.test(key)) return null;
  try {
    return decodeURIComponent(key.replaceAll('=', '%'));
  } catch {
    return null;
  }
}
