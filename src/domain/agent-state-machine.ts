import { AGENT_STATES, PENDING_CAPABLE_STATES, isAgentState, isRequestableState } from './agent-state.js';
import type { AgentState } from './agent-state.js';
import { DomainError } from './errors.js';
import type { AgentStatus, ReasonCategory, ReasonCode, UserAccount } from './model.js';
import { SIGNED_OUT, hasRole } from './model.js';
import { CALL_NOT_ANSWERED, OFF_HOOK_FROM_READY, SUPERVISOR_LOGOUT, SUPERVISOR_NOT_READY } from './system-reason-codes.js';

export interface StateRequest {
  state?: string;
  extension?: string;
  reasonCodeId?: string;
}

export interface StatePolicy {
  /** When true, NOT_READY and LOGOUT need a reasonCodeId whenever codes of that category exist for the user. */
  requireReasonCodes: boolean;
}

const EXTENSION_PATTERN = /^[0-9]{1,15}$/;

/** States from which a supervisor may sign an agent out (reference §5.5): every signed-in state. */
const SUPERVISOR_LOGOUT_FROM: ReadonlySet<AgentState> = new Set(AGENT_STATES.filter((s) => s !== 'LOGOUT' && s !== 'UNKNOWN'));
const SUPERVISOR_NOT_READY_FROM: ReadonlySet<AgentState> = new Set(['READY', 'WORK', 'WORK_READY']);
const SUPERVISOR_READY_FROM: ReadonlySet<AgentState> = new Set(['NOT_READY', 'WORK', 'WORK_READY']);

const AGENT_READY_FROM: ReadonlySet<AgentState> = new Set(['NOT_READY', 'WORK', 'WORK_READY', 'RESERVED_OUTBOUND']);
const AGENT_NOT_READY_FROM: ReadonlySet<AgentState> = new Set(['READY', 'NOT_READY', 'WORK', 'WORK_READY', 'RESERVED_OUTBOUND']);
/** CCE rule: an agent signs out only from NOT_READY (CCX also allows READY). */
const AGENT_LOGOUT_FROM: ReadonlySet<AgentState> = new Set(['NOT_READY']);

/** What a state request is decided on, looked up by the caller: the decision itself reads no cache. */
export interface StateRequestFacts {
  /** The target's status now. */
  current: AgentStatus;
  /** Whether the actor supervises the target's team. */
  supervisesTarget: boolean;
  /** The loginId of the signed-in agent holding the extension a LOGIN asks for, if any. */
  extensionHolder: string | undefined;
  /** The reason codes the target may pick, per category. */
  reasonCodes: Readonly<Record<ReasonCategory, readonly ReasonCode[]>>;
}

/**
 * Decides the outcome of `PUT /User/{target}` sent by `actor`. Returns the next status, or throws the
 * DomainError Finesse would answer synchronously. Authorization (who may act on whom) is checked here too,
 * because the supervisor rules depend on the target's state.
 */
export function decideStateRequest(
  actor: UserAccount,
  target: UserAccount,
  request: StateRequest,
  facts: StateRequestFacts,
  now: number,
  policy: StatePolicy,
): AgentStatus {
  const { current } = facts;
  const bySelf = actor.loginId === target.loginId;
  if (!bySelf) {
    if (!hasRole(actor, 'Supervisor')) {
      throw new DomainError('InvalidAuthorizationUser', "The user in the credentials and the uri don't match", actor.loginId);
    }
    if (!facts.supervisesTarget) {
      throw new DomainError('InvalidSupervisor', 'The supervisor does not supervise a team of this agent', actor.loginId);
    }
  }
  if (!hasRole(target, 'Agent')) {
    throw new DomainError('AuthorizationFailure', 'UNAUTHORIZED', target.loginId);
  }
  if (request.state === undefined || request.state === '') {
    throw new DomainError('ParameterMissing', 'State parameter is missing', 'state');
  }
  const requested = request.state;
  if (!isRequestableState(requested)) {
    if (isAgentState(requested)) throw new DomainError('InvalidState', `State ${requested} cannot be requested`, requested);
    throw new DomainError('InvalidInput', 'Invalid State specified for user', requested);
  }
  if (bySelf) return decideOwnRequest(facts, target, requested, request, now, policy);
  return decideSupervisorRequest(current, requested, request, now);
}

