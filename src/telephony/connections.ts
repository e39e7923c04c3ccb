import type { CallOutcome } from '../domain/call-record.js';
import type { Clock } from '../domain/clock.js';
import type { Participant, StateCause } from '../domain/dialog.js';
import { isLive } from '../domain/dialog.js';
import type { AsyncApiError, EventBus } from '../domain/events.js';
import type { AgentSync } from './agent-sync.js';
import type { Call } from './call.js';
import type { CallHistoryStore } from './call-history.js';
import { callRecordOf } from './call-history.js';
import type { CallRegistry } from './call-registry.js';
import type { CallTimers } from './call-timers.js';
import type { QueueSignals } from './queue-signals.js';
import type { UnitOfWork } from './unit-of-work.js';
import type { WrapUp } from './wrap-up.js';

export const DEVICE_BUSY: AsyncApiError = Object.freeze({ errorType: 'Device Busy', errorData: '13', errorMessage: 'CF_DEVICE_BUSY' });
export const INVALID_DESTINATION: AsyncApiError = Object.freeze({ errorType: 'Invalid Destination', errorData: '12', errorMessage: 'CF_INVALID_DESTINATION' });

/**
 * How parties are connected to and disconnected from a call: a setup that fails, the moment a call is
 * connected, a party hanging up, a call cleared for everyone, a monitor ending, and the review that
 * forgets finished calls and writes them to the history.
 */
export class Connections {
  constructor(
    private readonly clock: Clock,
    private readonly bus: EventBus,
    private readonly registry: CallRegistry,
    private readonly uow: UnitOfWork,
    private readonly timers: CallTimers,
    private readonly agents: AgentSync,
    private readonly wrapUp: WrapUp,
    private readonly signals: QueueSignals,
    private readonly history: CallHistoryStore,
  ) {
    timers.on('talk', (call) => {
      const party = call.dialog.participants.find((p) => p.loginId === null && isLive(p));
      if (party) this.leave(call, party, '', 'completed');
    });
  }

  /** The destination cannot be reached: the caller's participant FAILED, or, for an outside caller, the call just ends. */
  fail(call: Call, caller: Participant | null, cause: StateCause, requestId: string, error: AsyncApiError, outcome: CallOutcome): void {
    const now = this.clock.now();
    call.outcome = outcome;
    if (caller === null) {
      // An external caller reaching a busy agent: nobody to tell, the call just ends.
      for (const p of call.dialog.participants) if (p.state !== 'DROPPED') call.setParticipantState(p, 'DROPPED', now);
      call.end(outcome);
      return;
    }
    call.setParticipantState(caller, 'FAILED', now, cause);
    this.uow.commit(call, requestId);
    if (caller.loginId !== null) this.reportFailure(caller.loginId, call, requestId, error);
  }

  /** An asynchronous apiError for a request already answered 202. */
  reportFailure(loginId: string, call: Call, requestId: string, error: AsyncApiError): void {
    this.bus.publish([{ type: 'DialogRequestFailed', requestId, at: this.clock.now(), loginId, dialogId: call.id, error }]);
  }

  /** The called party answered: everyone still dialing is connected, and a simulated caller's talk time starts. */
  connect(call: Call): void {
    const now = this.clock.now();
    for (const p of call.dialog.participants) {
      if (p.state === 'INITIATED' || p.state === 'INITIATING') call.setParticipantState(p, 'ACTIVE', now);
      if (p.state === 'ACTIVE' && p.loginId !== null) this.markConnected(call, p.loginId);
    }
    call.connect(now);
    this.startTalkTimer(call);
  }

  markConnected(call: Call, loginId: string): void {
    call.markConnected(loginId);
    this.uow.touch(loginId);
  }

