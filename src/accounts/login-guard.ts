import type { AccountLocked, LockoutCounters, LockoutPolicy } from '../application/ports/lockout-counters.js';
import { DEFAULT_LOCKOUT } from '../application/ports/lockout-counters.js';
import type { Clock } from '../domain/clock.js';

export type { LockoutPolicy } from '../application/ports/lockout-counters.js';
export { DEFAULT_LOCKOUT } from '../application/ports/lockout-counters.js';

/**
 * Counts consecutive failed sign-ins per account across REST and XMPP; after `maxFailures` the account is
 * locked for `lockMs`, and a success resets the count. Kept in memory: a restart lifts locks. The
 * lockout counters of a server that runs alone, and of a cluster node while NATS is away.
 */
export class LoginGuard implements LockoutCounters {
  private readonly failures = new Map<string, { count: number; lockedUntil: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly policy: LockoutPolicy = DEFAULT_LOCKOUT,
    private readonly onLocked: (locked: AccountLocked) => void = () => {},
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
    this.failures.set(loginId, entry);
    if (entry.count < this.policy.maxFailures) return;
    const newly = entry.lockedUntil === 0;
    entry.lockedUntil = this.clock.now() + this.policy.lockMs;
    if (newly) this.onLocked({ loginId, failures: entry.count, lockedUntil: entry.lockedUntil });
  }

  recordSuccess(loginId: string): void {
    this.failures.delete(loginId);
  }
}
