import type { JetStreamClient } from '@nats-io/jetstream';
import type { KV, KvEntry } from '@nats-io/kv';
import { Kvm } from '@nats-io/kv';
import type { Clock } from '../domain/clock.js';
import { AddressConnections } from '../application/address-connections.js';
import type { ConnectionAdmission } from '../application/ports/connection-admission.js';
import { BucketWatch } from './bucket-watch.js';
import { nodeToken } from './nats-members.js';

/** The key-value bucket (JetStream stream `KV_OPENFINESSE_CONNECTIONS`) of every node's connections per address. */
export const CONNECTIONS_BUCKET = 'OPENFINESSE_CONNECTIONS';

export interface NatsConnectionCapOptions {
  nodeId: string;
  /** The most connections from one address in the whole cluster. */
  limit: number;
  clock: Clock;
  /** The first failure after a success to write or follow the bucket (NATS away); the next success is silent. */
  onError?: (error: unknown) => void;
  /** How often a node writes its counts though nothing changed, so that they outlive the bucket's max_age. */
  refreshMs?: number;
}

const REFRESH_MS = 5_000;
/** A node's counts live this many refresh periods (the bucket's max_age): those of a node that died are gone after it. */
const LIFETIME_REFRESHES = 3;
/** A node shares only the addresses it holds at least limit / SHARE_DIVISOR connections from (at least one). */
const SHARE_DIVISOR = 64;
const CALL_TIMEOUT_MS = 2_000;

/** Another node's counts as last read, and when this node read them (its own clock). */
interface Elsewhere {
  counts: Map<string, number>;
  at: number;
}

/**
 * The cap on connections from one address, across the cluster: every node keeps its own counts and
 * writes, under its node id in a NATS key-value bucket, the addresses it holds many connections from
 * (at least limit / 64, so a value stays small however many agents connect from their own addresses);
 * every node follows the bucket and admits a connection while its own count plus the others' is under
 * the limit. Admission is synchronous: another node learns of a connection a NATS message later, and an
 * address below the sharing threshold on a node is not counted by the others — so the cap holds to
 * within limit / 64 per other node, and a burst spread over nodes within that moment may pass it by its
 * size. A node writes its counts again every `refreshMs`; those of a node that died expire with the
 * bucket's max_age (three refreshes); a node that stops deletes its own. While NATS is away each node
 * counts what it last knew of the others plus its own.
 */
export class NatsConnectionCap implements ConnectionAdmission {
  private readonly here = new AddressConnections(Number.POSITIVE_INFINITY);
  private readonly elsewhere = new Map<string, Elsewhere>();
  private readonly key: string;
  private readonly shareFrom: number;
  private readonly refreshMs: number;
  private readonly lifetimeMs: number;
  private kv: KV | null = null;
  private watch: BucketWatch | null = null;
  private writing: Promise<void> | null = null;
  private dirty = false;
  private failing = false;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly js: JetStreamClient,
    private readonly options: NatsConnectionCapOptions,
  ) {
    this.key = nodeToken(options.nodeId);
    this.shareFrom = Math.max(1, Math.floor(options.limit / SHARE_DIVISOR));
    this.refreshMs = options.refreshMs ?? REFRESH_MS;
    this.lifetimeMs = this.refreshMs * LIFETIME_REFRESHES;
  }

  admit(address: string): boolean {
    if (this.here.count(address) + this.countElsewhere(address) >= this.options.limit) return false;
    this.here.admit(address);
    if (this.here.count(address) >= this.shareFrom) this.changed();
    return true;
  }

  release(address: string): void {
    const shared = this.here.count(address) >= this.shareFrom;
    this.here.release(address);
    if (shared) this.changed();
  }

  /** Opens (or creates) the bucket, follows it, writes this node's counts; then writes them every `refreshMs`. */
  async start(): Promise<void> {
    const kv = await new Kvm(this.js).create(CONNECTIONS_BUCKET, { history: 1, ttl: this.lifetimeMs, timeout: CALL_TIMEOUT_MS });
    this.kv = kv;
    this.watch = new BucketWatch(
      kv,
      (entry) => this.apply(entry),
      (error) => this.failed(error),
    );
    await this.write();
    this.timer = setInterval(() => this.changed(), this.refreshMs);
    this.timer.unref();
  }

  /** Stops following the bucket and deletes this node's counts (for a while: NATS may be away; then they expire). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.watch?.stop();
    const gaveUp = new Promise<void>((resolve) => setTimeout(resolve, CALL_TIMEOUT_MS).unref());
    const deleted = (this.writing ?? Promise.resolve()).then(() => this.kv?.delete(this.key)).catch(() => undefined);
    await Promise.race([Promise.all([deleted, this.watch?.done]), gaveUp]);
  }

  private countElsewhere(address: string): number {
    const now = this.options.clock.now();
    let total = 0;
    for (const [node, known] of this.elsewhere) {
      if (known.at + this.lifetimeMs <= now)
        this.elsewhere.delete(node); // the bucket has forgotten it too
      else total += known.counts.get(address) ?? 0;
    }
    return total;
  }

  /** This node's counts are to be written: now, or when the write in flight is done (one write for many changes). */
  private changed(): void {
    this.dirty = true;
    this.writing ??= this.flush();
  }

  private async flush(): Promise<void> {
    while (this.dirty && !this.closed) {
      this.dirty = false;
      try {
        await this.write();
      } catch (error) {
        this.failed(error); // written again at the next change or refresh
        break;
      }
    }
    this.writing = null;
  }

  private async write(): Promise<void> {
    if (!this.kv) return;
    const addresses = Object.fromEntries(this.here.atLeast(this.shareFrom));
    await this.kv.put(this.key, JSON.stringify({ node: this.options.nodeId, addresses }), { timeout: CALL_TIMEOUT_MS });
    this.failing = false;
  }

  private failed(error: unknown): void {
    if (this.closed || this.failing) return;
    this.failing = true;
    this.options.onError?.(error);
  }

  private apply(entry: KvEntry): void {
    if (entry.key === this.key) return;
    const counts = entry.operation === 'PUT' ? countsOf(entry) : null;
    if (counts) this.elsewhere.set(entry.key, { counts, at: this.options.clock.now() });
    else this.elsewhere.delete(entry.key);
  }
}

/** The counts a node wrote, or null when the value is none (a newer or broken writer). */
function countsOf(entry: KvEntry): Map<string, number> | null {
  try {
    const value = JSON.parse(entry.string()) as { addresses?: unknown } | null;
    const addresses = value?.addresses;
    if (typeof addresses !== 'object' || addresses === null) return null;
    return new Map(Object.entries(addresses).filter((pair): pair is [string, number] => Number.isInteger(pair[1]) && pair[1] > 0));
  } catch {
    return null;
  }
}
