import { emptyCallVariables, validateCallVariables, withCallVariables } from '../domain/call-variables.js';
import type { Clock } from '../domain/clock.js';
import { DomainError } from '../domain/errors.js';
import type { AgentSync } from './agent-sync.js';
import type { Call } from './call.js';
import type { CallRegistry } from './call-registry.js';
import type { CallView } from './call-view.js';
import { viewOf } from './call-view.js';
import type { Connections } from './connections.js';
import type { Dialing } from './dialing.js';
import type { ExternalParties } from './external-parties.js';
import type { CallVariableInput } from './telephony.js';
import type { UnitOfWork } from './unit-of-work.js';

export interface ExternalCallRequest {
  from: string;
  to: string;
  callVariables: readonly CallVariableInput[];
  /** The caller hangs up this many seconds after an agent answered. */
  talkSeconds?: number;
  /** Agents offered this call answer it by themselves after this many seconds. */
  agentAnswerSeconds?: number;
}

/** The outside world: what the control API and the traffic generator act for. */
export interface SimulatedWorld {
  placeExternalCall(request: ExternalCallRequest): CallView;
  answerExternal(callId: string): void;
  hangupExternal(callId: string): void;
  activeCalls(): CallView[];
  callView(callId: string): CallView | undefined;
}

const ANI = /^\+?[0-9]{1,32}$/;

/** The simulated outside world: callers dial in, external parties answer and hang up when told to. */
export class OutsideWorld implements SimulatedWorld {
  constructor(
    private readonly clock: Clock,
    private readonly registry: CallRegistry,
    private readonly uow: UnitOfWork,
    private readonly agents: AgentSync,
    private readonly dialing: Dialing,
    private readonly external: ExternalParties,
    private readonly connections: Connections,
  ) {}

  placeExternalCall(request: ExternalCallRequest): CallView {
    if (!ANI.test(request.from)) throw new DomainError('InvalidInput', 'from must be a phone number', request.from);
    validateCallVariables(request.callVariables);
    const destination = this.dialing.resolve(request.to);
    if (destination.kind === 'external')
      throw new DomainError('InvalidDestination', 'to must be a queue dialed number or the extension of a signed-in agent', request.to);
    if (this.agents.agentAtExtension(request.from) !== undefined)
      throw new DomainError('InvalidInput', 'from is the extension of a signed-in agent', request.from);
    let created: Call | undefined;
    this.uow.run(() => {
      const now = this.clock.now();
      const call = this.registry.open(
        {
          fromAddress: request.from,
          toAddress: request.to,
          callType: destination.kind === 'queue' ? 'ACD_IN' : 'OTHER_IN',
          callVariables: withCallVariables(emptyCallVariables(), request.callVariables),
        },
        now,
      );
      call.talkMs = request.talkSeconds !== undefined ? request.talkSeconds * 1000 : null;
      call.agentAnswerMs = request.agentAnswerSeconds !== undefined ? request.agentAnswerSeconds * 1000 : null;
      call.addParticipant({ mediaAddress: request.from, loginId: null, state: 'INITIATED' }, now);
      created = call;
      this.dialing.deliver(call, destination, '', null);
    });
    return viewOf(created!);
  }

  answerExternal(callId: string): void {
    const call = this.requireCall(callId);
    const ringing = call.dialog.participants.find((p) => p.loginId === null && p.state === 'ALERTING');
    if (!ringing) throw new DomainError('InvalidState', 'No external party of this call is ringing', callId);
    this.uow.run(() => this.external.answer(call, ringing));
  }

  hangupExternal(callId: string): void {
    const call = this.requireCall(callId);
    const party = call.dialog.participants.find((p) => p.loginId === null && p.state !== 'DROPPED');
    if (!party) throw new DomainError('InvalidState', 'No external party is on this call', callId);
    this.uow.run(() => this.connections.leave(call, party, '', call.answeredAt === null ? 'abandoned' : 'completed'));
  }

  activeCalls(): CallView[] {
    return [...this.registry.all()].filter((c) => c.monitorOf === null).map(viewOf);
  }

  callView(callId: string): CallView | undefined {
    const call = this.registry.get(callId);
    return call ? viewOf(call) : undefined;
  }

  private requireCall(callId: string): Call {
    const call = this.registry.get(callId);
    if (!call) throw new DomainError('NotFound', 'No such active call', callId);
    return call;
  }
}
