import type { QueueCatalogue } from '../application/queue-catalogue.js';
import { emptyCallVariables, validateCallVariables, withCallVariables } from '../domain/call-variables.js';
import type { Clock } from '../domain/clock.js';
import type { Participant } from '../domain/dialog.js';
import { DomainError } from '../domain/errors.js';
import type { UserAccount } from '../domain/model.js';
import type { Acd } from './acd.js';
import type { AgentPhones } from './agent-phones.js';
import type { AgentSync } from './agent-sync.js';
import type { AgentLeg, Call } from './call.js';
import type { CallRegistry } from './call-registry.js';
import type { CallTimers } from './call-timers.js';
import type { Connections } from './connections.js';
import type { ExternalParties } from './external-parties.js';
import type { Destination, NumberPlanSettings } from './number-plan.js';
import { resolveDestination } from './number-plan.js';
import type { NewDialogRequest } from './telephony.js';
import type { UnitOfWork } from './unit-of-work.js';
import type { WrapUp } from './wrap-up.js';

/** Placing calls: an agent dials, and a call is brought to what was dialed (an agent, a queue, the outside). */
export class Dialing {
  constructor(
    private readonly clock: Clock,
    private readonly queues: QueueCatalogue,
    private readonly registry: CallRegistry,
    private readonly uow: UnitOfWork,
    private readonly timers: CallTimers,
    private readonly agents: AgentSync,
    private readonly wrapUp: WrapUp,
    private readonly phones: AgentPhones,
    private readonly external: ExternalParties,
    private readonly acd: Acd,
    private readonly connections: Connections,
    private readonly settings: NumberPlanSettings,
  ) {
    timers.on('directRingNoAnswer', (call, { agent }) => this.directRingNoAnswer(call, agent));
  }

  /** `MAKE_CALL`: the agent, free and not on a call, calls `toAddress` from his extension. */
  makeCall(actor: UserAccount, extension: string, request: NewDialogRequest, requestId: string): void {
    validateCallVariables(request.callVariables);
    const state = this.agents.stateOf(actor.loginId);
    if (!this.agents.isFreeForCall(actor.loginId)) throw new DomainError('InvalidState', `A call cannot be made in state ${state}`, state);
    this.uow.run(() => {
      this.wrapUp.finishDialogs(actor.loginId, requestId);
      const destination = this.resolve(request.toAddress);
      const call = this.registry.open(
        {
          fromAddress: extension,
          toAddress: request.toAddress,
          callType: destination.kind === 'agent' ? 'AGENT_INSIDE' : 'OUT',
          callVariables: withCallVariables(emptyCallVariables(), request.callVariables),
        },
        this.clock.now(),
      );
      this.dial(call, actor.loginId, extension, destination, 'outgoing', requestId);
    }, requestId);
  }

  /** The agent goes off hook and dials: POST INITIATING, PUT INITIATED, then the destination is reached. */
  dial(call: Call, loginId: string, extension: string, destination: Destination, direction: AgentLeg['direction'], requestId: string): void {
    const now = this.clock.now();
    const own = call.addParticipant({ mediaAddress: extension, loginId, state: 'INITIATING' }, now);
    call.legs.set(loginId, { direction, connected: false });
    this.uow.touch(loginId);
    this.uow.commit(call, requestId);
    this.agents.reconcile(loginId, requestId);
    call.setParticipantState(own, 'INITIATED', now);
    this.uow.commit(call, requestId);
    this.deliver(call, destination, requestId, own);
  }

  /** Brings a call to its destination; `caller` is the agent participant placing it, if any. */
  deliver(call: Call, destination: Destination, requestId: string, caller: Participant | null): void {
    switch (destination.kind) {
      case 'agent':
        this.phones.ring(call, destination.loginId, requestId, caller);
        if (call.offeredTo === destination.loginId) {
          this.timers.start(call, { kind: 'directRingNoAnswer', agent: destination.loginId }, this.settings.directRingNoAnswerMs);
        }
        return;
      case 'queue':
        return this.acd.enqueue(call, this.queues.find(destination.queueId)!, requestId);
      case 'external':
        return this.external.ring(call, destination.behaviour, requestId, caller);
    }
  }

  resolve(dialed: string): Destination {
    return resolveDestination(
      dialed,
      this.settings,
      (extension) => this.agents.agentAtExtension(extension),
      (number) => this.queues.findByDialedNumber(number)?.id,
    );
  }

  /**
   * A direct call rang out: it is cleared for everyone (all participants DROPPED, PUT then DELETE); the
   * agent it rang, if it had reserved him from READY, goes NOT_READY 32767 as after a queue ring-no-answer.
   */
  private directRingNoAnswer(call: Call, loginId: string): void {
    if (!call.participantIn(loginId, 'ALERTING')) return;
    const reserved = this.agents.stateOf(loginId) === 'RESERVED';
    this.connections.clearCall(call, '', 'noAnswer');
    if (reserved) this.agents.apply(loginId, { type: 'ringNoAnswer' }, '');
  }
}
