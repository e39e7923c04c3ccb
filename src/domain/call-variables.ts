import { DomainError } from './errors.js';

/** callVariable1..10 always exist on a voice dialog (empty values allowed). */
export const CALL_VARIABLE_NAMES: readonly string[] = Array.from({ length: 10 }, (_, i) => `callVariable${i + 1}`);

/** Longest value CCE keeps in a call variable or an ECC variable. */
export const MAX_CALL_VARIABLE_LENGTH = 40;
/** Longest wrap-up reason label (reference §6). */
export const MAX_WRAP_UP_REASON_LENGTH = 39;

const ECC_NAME = /^user\.[A-Za-z0-9_.]{1,32}$/;

export type CallVariables = ReadonlyMap<string, string>;

export function emptyCallVariables(): Map<string, string> {
  return new Map(CALL_VARIABLE_NAMES.map((name) => [name, '']));
}

/**
 * Checks call variables sent by a client or the control API: callVariable1..10 or ECC `user.<name>`,
 * values of at most 40 characters. Throws the Finesse Invalid Input error otherwise.
 */
export function validateCallVariables(variables: readonly { name: string; value: string }[]): void {
  for (const { name, value } of variables) {
    if (!CALL_VARIABLE_NAMES.includes(name) && !ECC_NAME.test(name)) {
      throw new DomainError('InvalidInput', 'Invalid call variable name', name);
    }
    if (value.length > MAX_CALL_VARIABLE_LENGTH) {
      throw new DomainError('InvalidInput', `Call variable value is longer than ${MAX_CALL_VARIABLE_LENGTH} characters`, name);
    }
  }
}

/** callVariable1..10 first, in order, then ECC variables in the order they were set. */
export function withCallVariables(current: CallVariables, updates: readonly { name: string; value: string }[]): Map<string, string> {
  const next = new Map(current);
  for (const { name, value } of updates) next.set(name, value);
  return next;
}
