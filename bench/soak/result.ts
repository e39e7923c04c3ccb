import type { Example, Tally } from './figures.js';
import type { MemoryPoint } from './memory.js';
import type { Kind } from './options.js';

export interface SoakResult {
  seed: number;
  inputs: number;
  inputsByKind: Record<Kind, number>;
  seconds: number;
  inputsPerSecond: number;
  crashes: number;
  http5xx: number;
  xmppInternalErrors: number;
  serverErrorLogs: number;
  refusedButChanged: number;
  refusedChecked: number;
  acceptedChanges: number;
  unattributedChanges: number;
  indeterminate: number;
  oracleErrors: number;
  rssStartMb: number;
  rssPeakMb: number;
  rssEndMb: number;
  rssSettledMb: number;
  heapUsedStartMb: number;
  heapUsedEndMb: number;
  heapUsedSettledMb: number;
  memoryTrend: MemoryPoint[];
  settleSeconds: number;
  serverMetrics5xx: number;
  serverXmppConnectionsAtEnd: number;
  answersByKind: Record<Kind, Tally>;
  counters: Tally;
  stoppedBy: 'count' | 'time' | 'crash';
  serverExit: string;
  examples: Example[];
}

/** The figures that must be zero. */
export function soakFailed(result: SoakResult): boolean {
  return result.crashes + result.http5xx + result.xmppInternalErrors + result.refusedButChanged + result.unattributedChanges + result.serverErrorLogs > 0;
}
