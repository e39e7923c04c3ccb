import type { Clock } from '../domain/clock.js';
import type { Directory } from '../domain/directory.js';
import type { Participant } from '../domain/dialog.js';
import type { WrapUpMode } from '../domain/model.js';
import type { Call } from './call.js';
import type { CallRegistry } from './call-registry.js';
import type { UnitOfWork } from './unit-of-work.js';

/**
 * Wrap-up on the phone side. An agent leaving a call he talked on gets wrap-up when his team wants it for
 * the call's direction: his participant stays on the call in WRAP_UP (so he can still set its wrap-up
 * reason) and, once his state follows his calls, he enters WORK / WORK_READY. His wrap-up dialogs go when
 * wrap-up ends, whatever ends it.
 */
export class WrapUp {
  /** Agents for whom wrap-up applies when their state next follows their calls. */
  private readonly due = new Set<string>();
  /** Agents whose wrap-up data may be owed or settled differently than their status says. */
  private readonly dataChanged = new Set<string>();

  constructor(
    private readonly clock: Clock,
    private readonly directory: Directory,
    private readonly registry: CallRegistry,
    private readonly uow: UnitOfWork,
  ) {}

  /** The agent leaves a call: WRAP_UP when wrap-up applies (see `stateAfter`), else DROPPED. */
  leave(call: Call, participant: Participant, loginId: string, signingOut: boolean): 'WRAP_UP' | 'DROPPED' {
    this.note(call, loginId);
    const state = this.stateAfter(call, loginId, signingOut);
    call.setParticipantState(participant, state, this.clock.now());
    if (state === 'WRAP_UP') this.dataChanged.add(loginId);
    return state;
  }

  /** Wrap-up is over for the agent: his wrap-up dialogs go away (he leaves calls that go on without him). */
  finishDialogs(loginId: string, requestId: string): void {
    for (const call of this.registry.callsOf(loginId)) {
      const p = call.participantIn(loginId, 'WRAP_UP');
      if (!p) continue;
      call.setParticipantState(p, 'DROPPED', this.clock.now());
      this.dataChanged.add(loginId);
      this.uow.remove(call, requestId, [loginId]);
      if (call.endedAt === null) {
        // The call goes on without him (he transferred it or left a conference): the others see him gone.
        call.removeParticipant(p);
        this.uow.flush(call, requestId);
      }
    }
  }

  /** Whether wrap-up applies to the agent now; the question is answered once. */
  consume(loginId: string): boolean {
    return this.due.delete(loginId);
  }

  forget(loginId: string): void {
    this.due.delete(loginId);
  }

  /** The call's agents for whom wrap-up is due, while they are on it (saved with the call). */
  dueOn(call: Call): string[] {
    if (this.due.size === 0) return [];
    return [...this.due].filter((loginId) => call.isLiveFor(loginId));
  }

  /** Wrap-up was due for these agents when their calls were saved. */
  restoreDue(loginIds: readonly string[]): void {
    for (const loginId of loginIds) this.due.add(loginId);
  }

  /** The agent wraps up a call that needs its wrap-up reason, and none is set yet. */
  owesData(loginId: string): boolean {
    return this.registry.callsOf(loginId).some((call) => call.owesWrapUpData(loginId));
  }

  /** The call's wrap-up reason changed: what its agents owe may have changed. */
  reasonChanged(call: Call): void {
    for (const p of call.dialog.participants) if (p.loginId !== null) this.dataChanged.add(p.loginId);
  }

  /** Agents whose owed wrap-up data may have changed since the last time. */
  takeDataChanged(): string[] {
    if (this.dataChanged.size === 0) return [];
    const agents = [...this.dataChanged];
    this.dataChanged.clear();
    return agents;
  }

  /** WRAP_UP when wrap-up is due for the agent, he was connected, is not signing out and is on no other call. */
  private stateAfter(call: Call, loginId: string, signingOut: boolean): 'WRAP_UP' | 'DROPPED' {
    if (!this.due.has(loginId) || !call.legs.get(loginId)?.connected) return 'DROPPED';
    if (signingOut) return 'DROPPED';
    if (this.registry.liveCallsOf(loginId).some((c) => c !== call)) return 'DROPPED';
    return 'WRAP_UP';
  }

  /** Wrap-up becomes due when the agent's team wants it for the direction of the leg he talked on. */
  private note(call: Call, loginId: string): void {
    const leg = call.legs.get(loginId);
    if (!leg?.connected || leg.direction === 'none') return;
    const user = this.directory.findUserByLoginId(loginId);
    const team = user?.teamId ? this.directory.findTeam(user.teamId) : undefined;
    const mode: WrapUpMode =
      leg.direction === 'incoming' ? (team?.settings.wrapUpOnIncoming ?? 'NOT_ALLOWED') : (team?.settings.wrapUpOnOutgoing ?? 'NOT_ALLOWED');
    if (mode !== 'NOT_ALLOWED' && !this.due.has(loginId)) {
      this.due.add(loginId);
      // Saved with the calls he is still on: it outlives this change when he is on another call.
      for (const other of this.registry.callsOf(loginId)) this.registry.markUnsaved(other);
    }
    if (mode === 'REQUIRED_WITH_WRAP_UP_DATA') call.wrapUpDataRequired.add(loginId);
  }
}
