import type { Dialog, User } from '../finesse/model';

/** Supervisor rules of reference §5.5: which states allow which supervisor request. */
export const SUPERVISOR_ALLOWED: Record<'READY' | 'NOT_READY' | 'LOGOUT', ReadonlySet<string>> = {
  READY: new Set(['NOT_READY', 'WORK', 'WORK_READY']),
  NOT_READY: new Set(['READY', 'WORK', 'WORK_READY']),
  LOGOUT: new Set(['READY', 'NOT_READY', 'RESERVED', 'RESERVED_OUTBOUND', 'RESERVED_OUTBOUND_PREVIEW', 'TALKING', 'HOLD', 'WORK', 'WORK_READY']),
};

export function isSupervisor(user: User | null): boolean {
  return !!user && user.roles.includes('Supervisor');
}

export function isAdministrator(user: User | null): boolean {
  return !!user && user.roles.includes('Administrator');
}

/** The participant of a dialog that is this agent's phone. */
export function myParticipant(dialog: Dialog, extension: string) {
  return dialog.participants.find((p) => p.mediaAddress === extension) ?? null;
}
