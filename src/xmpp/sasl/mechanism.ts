import type { XmppAccount } from '../ports.js';

export type SaslFailureCondition = 'not-authorized' | 'malformed-request' | 'invalid-authzid' | 'invalid-mechanism' | 'encryption-required';

export type SaslStep =
  | { kind: 'challenge'; data: Buffer }
  | { kind: 'success'; user: XmppAccount; data: Buffer | null }
  | { kind: 'failure'; condition: SaslFailureCondition; text?: string };

/**
 * One authentication exchange with one mechanism: each client message in turn. Without an initial
 * response the SASL feature sends an empty challenge first, whatever the mechanism.
 */
export interface SaslExchange {
  respond(data: Buffer): SaslStep;
}

export const failure = (condition: SaslFailureCondition, text?: string): SaslStep => ({ kind: 'failure', condition, text });

/** An authorization identity is accepted only when it names the authenticated account itself. */
export function authzidAllowed(authzid: string, user: XmppAccount, domain: string): boolean {
  if (authzid === '') return true;
  const lower = authzid.toLowerCase();
  const id = user.loginId.toLowerCase();
  return lower === id || lower === `${id}@${domain}`;
}
