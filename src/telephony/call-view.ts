import type { Call } from './call.js';

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

export function viewOf(call: Call): CallView {
  const waiting = call.phase === 'queued';
  return {
    id: call.id,
    state: waiting ? 'QUEUED' : call.dialog.state,
    fromAddress: call.dialog.fromAddress,
    toAddress: call.dialog.toAddress,
    callType: call.dialog.mediaProperties.callType,
    queueId: call.queue?.id ?? null,
    queueName: call.queue?.name ?? null,
    waiting,
    startedAt: call.startedAt,
    answeredAt: call.answeredAt,
    endedAt: call.endedAt,
    participants: call.dialog.participants.map((p) => ({ mediaAddress: p.mediaAddress, loginId: p.loginId, state: p.state })),
  };
}
