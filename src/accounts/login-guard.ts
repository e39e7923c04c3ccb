import type { Clock } from '../domain/clock.js';

export interface LockoutPolicy {
  maxFailures: number;
  lockMs: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMs: 5 * 60_000 };

/**
 * Counts consecutive failed sign-ins per account across REST and XMPP; after `maxFailures` the account is
 * locked for `lockMs`, and a success resets the count. Kept in memory: a restart lifts locks.
 */
export class LoginGuard {
  private readonly failures = new Map<string, { count: number; lockedUntil: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly policy: LockoutPolicy = DEFAULT_LOCKOUT,
  ) {}

  isLocked(loginId: string): boolean {
    const entry = this.failures.get(loginId);
    if (!entry || entry.lockedUntil === 0) return false;
    if (this.clock.now() < entry.lockedUntil) return true;
    this.failures.delete(loginId);
    return false;
  }

  recordFailure(loginId: string): void {
    const entry = this.failures.get(loginId) ?? { count: 0, lockedUntil: 0 };
    entry.count += 1;
    if (entry.count >= this.policy.maxFailures) entry.lockedUntil = this.clock.now() + this.policy.lockMs;
    this.failures.set(loginId, entry);
  }

  recordSuccess(loginId: string): void {
    this.failures.delete(loginId);
  }
}