function decideOwnRequest(
  facts: StateRequestFacts,
  user: UserAccount,
  requested: 'LOGIN' | 'READY' | 'NOT_READY' | 'LOGOUT',
  request: StateRequest,
  now: number,
  policy: StatePolicy,
): AgentStatus {
  const { current } = facts;
  if (requested === 'LOGIN') return decideLogin(facts.extensionHolder, user, current, request.extension, now);
  if (current.state === 'LOGOUT') throw invalidTransition(current.state, requested);

  if (requested === 'READY') {
    if (request.reasonCodeId !== undefined && request.reasonCodeId !== '') {
      throw new DomainError('InvalidInput', 'A reason code cannot be given with READY', 'reasonCodeId');
    }
    if (PENDING_CAPABLE_STATES.has(current.state)) return withPending(current, 'READY', null);
    if (!AGENT_READY_FROM.has(current.state)) throw invalidTransition(current.state, requested);
    requireWrapUpData(current);
    return transition(current, 'READY', null, now);
  }

  const reasonCodeId = resolveReasonCode(facts.reasonCodes[requested], requested, request.reasonCodeId, policy);
  if (PENDING_CAPABLE_STATES.has(current.state)) return withPending(current, requested, reasonCodeId);
  const allowed = requested === 'NOT_READY' ? AGENT_NOT_READY_FROM : AGENT_LOGOUT_FROM;
  if (!allowed.has(current.state)) throw invalidTransition(current.state, requested);
  if (requested === 'LOGOUT') return signedOut(reasonCodeId, now);
  requireWrapUpData(current);
  return transition(current, 'NOT_READY', reasonCodeId, now);
}

/** REQUIRED_WITH_WRAP_UP_DATA: the agent himself leaves WORK / WORK_READY only once a wrap-up reason is set. */
function requireWrapUpData(current: AgentStatus): void {
  if ((current.state === 'WORK' || current.state === 'WORK_READY') && current.wrapUpDataRequired) {
    throw new DomainError('InvalidState', 'A wrap-up reason is required before leaving wrap-up', current.state);
  }
}

function decideLogin(holder: string | undefined, user: UserAccount, current: AgentStatus, extension: string | undefined, now: number): AgentStatus {
  if (extension === undefined || extension === '') {
    throw new DomainError('ParameterMissing', 'Extension parameter is missing', 'extension');
  }
  if (!EXTENSION_PATTERN.test(extension)) {
    throw new DomainError('BadRequest', 'Invalid extension specified', extension);
  }
  if (holder !== undefined && holder !== user.loginId) {
    throw new DomainError('BadRequest', 'Extension is in use by another agent', extension);
  }
  if (current.state !== 'LOGOUT') {
    // Sign-in is forced: a signed-in user re-authenticates and keeps his state, on the same extension.
    if (current.extension !== extension) {
      throw new DomainError('InvalidState', 'User is already signed in on another extension', current.extension ?? '');
    }
    return { ...current };
  }
  return { ...SIGNED_OUT, state: 'NOT_READY', stateChangeTime: now, extension };
}

