import type { ReasonCode } from './model.js';

/**
 * Reason codes the system itself sets. They are never listed by the ReasonCodes API but appear on a
 * User whose state the system (or a supervisor) changed. Their id equals their code, so a configured
 * reason code must not use one of these ids.
 */
function system(category: ReasonCode['category'], code: number, label: string): ReasonCode {
  return { id: String(code), category, code, label, forAll: true, systemCode: true, teamIds: [] };
}

export const SUPERVISOR_NOT_READY = system('NOT_READY', 999, 'Supervisor Initiated');
export const SUPERVISOR_LOGOUT = system('LOGOUT', 999, 'Supervisor Initiated');
export const CONNECTION_FAILURE_LOGOUT = system('LOGOUT', 255, 'Connection Failure');
export const CALL_NOT_ANSWERED = system('NOT_READY', 32767, 'Call Not Answered');
export const OFF_HOOK_FROM_READY = system('NOT_READY', 50006, 'Off Hook From Ready');

export const SYSTEM_REASON_CODES: readonly ReasonCode[] = [
  SUPERVISOR_NOT_READY,
  SUPERVISOR_LOGOUT,
  CONNECTION_FAILURE_LOGOUT,
  CALL_NOT_ANSWERED,
  OFF_HOOK_FROM_READY,
];

export function findSystemReasonCode(category: ReasonCode['category'], id: string): ReasonCode | undefined {
  return SYSTEM_REASON_CODES.find((rc) => rc.category === category && rc.id === id);
}

export function isReservedReasonCodeId(id: string): boolean {
  return SYSTEM_REASON_CODES.some((rc) => rc.id === id);
}
