import type { CallOutcome } from '../domain/call-record.js';
import type { CallVariables } from '../domain/call-variables.js';
import { CALL_VARIABLE_NAMES, emptyCallVariables, withCallVariables } from '../domain/call-variables.js';
import type { CallType, DialogState, Participant } from '../domain/dialog.js';
import type { AgentLeg, Call, CallPhase, CallTimerAction } from './call.js';

/**
 * How a live call is saved: one JSON document per call, versioned by `v`. A reader that meets a version it
 * does not know refuses the document (the call is then dropped at start, not misread). Change the shape
 * only with a new version and a reader of the old ones.
 */
export const LIVE_CALL_FORMAT_VERSION = 1;

/** A live call as saved: everything the phone system holds about it, timers as absolute deadlines. */
export interface SavedCall {
  v: typeof LIVE_CALL_FORMAT_VERSION;
  id: string;
  /** Creation order among calls (notifications about several calls go out in it; ties in queue order). */
  sequence: number;
  startedAt: number;
  phase: Exclude<CallPhase, 'finished'>;
  /** The agent the call rings while `offered`. */
  offeredTo: string | null;
  queueId: string | null;
  enqueuedAt: number | null;
  /** Its place in the queue. */
  waitingSince: number | null;
  answeredAt: number | null;
  endedAt: number | null;
  outcome: CallOutcome | null;
  talkMs: number | null;
  agentAnswerMs: number | null;
  /** For a monitor call: the id of the monitored call. */
  monitorOf: string | null;
  dialog: SavedDialog;
  /** Agent → signature of the last dialog version he was sent (what he saw, so the next change is a PUT). */
  notified: [string, string][];
  legs: [string, AgentLeg][];
  agentsConnected: string[];
  /** Agents whose wrap-up of this call is REQUIRED_WITH_WRAP_UP_DATA. */
  wrapUpDataRequired: string[];
  /** Agents on this call for whom wrap-up is due when they are on no call any more (they left another call). */
  wrapUpDue: string[];
  timers: { action: CallTimerAction; deadline: number }[];
}

export interface SavedDialog {
  fromAddress: string;
  toAddress: string;
  associatedDialogId: string | null;
  secondaryId: string | null;
  state: DialogState;
  mediaProperties: {
    dnis: string;
    callType: CallType;
    dialedNumber: string;
    queueNumber: string;
    queueName: string;
    wrapUpReason: string;
    /**
     * The variables set, in their order: callVariable1..10 only when not empty (every dialog has them),
     * then ECC variables as they were set.
     */
    callVariables: [string, string][];
  };
  participants: Participant[];
}

/** A saved call this code cannot read: another format version, or not a saved call at all. */
export class UnreadableLiveCall extends Error {
  constructor(
    readonly id: string,
    reason: string,
  ) {
    super(`Live call ${id} cannot be read: ${reason}`);
    this.name = 'UnreadableLiveCall';
  }
}

/**
 * The call as saved; `wrapUpDue` are its agents for whom wrap-up is due (kept by WrapUp, not by the call).
 * It shares the call's participants and legs: encode it at once, do not keep it.
 */
export function savedCallOf(call: Call, wrapUpDue: readonly string[]): SavedCall {
  if (call.phase === 'finished') throw new Error(`Call ${call.id} is finished: it is in the history, not saved as live`);
  const d = call.dialog;
  const mp = d.mediaProperties;
  return {
    v: LIVE_CALL_FORMAT_VERSION,
    id: call.id,
    sequence: call.sequence,
    startedAt: call.startedAt,
    phase: call.phase,
    offeredTo: call.offeredTo,
    queueId: call.queue?.id ?? null,
    enqueuedAt: call.enqueuedAt,
    waitingSince: call.waitingSince,
    answeredAt: call.answeredAt,
    endedAt: call.endedAt,
    outcome: call.outcome,
    talkMs: call.talkMs,
    agentAnswerMs: call.agentAnswerMs,
    monitorOf: call.monitorOf?.id ?? null,
    dialog: {
      fromAddress: d.fromAddress,
      toAddress: d.toAddress,
      associatedDialogId: d.associatedDialogId,
      secondaryId: d.secondaryId,
      state: d.state,
      mediaProperties: {
        dnis: mp.dnis,
        callType: mp.callType,
        dialedNumber: mp.dialedNumber,
        queueNumber: mp.queueNumber,
        queueName: mp.queueName,
        wrapUpReason: mp.wrapUpReason,
        callVariables: setVariables(mp.callVariables),
      },
      participants: d.participants,
    },
    notified: [...call.notified],
    legs: [...call.legs],
    agentsConnected: [...call.agentsConnected],
    wrapUpDataRequired: [...call.wrapUpDataRequired],
    wrapUpDue: [...wrapUpDue],
    timers: [...call.timers.values()].map((t) => ({ action: t.action, deadline: t.deadline })),
  };
}

function setVariables(variables: CallVariables): [string, string][] {
  const set: [string, string][] = [];
  for (const [name, value] of variables) if (value !== '' || !STANDARD_VARIABLES.has(name)) set.push([name, value]);
  return set;
}

const STANDARD_VARIABLES: ReadonlySet<string> = new Set(CALL_VARIABLE_NAMES);

/** The call variables of a saved dialog: callVariable1..10 (empty unless set), then the ECC variables. */
export function callVariablesOf(saved: SavedDialog): Map<string, string> {
  return withCallVariables(
    emptyCallVariables(),
    saved.mediaProperties.callVariables.map(([name, value]) => ({ name, value })),
  );
}

export function encodeCall(saved: SavedCall): string {
  return JSON.stringify(saved);
}

/** Reads a saved call back; throws UnreadableLiveCall when it is not one this code knows how to read. */
export function decodeCall(id: string, json: string): SavedCall {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new UnreadableLiveCall(id, 'not JSON');
  }
  if (typeof value !== 'object' || value === null || !('v' in value)) throw new UnreadableLiveCall(id, 'no format version');
  if (value.v !== LIVE_CALL_FORMAT_VERSION) throw new UnreadableLiveCall(id, `format version ${String(value.v)}, this code reads ${LIVE_CALL_FORMAT_VERSION}`);
  const saved = value as SavedCall;
  if (saved.id !== id || typeof saved.dialog !== 'object' || !Array.isArray(saved.dialog.participants) || !Array.isArray(saved.timers)) {
    throw new UnreadableLiveCall(id, 'not a saved call');
  }
  return saved;
}
