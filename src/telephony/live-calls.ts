import type { QueueCatalogue } from '../application/queue-catalogue.js';
import type { StoredLiveCall } from '../application/ports/store.js';
import type { Clock } from '../domain/clock.js';
import type { Dialog } from '../domain/dialog.js';
import { Call } from './call.js';
import type { CallRegistry } from './call-registry.js';
import type { CallTimers } from './call-timers.js';
import type { SavedCall } from './live-call-format.js';
import { callVariablesOf, decodeCall, encodeCall, savedCallOf } from './live-call-format.js';
import type { WrapUp } from './wrap-up.js';

/**
 * Where live calls are kept (the store). Writes join the unit of work of the change that made them: they
 * are committed with it (agent states, history) and before anything it caused is told.
 */
export interface LiveCallStore {
  /** The call as it is now, replacing what was saved of it. */
  saveLiveCall(call: StoredLiveCall): void;
  /** The call is finished (its history record is written) or could not be restored: forget it. */
  liveCallEnded(id: string): void;
}

/** What a restart brought back. */
export interface RestoredCalls {
  /** In creation order. */
  calls: Call[];
  /** Saved calls that could not be read or fit no more (their queue or monitored call is gone): forgotten. */
  dropped: { id: string; reason: string }[];
}

/**
 * Live calls saved and read back. At the end of every change, each call that changed is saved (one
 * document, see live-call-format.ts) and each saved call that is gone is forgotten. At start, the saved
 * calls are rebuilt as they were — phase, participants, queue place, who saw which version — adopted by the
 * registry, and their timers armed again at their deadlines.
 */
export class LiveCalls {
  /** Ids of calls that have a saved document. */
  private readonly saved = new Set<string>();

  constructor(
    private readonly clock: Clock,
    private readonly queues: QueueCatalogue,
    private readonly registry: CallRegistry,
    private readonly timers: CallTimers,
    private readonly wrapUp: WrapUp,
    private readonly store: LiveCallStore,
  ) {}

  /** Saves the calls that changed in a change, or forgets them when they are gone. */
  save(calls: readonly Call[]): void {
    const now = this.clock.now();
    for (const call of calls) {
      if (this.registry.isRegistered(call)) {
        this.store.saveLiveCall({ id: call.id, state: encodeCall(savedCallOf(call, this.wrapUp.dueOn(call))), updatedAt: now });
        this.saved.add(call.id);
      } else if (this.saved.delete(call.id)) {
        this.store.liveCallEnded(call.id);
      }
    }
  }

  /** Rebuilds the saved calls in creation order; those that cannot be rebuilt are forgotten. */
  restore(stored: readonly StoredLiveCall[]): RestoredCalls {
    const result: RestoredCalls = { calls: [], dropped: [] };
    const readable: SavedCall[] = [];
    for (const s of stored) {
      try {
        readable.push(decodeCall(s.id, s.state));
      } catch (error) {
        result.dropped.push({ id: s.id, reason: (error as Error).message });
      }
    }
    readable.sort((a, b) => a.sequence - b.sequence);
    for (const saved of readable) {
      const call = this.rebuild(saved);
      if (typeof call === 'string') result.dropped.push({ id: saved.id, reason: call });
      else result.calls.push(call);
    }
    for (const { id } of result.dropped) this.store.liveCallEnded(id);
    return result;
  }

  /** The call as saved, registered with its timers armed; or why it cannot be. */
  private rebuild(saved: SavedCall): Call | string {
    const queue = saved.queueId === null ? null : this.queues.find(saved.queueId);
    if (queue === undefined) return `its queue ${saved.queueId} no longer exists`;
    const monitored = saved.monitorOf === null ? null : this.registry.get(saved.monitorOf);
    if (monitored === undefined) return `the call it monitors (${saved.monitorOf}) is gone`;
    if (this.registry.get(saved.id)) return 'a call with this id is live already';
    const call = Call.restored(dialogOf(saved), saved.sequence, saved.startedAt, this.registry, saved.phase, saved.offeredTo);
    call.queue = queue;
    call.enqueuedAt = saved.enqueuedAt;
    call.waitingSince = saved.waitingSince;
    call.answeredAt = saved.answeredAt;
    call.endedAt = saved.endedAt;
    call.outcome = saved.outcome;
    call.talkMs = saved.talkMs;
    call.agentAnswerMs = saved.agentAnswerMs;
    call.monitorOf = monitored;
    for (const [loginId, signature] of saved.notified) call.notified.set(loginId, signature);
    for (const [loginId, leg] of saved.legs) call.legs.set(loginId, { ...leg });
    call.agentsConnected.push(...saved.agentsConnected);
    for (const loginId of saved.wrapUpDataRequired) call.wrapUpDataRequired.add(loginId);
    this.registry.adopt(call);
    this.saved.add(call.id);
    for (const { action, deadline } of saved.timers) this.timers.rearm(call, action, deadline);
    this.wrapUp.restoreDue(saved.wrapUpDue);
    return call;
  }
}

function dialogOf(saved: SavedCall): Dialog {
  const d = saved.dialog;
  return {
    id: saved.id,
    fromAddress: d.fromAddress,
    toAddress: d.toAddress,
    associatedDialogId: d.associatedDialogId,
    secondaryId: d.secondaryId,
    state: d.state,
    mediaProperties: { ...d.mediaProperties, callVariables: callVariablesOf(d) },
    participants: d.participants.map((p) => ({ ...p })),
  };
}
