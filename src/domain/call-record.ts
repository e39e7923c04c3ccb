/** How a call ended, for the call history. */
export type CallOutcome = 'completed' | 'abandoned' | 'queueTimeLimit' | 'busy' | 'invalid' | 'failed' | 'noAnswer' | 'transferred' | 'conferenced';

/** One finished call, kept in the store: the start of reporting. */
export interface CallRecord {
  id: string;
  startedAt: number;
  answeredAt: number | null;
  endedAt: number;
  fromAddress: string;
  toAddress: string;
  callType: string;
  queueId: string | null;
  queueName: string | null;
  /** loginIds of every agent who was connected to the call, in order. */
  agents: readonly string[];
  /** Talk time: from answer to end (0 when never answered). */
  durationMs: number;
  wrapUpReason: string;
  callVariables: Readonly<Record<string, string>>;
  outcome: CallOutcome;
}
