import type { AgentService, CallTransition } from '../application/agent-service.js';
import type { AgentState } from '../domain/agent-state.js';
import type { Directory } from '../domain/directory.js';
import type { EventBus } from '../domain/events.js';
import type { AgentStatus, UserAccount } from '../domain/model.js';
import type { CallRegistry } from './call-registry.js';
import type { QueueMembers } from './queue-members.js';
import type { WrapUp } from './wrap-up.js';

/** States in which an agent's phone can place or take a call. */
const PHONE_STATES: ReadonlySet<AgentState> = new Set(['READY', 'NOT_READY', 'WORK', 'WORK_READY']);

/**
 * The one place where the phone system meets agent state: it reads statuses, moves agents as their calls
 * say (through AgentService, which persists and publishes), keeps the queues' READY index up to date, and
 * hears about state changes made elsewhere.
 */
export class AgentSync {
  private readonly stopObserving: () => void;

  constructor(
    private readonly directory: Directory,
    private readonly agents: AgentService,
    private readonly registry: CallRegistry,
    private readonly wrapUp: WrapUp,
    members: QueueMembers,
  ) {
    for (const user of directory.allUsers()) members.statusChanged(user, directory.statusOf(user.loginId));
    this.stopObserving = directory.onStatusChange((loginId, status) => {
      const user = directory.findUserByLoginId(loginId);
      if (user) members.statusChanged(user, status);
    });
  }

  statusOf(loginId: string): AgentStatus {
    return this.directory.statusOf(loginId);
  }

  stateOf(loginId: string): AgentState {
    return this.directory.statusOf(loginId).state;
  }

  /** The signed-in agent whose phone is `extension`. */
  agentAtExtension(extension: string): string | undefined {
    const holder = this.directory.holderOfExtension(extension);
    return holder !== undefined && this.directory.statusOf(holder).state !== 'LOGOUT' ? holder : undefined;
  }

  /** In a state whose phone can place or take a call, and on no call. */
  isFreeForCall(loginId: string): boolean {
    return PHONE_STATES.has(this.stateOf(loginId)) && !this.registry.hasLiveCall(loginId);
  }

  /** Signing out on his call, or signed out already (forced out, or while the server was down): no wrap-up. */
  isSigningOut(loginId: string): boolean {
    const status = this.directory.statusOf(loginId);
    return status.pendingState === 'LOGOUT' || status.state === 'LOGOUT';
  }

  apply(loginId: string, transition: CallTransition, requestId: string): void {
    this.agents.applyCall(loginId, transition, requestId);
  }

  /** Moves the agent's state to what his calls say: TALKING, HOLD, or out of the call (wrap-up when due). */
  reconcile(loginId: string, requestId: string): void {
    const state = this.stateOf(loginId);
    if (state === 'LOGOUT') {
      this.wrapUp.forget(loginId);
      return;
    }
    const { talking, held, ringing } = this.involvementOf(loginId);
    if (talking) {
      if (state === 'HOLD') this.apply(loginId, { type: 'retrieved' }, requestId);
      else if (state !== 'TALKING') this.apply(loginId, { type: 'connected' }, requestId);
    } else if (held) {
      if (state !== 'TALKING' && state !== 'HOLD') this.apply(loginId, { type: 'connected' }, requestId);
      if (this.stateOf(loginId) === 'TALKING') this.apply(loginId, { type: 'held' }, requestId);
    } else if (ringing) {
      return;
    } else if (state === 'TALKING' || state === 'HOLD') {
      const wrapUp = this.wrapUp.consume(loginId);
      this.apply(loginId, { type: 'ended', wrapUp, wrapUpDataRequired: wrapUp && this.wrapUp.owesData(loginId) }, requestId);
    } else if (state === 'RESERVED') {
      this.apply(loginId, { type: 'reservationWithdrawn' }, requestId);
    }
  }

  /** Brings "wrap-up data still required" in the statuses of agents in wrap-up up to date with their calls. */
  syncWrapUpData(): void {
    for (const loginId of this.wrapUp.takeDataChanged()) {
      const state = this.stateOf(loginId);
      if (state !== 'WORK' && state !== 'WORK_READY') continue;
      this.agents.recordWrapUpDataRequired(loginId, this.wrapUp.owesData(loginId));
    }
  }

  /**
   * After a restart, "wrap-up data still required" in every status says what the restored calls say: owed
   * only by an agent in wrap-up who wraps up a call that needs its reason and has none (a call that was not
   * restored owes nothing).
   */
  resyncWrapUpData(): void {
    for (const user of this.directory.allUsers()) {
      const status = this.statusOf(user.loginId);
      const inWrapUp = status.state === 'WORK' || status.state === 'WORK_READY';
      const owes = inWrapUp && this.wrapUp.owesData(user.loginId);
      if (status.wrapUpDataRequired !== owes) this.agents.recordWrapUpDataRequired(user.loginId, owes);
    }
  }

  /** Calls `onChange` for every agent state change (made by anyone), with its requestId. */
  watch(bus: EventBus, onChange: (user: UserAccount, requestId: string) => void): () => void {
    return bus.subscribe((event) => {
      if (event.type === 'UserChanged' || event.type === 'UserChangedElsewhere') onChange(event.user.account, event.requestId);
    });
  }

  close(): void {
    this.stopObserving();
  }

  private involvementOf(loginId: string): { talking: boolean; held: boolean; ringing: boolean } {
    let talking = false;
    let held = false;
    let ringing = false;
    for (const call of this.registry.liveCallsOf(loginId)) {
      for (const p of call.dialog.participants) {
        if (p.loginId !== loginId || p.passive) continue;
        if (p.state === 'HELD') held = true;
        else if (p.state === 'ALERTING') ringing = true;
        else if (p.state !== 'DROPPED' && p.state !== 'WRAP_UP') talking = true;
      }
    }
    return { talking, held, ringing };
  }
}
