import type { Dialog, Participant } from '../domain/dialog.js';
import { isLive, newDialog } from '../domain/dialog.js';
import type { ParticipantContext } from '../domain/dialog-actions.js';
import type { Queue, TalkDirection } from '../domain/queue.js';
import type { CallObserver, CallPhase } from './call.js';
import { Call } from './call.js';
import type { CallIdSource } from './call-ids.js';

/**
 * The live calls, indexed so that nothing on the hot path scans every call: by id, by agent (every call
 * he has a participant on), by associated dialog (consults and monitors of a call), and the waiting calls
 * of each queue in queue order. Lists of several calls always come in creation order, the order the old
 * single map gave and the order notifications about several calls go out in.
 */
export class CallRegistry implements CallObserver {
  private readonly calls = new Map<string, Call>();
  private readonly byAgent = new Map<string, Set<Call>>();
  private readonly byAssociated = new Map<string, Set<Call>>();
  private readonly waitingByQueue = new Map<string, Call[]>();
  /** The queue each waiting call is listed in (the call's own queue may already be the next one). */
  private readonly listedIn = new Map<Call, string>();
  private readonly changedCalls = new Set<Call>();
  /** Calls changed (or gone) since they were last saved: a wider net than `changedCalls`, timers included. */
  private readonly unsavedCalls = new Set<Call>();
  private sequence = 0;

  constructor(private readonly ids: CallIdSource) {}

  /** A new call with the next call id. */
  open(dialog: Omit<Parameters<typeof newDialog>[0], 'id'>, now: number): Call {
    return this.add(newDialog({ ...dialog, id: this.ids.next() }), now);
  }

  add(dialog: Dialog, now: number): Call {
    const call = new Call(dialog, ++this.sequence, now, this);
    this.calls.set(dialog.id, call);
    if (dialog.associatedDialogId !== null) addTo(this.byAssociated, dialog.associatedDialogId, call);
    this.changedCalls.add(call);
    this.unsavedCalls.add(call);
    return call;
  }

  /**
   * Registers a call read back from the store (see `Call.restored`) and indexes it as it is: by agent, by
   * associated dialog, and in its queue at its place. Calls are adopted in creation order; the calls opened
   * afterwards come after them.
   */
  adopt(call: Call): void {
    this.calls.set(call.id, call);
    this.sequence = Math.max(this.sequence, call.sequence);
    if (call.dialog.associatedDialogId !== null) addTo(this.byAssociated, call.dialog.associatedDialogId, call);
    for (const p of call.dialog.participants) if (p.loginId !== null) addTo(this.byAgent, p.loginId, call);
    if (call.phase === 'queued' && call.queue !== null) this.enqueue(call, call.queue);
  }

  get(id: string): Call | undefined {
    return this.calls.get(id);
  }

  isRegistered(call: Call): boolean {
    return this.calls.get(call.id) === call;
  }

  /** Every live call, in creation order. */
  all(): IterableIterator<Call> {
    return this.calls.values();
  }

  remove(call: Call): void {
    if (!this.isRegistered(call)) return;
    this.calls.delete(call.id);
    for (const p of call.dialog.participants) if (p.loginId !== null) removeFrom(this.byAgent, p.loginId, call);
    if (call.dialog.associatedDialogId !== null) removeFrom(this.byAssociated, call.dialog.associatedDialogId, call);
    this.dequeue(call);
    this.changedCalls.delete(call);
    this.unsavedCalls.add(call);
  }

  clear(): void {
    this.calls.clear();
    this.byAgent.clear();
    this.byAssociated.clear();
    this.waitingByQueue.clear();
    this.listedIn.clear();
    this.changedCalls.clear();
    this.unsavedCalls.clear();
  }

  /** Calls the agent has a participant on, whatever its state. */
  callsOf(loginId: string): Call[] {
    return inCreationOrder(this.byAgent.get(loginId));
  }

  /** Calls the agent is on (ringing, dialing, talking, held or failed), monitor legs of others excluded. */
  liveCallsOf(loginId: string): Call[] {
    return this.callsOf(loginId).filter((call) => call.isLiveFor(loginId));
  }

  hasLiveCall(loginId: string): boolean {
    const calls = this.byAgent.get(loginId);
    if (!calls) return false;
    for (const call of calls) if (call.isLiveFor(loginId)) return true;
    return false;
  }

  /** The dialogs the agent has been told about and not told to forget. */
  dialogsOf(loginId: string): Call[] {
    return this.callsOf(loginId).filter((call) => call.notified.has(loginId));
  }

  /** Other calls with one of this call's agents on them: their actions may change with this call. */
  callsSharingAgents(call: Call): Call[] {
    const others = new Set<Call>();
    for (const p of call.dialog.participants) {
      if (p.loginId === null) continue;
      for (const other of this.byAgent.get(p.loginId) ?? []) if (other !== call) others.add(other);
    }
    return inCreationOrder(others);
  }

  /** Calls started from `call`: its consult calls and monitor calls. */
  associatedWith(call: Call): Call[] {
    return inCreationOrder(this.byAssociated.get(call.id));
  }

