import type { AgentState } from '../domain/agent-state.js';
import {
  callConnected,
  callEnded,
  callHeld,
  callRetrieved,
  decideStateRequest,
  offerCall,
  reserveOutbound,
  ringNoAnswer,
  withdrawReservation,
  wrapUpEnded,
} from '../domain/agent-state-machine.js';
import type { StatePolicy, StateRequest, StateRequestFacts } from '../domain/agent-state-machine.js';
import type { Clock, Timer } from '../domain/clock.js';
import type { Directory } from '../domain/directory.js';
import type { DomainEvent, EventBus } from '../domain/events.js';
import type { AgentStatus, UserAccount } from '../domain/model.js';
import { SIGNED_OUT } from '../domain/model.js';

/** Where agent statuses are persisted: writes are queued and committed before anyone is told of them. */
export interface AgentStatusStore {
  saveAgentStatus(loginId: string, status: AgentStatus): void;
  /** The status as persisted now, for when a queued write was refused; null for an unknown user. */
  load(loginId: string): Promise<AgentStatus | null>;
  /** Takes over the version of a change committed elsewhere; false when it is older than the one known. */
  adopt(loginId: string, version: number): boolean;
}

/** Transitions a call raises on an agent, for the telephony layer. */
export type CallTransition =
  | { type: 'offered' }
  | { type: 'reservedOutbound'; preview: boolean }
  | { type: 'reservationWithdrawn' }
  | { type: 'ringNoAnswer' }
  | { type: 'connected' }
  | { type: 'held' }
  | { type: 'retrieved' }
  | { type: 'ended'; wrapUp: boolean; wrapUpDataRequired?: boolean }
  | { type: 'wrapUpEnded' };

/**
 * Applies agent state changes: asks the domain, persists the result, then updates the in-memory model
 * and publishes the domain events. Nothing is acknowledged or published before it is on disk.
 */
export class AgentService {
  private readonly wrapUpTimers = new Map<string, Timer>();
  /** Whether this node runs the wrap-up timers: alone always; in a cluster only the leader. */
  private runsTimers = true;

  constructor(
    private readonly directory: Directory,
    private readonly store: AgentStatusStore,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly policy: StatePolicy,
  ) {}

  /** `PUT /User/{target}` on behalf of `actor`; throws DomainError when refused. */
  requestState(actor: UserAccount, targetId: string, request: StateRequest, requestId: string): AgentStatus {
    const target = this.directory.findUserByLoginId(targetId) ?? this.directory.requireUser(targetId);
    const next = decideStateRequest(actor, target, request, this.factsFor(actor, target, request), this.clock.now(), this.policy);
    this.commit(target, next, requestId);
    return next;
  }

  /** What the decision needs to know, looked up once from the directory. */
  private factsFor(actor: UserAccount, target: UserAccount, request: StateRequest): StateRequestFacts {
    const holder = request.extension ? this.directory.holderOfExtension(request.extension) : undefined;
    return {
      current: this.directory.statusOf(target.loginId),
      supervisesTarget: this.directory.supervises(actor, target),
      extensionHolder: holder !== undefined && this.directory.statusOf(holder).state !== 'LOGOUT' ? holder : undefined,
      reasonCodes: { NOT_READY: this.directory.reasonCodesFor(target, 'NOT_READY'), LOGOUT: this.directory.reasonCodesFor(target, 'LOGOUT') },
    };
  }

  applyCall(loginId: string, transition: CallTransition, requestId = ''): AgentStatus {
    const user = this.directory.requireUser(loginId);
    const current = this.directory.statusOf(user.loginId);
    const now = this.clock.now();
    const next = nextForCall(current, transition, now);
    this.commit(user, next, requestId);
    return next;
  }

  /**
   * Whether the agent, in wrap-up, still owes a wrap-up reason (the phone system knows when one is set).
   * Persisted with his status; nothing a client sees changes, so nothing is published.
   */
  recordWrapUpDataRequired(loginId: string, required: boolean): void {
    const current = this.directory.statusOf(loginId);
    if (current.wrapUpDataRequired === required) return;
    const next = { ...current, wrapUpDataRequired: required };
    this.store.saveAgentStatus(loginId, next);
    this.directory.setStatus(loginId, next);
  }

  /** Signs a user out for a system reason (lost desktop connection, …); no-op when already signed out. */
  forceSignOut(loginId: string, reasonCodeId: string, requestId = ''): boolean {
    const user = this.directory.findUserByLoginId(loginId);
    if (!user || this.directory.statusOf(loginId).state === 'LOGOUT') return false;
    this.commit(user, { ...SIGNED_OUT, stateChangeTime: this.clock.now(), reasonCodeId }, requestId);
    return true;
  }

