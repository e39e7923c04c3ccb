import type { Clock } from './ports.js';
import type { Broadcaster } from './pubsub/ports.js';
import type { BoundSession } from './session-api.js';
import type { SessionRegistry } from './session-registry.js';

/** Caps on what is kept for an account whose sessions are bound but not yet available. */
export interface PendingLimits {
  maxItems: number;
  maxBytes: number;
  maxAgeMs: number;
}

interface Kept {
  head: string;
  shared: Buffer;
  bytes: number;
  at: number;
}

interface KeptQueue {
  items: Kept[];
  bytes: number;
}

/**
 * Delivers to the sessions of this process. A bare JID reaches every available resource with a
 * non-negative priority; a full JID reaches that resource when it is available.
 *
 * Clients sign in over REST as soon as their resource is bound, a moment before their initial presence;
 * a Finesse server's XMPP server keeps bare-JID messages while no resource is available (RFC 6121
 * §8.5.2). So do we, for accounts with at least one bound session only, within `PendingLimits`; the
 * first resource to become available gets them (`deliverPending`), and they go when the last session
 * of the account is unbound.
 */
export class LocalBroadcaster<S extends BoundSession = BoundSession> implements Broadcaster {
  private readonly kept = new Map<string, KeptQueue>();
  private dropped = 0;

  constructor(
    private readonly registry: SessionRegistry<S>,
    private readonly clock: Clock,
    private readonly limits: PendingLimits,
  ) {
    registry.on('released', (bareJid: string) => this.kept.delete(bareJid));
  }

  /** Kept notifications dropped for the caps (oldest first), since start. */
  get pendingDropped(): number {
    return this.dropped;
  }

  deliverToBare(bareJid: string, head: string, shared: Buffer): number {
    const entry = this.registry.accountOf(bareJid);
    if (!entry) return 0;
    let count = 0;
    if (entry.availableCount > 0) {
      for (const session of entry.byResource.values()) {
        if (session.available && session.priority >= 0) {
          session.deliver(head, shared);
          count++;
        }
      }
    }
    if (count === 0) this.keep(bareJid, head, shared);
    return count;
  }

  deliverToFull(bareJid: string, resource: string, head: string, shared: Buffer): number {
    const session = this.registry.find(bareJid, resource);
    if (!session?.available) return 0;
    session.deliver(head, shared);
    return 1;
  }

  availableBareJids(): string[] {
    return this.registry.availableBareJids();
  }

  /** Hands what was kept for the account to `session`, which has just become available, oldest first. */
  deliverPending(session: S): number {
    const queue = this.kept.get(session.bareJid);
    if (!queue || queue.items.length === 0 || !session.available || session.priority < 0) return 0;
    this.expire(queue);
    this.kept.delete(session.bareJid);
    for (const item of queue.items) session.deliver(item.head, item.shared);
    return queue.items.length;
  }

  private keep(bareJid: string, head: string, shared: Buffer): void {
    let queue = this.kept.get(bareJid);
    if (!queue) this.kept.set(bareJid, (queue = { items: [], bytes: 0 }));
    const bytes = head.length + shared.length;
    queue.items.push({ head, shared, bytes, at: this.clock.now() });
    queue.bytes += bytes;
    this.expire(queue);
    while (queue.items.length > this.limits.maxItems || queue.bytes > this.limits.maxBytes) this.dropOldest(queue);
  }

  private expire(queue: KeptQueue): void {
    const oldest = this.clock.now() - this.limits.maxAgeMs;
    while (queue.items.length > 0 && queue.items[0]!.at < oldest) this.dropOldest(queue);
  }

  private dropOldest(queue: KeptQueue): void {
    const item = queue.items.shift()!;
    queue.bytes -= item.bytes;
    this.dropped++;
  }
}
