import type { AccessPolicy } from '../application/access-policy.js';
import type { AgentService, CallTransition } from '../application/agent-service.js';
import type { QueueCatalogue } from '../application/queue-catalogue.js';
import { NO_CALL_FACTS } from '../domain/agent-state-machine.js';
import type { CallFacts } from '../domain/agent-state-machine.js';
import type { CallOutcome, CallRecord } from '../domain/call-record.js';
import { MAX_WRAP_UP_REASON_LENGTH, emptyCallVariables, validateCallVariables, withCallVariables } from '../domain/call-variables.js';
import type { Clock, Timer } from '../domain/clock.js';
import type { Dialog, DialogAction, DialogSnapshot, Participant, StateCause } from '../domain/dialog.js';
import { addParticipant, isLive, newDialog, removeParticipant, setParticipantState } from '../domain/dialog.js';
import type { ParticipantContext } from '../domain/dialog-actions.js';
import { participantActions } from '../domain/dialog-actions.js';
import type { Directory } from '../domain/directory.js';
import { DomainError } from '../domain/errors.js';
import type { AsyncApiError, DomainEvent, EventBus } from '../domain/events.js';
import type { UserAccount, WrapUpMode } from '../domain/model.js';
import { hasRole } from '../domain/model.js';
import type { Queue, QueueStatistics, TalkDirection } from '../domain/queue.js';
import { isQueueMember, queueStatistics } from '../domain/queue.js';
import type { Store } from '../store/store.js';
import type { Notified } from './dialog-publisher.js';
import { DialogPublisher } from './dialog-publisher.js';
import type { Destination, NumberPlanSettings } from './number-plan.js';
import { resolveDestination } from './number-plan.js';
import type { CallVariableInput, DialogActionRequest, NewDialogRequest, Telephony } from './telephony.js';

/** How an agent takes part in a call, which decides his wrap-up. */
interface AgentLeg {
  direction: 'incoming' | 'outgoing' | 'none';
  connected: boolean;
}

interface Call {
  dialog: Dialog;
  notified: Notified;
  legs: Map<string, AgentLeg>;
  queue: Queue | null;
  /** When the call first entered its queue. */
  enqueuedAt: number | null;
  /** In the queue and not ringing anywhere. */
  waiting: boolean;
  waitingSince: number | null;
  offeredTo: string | null;
  timers: Map<string, Timer>;
  startedAt: number;
  answeredAt: number | null;
  /** When the call was cleared; wrap-up may keep its dialog a while longer. */
  endedAt: number | null;
  agentsConnected: string[];
  outcome: CallOutcome | null;
  /** An external caller hangs up this long after being connected (traffic generator). */
  talkMs: number | null;
  /** Offered agents answer by themselves after this long (traffic generator). */
  agentAnswerMs: number | null;
  /** For a silent-monitor dialog: the monitored call. */
  monitorOf: Call | null;
  /** Agents whose wrap-up of this call is REQUIRED_WITH_WRAP_UP_DATA: they need a wrapUpReason on it to leave wrap-up. */
  wrapUpDataRequired: Set<string>;
}

/** A call as the control API shows it. */
export interface CallView {
  id: string;
  state: string;
  fromAddress: string;
  toAddress: string;
  callType: string;
  queueId: string | null;
  queueName: string | null;
  waiting: boolean;
  startedAt: number;
  answeredAt: number | null;
  /** Set once the call is cleared; agents may still be wrapping it up. */
  endedAt: number | null;
  participants: { mediaAddress: string; loginId: string | null; state: string }[];
}

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

export type SimulatorSettings = NumberPlanSettings;

const ANI = /^\+?[0-9]{1,32}$/;

/**
 * The built-in phone system and ACD: extensions of signed-in agents are phones, queues route calls from
 * their dialed numbers to the longest-available member, external numbers answer after a delay. It keeps
 * the dialogs, drives agent states through AgentService and publishes dialog events on the bus.
 */
