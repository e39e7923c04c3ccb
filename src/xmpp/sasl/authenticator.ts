import type { XmppAccount } from '../ports.js';

export type ScramMechanism = 'SCRAM-SHA-1' | 'SCRAM-SHA-256';

/** RFC 5802 server-side SCRAM record; keys and salt are base64. */
export interface ScramCredential {
  salt: string;
  iterations: number;
  storedKey: string;
  serverKey: string;
}

/**
 * The account store and lockout SASL checks against: openfinesse passes the same authenticator REST
 * Basic auth uses, so one lockout counter covers both. Accounts handed back are the ones passed in.
 */
export interface SaslAuthenticator {
  /** Clear-text check (PLAIN); names fold case when `ignoreCase`. */
  verify(name: string, password: string, options: { ignoreCase?: boolean }): { ok: true; user: XmppAccount } | { ok: false };
  findUser(name: string, ignoreCase?: boolean): XmppAccount | undefined;
  /** The stored SCRAM record, or undefined when the account has none. */
  scramCredential(user: XmppAccount, mechanism: ScramMechanism): ScramCredential | undefined;
  isLocked(user: XmppAccount): boolean;
  /** Outcome of a proof verified by the mechanism itself (SCRAM), for the lockout counter. */
  recordOutcome(user: XmppAccount, ok: boolean): void;
}
