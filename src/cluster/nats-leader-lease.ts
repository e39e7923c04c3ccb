import type { JetStreamClient } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import { Kvm } from '@nats-io/kv';
import type { Leadership } from '../application/ports/leadership.js';

/** The key-value bucket (JetStream stream `KV_OPENFINESSE_LEADER`) that holds the lease. */
export const LEADER_BUCKET = 'OPENFINESSE_LEADER';
const KEY = 'telephony';

export interface LeaderLeaseOptions {
  /** How often the holder renews the lease and the others try to take it. */
  renewMs?: number;
  /** How long a lease lives unrenewed (the bucket's max_age). */
  ttlMs?: number;
  onError?: (error: unknown) => void;
  /** Whether this node may lead now (in service); one that may not gives the lease up and does not try. */
  eligible?: () => boolean;
}

const RENEW_MS = 2_000;
const TTL_MS = 10_000;
const CALL_TIMEOUT_MS = 2_000;

/**
 * A lease in a NATS key-value bucket: whoever creates the key leads and renews it every `renewMs` with a
 * compare-and-set on its revision; the bucket's max_age lets the key vanish `ttlMs` after the last
 * renewal, so when the leader dies the next node to try `create` wins. A leader that cannot renew steps
 * down itself once half the lease has passed, well before another node can take it — on nats-server 2.9
 * (no per-key TTL) this is all a lease needs.
 */
export class NatsLeaderLease implements Leadership {
  private kv: KV | null = null;
  private revision = 0;
  private renewedAt = 0;
  private current: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> | null = null;
  private closed = false;
  private failing = false;
  private readonly listeners: ((leads: boolean) => void)[] = [];
  private readonly renewMs: number;
  private readonly ttlMs: number;
  private readonly onError: (error: unknown) => void;
  private readonly eligible: () => boolean;

  constructor(
    private readonly js: JetStreamClient,
    private readonly nodeId: string,
    options: LeaderLeaseOptions = {},
  ) {
    this.renewMs = options.renewMs ?? RENEW_MS;
    this.ttlMs = options.ttlMs ?? TTL_MS;
    this.onError = options.onError ?? (() => {});
    this.eligible = options.eligible ?? (() => true);
  }

  get leads(): boolean {
    return this.revision !== 0;
  }

  get leader(): string | null {
    return this.leads ? this.nodeId : this.current;
  }

  onChange(listener: (leads: boolean) => void): void {
    this.listeners.push(listener);
  }

  /** Tries once to take the lease (or learns who holds it), then keeps at it. */
  async start(): Promise<void> {
    await this.attempt();
    this.schedule();
  }

  /** Gives the lease up at once (the next node takes it within a round) and stops trying. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.round?.catch(() => undefined);
    const revision = this.revision;
    this.setLeads(0);
    if (revision === 0 || !this.kv) return;
    const gaveUp = new Promise<void>((resolve) => setTimeout(resolve, CALL_TIMEOUT_MS).unref());
    await Promise.race([this.kv.delete(KEY, { previousSeq: revision }).catch(() => undefined), gaveUp]);
  }

  private schedule(): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      this.round = this.attempt().finally(() => this.schedule());
    }, this.renewMs);
    this.timer.unref();
  }

  private async attempt(): Promise<void> {
    try {
      await this.renewOrTake();
      this.failing = false;
    } catch (error) {
      this.kv = null;
      if (!this.failing) this.onError(error);
      this.failing = true;
      // Cannot renew: step down before the lease can lapse and someone else take it.
      if (this.leads && Date.now() - this.renewedAt > this.ttlMs / 2) this.setLeads(0);
    }
  }

  private async renewOrTake(): Promise<void> {
    this.kv ??= await new Kvm(this.js).create(LEADER_BUCKET, { history: 1, ttl: this.ttlMs, timeout: CALL_TIMEOUT_MS });
    const kv = this.kv;
    if (!this.eligible()) {
      if (this.leads) await this.resign(kv);
      return;
    }
    if (this.leads) {
      try {
        this.renewed(await kv.update(KEY, this.nodeId, this.revision, CALL_TIMEOUT_MS));
      } catch (error) {
        if (!isWrongRevision(error)) throw error;
        this.setLeads(0); // lapsed and taken meanwhile
      }
      return;
    }
    try {
      this.renewed(await kv.create(KEY, this.nodeId));
    } catch (error) {
      if (!isWrongRevision(error)) throw error;
      const entry = await kv.get(KEY);
      this.current = entry?.operation === 'PUT' ? entry.string() : null;
    }
  }

  /** Out of service: the lease goes at once, so that a node in service takes it without waiting for it to lapse. */
  private async resign(kv: KV): Promise<void> {
    const revision = this.revision;
    this.setLeads(0);
    await kv.delete(KEY, { previousSeq: revision });
  }

  private renewed(revision: number): void {
    this.renewedAt = Date.now();
    this.setLeads(revision);
  }

  private setLeads(revision: number): void {
    const before = this.leads;
    this.revision = revision;
    if (revision !== 0) this.current = this.nodeId;
    else if (before) this.current = null;
    if (before !== this.leads) for (const listener of this.listeners) listener(this.leads);
  }
}

/** JetStream's "wrong last sequence": a create of an existing key, or an update with a stale revision. */
const WRONG_LAST_SEQUENCE = 10071;

function isWrongRevision(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === WRONG_LAST_SEQUENCE;
}
