/** Numbers with a fixed, documented behaviour, so failures can be tested without a real network. */
export interface NumberPlanSettings {
  /** External numbers that answer busy. */
  busyNumbers: readonly string[];
  /** External numbers that do not exist. */
  invalidNumbers: readonly string[];
  /** External numbers that ring until someone hangs up (or the control API answers for them). */
  noAnswerNumbers: readonly string[];
  /** Milliseconds before any other external number answers. */
  externalAnswerDelayMs: number;
  /** Milliseconds a direct call (to an agent's extension, not through a queue) rings before it is cleared unanswered. */
  directRingNoAnswerMs: number;
}

export const DEFAULT_NUMBER_PLAN: NumberPlanSettings = {
  busyNumbers: ['5550100'],
  invalidNumbers: ['5550199'],
  noAnswerNumbers: ['5550123'],
  externalAnswerDelayMs: 2000,
  // The demo queues' ringNoAnswerSeconds.
  directRingNoAnswerMs: 15_000,
};

export type Destination =
  | { kind: 'agent'; loginId: string }
  | { kind: 'queue'; queueId: string }
  | { kind: 'external'; behaviour: 'answer' | 'busy' | 'invalid' | 'noAnswer' };

const DIALABLE = /^\+?[0-9*#]{1,32}$/;

/**
 * Where a dialed string leads: the extension of a signed-in agent, a queue's dialed number, or the
 * outside world (documented busy/invalid/no-answer numbers, anything not dialable is invalid).
 */
export function resolveDestination(
  dialed: string,
  plan: NumberPlanSettings,
  agentAtExtension: (extension: string) => string | undefined,
  queueForDialedNumber: (dialedNumber: string) => string | undefined,
): Destination {
  const loginId = agentAtExtension(dialed);
  if (loginId !== undefined) return { kind: 'agent', loginId };
  const queueId = queueForDialedNumber(dialed);
  if (queueId !== undefined) return { kind: 'queue', queueId };
  if (!DIALABLE.test(dialed) || plan.invalidNumbers.includes(dialed)) return { kind: 'external', behaviour: 'invalid' };
  if (plan.busyNumbers.includes(dialed)) return { kind: 'external', behaviour: 'busy' };
  if (plan.noAnswerNumbers.includes(dialed)) return { kind: 'external', behaviour: 'noAnswer' };
  return { kind: 'external', behaviour: 'answer' };
}
