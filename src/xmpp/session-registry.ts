import { EventEmitter } from 'node:events';
import type { XmppAccount } from './ports.js';
import type { BoundSession } from './session-api.js';

/** The bound sessions of one account (one bare JID). */
export interface AccountSessions<S extends BoundSession = BoundSession> {
  readonly account: XmppAccount;
  readonly byResource: Map<string, S>;
  availableCount: number;
}

/**
 * Bound sessions by bare and full JID, and which of them are available. Emits `available` (loginId)
 * when an account gains its first available resource, `unavailable` (loginId) when it loses its last,
 * and `released` (bare JID) when its last session is unbound.
 */
export class SessionRegistry<S extends BoundSession = BoundSession> extends EventEmitter {
  private readonly accounts = new Map<string, AccountSessions<S>>();
  private boundCount = 0;

  get size(): number {
    return this.boundCount;
  }

  /** Binds `session` to `bareJid/resource`; a session already bound there is returned for replacement. */
  bind(session: S, bareJid: string, resource: string): S | undefined {
    let entry = this.accounts.get(bareJid);
    if (!entry) {
      entry = { account: session.account!, byResource: new Map(), availableCount: 0 };
      this.accounts.set(bareJid, entry);
    }
    const previous = entry.byResource.get(resource);
    if (previous) {
      // Replaced in place: the account keeps its entry even when this was its only session.
      this.markUnavailable(previous);
      this.boundCount--;
    }
    entry.byResource.set(resource, session);
    this.boundCount++;
    return previous;
  }

  unbind(session: S): void {
    const entry = this.accounts.get(session.bareJid);
    if (!entry || entry.byResource.get(session.resource) !== session) return;
    this.markUnavailable(session);
    entry.byResource.delete(session.resource);
    this.boundCount--;
    if (entry.byResource.size === 0) {
      this.accounts.delete(session.bareJid);
      this.emit('released', session.bareJid);
    }
  }

  markAvailable(session: S): void {
    if (session.available) return;
    const entry = this.accounts.get(session.bareJid);
    if (!entry || entry.byResource.get(session.resource) !== session) return;
    session.available = true;
    if (++entry.availableCount === 1) this.emit('available', entry.account.loginId);
  }

  markUnavailable(session: S): void {
    if (!session.available) return;
    session.available = false;
    const entry = this.accounts.get(session.bareJid);
    if (!entry) return;
    if (--entry.availableCount === 0) this.emit('unavailable', entry.account.loginId);
  }

  /** The sessions bound to one bare JID, or undefined when there is none. */
  accountOf(bareJid: string): AccountSessions<S> | undefined {
    return this.accounts.get(bareJid);
  }

  resourcesOf(bareJid: string): Iterable<S> {
    return this.accounts.get(bareJid)?.byResource.values() ?? [];
  }

  find(bareJid: string, resource: string): S | undefined {
    return this.accounts.get(bareJid)?.byResource.get(resource);
  }

  isAvailable(loginId: string, bareJid: string): boolean {
    const entry = this.accounts.get(bareJid);
    return entry !== undefined && entry.account.loginId === loginId && entry.availableCount > 0;
  }

  availableBareJids(): string[] {
    const result: string[] = [];
    for (const [bare, entry] of this.accounts) if (entry.availableCount > 0) result.push(bare);
    return result;
  }
}
