import type { Clock } from '../domain/clock.js';
import type { Participant } from '../domain/dialog.js';
import type { AgentSync } from './agent-sync.js';
import type { Call } from './call.js';
import type { CallTimers } from './call-timers.js';
import type { Connections } from './connections.js';
import { DEVICE_BUSY } from './connections.js';
import type { UnitOfWork } from './unit-of-work.js';
import type { WrapUp } from './wrap-up.js';

/**
 * The agents' phones: a call rings one (or finds it busy), the agent answers it (or, for the traffic
 * generator, his simulated self does after a while), holds and retrieves it.
 */
export class AgentPhones {
  constructor(
    private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly timers: CallTimers,
    private readonly agents: AgentSync,
    private readonly wrapUp: WrapUp,
    private readonly connections: Connections,
  ) {
    timers.on('agentAnswer', (call, { agent }) => this.autoAnswer(call, agent));
  }

  /** Offers the call to the agent: ALERTING, and RESERVED when he was READY. `caller` is told if the phone is busy. */
  ring(call: Call, loginId: string, requestId: string, caller: Participant | null): void {
    if (!this.agents.isFreeForCall(loginId)) return this.connections.fail(call, caller, 'BUSY', requestId, DEVICE_BUSY, 'busy');
    const status = this.agents.statusOf(loginId);
    this.wrapUp.finishDialogs(loginId, requestId);
    if (status.state === 'READY') this.agents.apply(loginId, { type: 'offered' }, requestId);
    const direction = call.dialog.mediaProperties.callType === 'CONSULT' ? 'none' : 'incoming';
    call.addParticipant({ mediaAddress: status.extension!, loginId, state: 'ALERTING' }, this.clock.now());
    call.legs.set(loginId, { direction, connected: false });
    if (call.offeredTo !== loginId) call.offerTo(loginId);
    this.uow.touch(loginId);
    this.uow.commit(call, requestId);
    if (call.agentAnswerMs !== null) this.timers.start(call, { kind: 'agentAnswer', agent: loginId }, call.agentAnswerMs);
  }

  answer(call: Call, own: Participant, requestId: string): void {
    this.timers.cancel(call, 'ringNoAnswer', 'agentAnswer');
    call.setParticipantState(own, 'ACTIVE', this.clock.now());
    this.connections.connect(call);
    this.connections.markConnected(call, own.loginId!);
    this.uow.commit(call, requestId);
  }

  hold(call: Call, own: Participant, requestId: string): void {
    call.setParticipantState(own, 'HELD', this.clock.now());
    this.uow.touch(own.loginId!);
    this.uow.commit(call, requestId);
  }

  retrieve(call: Call, own: Participant, requestId: string): void {
    call.setParticipantState(own, 'ACTIVE', this.clock.now());
    this.uow.touch(own.loginId!);
    this.uow.commit(call, requestId);
  }

  private autoAnswer(call: Call, loginId: string): void {
    const own = call.participantIn(loginId, 'ALERTING');
    if (own) this.answer(call, own, '');
  }
}
