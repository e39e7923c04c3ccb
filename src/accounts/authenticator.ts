import * as crypto from 'node:crypto';
import type { Directory } from '../domain/directory.js';
import type { UserAccount } from '../domain/model.js';
import type { Credentials, ScramCredential, ScramMechanism } from './credentials.js';
import { verifyPassword } from './credentials.js';
import type { LockoutCounters } from '../application/ports/lockout-counters.js';

export type AuthResult = { ok: true; user: UserAccount } | { ok: false; reason: 'unknown-user' | 'bad-password' | 'locked'; user?: UserAccount };

export interface CredentialSource {
  credentialsOf(loginId: string): Credentials | undefined;
}

const VERIFIED_CACHE_LIMIT = 10_000;

/** SHA-256, base64: one call where Node has `crypto.hash` (20.12 and later), a Hash object before. */
const sha256 = (text: string): string =>
  typeof crypto.hash === 'function' ? crypto.hash('sha256', text, 'base64') : crypto.createHash('sha256').update(text).digest('base64');

/**
 * Verifies user name + password for REST (Basic) and XMPP (PLAIN, SCRAM) against one credential record
 * and one lockout counter. A user may be named by loginId or loginName; XMPP names fold case.
 *
 * PBKDF2 is deliberately slow, so a successful (user, password) pair is remembered by its SHA-256 digest
 * for as long as the process runs or until the user's credentials change; repeated Basic-auth requests
 * then cost one hash instead of 4096.
 */
export class Authenticator {
  private readonly verified = new Map<string, string>();

  constructor(
    private readonly directory: Directory,
    private readonly credentials: CredentialSource,
    private readonly guard: LockoutCounters,
  ) {}

  findUser(name: string, ignoreCase = false): UserAccount | undefined {
    return ignoreCase ? this.directory.findUserIgnoringCase(name) : this.directory.findUser(name);
  }

  verify(name: string, password: string, options: { ignoreCase?: boolean } = {}): AuthResult {
    const user = this.findUser(name, options.ignoreCase ?? false);
    if (!user) return { ok: false, reason: 'unknown-user' };
    if (this.guard.isLocked(user.loginId)) return { ok: false, reason: 'locked', user };
    const record = this.credentials.credentialsOf(user.loginId);
    // The stored salt is part of the key: a password set again (new credentials) is verified afresh.
    const salt = record?.['SCRAM-SHA-256'].salt ?? '';
    const cacheKey = sha256(`${user.loginId}\0${salt}\0${password}`);
    if (this.verified.get(user.loginId) === cacheKey) {
      this.guard.recordSuccess(user.loginId);
      return { ok: true, user };
    }
    if (!record || !verifyPassword(record, password)) {
      this.guard.recordFailure(user.loginId);
      return { ok: false, reason: 'bad-password', user };
    }
    this.guard.recordSuccess(user.loginId);
    if (this.verified.size >= VERIFIED_CACHE_LIMIT) this.verified.clear();
    this.verified.set(user.loginId, cacheKey);
    return { ok: true, user };
  }

  /** The stored SCRAM record for a SASL exchange, or undefined for an unknown user. */
  scramCredential(user: UserAccount, mechanism: ScramMechanism): ScramCredential | undefined {
    return this.credentials.credentialsOf(user.loginId)?.[mechanism];
  }

  isLocked(user: UserAccount): boolean {
    return this.guard.isLocked(user.loginId);
  }

  /** For mechanisms verified outside this class (SCRAM proofs). */
  recordOutcome(user: UserAccount, ok: boolean): void {
    if (ok) this.guard.recordSuccess(user.loginId);
    else this.guard.recordFailure(user.loginId);
  }

  forgetVerified(loginId: string): void {
    this.verified.delete(loginId);
  }
}