function decideSupervisorRequest(current: AgentStatus, requested: 'LOGIN' | 'READY' | 'NOT_READY' | 'LOGOUT', request: StateRequest, now: number): AgentStatus {
  if (request.reasonCodeId !== undefined) {
    throw new DomainError('InvalidInput', 'A supervisor cannot specify a reason code', 'reasonCodeId');
  }
  if (requested === 'LOGIN') {
    throw new DomainError('InvalidInput', 'A supervisor cannot sign an agent in', requested);
  }
  if (requested === 'LOGOUT') {
    if (!SUPERVISOR_LOGOUT_FROM.has(current.state)) throw invalidTransition(current.state, requested);
    if (PENDING_CAPABLE_STATES.has(current.state)) return withPending(current, 'LOGOUT', SUPERVISOR_LOGOUT.id);
    return signedOut(SUPERVISOR_LOGOUT.id, now);
  }
  if (requested === 'NOT_READY') {
    if (!SUPERVISOR_NOT_READY_FROM.has(current.state)) throw invalidTransition(current.state, requested);
    return transition(current, 'NOT_READY', SUPERVISOR_NOT_READY.id, now);
  }
  if (!SUPERVISOR_READY_FROM.has(current.state)) throw invalidTransition(current.state, requested);
  return transition(current, 'READY', null, now);
}

function resolveReasonCode(codes: readonly ReasonCode[], category: ReasonCategory, reasonCodeId: string | undefined, policy: StatePolicy): string | null {
  if (reasonCodeId === undefined || reasonCodeId === '' || reasonCodeId === '-1') {
    if (policy.requireReasonCodes && codes.length > 0) {
      throw new DomainError('ParameterMissing', `A reason code is required for ${category}`, 'reasonCodeId');
    }
    return null;
  }
  const found = codes.find((rc) => rc.id === reasonCodeId);
  if (!found) throw new DomainError('InvalidInput', `Invalid reason code for ${category}`, reasonCodeId);
  return found.id;
}

function invalidTransition(from: AgentState, to: string): DomainError {
  return new DomainError('InvalidState', `Invalid state change from ${from} to ${to}`, to);
}

function transition(current: AgentStatus, state: AgentState, reasonCodeId: string | null, now: number): AgentStatus {
  return {
    ...current,
    state,
    reasonCodeId,
    stateChangeTime: now,
    pendingState: null,
    pendingReasonCodeId: null,
    preCallState: null,
    preCallReasonCodeId: null,
    wrapUpDataRequired: false,
  };
}

function signedOut(reasonCodeId: string | null, now: number): AgentStatus {
  return { ...SIGNED_OUT, stateChangeTime: now, reasonCodeId: reasonCodeId };
}

function withPending(current: AgentStatus, pending: 'READY' | 'NOT_READY' | 'LOGOUT', reasonCodeId: string | null): AgentStatus {
  return { ...current, pendingState: pending, pendingReasonCodeId: reasonCodeId };
}

// ---- Transitions raised by calls (the telephony layer drives these) ----

/** An inbound routed call is offered: READY → RESERVED. */
export function offerCall(current: AgentStatus, now: number): AgentStatus {
  requireState(current, ['READY'], 'RESERVED');
  return { ...transition(current, 'RESERVED', null, now), preCallState: 'READY' };
}

/** An outbound campaign reserves the agent: READY → RESERVED_OUTBOUND(_PREVIEW). */
export function reserveOutbound(current: AgentStatus, preview: boolean, now: number): AgentStatus {
  requireState(current, ['READY'], preview ? 'RESERVED_OUTBOUND_PREVIEW' : 'RESERVED_OUTBOUND');
  return { ...transition(current, preview ? 'RESERVED_OUTBOUND_PREVIEW' : 'RESERVED_OUTBOUND', null, now), preCallState: 'READY' };
}

/** The offer or reservation went away without being taken: back to READY (or to a pending state). */
export function withdrawReservation(current: AgentStatus, now: number): AgentStatus {
  requireState(current, ['RESERVED', 'RESERVED_OUTBOUND', 'RESERVED_OUTBOUND_PREVIEW'], 'READY');
  return settleAfterCall(current, now, false);
}

/** The offered call rang out: NOT_READY with the system "call not answered" code. */
export function ringNoAnswer(current: AgentStatus, now: number): AgentStatus {
  requireState(current, ['RESERVED'], 'NOT_READY');
  if (current.pendingState === 'LOGOUT') return signedOut(current.pendingReasonCodeId, now);
  return transition(current, 'NOT_READY', CALL_NOT_ANSWERED.id, now);
}

