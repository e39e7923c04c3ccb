import type { AgentState } from './agent-state.js';

export type Role = 'Agent' | 'Supervisor' | 'Administrator';
export type ReasonCategory = 'NOT_READY' | 'LOGOUT';
export const REASON_CATEGORIES: readonly ReasonCategory[] = ['NOT_READY', 'LOGOUT'];

export type WrapUpMode = 'REQUIRED' | 'REQUIRED_WITH_WRAP_UP_DATA' | 'OPTIONAL' | 'NOT_ALLOWED';
export const WRAP_UP_MODES: readonly WrapUpMode[] = ['REQUIRED', 'REQUIRED_WITH_WRAP_UP_DATA', 'OPTIONAL', 'NOT_ALLOWED'];

export interface TeamSettings {
  wrapUpOnIncoming: WrapUpMode;
  wrapUpOnOutgoing: WrapUpMode;
  /** Seconds an agent may stay in WORK / WORK_READY before the system ends wrap-up; 0 = no limit. */
  wrapUpTimerSeconds: number;
}

export interface Team {
  id: string;
  name: string;
  settings: TeamSettings;
}

export interface UserAccount {
  loginId: string;
  loginName: string;
  firstName: string;
  lastName: string;
  roles: readonly Role[];
  /** The team the user belongs to as an agent; null for administrators and unassigned users. */
  teamId: string | null;
  supervisedTeamIds: readonly string[];
}

export interface ReasonCode {
  id: string;
  category: ReasonCategory;
  code: number;
  label: string;
  forAll: boolean;
  systemCode: boolean;
  /** Teams the code is assigned to when it is not for all. */
  teamIds: readonly string[];
}

export interface WrapUpReason {
  id: string;
  label: string;
  forAll: boolean;
  teamIds: readonly string[];
}

/** The mutable, persisted part of an agent: what the state machine reads and writes. */
export interface AgentStatus {
  state: AgentState;
  /** UTC epoch milliseconds of the last state change; null when the user never signed in. */
  stateChangeTime: number | null;
  pendingState: 'READY' | 'NOT_READY' | 'LOGOUT' | null;
  pendingReasonCodeId: string | null;
  /** Id of the current reason code; null renders as -1. */
  reasonCodeId: string | null;
  extension: string | null;
  /** The state the agent returns to when the current call ends (READY or NOT_READY). */
  preCallState: 'READY' | 'NOT_READY' | null;
  preCallReasonCodeId: string | null;
  /**
   * In WORK / WORK_READY after a call whose wrap-up mode is REQUIRED_WITH_WRAP_UP_DATA and that has no
   * wrap-up reason yet: the agent himself may not leave wrap-up. Kept by the phone system; not part of
   * the Finesse User resource.
   */
  wrapUpDataRequired: boolean;
}

export const SIGNED_OUT: AgentStatus = Object.freeze({
  state: 'LOGOUT',
  stateChangeTime: null,
  pendingState: null,
  pendingReasonCodeId: null,
  reasonCodeId: null,
  extension: null,
  preCallState: null,
  preCallReasonCodeId: null,
  wrapUpDataRequired: false,
});

export function hasRole(user: UserAccount, role: Role): boolean {
  return user.roles.includes(role);
}