  /** The first consult call started from `original` (a consult that became a transfer is no longer one). */
  consultOf(original: Call): Call | undefined {
    return this.associatedWith(original).find((c) => c.dialog.mediaProperties.callType === 'CONSULT' && c.monitorOf === null);
  }

  monitorsOf(call: Call): Call[] {
    return this.associatedWith(call).filter((c) => c.monitorOf === call);
  }

  /** The supervisor's monitor call on the agent at `agentExtension`. */
  monitorBy(supervisor: string, agentExtension: string): Call | undefined {
    return this.callsOf(supervisor).find(
      (c) => c.monitorOf !== null && c.dialog.toAddress === agentExtension && c.dialog.participants.some((p) => p.loginId === supervisor && isLive(p)),
    );
  }

  /** The calls waiting in `queue`, longest waiting first. */
  waitingIn(queue: Queue): readonly Call[] {
    return this.waitingByQueue.get(queue.id) ?? [];
  }

  /** What else the participant's agent has going on, for the actions of his participant. */
  contextOf(participant: Participant, dialog: Dialog): ParticipantContext {
    const context = { hasOtherActiveCall: false, hasOtherHeldCall: false };
    if (participant.loginId === null) return context;
    for (const call of this.byAgent.get(participant.loginId) ?? []) {
      if (call.dialog === dialog) continue;
      for (const p of call.dialog.participants) {
        if (p.loginId !== participant.loginId || p.passive) continue;
        if (p.state === 'ACTIVE') context.hasOtherActiveCall = true;
        if (p.state === 'HELD') context.hasOtherHeldCall = true;
      }
    }
    return context;
  }

  /** How the agent talks, by the type of his first live call; null when he is on none. */
  talkDirectionOf(loginId: string): TalkDirection | null {
    const call = this.liveCallsOf(loginId)[0];
    if (!call) return null;
    const type = call.dialog.mediaProperties.callType;
    if (type === 'OUT') return 'outbound';
    if (type === 'AGENT_INSIDE' || type === 'CONSULT' || type === 'SUPERVISOR_MONITOR') return 'internal';
    return 'inbound';
  }

  /**
   * The calls changed since the last time, with the monitors of each (a monitor ends with the call or
   * the agent it watches), in creation order; the list starts empty again.
   */
  takeChanged(): Call[] {
    if (this.changedCalls.size === 0) return [];
    const review = new Set(this.changedCalls);
    this.changedCalls.clear();
    for (const call of [...review]) {
      for (const associated of this.byAssociated.get(call.id) ?? []) if (associated.monitorOf === call) review.add(associated);
    }
    return inCreationOrder(review);
  }

  markChanged(call: Call): void {
    if (this.isRegistered(call)) {
      this.changedCalls.add(call);
      this.unsavedCalls.add(call);
    }
  }

  /** Something saved with the call changed that the end-of-work review need not look at (its timers). */
  markUnsaved(call: Call): void {
    if (this.isRegistered(call)) this.unsavedCalls.add(call);
  }

  /** The calls changed or removed since the last time, to save or forget; the list starts empty again. */
  takeUnsaved(): Call[] {
    if (this.unsavedCalls.size === 0) return [];
    const calls = [...this.unsavedCalls];
    this.unsavedCalls.clear();
    return calls;
  }

  // ---- CallObserver

  joined(call: Call, loginId: string): void {
    if (this.isRegistered(call)) addTo(this.byAgent, loginId, call);
  }

  left(call: Call, loginId: string): void {
    removeFrom(this.byAgent, loginId, call);
  }

  phaseChanged(call: Call, from: CallPhase): void {
    if (from === 'queued') this.dequeue(call);
    if (call.phase === 'queued' && call.queue !== null && this.isRegistered(call)) this.enqueue(call, call.queue);
  }

  changed(call: Call): void {
    this.markChanged(call);
  }

  private enqueue(call: Call, queue: Queue): void {
    this.listedIn.set(call, queue.id);
    let waiting = this.waitingByQueue.get(queue.id);
    if (!waiting) this.waitingByQueue.set(queue.id, (waiting = []));
    const since = call.waitingSince ?? 0;
    let low = 0;
    let high = waiting.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const other = waiting[mid]!;
      const otherSince = other.waitingSince ?? 0;
      if (otherSince < since || (otherSince === since && other.sequence < call.sequence)) low = mid + 1;
      else high = mid;
    }
    waiting.splice(low, 0, call);
  }

  private dequeue(call: Call): void {
    const queueId = this.listedIn.get(call);
    if (queueId === undefined) return;
    this.listedIn.delete(call);
    const waiting = this.waitingByQueue.get(queueId)!;
    waiting.splice(waiting.indexOf(call), 1);
  }
}

function addTo(index: Map<string, Set<Call>>, key: string, call: Call): void {
  let calls = index.get(key);
  if (!calls) index.set(key, (calls = new Set()));
  calls.add(call);
}

function removeFrom(index: Map<string, Set<Call>>, key: string, call: Call): void {
  const calls = index.get(key);
  if (!calls) return;
  calls.delete(call);
  if (calls.size === 0) index.delete(key);
}

function inCreationOrder(calls: Iterable<Call> | undefined): Call[] {
  if (!calls) return [];
  const list = [...calls];
  if (list.length > 1) list.sort((a, b) => a.sequence - b.sequence);
  return list;
}