/** The agent's phone is connected on a call (answered, or an outbound call started). */
export function callConnected(current: AgentStatus, now: number): AgentStatus {
  switch (current.state) {
    case 'TALKING':
    case 'HOLD':
      return { ...current, state: 'TALKING', stateChangeTime: current.state === 'TALKING' ? current.stateChangeTime : now };
    case 'RESERVED':
    case 'RESERVED_OUTBOUND':
    case 'RESERVED_OUTBOUND_PREVIEW':
      return { ...current, state: 'TALKING', stateChangeTime: now };
    case 'READY':
      // CCE 12.5+: a call placed from READY first sets NOT_READY with system code 50006.
      return { ...current, state: 'TALKING', stateChangeTime: now, reasonCodeId: null, preCallState: 'NOT_READY', preCallReasonCodeId: OFF_HOOK_FROM_READY.id };
    case 'NOT_READY':
      return { ...current, state: 'TALKING', stateChangeTime: now, reasonCodeId: null, preCallState: 'NOT_READY', preCallReasonCodeId: current.reasonCodeId };
    case 'WORK':
    case 'WORK_READY':
      return {
        ...current,
        state: 'TALKING',
        stateChangeTime: now,
        reasonCodeId: null,
        wrapUpDataRequired: false,
        preCallState: current.state === 'WORK' ? 'NOT_READY' : 'READY',
        preCallReasonCodeId: current.state === 'WORK' ? current.reasonCodeId : null,
      };
    default:
      throw invalidTransition(current.state, 'TALKING');
  }
}

export function callHeld(current: AgentStatus, now: number): AgentStatus {
  requireState(current, ['TALKING'], 'HOLD');
  return { ...current, state: 'HOLD', stateChangeTime: now };
}

export function callRetrieved(current: AgentStatus, now: number): AgentStatus {
  requireState(current, ['HOLD'], 'TALKING');
  return { ...current, state: 'TALKING', stateChangeTime: now };
}

/**
 * The agent's last call ended. With wrap-up the agent enters WORK / WORK_READY, owing wrap-up data when
 * `wrapUpDataRequired`; otherwise the pending or pre-call state.
 */
export function callEnded(current: AgentStatus, now: number, wrapUp: boolean, wrapUpDataRequired = false): AgentStatus {
  requireState(current, ['TALKING', 'HOLD'], 'READY');
  const next = settleAfterCall(current, now, wrapUp);
  return wrapUpDataRequired && (next.state === 'WORK' || next.state === 'WORK_READY') ? { ...next, wrapUpDataRequired: true } : next;
}

/** Wrap-up finished (timer or data): WORK → NOT_READY, WORK_READY → READY. */
export function wrapUpEnded(current: AgentStatus, now: number): AgentStatus {
  requireState(current, ['WORK', 'WORK_READY'], 'READY');
  if (current.state === 'WORK') return transition(current, 'NOT_READY', current.reasonCodeId, now);
  return transition(current, 'READY', null, now);
}

function settleAfterCall(current: AgentStatus, now: number, wrapUp: boolean): AgentStatus {
  const target = current.pendingState ?? current.preCallState ?? 'NOT_READY';
  const reasonCodeId = current.pendingState !== null ? current.pendingReasonCodeId : current.preCallReasonCodeId;
  if (target === 'LOGOUT') return signedOut(reasonCodeId, now);
  if (wrapUp) return transition(current, target === 'READY' ? 'WORK_READY' : 'WORK', target === 'READY' ? null : reasonCodeId, now);
  return transition(current, target, target === 'READY' ? null : reasonCodeId, now);
}

function requireState(current: AgentStatus, allowed: readonly AgentState[], to: AgentState): void {
  if (!allowed.includes(current.state)) throw invalidTransition(current.state, to);
}
