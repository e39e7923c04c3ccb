/** How many consecutive failed sign-ins lock an account, and for how long. */
export interface LockoutPolicy {
  maxFailures: number;
  lockMs: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMs: 5 * 60_000 };

/** An account just locked, as the node that learnt it tells its log. */
export interface AccountLocked {
  loginId: string;
  /** The failures counted when it locked. */
  failures: number;
  /** Until when (epoch milliseconds). */
  lockedUntil: number;
  /** In a cluster, the node that counted the failure that locked it. */
  node?: string;
}

/**
 * The consecutive failed sign-ins of every account, across REST and XMPP, and whether an account is
 * locked now. One driver for a server that runs alone (in memory), one for a cluster (shared by every
 * node). `isLocked` answers at once (the SASL and Basic-auth paths are synchronous); recording may
 * reach the other nodes a moment later.
 */
export interface LockoutCounters {
  isLocked(loginId: string): boolean;
  recordFailure(loginId: string): void;
  recordSuccess(loginId: string): void;
}
