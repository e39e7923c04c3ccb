import { EventEmitter } from 'node:events';
import type { Clock } from '../domain/clock.js';
import type { UserAccount } from '../domain/model.js';
import type { XmppSession } from './session.js';

/** Caps on what is kept for an account whose sessions are bound but not yet available. */
export interface PendingLimits {
  maxItems: number;
  maxBytes: number;
  maxAgeMs: number;
}

interface Pending {
  head: string;
  shared: Buffer;
  bytes: number;
  at: number;
}

interface AccountSessions {
  account: UserAccount;
  byResource: Map<string, XmppSession>;
  availableCount: number;
  pending: Pending[];
  pendingBytes: number;
}

/**
 * Bound sessions by bare and full JID, and which of them are available. Emits `available` (loginId)
 * when an account gains its first available resource and `unavailable` (loginId) when it loses its last.
 *
 * Clients sign in over REST as soon as their resource is bound, a moment before their initial presence;
 * a Finesse server's XMPP server keeps bare-JID messages while no resource is available (RFC 6121
 * §8.5.2). So do we, for accounts with at least one bound session only, within `PendingLimits`.
 */
export class SessionRegistry extends EventEmitter {
  private readonly accounts = new Map<string, AccountSessions>();
  private boundCount = 0;
  private dropped = 0;

  constructor(
    private readonly clock: Clock,
    private readonly limits: PendingLimits,
  ) {
    super();
  }

  /** Kept notifications dropped for the caps (oldest first), since start. */
  get pendingDropped(): number {
    return this.dropped;
  }

  get size(): number {
    return this.boundCount;
  }

  /** Binds `session` to `bareJid/resource`; a session already bound there is returned for replacement. */
  bind(session: XmppSession, bareJid: string, resource: string): XmppSession | undefined {
    let entry = this.accounts.get(bareJid);
    if (!entry) {
      entry = { account: session.account!, byResource: new Map(), availableCount: 0, pending: [], pendingBytes: 0 };
      this.accounts.set(bareJid, entry);
    }
    const previous = entry.byResource.get(resource);
    if (previous) this.unbind(previous);
    entry.byResource.set(resource, session);
    this.boundCount++;
    return previous;
  }

  unbind(session: XmppSession): void {
    const entry = this.accounts.get(session.bareJid);
    if (!entry || entry.byResource.get(session.resource) !== session) return;
    this.markUnavailable(session);
    entry.byResource.delete(session.resource);
    this.boundCount--;
    if (entry.byResource.size === 0) this.accounts.delete(session.bareJid);
  }

  markAvailable(session: XmppSession): void {
    if (session.available) return;
    const entry = this.accounts.get(session.bareJid);
    if (!entry || entry.byResource.get(session.resource) !== session) return;
    session.available = true;
    if (++entry.availableCount === 1) this.emit('available', entry.account.loginId);
  }

  markUnavailable(session: XmppSession): void {
    if (!session.available) return;
    session.available = false;
    const entry = this.accounts.get(session.bareJid);
    if (!entry) return;
    if (--entry.availableCount === 0) this.emit('unavailable', entry.account.loginId);
  }

  resourcesOf(bareJid: string): Iterable<XmppSession> {
    return this.accounts.get(bareJid)?.byResource.values() ?? [];
  }

  find(bareJid: string, resource: string): XmppSession | undefined {
    return this.accounts.get(bareJid)?.byResource.get(resource);
  }

  isAvailable(loginId: string, bareJid: string): boolean {
    const entry = this.accounts.get(bareJid);
    return entry !== undefined && entry.account.loginId === loginId && entry.availableCount > 0;
  }

  /**
   * Delivers to every available resource of the bare JID with non-negative priority; when there is none
   * but a session is bound, the notification is kept for the first one that becomes available.
   */
  deliverToBare(bareJid: string, head: string, shared: Buffer): number {
    const entry = this.accounts.get(bareJid);
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
    if (count === 0) this.keep(entry, head, shared);
    return count;
  }

  /** Hands what was kept for the account to `session`, which has just become available, oldest first. */
  deliverPending(session: XmppSession): number {
    const entry = this.accounts.get(session.bareJid);
    if (!entry || entry.pending.length === 0 || !session.available || session.priority < 0) return 0;
    this.expire(entry);
    const pending = entry.pending;
    entry.pending = [];
    entry.pendingBytes = 0;
    for (const item of pending) session.deliver(item.head, item.shared);
    return pending.length;
  }

  private keep(entry: AccountSessions, head: string, shared: Buffer): void {
    const bytes = head.length + shared.length;
    entry.pending.push({ head, shared, bytes, at: this.clock.now() });
    entry.pendingBytes += bytes;
    this.expire(entry);
    while (entry.pending.length > this.limits.maxItems || entry.pendingBytes > this.limits.maxBytes) this.dropOldest(entry);
  }

  private expire(entry: AccountSessions): void {
    const oldest = this.clock.now() - this.limits.maxAgeMs;
    while (entry.pending.length > 0 && entry.pending[0]!.at < oldest) this.dropOldest(entry);
  }

  private dropOldest(entry: AccountSessions): void {
    const item = entry.pending.shift()!;
    entry.pendingBytes -= item.bytes;
    this.dropped++;
  }

  deliverToFull(bareJid: string, resource: string, head: string, shared: Buffer): number {
    const session = this.find(bareJid, resource);
    if (!session || !session.available) return 0;
    session.deliver(head, shared);
    return 1;
  }

  availableBareJids(): string[] {
    const result: string[] = [];
    for (const [bare, entry] of this.accounts) if (entry.availableCount > 0) result.push(bare);
    return result;
  }
}