  /**
   * After the database refused a change of ours (another process changed the agent first, or took his
   * extension), the persisted status is the truth again: in memory, and for everyone who saw ours.
   */
  async resync(loginId: string, requestId = ''): Promise<void> {
    const user = this.directory.findUserByLoginId(loginId);
    const status = await this.store.load(loginId);
    if (!user || !status) return;
    this.directory.setStatus(loginId, status);
    this.scheduleWrapUpTimer(user, status);
    this.publish(user, requestId);
  }

  /**
   * At start: every agent restored in wrap-up gets his wrap-up timer back with the time he had left (its
   * deadline is his state change time plus his team's timer; one already past fires as soon as it can).
   */
  rearmWrapUpTimers(): void {
    for (const user of this.directory.allUsers()) {
      const status = this.directory.statusOf(user.loginId);
      if (status.state === 'WORK' || status.state === 'WORK_READY') this.scheduleWrapUpTimer(user, status, status.stateChangeTime ?? this.clock.now());
    }
  }

  /**
   * A change another node of the cluster committed: this node's model takes it over unless it already
   * has a later one (false). The node that made the change runs its timers and told its own sessions.
   * `requestId` is the change's request, which the phone system echoes in what it does after the change.
   */
  applyReplicated(loginId: string, status: AgentStatus, version: number, requestId = ''): boolean {
    if (!this.directory.findUserByLoginId(loginId) || !this.store.adopt(loginId, version)) return false;
    this.directory.setStatus(loginId, status);
    const user = this.directory.requireUser(loginId);
    this.scheduleWrapUpTimer(user, status, status.stateChangeTime ?? this.clock.now());
    // The phone system (on the leader) follows agents wherever they change; no notification: the node that made the change sent it.
    this.bus.publish([{ type: 'UserChangedElsewhere', requestId, at: this.clock.now(), user: this.directory.snapshot(user) }]);
    return true;
  }

  /**
   * In a cluster the leader runs every agent's wrap-up timer, whichever node made the change: a node that
   * becomes the leader arms them all from the agents' states (their deadlines), one that stops cancels its own.
   */
  leadTimers(leads: boolean): void {
    if (leads === this.runsTimers) return;
    this.runsTimers = leads;
    if (leads) this.rearmWrapUpTimers();
    else this.close();
  }

  stateOf(loginId: string): AgentState {
    return this.directory.statusOf(loginId).state;
  }

  private commit(user: UserAccount, next: AgentStatus, requestId: string): void {
    this.store.saveAgentStatus(user.loginId, next);
    this.directory.setStatus(user.loginId, next);
    this.scheduleWrapUpTimer(user, next);
    this.publish(user, requestId);
  }

  private publish(user: UserAccount, requestId: string): void {
    const at = this.clock.now();
    const snapshot = this.directory.snapshot(user);
    const events: DomainEvent[] = [{ type: 'UserChanged', requestId, at, user: snapshot }];
    if (user.teamId !== null) events.push({ type: 'TeamMemberChanged', requestId, at, teamId: user.teamId, user: snapshot });
    this.bus.publish(events);
  }

  /** The wrap-up timer runs from `since` (now, unless it is restored). */
  private scheduleWrapUpTimer(user: UserAccount, status: AgentStatus, since = this.clock.now()): void {
    this.wrapUpTimers.get(user.loginId)?.cancel();
    this.wrapUpTimers.delete(user.loginId);
    if (!this.runsTimers || (status.state !== 'WORK' && status.state !== 'WORK_READY')) return;
    const seconds = user.teamId === null ? 0 : (this.directory.findTeam(user.teamId)?.settings.wrapUpTimerSeconds ?? 0);
    if (seconds <= 0) return;
    const timer = this.clock.setTimer(Math.max(0, since + seconds * 1000 - this.clock.now()), () => {
      this.wrapUpTimers.delete(user.loginId);
      const state = this.directory.statusOf(user.loginId).state;
      if (state === 'WORK' || state === 'WORK_READY') this.applyCall(user.loginId, { type: 'wrapUpEnded' });
    });
    this.wrapUpTimers.set(user.loginId, timer);
  }

  close(): void {
    for (const timer of this.wrapUpTimers.values()) timer.cancel();
    this.wrapUpTimers.clear();
  }
}

function nextForCall(current: AgentStatus, transition: CallTransition, now: number): AgentStatus {
  switch (transition.type) {
    case 'offered':
      return offerCall(current, now);
    case 'reservedOutbound':
      return reserveOutbound(current, transition.preview, now);
    case 'reservationWithdrawn':
      return withdrawReservation(current, now);
    case 'ringNoAnswer':
      return ringNoAnswer(current, now);
    case 'connected':
      return callConnected(current, now);
    case 'held':
      return callHeld(current, now);
    case 'retrieved':
      return callRetrieved(current, now);
    case 'ended':
      return callEnded(current, now, transition.wrapUp, transition.wrapUpDataRequired);
    case 'wrapUpEnded':
      return wrapUpEnded(current, now);
  }
}
