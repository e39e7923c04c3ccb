import type { CallRecord } from '../domain/call-record.js';
import type { Call } from './call.js';

/** Where finished calls go (the store). */
export interface CallHistoryStore {
  saveCallRecord(record: CallRecord): void;
}

/** The history record of a finished call; `now` stands in for the end of a call that was never cleared. */
export function callRecordOf(call: Call, now: number): CallRecord {
  const endedAt = call.endedAt ?? now;
  const mp = call.dialog.mediaProperties;
  return {
    id: call.id,
    startedAt: call.startedAt,
    answeredAt: call.answeredAt,
    endedAt,
    fromAddress: call.dialog.fromAddress,
    toAddress: call.dialog.toAddress,
    callType: mp.callType,
    queueId: call.queue?.id ?? null,
    queueName: call.queue?.name ?? null,
    agents: call.agentsConnected,
    durationMs: call.answeredAt === null ? 0 : endedAt - call.answeredAt,
    wrapUpReason: mp.wrapUpReason,
    callVariables: Object.fromEntries(mp.callVariables),
    outcome: call.outcome ?? (call.answeredAt === null ? 'abandoned' : 'completed'),
  };
}