export class TelephonySimulator implements Telephony, SimulatedWorld {
  private readonly calls = new Map<string, Call>();
  private readonly publisher: DialogPublisher;
  private readonly wrapUpDue = new Set<string>();
  /** Agents whose state must follow their calls once the change is done, with the requestId that caused it. */
  private readonly touchedAgents = new Map<string, string>();
  private activeRequestId = '';
  private readonly deferred: (() => void)[] = [];
  private depth = 0;
  private nextId: number;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly directory: Directory,
    private readonly agents: AgentService,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly store: Store,
    private readonly queues: QueueCatalogue,
    private readonly access: AccessPolicy,
    private readonly settings: SimulatorSettings,
  ) {
    this.nextId = Math.max(store.maxCallId(), 10_000_000) + 1;
    this.publisher = new DialogPublisher(bus, clock, (p, dialog) => this.contextOf(p, dialog));
    this.unsubscribe = bus.subscribe((event) => this.onDomainEvent(event));
  }

  // ---------------------------------------------------------------- Telephony (Finesse-facing)

  dialogsOf(loginId: string): DialogSnapshot[] {
    const result: DialogSnapshot[] = [];
    for (const call of this.calls.values()) {
      if (call.notified.has(loginId)) result.push(this.publisher.snapshot(call.dialog));
    }
    return result;
  }

  findDialog(dialogId: string): DialogSnapshot | undefined {
    const call = this.calls.get(dialogId);
    return call ? this.publisher.snapshot(call.dialog) : undefined;
  }

  queueStatistics(queueId: string): QueueStatistics {
    const queue = this.queues.find(queueId);
    if (!queue) throw new DomainError('NotFound', 'Invalid queue id specified', queueId);
    const members = this.directory
      .allUsers()
      .filter((u) => hasRole(u, 'Agent') && isQueueMember(queue, u))
      .map((u) => ({ status: this.directory.statusOf(u.loginId), talking: this.talkDirectionOf(u.loginId) }));
    const waiting = [...this.calls.values()].filter((c) => c.queue === queue && c.waiting).map((c) => c.waitingSince ?? c.startedAt);
    return queueStatistics(members, waiting);
  }

  /** What agent state requests must know of the agent's calls: is he wrapping up a call that still needs its wrap-up reason? */
  callFactsOf(loginId: string): CallFacts {
    for (const call of this.calls.values()) {
      if (!call.wrapUpDataRequired.has(loginId) || call.dialog.mediaProperties.wrapUpReason !== '') continue;
      if (call.dialog.participants.some((p) => p.loginId === loginId && p.state === 'WRAP_UP')) return { wrapUpDataMissing: true };
    }
    return NO_CALL_FACTS;
  }

  createDialog(actor: UserAccount, request: NewDialogRequest, requestId: string): void {
    const status = this.directory.statusOf(actor.loginId);
    if (!hasRole(actor, 'Agent')) throw new DomainError('AuthorizationFailure', 'The user is not an authorized agent or supervisor', actor.loginId);
    if (status.state === 'LOGOUT' || status.extension === null) throw new DomainError('InvalidState', 'The user is not signed in', status.state);
    if (request.fromAddress === '') throw new DomainError('ParameterMissing', 'fromAddress parameter is missing', 'fromAddress');
    if (request.fromAddress !== status.extension) throw new DomainError('InvalidInput', 'fromAddress is not the extension of the user', request.fromAddress);
    if (request.toAddress === '') throw new DomainError('ParameterMissing', 'toAddress parameter is missing', 'toAddress');
    if (request.toAddress === request.fromAddress) throw new DomainError('InvalidDestination', 'toAddress is the same as fromAddress', request.toAddress);
    switch (request.action) {
      case 'MAKE_CALL':
        return this.makeCall(actor, status.extension, request, requestId);
      case 'SILENT_MONITOR':
        return this.silentMonitor(actor, status.extension, request.toAddress, requestId);
      case 'BARGE_CALL':
        return this.barge(actor, status.extension, request, requestId);
    }
  }

  actOnDialog(actor: UserAccount, dialogId: string, request: DialogActionRequest, requestId: string): void {
    const call = this.calls.get(dialogId);
    if (!call) throw new DomainError('NotFound', 'Invalid dialogId specified for dialog', dialogId);
    const extension = this.directory.statusOf(actor.loginId).extension;
    const own = call.dialog.participants.find((p) => p.loginId === actor.loginId && p.state !== 'DROPPED');
    if (!own || extension === null) throw new DomainError('AuthorizationFailure', 'The user is not a participant of this dialog', actor.loginId);
    if (request.action === 'PARTICIPANT_DROP') {
      if (request.targetMediaAddress === undefined || request.targetMediaAddress === '') {
        throw new DomainError('ParameterMissing', 'targetMediaAddress parameter is missing', 'targetMediaAddress');
      }
    } else if (request.action !== 'UPDATE_CALL_DATA') {
      if (request.targetMediaAddress === undefined || request.targetMediaAddress === '') {
        throw new DomainError('ParameterMissing', 'targetMediaAddress parameter is missing', 'targetMediaAddress');
      }
      if (request.targetMediaAddress !== extension) {
        throw new DomainError('InvalidInput', 'targetMediaAddress is not the extension of the user', request.targetMediaAddress);
      }
    }
    const actions = participantActions(call.dialog, own, this.contextOf(own, call.dialog));
    if (!actions.includes(request.action as DialogAction)) {
      throw new DomainError('InvalidState', `${request.action} is not allowed for a participant in state ${own.state}`, request.action);
    }
    this.operation(() => this.perform(call, own, actor, request, requestId), requestId);
  }

  close(): void {
    this.unsubscribe();
    for (const call of this.calls.values()) for (const t of call.timers.values()) t.cancel();
    this.calls.clear();
  }

  // ---------------------------------------------------------------- SimulatedWorld (control API)

  placeExternalCall(request: ExternalCallRequest): CallView {
    if (!ANI.test(request.from)) throw new DomainError('InvalidInput', 'from must be a phone number', request.from);
    validateCallVariables(request.callVariables);
    const destination = this.resolve(request.to);
    if (destination.kind === 'external') throw new DomainError('InvalidDestination', 'to must be a queue dialed number or the extension of a signed-in agent', request.to);
    if (this.agentAtExtension(request.from) !== undefined) throw new DomainError('InvalidInput', 'from is the extension of a signed-in agent', request.from);
    let created: Call | undefined;
    this.operation(() => {
      const dialog = newDialog({
        id: this.newId(),
        fromAddress: request.from,
        toAddress: request.to,
        callType: destination.kind === 'queue' ? 'ACD_IN' : 'OTHER_IN',
        callVariables: withCallVariables(emptyCallVariables(), request.callVariables),
      });
      const call = this.newCall(dialog);
      call.talkMs = request.talkSeconds !== undefined ? request.talkSeconds * 1000 : null;
      call.agentAnswerMs = request.agentAnswerSeconds !== undefined ? request.agentAnswerSeconds * 1000 : null;
      addParticipant(dialog, { mediaAddress: request.from, loginId: null, state: 'INITIATED' }, this.clock.now());
      created = call;
      this.deliver(call, destination, '', null);
    });
    return this.view(created!);
  }

  answerExternal(callId: string): void {
    const call = this.requireCall(callId);
    const ringing = call.dialog.participants.find((p) => p.loginId === null && p.state === 'ALERTING');
    if (!ringing) throw new DomainError('InvalidState', 'No external party of this call is ringing', callId);
    this.operation(() => this.externalAnswers(call, ringing));
  }

  hangupExternal(callId: string): void {
    const call = this.requireCall(callId);
    const party = call.dialog.participants.find((p) => p.loginId === null && p.state !== 'DROPPED');
    if (!party) throw new DomainError('InvalidState', 'No external party is on this call', callId);
    this.operation(() => this.leave(call, party, '', call.answeredAt === null ? 'abandoned' : 'completed'));
  }

  activeCalls(): CallView[] {
    return [...this.calls.values()].filter((c) => c.monitorOf === null).map((c) => this.view(c));
  }

  callView(callId: string): CallView | undefined {
    const call = this.calls.get(callId);
    return call ? this.view(call) : undefined;
  }

  // ---------------------------------------------------------------- dialog requests

  private makeCall(actor: UserAccount, extension: string, request: NewDialogRequest, requestId: string): void {
    validateCallVariables(request.callVariables);
    const state = this.directory.statusOf(actor.loginId).state;
    if (!['READY', 'NOT_READY', 'WORK', 'WORK_READY'].includes(state) || this.liveCallsOf(actor.loginId).length > 0) {
      throw new DomainError('InvalidState', `A call cannot be made in state ${state}`, state);
    }
    this.operation(() => {
      this.finishWrapUpDialogs(actor.loginId, requestId);
      const destination = this.resolve(request.toAddress);
      const dialog = newDialog({
        id: this.newId(),
        fromAddress: extension,
        toAddress: request.toAddress,
        callType: destination.kind === 'agent' ? 'AGENT_INSIDE' : 'OUT',
        callVariables: withCallVariables(emptyCallVariables(), request.callVariables),
      });
      const call = this.newCall(dialog);
      this.dial(call, actor.loginId, extension, destination, 'outgoing', requestId);
    }, requestId);
  }

  /** The agent goes off hook and dials: POST INITIATING, PUT INITIATED, then the destination is reached. */
  private dial(call: Call, loginId: string, extension: string, destination: Destination, direction: AgentLeg['direction'], requestId: string): void {
    const now = this.clock.now();
    const own = addParticipant(call.dialog, { mediaAddress: extension, loginId, state: 'INITIATING' }, now);
    call.legs.set(loginId, { direction, connected: false });
    this.touch(loginId);
    this.commit(call, requestId);
    this.reconcileAgent(loginId, requestId);
    setParticipantState(call.dialog, own, 'INITIATED', now);
    this.commit(call, requestId);
    this.deliver(call, destination, requestId, own);
  }

  /** Brings a call to its destination; `caller` is the agent participant placing it, if any. */
  private deliver(call: Call, destination: Destination, requestId: string, caller: Participant | null): void {
    switch (destination.kind) {
      case 'agent':
        this.ringAgent(call, destination.loginId, requestId, caller);
        if (call.offeredTo === destination.loginId) {
          this.setTimer(call, 'ringNoAnswer', this.settings.directRingNoAnswerMs, () => this.directRingNoAnswer(call, destination.loginId));
        }
        return;
      case 'queue':
        return this.enqueue(call, this.queues.find(destination.queueId)!, requestId);
      case 'external':
        return this.ringExternal(call, destination.behaviour, requestId, caller);
    }
  }

  private ringAgent(call: Call, loginId: string, requestId: string, caller: Participant | null): void {
    const status = this.directory.statusOf(loginId);
    const busy = this.liveCallsOf(loginId).length > 0 || !['READY', 'NOT_READY', 'WORK', 'WORK_READY'].includes(status.state);
    if (busy) return this.fail(call, caller, 'BUSY', requestId, { errorType: 'Device Busy', errorData: '13', errorMessage: 'CF_DEVICE_BUSY' }, 'busy');
    this.finishWrapUpDialogs(loginId, requestId);
    if (status.state === 'READY') this.applyCall(loginId, { type: 'offered' }, requestId);
    const direction: AgentLeg['direction'] = call.dialog.mediaProperties.callType === 'CONSULT' ? 'none' : 'incoming';
    addParticipant(call.dialog, { mediaAddress: status.extension!, loginId, state: 'ALERTING' }, this.clock.now());
    call.legs.set(loginId, { direction, connected: false });
    call.offeredTo = loginId;
    this.touch(loginId);
    this.commit(call, requestId);
    if (call.agentAnswerMs !== null) this.setTimer(call, 'agentAnswer', call.agentAnswerMs, () => this.autoAnswer(call, loginId));
  }

  /**
   * A direct call rang out: it is cleared for everyone (all participants DROPPED, PUT then DELETE); the
   * agent it rang, if it had reserved him from READY, goes NOT_READY 32767 as after a queue ring-no-answer.
   */
  private directRingNoAnswer(call: Call, loginId: string): void {
    if (!call.dialog.participants.some((p) => p.loginId === loginId && p.state === 'ALERTING')) return;
    const reserved = this.directory.statusOf(loginId).state === 'RESERVED';
    this.clearCall(call, '', 'noAnswer');
    if (reserved) this.applyCall(loginId, { type: 'ringNoAnswer' }, '');
  }

  private ringExternal(call: Call, behaviour: 'answer' | 'busy' | 'invalid' | 'noAnswer', requestId: string, caller: Participant | null): void {
    if (behaviour === 'busy') return this.fail(call, caller, 'BUSY', requestId, { errorType: 'Device Busy', errorData: '13', errorMessage: 'CF_DEVICE_BUSY' }, 'busy');
    if (behaviour === 'invalid') {
      return this.fail(call, caller, 'BAD_DESTINATION', requestId, { errorType: 'Invalid Destination', errorData: '12', errorMessage: 'CF_INVALID_DESTINATION' }, 'invalid');
    }
    const party = addParticipant(call.dialog, { mediaAddress: destinationOf(call), loginId: null, state: 'ALERTING' }, this.clock.now());
    this.commit(call, requestId);
    if (behaviour === 'answer') {
      this.setTimer(call, 'externalAnswer', this.settings.externalAnswerDelayMs, () => this.externalAnswers(call, party));
    }
  }

  private fail(call: Call, caller: Participant | null, cause: StateCause, requestId: string, error: AsyncApiError, outcome: CallOutcome): void {
    call.outcome = outcome;
    if (caller === null) {
      // An external caller reaching a busy agent: nobody to tell, the call just ends.
      for (const p of call.dialog.participants) setParticipantState(call.dialog, p, 'DROPPED', this.clock.now());
      return;
    }
    setParticipantState(call.dialog, caller, 'FAILED', this.clock.now(), cause);
    this.commit(call, requestId);
    if (caller.loginId !== null) {
      this.bus.publish([{ type: 'DialogRequestFailed', requestId, at: this.clock.now(), loginId: caller.loginId, dialogId: call.dialog.id, error }]);
    }
  }

  private externalAnswers(call: Call, party: Participant): void {
    if (party.state !== 'ALERTING') return;
    const now = this.clock.now();
    setParticipantState(call.dialog, party, 'ACTIVE', now);
    this.connectWaitingParties(call);
    this.commit(call, '');
  }

  /** Everyone still dialing on the call is connected once the called party answers. */
  private connectWaitingParties(call: Call): void {
    const now = this.clock.now();
    for (const p of call.dialog.participants) {
      if (p.state === 'INITIATED' || p.state === 'INITIATING') setParticipantState(call.dialog, p, 'ACTIVE', now);
      if (p.state === 'ACTIVE' && p.loginId !== null) this.markConnected(call, p.loginId);
    }
    call.answeredAt ??= now;
    this.startTalkTimer(call);
  }

  private markConnected(call: Call, loginId: string): void {
    const leg = call.legs.get(loginId);
    if (leg && !leg.connected) {
      leg.connected = true;
      if (!call.agentsConnected.includes(loginId)) call.agentsConnected.push(loginId);
    }
    this.touch(loginId);
  }

  private startTalkTimer(call: Call): void {
    if (call.talkMs === null || call.timers.has('talk')) return;
    this.setTimer(call, 'talk', call.talkMs, () => {
      const party = call.dialog.participants.find((p) => p.loginId === null && isLive(p));
      if (party) this.leave(call, party, '', 'completed');
    });
  }

  private autoAnswer(call: Call, loginId: string): void {
    const own = call.dialog.participants.find((p) => p.loginId === loginId && p.state === 'ALERTING');
    if (own) this.answer(call, own, '');
  }

  private perform(call: Call, own: Participant, actor: UserAccount, request: DialogActionRequest, requestId: string): void {
    const now = this.clock.now();
    switch (request.action) {
      case 'ANSWER':
        return this.answer(call, own, requestId);
      case 'HOLD':
        setParticipantState(call.dialog, own, 'HELD', now);
        this.touch(actor.loginId);
        return this.commit(call, requestId);
      case 'RETRIEVE':
        setParticipantState(call.dialog, own, 'ACTIVE', now);
        this.touch(actor.loginId);
        return this.commit(call, requestId);
      case 'DROP':
        return this.leave(call, own, requestId, 'completed');
      case 'UPDATE_CALL_DATA':
        return this.updateCallData(call, request, requestId);
      case 'SEND_DTMF':
        if (!request.dtmfString) throw new DomainError('ParameterMissing', 'dtmfString parameter is missing', 'dtmfString');
        if (!/^[0-9*#A-D]{1,32}$/.test(request.dtmfString)) throw new DomainError('InvalidInput', 'Invalid DTMF digits', request.dtmfString);
        return;
      case 'CONSULT_CALL':
        return this.consult(call, own, actor, request.toAddress, requestId);
      case 'TRANSFER':
      case 'CONFERENCE':
        return this.complete(call, actor, request.action, requestId);
      case 'TRANSFER_SST':
        return this.singleStepTransfer(call, own, actor, request.toAddress, requestId);
      case 'PARTICIPANT_DROP':
        return this.participantDrop(call, request.targetMediaAddress!, requestId);
      case 'BARGE_CALL':
        throw new DomainError('InvalidInput', 'BARGE_CALL is requested with POST /User/{id}/Dialogs', request.action);
    }
  }

  private answer(call: Call, own: Participant, requestId: string): void {
    call.timers.get('ringNoAnswer')?.cancel();
    call.timers.delete('ringNoAnswer');
    call.timers.get('agentAnswer')?.cancel();
    call.timers.delete('agentAnswer');
    call.offeredTo = null;
    setParticipantState(call.dialog, own, 'ACTIVE', this.clock.now());
    this.connectWaitingParties(call);
    this.markConnected(call, own.loginId!);
    this.commit(call, requestId);
  }

  private updateCallData(call: Call, request: DialogActionRequest, requestId: string): void {
    validateCallVariables(request.callVariables);
    if (request.wrapUpReason !== undefined && request.wrapUpReason.length > MAX_WRAP_UP_REASON_LENGTH) {
      throw new DomainError('InvalidInput', `wrapUpReason is longer than ${MAX_WRAP_UP_REASON_LENGTH} characters`, 'wrapUpReason');
    }
    const mp = call.dialog.mediaProperties;
    mp.callVariables = withCallVariables(mp.callVariables, request.callVariables);
    if (request.wrapUpReason !== undefined) mp.wrapUpReason = request.wrapUpReason;
    this.commit(call, requestId);
  }

  private consult(call: Call, own: Participant, actor: UserAccount, toAddress: string | undefined, requestId: string): void {
    if (toAddress === undefined || toAddress === '') throw new DomainError('ParameterMissing', 'toAddress parameter is missing', 'toAddress');
    if (toAddress === own.mediaAddress) throw new DomainError('InvalidDestination', 'toAddress is the extension of the user', toAddress);
    setParticipantState(call.dialog, own, 'HELD', this.clock.now());
    this.commit(call, requestId);
    const destination = this.resolve(toAddress);
    const consult = this.newCall(
      newDialog({ id: this.newId(), fromAddress: own.mediaAddress, toAddress, callType: 'CONSULT', associatedDialogId: call.dialog.id, callVariables: call.dialog.mediaProperties.callVariables }),
    );
    this.dial(consult, actor.loginId, own.mediaAddress, destination, 'none', requestId);
  }

  /** TRANSFER or CONFERENCE: merges the agent's consult call into his held call. */
  private complete(call: Call, actor: UserAccount, action: 'TRANSFER' | 'CONFERENCE', requestId: string): void {
    const pair = this.consultPair(call, actor.loginId);
    if (!pair) throw new DomainError('InvalidState', `${action} needs a held call and a connected consult call`, action);
    const { original, consult } = pair;
    const now = this.clock.now();
    const moving = consult.dialog.participants.filter((p) => p.loginId !== actor.loginId && isLive(p));
    // The consult call disappears for everyone on it.
    for (const p of consult.dialog.participants) setParticipantState(consult.dialog, p, 'DROPPED', now);
    this.publisher.remove(consult.dialog, consult.notified, requestId, [...consult.notified.keys()]);
    consult.outcome = action === 'TRANSFER' ? 'transferred' : 'conferenced';
    const own = original.dialog.participants.find((p) => p.loginId === actor.loginId && p.state === 'HELD')!;
    if (action === 'TRANSFER') {
      this.handOver(original, own, actor.loginId, requestId);
    } else {
      setParticipantState(original.dialog, own, 'ACTIVE', now);
    }
    original.dialog.secondaryId = consult.dialog.id;
    original.dialog.mediaProperties.callType = action;
    for (const p of moving) {
      const moved = addParticipant(original.dialog, { mediaAddress: p.mediaAddress, loginId: p.loginId, state: 'ACTIVE' }, now);
      if (moved.loginId !== null) {
        original.legs.set(moved.loginId, { direction: 'incoming', connected: false });
        this.markConnected(original, moved.loginId);
      }
    }
    this.touch(actor.loginId);
    this.commit(original, requestId);
  }

  /**
   * The agent transfers the call away. When wrap-up applies he wraps up this call: his participant stays on
   * it in WRAP_UP (a PUT, not a DELETE), so he can set its wrapUpReason, until he leaves wrap-up. Otherwise
   * his DELETE shows him DROPPED and he leaves the call the others go on with.
   */
  private handOver(call: Call, own: Participant, loginId: string, requestId: string): void {
    this.noteWrapUp(call, loginId);
    const state = this.wrapUpState(call, loginId);
    setParticipantState(call.dialog, own, state, this.clock.now());
    if (state === 'DROPPED') {
      this.publisher.remove(call.dialog, call.notified, requestId, [loginId]);
      removeParticipant(call.dialog, own);
    }
    this.touch(loginId);
  }

  private consultPair(call: Call, loginId: string): { original: Call; consult: Call } | undefined {
    const original = call.dialog.mediaProperties.callType === 'CONSULT' ? this.calls.get(call.dialog.associatedDialogId ?? '') : call;
    if (!original) return undefined;
    const consult = [...this.calls.values()].find((c) => c.dialog.associatedDialogId === original.dialog.id && c.dialog.mediaProperties.callType === 'CONSULT' && c.monitorOf === null);
    if (!consult || consult.dialog.state !== 'ACTIVE') return undefined;
    const held = original.dialog.participants.find((p) => p.loginId === loginId && p.state === 'HELD');
    const active = consult.dialog.participants.find((p) => p.loginId === loginId && p.state === 'ACTIVE');
    return held && active ? { original, consult } : undefined;
  }

  private singleStepTransfer(call: Call, own: Participant, actor: UserAccount, toAddress: string | undefined, requestId: string): void {
    if (toAddress === undefined || toAddress === '') throw new DomainError('ParameterMissing', 'toAddress parameter is missing', 'toAddress');
    if (toAddress === own.mediaAddress) throw new DomainError('InvalidDestination', 'toAddress is the extension of the user', toAddress);
    const destination = this.resolve(toAddress);
    const unreachable =
      (destination.kind === 'external' && (destination.behaviour === 'busy' || destination.behaviour === 'invalid')) ||
      (destination.kind === 'agent' && (this.liveCallsOf(destination.loginId).length > 0 || !['READY', 'NOT_READY', 'WORK', 'WORK_READY'].includes(this.directory.statusOf(destination.loginId).state)));
    if (unreachable) {
      const invalid = destination.kind === 'external' && destination.behaviour === 'invalid';
      const error: AsyncApiError = invalid
        ? { errorType: 'Invalid Destination', errorData: '12', errorMessage: 'CF_INVALID_DESTINATION' }
        : { errorType: 'Device Busy', errorData: '13', errorMessage: 'CF_DEVICE_BUSY' };
      this.bus.publish([{ type: 'DialogRequestFailed', requestId, at: this.clock.now(), loginId: actor.loginId, dialogId: call.dialog.id, error }]);
      return;
    }
    this.handOver(call, own, actor.loginId, requestId);
    call.dialog.mediaProperties.callType = 'TRANSFER';
    call.dialog.toAddress = toAddress;
    if (destination.kind === 'external') {
      this.ringExternal(call, destination.behaviour, requestId, null);
    } else {
      this.deliver(call, destination, requestId, null);
    }
    this.commit(call, requestId);
  }

  private participantDrop(call: Call, mediaAddress: string, requestId: string): void {
    const target = call.dialog.participants.find((p) => p.mediaAddress === mediaAddress && isLive(p));
    if (!target) throw new DomainError('InvalidDestination', 'targetMediaAddress is not a participant of this dialog', mediaAddress);
    this.leave(call, target, requestId, 'completed');
  }

  private silentMonitor(supervisor: UserAccount, extension: string, agentExtension: string, requestId: string): void {
    const target = this.checkSupervision(supervisor, agentExtension);
    const supervisorState = this.directory.statusOf(supervisor.loginId).state;
    if (supervisorState !== 'NOT_READY' || this.liveCallsOf(supervisor.loginId).length > 0) {
      throw new DomainError('InvalidState', 'The supervisor must be NOT_READY and not on a call', supervisorState);
    }
    const monitored = this.liveCallsOf(target.loginId).find((c) => c.dialog.participants.some((p) => p.loginId === target.loginId && p.state === 'ACTIVE' && !p.passive));
    if (this.directory.statusOf(target.loginId).state !== 'TALKING' || !monitored) {
      throw new DomainError('InvalidState', 'The agent is not talking', this.directory.statusOf(target.loginId).state);
    }
    this.operation(() => {
      const now = this.clock.now();
      const monitor = this.newCall(newDialog({ id: this.newId(), fromAddress: extension, toAddress: agentExtension, callType: 'SUPERVISOR_MONITOR', associatedDialogId: monitored.dialog.id }));
      monitor.monitorOf = monitored;
      addParticipant(monitor.dialog, { mediaAddress: extension, loginId: supervisor.loginId, state: 'ACTIVE' }, now);
      addParticipant(monitor.dialog, { mediaAddress: agentExtension, loginId: target.loginId, state: 'ACTIVE', passive: true }, now);
      monitor.legs.set(supervisor.loginId, { direction: 'none', connected: true });
      monitor.answeredAt = now;
      this.touch(supervisor.loginId);
      this.commit(monitor, requestId);
    }, requestId);
  }

  private barge(supervisor: UserAccount, extension: string, request: NewDialogRequest, requestId: string): void {
    const target = this.checkSupervision(supervisor, request.toAddress);
    const monitor = [...this.calls.values()].find(
      (c) => c.monitorOf !== null && c.dialog.participants.some((p) => p.loginId === supervisor.loginId && isLive(p)) && c.dialog.toAddress === request.toAddress,
    );
    if (request.associatedDialogId !== null && monitor?.dialog.id !== request.associatedDialogId) {
      throw new DomainError('InvalidInput', 'associatedDialogUri is not a monitor dialog of the user', request.associatedDialogId);
    }
    const monitored = monitor?.monitorOf ?? this.liveCallsOf(target.loginId).find((c) => c.dialog.participants.some((p) => p.loginId === target.loginId && p.state === 'ACTIVE'));
    if (!monitored) throw new DomainError('InvalidState', 'The agent is not talking', this.directory.statusOf(target.loginId).state);
    if (!monitor && this.liveCallsOf(supervisor.loginId).length > 0) throw new DomainError('InvalidState', 'The supervisor is on another call', supervisor.loginId);
    this.operation(() => {
      if (monitor) this.endMonitor(monitor, requestId, false);
      addParticipant(monitored.dialog, { mediaAddress: extension, loginId: supervisor.loginId, state: 'ACTIVE' }, this.clock.now());
      monitored.legs.set(supervisor.loginId, { direction: 'none', connected: true });
      this.markConnected(monitored, supervisor.loginId);
      this.commit(monitored, requestId);
    }, requestId);
  }

  private checkSupervision(supervisor: UserAccount, agentExtension: string): UserAccount {
    if (!hasRole(supervisor, 'Supervisor')) throw new DomainError('AuthorizationFailure', 'The user is not an authorized supervisor', supervisor.loginId);
    const loginId = this.agentAtExtension(agentExtension);
    const agent = loginId === undefined ? undefined : this.directory.findUserByLoginId(loginId);
    if (!agent) throw new DomainError('InvalidDestination', 'toAddress is not the extension of a signed-in agent', agentExtension);
    if (!this.access.maySupervise(supervisor, agent)) throw new DomainError('InvalidSupervisor', 'The supervisor does not supervise a team of this agent', supervisor.loginId);
    const state = this.directory.statusOf(supervisor.loginId).state;
    if (state !== 'NOT_READY' && state !== 'TALKING') throw new DomainError('InvalidState', 'The supervisor must be NOT_READY', state);
    return agent;
  }

  // ---------------------------------------------------------------- queues and routing

  private enqueue(call: Call, queue: Queue, requestId: string): void {
    const now = this.clock.now();
    const mp = call.dialog.mediaProperties;
    call.queue = queue;
    mp.queueName = queue.name;
    mp.queueNumber = queue.id;
    mp.dialedNumber = call.dialog.toAddress;
    mp.dnis = call.dialog.toAddress;
    call.enqueuedAt ??= now;
    call.waiting = true;
    call.waitingSince = now;
    if (queue.maxQueueTimeSeconds > 0 && !call.timers.has('queueLimit')) {
      this.setTimer(call, 'queueLimit', queue.maxQueueTimeSeconds * 1000, () => {
        if (call.waiting) this.clearCall(call, '', 'queueTimeLimit');
      });
    }
    this.queueChanged(queue);
    this.commit(call, requestId);
    this.route(queue, requestId);
  }

  /** Longest-available routing: oldest waiting call to the member who has been READY longest. */
  private route(queue: Queue, requestId: string): void {
    for (;;) {
      const call = [...this.calls.values()].filter((c) => c.queue === queue && c.waiting).sort((a, b) => (a.waitingSince ?? 0) - (b.waitingSince ?? 0))[0];
      if (!call) return;
      const agent = this.longestAvailable(queue);
      if (!agent) return;
      call.waiting = false;
      this.queueChanged(queue);
      this.ringAgent(call, agent, requestId, null);
      this.setTimer(call, 'ringNoAnswer', queue.ringNoAnswerSeconds * 1000, () => this.withdrawOffer(call, agent, true));
    }
  }

  private longestAvailable(queue: Queue): string | undefined {
    let best: { loginId: string; since: number } | undefined;
    for (const user of this.directory.allUsers()) {
      if (!hasRole(user, 'Agent') || !isQueueMember(queue, user)) continue;
      const status = this.directory.statusOf(user.loginId);
      if (status.state !== 'READY' || status.extension === null || this.liveCallsOf(user.loginId).length > 0) continue;
      const since = status.stateChangeTime ?? 0;
      if (!best || since < best.since) best = { loginId: user.loginId, since };
    }
    return best?.loginId;
  }

  /** The offer goes away from the agent (rang out, or he signed out) and the call waits in the queue again. */
  private withdrawOffer(call: Call, loginId: string, rangOut: boolean): void {
    const own = call.dialog.participants.find((p) => p.loginId === loginId && p.state === 'ALERTING');
    if (!own || !call.queue) return;
    call.timers.get('ringNoAnswer')?.cancel();
    call.timers.delete('ringNoAnswer');
    call.timers.get('agentAnswer')?.cancel();
    call.timers.delete('agentAnswer');
    call.offeredTo = null;
    setParticipantState(call.dialog, own, 'DROPPED', this.clock.now());
    this.commit(call, '');
    this.publisher.removeDropped(call.dialog, call.notified, '');
    removeParticipant(call.dialog, own);
    call.legs.delete(loginId);
    if (rangOut && this.directory.statusOf(loginId).state === 'RESERVED') this.applyCall(loginId, { type: 'ringNoAnswer' }, '');
    const queue = call.queue;
    if (queue.maxQueueTimeSeconds > 0 && this.clock.now() - (call.enqueuedAt ?? 0) >= queue.maxQueueTimeSeconds * 1000) {
      this.clearCall(call, '', 'queueTimeLimit');
      return;
    }
    call.waiting = true;
    this.queueChanged(queue);
    this.route(queue, '');
  }

  private queueChanged(queue: Queue): void {
    this.bus.publish([{ type: 'QueueChanged', at: this.clock.now(), queueId: queue.id }]);
  }

  // ---------------------------------------------------------------- leaving and ending

  /** A participant hangs up. When fewer than two parties remain, the call is cleared. */
  private leave(call: Call, participant: Participant, requestId: string, outcome: CallOutcome): void {
    const now = this.clock.now();
    if (participant.loginId !== null) {
      this.touch(participant.loginId);
      this.noteWrapUp(call, participant.loginId);
      setParticipantState(call.dialog, participant, this.wrapUpState(call, participant.loginId), now);
    } else {
      setParticipantState(call.dialog, participant, 'DROPPED', now);
    }
    if (call.waiting && participant.loginId === null) {
      call.waiting = false;
      if (call.queue) this.queueChanged(call.queue);
    }
    const live = call.dialog.participants.filter(isLive);
    const over = live.length < 2 && !call.waiting;
    if (over && !live.some((p) => (p.state === 'ACTIVE' || p.state === 'HELD') && !p.passive)) {
      // Nobody left who was talking: one PUT shows the final state.
      return this.clearCall(call, requestId, outcome);
    }
    this.commit(call, requestId);
    if (over) return this.clearCall(call, requestId, outcome);
    this.publisher.removeDropped(call.dialog, call.notified, requestId);
  }

  /** Ends the call for everyone still on it: PUT with the final states, then DELETE (except for wrap-up). */
  private clearCall(call: Call, requestId: string, outcome: CallOutcome): void {
    const now = this.clock.now();
    call.outcome ??= outcome;
    call.endedAt ??= now;
    call.waiting = false;
    for (const timer of call.timers.values()) timer.cancel();
    call.timers.clear();
    if (call.offeredTo !== null && this.directory.statusOf(call.offeredTo).state === 'RESERVED') this.touch(call.offeredTo);
    call.offeredTo = null;
    for (const p of call.dialog.participants) {
      if (!isLive(p) && p.state !== 'FAILED') continue;
      if (p.loginId !== null) {
        this.touch(p.loginId);
        this.noteWrapUp(call, p.loginId);
        setParticipantState(call.dialog, p, this.wrapUpState(call, p.loginId), now);
      } else {
        setParticipantState(call.dialog, p, 'DROPPED', now);
      }
    }
    if (call.queue) this.queueChanged(call.queue);
    this.commit(call, requestId);
    this.publisher.removeDropped(call.dialog, call.notified, requestId);
    for (const monitor of this.calls.values()) if (monitor.monitorOf === call) this.endMonitor(monitor, requestId, true);
  }

  private endMonitor(monitor: Call, requestId: string, withUpdate: boolean): void {
    const now = this.clock.now();
    monitor.outcome ??= 'completed';
    for (const p of monitor.dialog.participants) {
      if (p.loginId !== null) this.touch(p.loginId);
      setParticipantState(monitor.dialog, p, 'DROPPED', now);
    }
    if (withUpdate) this.commit(monitor, requestId);
    this.publisher.remove(monitor.dialog, monitor.notified, requestId, [...monitor.notified.keys()]);
  }

  /** WRAP_UP when the agent's team wants wrap-up for this call and he is not signing out; else DROPPED. */
  private wrapUpState(call: Call, loginId: string): 'WRAP_UP' | 'DROPPED' {
    if (!this.wrapUpDue.has(loginId) || !call.legs.get(loginId)?.connected) return 'DROPPED';
    if (this.directory.statusOf(loginId).pendingState === 'LOGOUT') return 'DROPPED';
    if (this.liveCallsOf(loginId).some((c) => c !== call)) return 'DROPPED';
    return 'WRAP_UP';
  }

  private noteWrapUp(call: Call, loginId: string): void {
    const leg = call.legs.get(loginId);
    if (!leg || !leg.connected || leg.direction === 'none') return;
    const user = this.directory.findUserByLoginId(loginId);
    const team = user?.teamId ? this.directory.findTeam(user.teamId) : undefined;
    const mode: WrapUpMode = leg.direction === 'incoming' ? (team?.settings.wrapUpOnIncoming ?? 'NOT_ALLOWED') : (team?.settings.wrapUpOnOutgoing ?? 'NOT_ALLOWED');
    if (mode !== 'NOT_ALLOWED') this.wrapUpDue.add(loginId);
    if (mode === 'REQUIRED_WITH_WRAP_UP_DATA') call.wrapUpDataRequired.add(loginId);
  }

  /** Wrap-up is over for the agent: his wrap-up dialogs go away. */
  private finishWrapUpDialogs(loginId: string, requestId: string): void {
    for (const call of [...this.calls.values()]) {
      const p = call.dialog.participants.find((q) => q.loginId === loginId && q.state === 'WRAP_UP');
      if (!p) continue;
      setParticipantState(call.dialog, p, 'DROPPED', this.clock.now());
      this.publisher.remove(call.dialog, call.notified, requestId, [loginId]);
      if (call.endedAt === null) {
        // The call goes on without him (he transferred it or left a conference): the others see him gone.
        removeParticipant(call.dialog, p);
        this.publisher.flush(call.dialog, call.notified, requestId);
      }
    }
  }

  // ---------------------------------------------------------------- agent states

  /** Moves the agent's state to what his calls say: TALKING, HOLD, or out of the call. */
  private reconcileAgent(loginId: string, requestId: string): void {
    const status = this.directory.statusOf(loginId);
    if (status.state === 'LOGOUT') {
      this.wrapUpDue.delete(loginId);
      return;
    }
    let talking = false;
    let held = false;
    let ringing = false;
    for (const call of this.liveCallsOf(loginId)) {
      for (const p of call.dialog.participants) {
        if (p.loginId !== loginId || p.passive) continue;
        if (p.state === 'HELD') held = true;
        else if (p.state === 'ALERTING') ringing = true;
        else if (p.state !== 'DROPPED' && p.state !== 'WRAP_UP') talking = true;
      }
    }
    const state = status.state;
    if (talking) {
      if (state === 'HOLD') this.applyCall(loginId, { type: 'retrieved' }, requestId);
      else if (state !== 'TALKING') this.applyCall(loginId, { type: 'connected' }, requestId);
    } else if (held) {
      if (state !== 'TALKING' && state !== 'HOLD') this.applyCall(loginId, { type: 'connected' }, requestId);
      if (this.directory.statusOf(loginId).state === 'TALKING') this.applyCall(loginId, { type: 'held' }, requestId);
    } else if (ringing) {
      return;
    } else if (state === 'TALKING' || state === 'HOLD') {
      const wrapUp = this.wrapUpDue.delete(loginId);
      this.applyCall(loginId, { type: 'ended', wrapUp }, requestId);
    } else if (state === 'RESERVED') {
      this.applyCall(loginId, { type: 'reservationWithdrawn' }, requestId);
    }
  }

  private applyCall(loginId: string, transition: CallTransition, requestId: string): void {
    this.agents.applyCall(loginId, transition, requestId);
  }

  private onDomainEvent(event: DomainEvent): void {
    if (event.type !== 'UserChanged') return;
    const loginId = event.user.account.loginId;
    const requestId = event.requestId;
    this.later(() => {
      const state = this.directory.statusOf(loginId).state;
      if (state !== 'WORK' && state !== 'WORK_READY') this.finishWrapUpDialogs(loginId, requestId);
      if (state === 'LOGOUT') {
        for (const call of this.liveCallsOf(loginId)) {
          const p = call.dialog.participants.find((q) => q.loginId === loginId && q.state !== 'DROPPED');
          if (!p) continue;
          if (p.state === 'ALERTING' && call.queue !== null) this.withdrawOffer(call, loginId, false);
          else this.leave(call, p, '', 'completed');
        }
      }
      for (const queue of this.queues.membershipOf(event.user.account)) {
        this.queueChanged(queue);
        if (state === 'READY') this.route(queue, '');
      }
    });
  }

  // ---------------------------------------------------------------- plumbing

  /**
   * Runs a change to the call model. When the outermost change is done, agent states follow the calls,
   * finished calls are written to the history, and work deferred by bus events runs.
   */
  private operation(work: () => void, requestId = ''): void {
    const outermost = this.depth === 0;
    if (outermost) this.activeRequestId = requestId;
    this.depth++;
    try {
      work();
    } finally {
      this.depth--;
    }
    if (outermost) this.settle();
  }

  private touch(loginId: string): void {
    if (!this.touchedAgents.has(loginId)) this.touchedAgents.set(loginId, this.activeRequestId);
  }

  private later(work: () => void): void {
    this.deferred.push(work);
    if (this.depth === 0) this.operation(() => undefined);
  }

  private settle(): void {
    this.depth++;
    try {
      for (let round = 0; round < 100; round++) {
        const agents = [...this.touchedAgents];
        this.touchedAgents.clear();
        for (const [loginId, requestId] of agents) this.reconcileAgent(loginId, requestId);
        for (const call of [...this.calls.values()]) {
          if (call.monitorOf !== null && call.notified.size > 0 && !this.stillMonitored(call)) this.endMonitor(call, '', true);
          this.finalizeIfOver(call);
        }
        const work = this.deferred.splice(0);
        this.activeRequestId = '';
        for (const w of work) w();
        if (work.length === 0 && this.touchedAgents.size === 0) break;
      }
    } finally {
      this.depth--;
    }
  }

  private finalizeIfOver(call: Call): void {
    if (call.waiting || call.notified.size > 0 || call.dialog.participants.some((p) => p.state !== 'DROPPED')) return;
    for (const t of call.timers.values()) t.cancel();
    this.calls.delete(call.dialog.id);
    if (call.monitorOf !== null) return;
    this.store.saveCallRecord(this.recordOf(call));
  }

  private recordOf(call: Call): CallRecord {
    const now = call.endedAt ?? this.clock.now();
    const mp = call.dialog.mediaProperties;
    return {
      id: call.dialog.id,
      startedAt: call.startedAt,
      answeredAt: call.answeredAt,
      endedAt: now,
      fromAddress: call.dialog.fromAddress,
      toAddress: call.dialog.toAddress,
      callType: mp.callType,
      queueId: call.queue?.id ?? null,
      queueName: call.queue?.name ?? null,
      agents: call.agentsConnected,
      durationMs: call.answeredAt === null ? 0 : now - call.answeredAt,
      wrapUpReason: mp.wrapUpReason,
      callVariables: Object.fromEntries(mp.callVariables),
      outcome: call.outcome ?? (call.answeredAt === null ? 'abandoned' : 'completed'),
    };
  }

  private stillMonitored(monitor: Call): boolean {
    const agent = monitor.dialog.participants.find((p) => p.passive)?.loginId;
    return this.calls.get(monitor.monitorOf!.dialog.id) === monitor.monitorOf && monitor.monitorOf!.dialog.participants.some((p) => p.loginId === agent && isLive(p));
  }

  /** POST/PUT for this call and for the other calls of its agents, whose actions may have changed. */
  private commit(call: Call, requestId: string): void {
    this.publisher.flush(call.dialog, call.notified, requestId);
    const agents = new Set(call.dialog.participants.map((p) => p.loginId).filter((id): id is string => id !== null));
    for (const other of this.calls.values()) {
      if (other === call || other.notified.size === 0) continue;
      if (other.dialog.participants.some((p) => p.loginId !== null && agents.has(p.loginId))) this.publisher.flush(other.dialog, other.notified, requestId);
    }
  }

  private contextOf(participant: Participant, dialog: Dialog): ParticipantContext {
    const context = { hasOtherActiveCall: false, hasOtherHeldCall: false };
    for (const call of this.calls.values()) {
      if (call.dialog === dialog) continue;
      for (const p of call.dialog.participants) {
        if (p.loginId !== participant.loginId || p.passive) continue;
        if (p.state === 'ACTIVE') context.hasOtherActiveCall = true;
        if (p.state === 'HELD') context.hasOtherHeldCall = true;
      }
    }
    return context;
  }

  /** Calls the agent is on (ringing, dialing, talking, held or failed), monitor legs of others excluded. */
  private liveCallsOf(loginId: string): Call[] {
    const result: Call[] = [];
    for (const call of this.calls.values()) {
      if (call.dialog.participants.some((p) => p.loginId === loginId && !p.passive && p.state !== 'DROPPED' && p.state !== 'WRAP_UP')) result.push(call);
    }
    return result;
  }

  private talkDirectionOf(loginId: string): TalkDirection | null {
    for (const call of this.liveCallsOf(loginId)) {
      const type = call.dialog.mediaProperties.callType;
      if (type === 'OUT') return 'outbound';
      if (type === 'AGENT_INSIDE' || type === 'CONSULT' || type === 'SUPERVISOR_MONITOR') return 'internal';
      return 'inbound';
    }
    return null;
  }

  private agentAtExtension(extension: string): string | undefined {
    const holder = this.directory.holderOfExtension(extension);
    return holder !== undefined && this.directory.statusOf(holder).state !== 'LOGOUT' ? holder : undefined;
  }

  private resolve(dialed: string): Destination {
    return resolveDestination(
      dialed,
      this.settings,
      (ext) => this.agentAtExtension(ext),
      (number) => this.queues.findByDialedNumber(number)?.id,
    );
  }

  private newId(): string {
    return String(this.nextId++);
  }

  private newCall(dialog: Dialog): Call {
    const call: Call = {
      dialog,
      notified: new Map(),
      legs: new Map(),
      queue: null,
      enqueuedAt: null,
      waiting: false,
      waitingSince: null,
      offeredTo: null,
      timers: new Map(),
      startedAt: this.clock.now(),
      answeredAt: null,
      endedAt: null,
      agentsConnected: [],
      outcome: null,
      talkMs: null,
      agentAnswerMs: null,
      monitorOf: null,
      wrapUpDataRequired: new Set(),
    };
    this.calls.set(dialog.id, call);
    return call;
  }

  private requireCall(callId: string): Call {
    const call = this.calls.get(callId);
    if (!call) throw new DomainError('NotFound', 'No such active call', callId);
    return call;
  }

  private setTimer(call: Call, name: string, delayMs: number, fn: () => void): void {
    call.timers.get(name)?.cancel();
    call.timers.set(
      name,
      this.clock.setTimer(delayMs, () => {
        call.timers.delete(name);
        if (this.calls.get(call.dialog.id) === call) this.operation(fn);
      }),
    );
  }

  private view(call: Call): CallView {
    return {
      id: call.dialog.id,
      state: call.waiting ? 'QUEUED' : call.dialog.state,
      fromAddress: call.dialog.fromAddress,
      toAddress: call.dialog.toAddress,
      callType: call.dialog.mediaProperties.callType,
      queueId: call.queue?.id ?? null,
      queueName: call.queue?.name ?? null,
      waiting: call.waiting,
      startedAt: call.startedAt,
      answeredAt: call.answeredAt,
      endedAt: call.endedAt,
      participants: call.dialog.participants.map((p) => ({ mediaAddress: p.mediaAddress, loginId: p.loginId, state: p.state })),
    };
  }
}

function destinationOf(call: Call): string {
  return call.dialog.toAddress;
}