  /** A participant hangs up. When fewer than two parties remain, the call is cleared. */
  leave(call: Call, participant: Participant, requestId: string, outcome: CallOutcome): void {
    const now = this.clock.now();
    if (participant.loginId !== null) {
      this.uow.touch(participant.loginId);
      this.wrapUp.leave(call, participant, participant.loginId, this.agents.isSigningOut(participant.loginId));
    } else {
      call.setParticipantState(participant, 'DROPPED', now);
    }
    const callerLeftQueue = call.phase === 'queued' && participant.loginId === null;
    const live = call.liveParticipants();
    const over = live.length < 2 && (callerLeftQueue || call.phase !== 'queued');
    if (callerLeftQueue) {
      // Parties left on a queued call were connected before it was transferred to the queue.
      if (over) call.clear(outcome, now);
      else call.connect(now);
      if (call.queue) this.signals.changed(call.queue);
    }
    if (over && !live.some((p) => (p.state === 'ACTIVE' || p.state === 'HELD') && !p.passive)) {
      // Nobody left who was talking: one PUT shows the final state.
      return this.clearCall(call, requestId, outcome);
    }
    this.uow.commit(call, requestId);
    if (over) return this.clearCall(call, requestId, outcome);
    this.uow.removeDropped(call, requestId);
  }

  /** Ends the call for everyone still on it: PUT with the final states, then DELETE (except for wrap-up). */
  clearCall(call: Call, requestId: string, outcome: CallOutcome): void {
    const now = this.clock.now();
    const offeredTo = call.offeredTo;
    call.clear(outcome, now);
    this.timers.cancelAll(call);
    if (offeredTo !== null && this.agents.stateOf(offeredTo) === 'RESERVED') this.uow.touch(offeredTo);
    for (const p of call.dialog.participants) {
      if (!isLive(p) && p.state !== 'FAILED') continue;
      if (p.loginId !== null) {
        this.uow.touch(p.loginId);
        this.wrapUp.leave(call, p, p.loginId, this.agents.isSigningOut(p.loginId));
      } else {
        call.setParticipantState(p, 'DROPPED', now);
      }
    }
    if (call.queue) this.signals.changed(call.queue);
    this.uow.commit(call, requestId);
    this.uow.removeDropped(call, requestId);
    for (const monitor of this.registry.monitorsOf(call)) this.endMonitor(monitor, requestId, true);
  }

  /** The monitor call goes away for the supervisor; `withUpdate` shows its final state first. */
  endMonitor(monitor: Call, requestId: string, withUpdate: boolean): void {
    const now = this.clock.now();
    monitor.end('completed');
    for (const p of monitor.dialog.participants) {
      if (p.loginId !== null) this.uow.touch(p.loginId);
      if (p.state !== 'DROPPED') monitor.setParticipantState(p, 'DROPPED', now);
    }
    if (withUpdate) this.uow.commit(monitor, requestId);
    this.uow.remove(monitor, requestId, [...monitor.notified.keys()]);
  }

  /** End-of-work review of a changed call: a monitor that watches nothing ends; a call that is over is forgotten and recorded. */
  review(call: Call): void {
    if (!this.registry.isRegistered(call)) return;
    if (call.monitorOf !== null && call.notified.size > 0 && !this.stillMonitored(call)) this.endMonitor(call, '', true);
    if (!call.isOver()) return;
    this.timers.cancelAll(call);
    this.registry.remove(call);
    call.finish();
    if (call.monitorOf === null) this.history.saveCallRecord(callRecordOf(call, this.clock.now()));
  }

  private stillMonitored(monitor: Call): boolean {
    const monitored = monitor.monitorOf!;
    const agent = monitor.dialog.participants.find((p) => p.passive)?.loginId;
    return this.registry.isRegistered(monitored) && monitored.dialog.participants.some((p) => p.loginId === agent && isLive(p));
  }

  private startTalkTimer(call: Call): void {
    if (call.talkMs === null || call.timers.has('talk')) return;
    this.timers.start(call, { kind: 'talk' }, call.talkMs);
  }
}
