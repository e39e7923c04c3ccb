import type { CallOutcome } from '../domain/call-record.js';
import type { Timer } from '../domain/clock.js';
import type { Dialog, Participant, ParticipantState, StateCause } from '../domain/dialog.js';
import { addParticipant, isLive, removeParticipant } from '../domain/dialog.js';
import { transitionParticipant } from '../domain/participant-transitions.js';
import type { Queue } from '../domain/queue.js';

/**
 * Where a call is in its life. `dialing`: being set up, nobody answered yet. `queued`: waiting in a
 * queue, ringing nowhere. `offered`: ringing an agent. `connected`: answered. `ended`: cleared for
 * everyone, though agents may still wrap it up. `finished`: forgotten and written to the history.
 */
export type CallPhase = 'dialing' | 'queued' | 'offered' | 'connected' | 'ended' | 'finished';

/**
 * Which phase may follow which. A call goes (back) to `queued` or `offered` when it is transferred in one
 * step, also from a queue to a queue; `queued → connected` is a party that was ringing before the call was
 * transferred to a queue answering while it waits.
 */
export const CALL_PHASE_TRANSITIONS: Readonly<Record<CallPhase, readonly CallPhase[]>> = {
  dialing: ['queued', 'offered', 'connected', 'ended'],
  queued: ['queued', 'offered', 'connected', 'ended'],
  offered: ['queued', 'offered', 'connected', 'ended'],
  connected: ['queued', 'offered', 'ended'],
  ended: ['finished'],
  finished: [],
};

export class IllegalCallTransition extends Error {
  constructor(
    readonly callId: string,
    readonly from: CallPhase,
    readonly to: CallPhase,
  ) {
    super(`Illegal phase transition of call ${callId} from ${from} to ${to}`);
    this.name = 'IllegalCallTransition';
  }
}

/** How an agent takes part in a call, which decides his wrap-up. */
export interface AgentLeg {
  direction: 'incoming' | 'outgoing' | 'none';
  connected: boolean;
}

export type CallTimerName = 'ringNoAnswer' | 'agentAnswer' | 'externalAnswer' | 'talk' | 'queueLimit';

/**
 * What a call's timer does when it fires, as data, so that it can be saved with the call and armed again
 * after a restart: an offer from a queue or a direct call rings out, an offered agent's simulated self
 * answers, an external party answers, a simulated caller hangs up, a call waited too long in its queue.
 */
export type CallTimerAction =
  | { kind: 'queueRingNoAnswer'; agent: string }
  | { kind: 'directRingNoAnswer'; agent: string }
  | { kind: 'agentAnswer'; agent: string }
  | { kind: 'externalAnswer'; party: string }
  | { kind: 'talk' }
  | { kind: 'queueLimit' };

/** The timer slot an action takes: both ring-no-answers are the one `ringNoAnswer`. */
export function timerNameOf(action: CallTimerAction): CallTimerName {
  return action.kind === 'queueRingNoAnswer' || action.kind === 'directRingNoAnswer' ? 'ringNoAnswer' : action.kind;
}

/** A timer that has not fired: what it does and when (absolute clock time). */
export interface PendingTimer {
  action: CallTimerAction;
  deadline: number;
  timer: Timer;
}

/** What the registry learns from a call as it changes, to keep its indexes. */
export interface CallObserver {
  /** An agent has his first participant on the call. */
  joined(call: Call, loginId: string): void;
  /** The agent's last participant was removed from the call. */
  left(call: Call, loginId: string): void;
  phaseChanged(call: Call, from: CallPhase): void;
  /** Anything the end-of-work review looks at changed: participants, phase, who was told. */
  changed(call: Call): void;
}

/** One call of the simulated phone system: its Finesse dialog and what the ACD and the features need. */
export class Call {
  /** What has been told to whom: agent loginId → signature of the last dialog version sent. */
  readonly notified = new Map<string, string>();
  readonly legs = new Map<string, AgentLeg>();
  readonly timers = new Map<CallTimerName, PendingTimer>();
  /** Agents whose wrap-up of this call is REQUIRED_WITH_WRAP_UP_DATA. */
  readonly wrapUpDataRequired = new Set<string>();
  /** Every agent who was connected to the call, in order (for the history). */
  readonly agentsConnected: string[] = [];
  queue: Queue | null = null;
  /** When the call first entered its queue. */
  enqueuedAt: number | null = null;
  /** Its place in the queue: re-queued calls keep the place they had. */
  waitingSince: number | null = null;
  answeredAt: number | null = null;
  /** When the call was cleared; wrap-up may keep its dialog a while longer. A call that ended otherwise has none. */
  endedAt: number | null = null;
  outcome: CallOutcome | null = null;
  /** An external caller hangs up this long after being connected (traffic generator). */
  talkMs: number | null = null;
  /** Offered agents answer by themselves after this long (traffic generator). */
  agentAnswerMs: number | null = null;
  /** For a silent-monitor call: the monitored call. */
  monitorOf: Call | null = null;
  private currentPhase: CallPhase = 'dialing';
  private offeredAgent: string | null = null;

  constructor(
    readonly dialog: Dialog,
    /** Creation order, which decides the order of every notification about several calls. */
    readonly sequence: number,
    readonly startedAt: number,
    private readonly observer: CallObserver,
  ) {}

