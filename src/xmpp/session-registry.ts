import { EventEmitter } from 'node:events';
import type { UserAccount } from '../domain/model.js';
import type { XmppSession } from './session.js';

interface AccountSessions {
  account: UserAccount;
  byResource: Map<string, XmppSession>;
  availableCount: number;
}

/**
 * Bound sessions by bare and full JID, and which of them are available. Emits `available` (loginId)
 * when an account gains its first available resource and `unavailable` (loginId) when it loses its last.
 */
export class SessionRegistry extends EventEmitter {
  private readonly accounts = new Map<string, AccountSessions>();
  private boundCount = 0;

  get size(): number {
    return this.boundCount;
  }

  /** Binds `session` to `bareJid/resource`; a session already bound there is returned for replacement. */
  bind(session: XmppSession, bareJid: string, resource: string): XmppSession | undefined {
    let entry = this.accounts.get(bareJid);
    if (!entry) {
      entry = { account: session.account!, byResource: new Map(), availableCount: 0 };
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

  /** Delivers to every available resource of the bare JID with non-negative priority. */
  deliverToBare(bareJid: string, head: string, shared: Buffer): number {
    const entry = this.accounts.get(bareJid);
    if (!entry || entry.availableCount === 0) return 0;
    let count = 0;
    for (const session of entry.byResource.values()) {
      if (session.available && session.priority >= 0) {
        session.deliver(head, shared);
        count++;
      }
    }
    return count;
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