  /** A call read back from the store, put in its phase without a transition; the registry indexes it when it adopts it. */
  static restored(dialog: Dialog, sequence: number, startedAt: number, observer: CallObserver, phase: CallPhase, offeredTo: string | null): Call {
    const call = new Call(dialog, sequence, startedAt, observer);
    call.currentPhase = phase;
    call.offeredAgent = phase === 'offered' ? offeredTo : null;
    return call;
  }

  get id(): string {
    return this.dialog.id;
  }

  get phase(): CallPhase {
    return this.currentPhase;
  }

  /** The agent the call rings while it is offered. */
  get offeredTo(): string | null {
    return this.currentPhase === 'offered' ? this.offeredAgent : null;
  }

  /** The call waits in `queue` (first time) or again; `waitingSince` orders the queue. */
  enterQueue(queue: Queue, now: number): void {
    this.requireMove('queued');
    const mp = this.dialog.mediaProperties;
    this.queue = queue;
    mp.queueName = queue.name;
    mp.queueNumber = queue.id;
    mp.dialedNumber = this.dialog.toAddress;
    mp.dnis = this.dialog.toAddress;
    this.enqueuedAt ??= now;
    this.waitingSince = now;
    this.moveTo('queued');
  }

  /** An offer that went away: the call waits again at its old place. */
  requeue(): void {
    this.moveTo('queued');
  }

  offerTo(loginId: string): void {
    this.moveTo('offered');
    this.offeredAgent = loginId;
  }

  /** Someone answered: the call is connected (it stays so when it already was). */
  connect(now: number): void {
    if (this.currentPhase !== 'connected') this.moveTo('connected');
    this.answeredAt ??= now;
  }

  /** The call is over (merged into another, failed to reach anyone, cleared); ending an ended call changes nothing. */
  end(outcome: CallOutcome): void {
    this.outcome ??= outcome;
    if (this.currentPhase !== 'ended') this.moveTo('ended');
  }

  /** Cleared for everyone at `now`. */
  clear(outcome: CallOutcome, now: number): void {
    this.endedAt ??= now;
    this.end(outcome);
  }

  finish(): void {
    this.moveTo('finished');
  }

  addParticipant(party: { mediaAddress: string; loginId: string | null; state: ParticipantState; passive?: boolean }, now: number): Participant {
    const joins = party.loginId !== null && !this.hasAgent(party.loginId);
    const participant = addParticipant(this.dialog, party, now);
    if (joins) this.observer.joined(this, party.loginId!);
    this.observer.changed(this);
    return participant;
  }

  /** Moves a participant along its transition table; an illegal move throws. */
  setParticipantState(participant: Participant, state: ParticipantState, now: number, cause: StateCause = ''): void {
    transitionParticipant(this.dialog, participant, state, now, cause);
    this.observer.changed(this);
  }

  removeParticipant(participant: Participant): void {
    removeParticipant(this.dialog, participant);
    if (participant.loginId !== null && !this.hasAgent(participant.loginId)) this.observer.left(this, participant.loginId);
    this.observer.changed(this);
  }

  /** The agent's first participant that is not DROPPED (the one he acts with). */
  participantOf(loginId: string): Participant | undefined {
    return this.dialog.participants.find((p) => p.loginId === loginId && p.state !== 'DROPPED');
  }

  participantIn(loginId: string, state: ParticipantState): Participant | undefined {
    return this.dialog.participants.find((p) => p.loginId === loginId && p.state === state);
  }

  hasAgent(loginId: string): boolean {
    return this.dialog.participants.some((p) => p.loginId === loginId);
  }

  /** The agent is on the call himself (ringing, dialing, talking, held or failed): not monitored, not wrapping up. */
  isLiveFor(loginId: string): boolean {
    return this.dialog.participants.some((p) => p.loginId === loginId && !p.passive && p.state !== 'DROPPED' && p.state !== 'WRAP_UP');
  }

  liveParticipants(): Participant[] {
    return this.dialog.participants.filter(isLive);
  }

  /** Whether the agent is wrapping this call up and still owes its wrap-up reason. */
  owesWrapUpData(loginId: string): boolean {
    return this.wrapUpDataRequired.has(loginId) && this.dialog.mediaProperties.wrapUpReason === '' && this.participantIn(loginId, 'WRAP_UP') !== undefined;
  }

  /** Marks the agent's leg connected; the first time he is connected, he goes into the history. */
  markConnected(loginId: string): void {
    const leg = this.legs.get(loginId);
    if (leg && !leg.connected) {
      leg.connected = true;
      if (!this.agentsConnected.includes(loginId)) this.agentsConnected.push(loginId);
    }
  }

  /** Nothing is left to do or tell: not waiting, every participant dropped, every agent told. */
  isOver(): boolean {
    return this.currentPhase !== 'queued' && this.notified.size === 0 && this.dialog.participants.every((p) => p.state === 'DROPPED');
  }

  private requireMove(phase: CallPhase): void {
    if (!CALL_PHASE_TRANSITIONS[this.currentPhase].includes(phase)) throw new IllegalCallTransition(this.id, this.currentPhase, phase);
  }

  private moveTo(phase: CallPhase): void {
    const from = this.currentPhase;
    this.requireMove(phase);
    this.currentPhase = phase;
    if (phase !== 'offered') this.offeredAgent = null;
    this.observer.phaseChanged(this, from);
    this.observer.changed(this);
  }
}
