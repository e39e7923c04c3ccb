import type { Credentials } from '../accounts/credentials.js';
import type { CallRecord } from '../domain/call-record.js';
import type { Queue } from '../domain/queue.js';
import type { AgentStatus, ReasonCode, Team, UserAccount, WrapUpReason } from '../domain/model.js';

export interface StoredUser {
  account: UserAccount;
  credentials: Credentials;
  status: AgentStatus;
}

export interface StoredSubscription {
  node: string;
  jid: string;
  subid: string;
  createdAt: number;
}

/** Everything openfinesse persists. A write survives a crash of the process once the call returns; `sync()` adds power-loss durability. */
export interface Store {
  loadTeams(): Team[];
  loadUsers(): StoredUser[];
  loadReasonCodes(): ReasonCode[];
  loadWrapUpReasons(): WrapUpReason[];
  isEmpty(): boolean;

  saveTeam(team: Team): void;
  saveUser(account: UserAccount, credentials: Credentials): void;
  saveReasonCode(reasonCode: ReasonCode): void;
  saveWrapUpReason(reason: WrapUpReason): void;
  saveAgentStatus(loginId: string, status: AgentStatus): void;
  /** Resolves when every write made so far is durable against power loss (shared group commit). */
  sync(): Promise<void>;
  /** Runs `work` in one transaction: all of its writes land, or none. */
  transaction<T>(work: () => T): T;

  loadSubscriptions(): StoredSubscription[];
  addSubscription(subscription: StoredSubscription): void;
  removeSubscription(node: string, jid: string, subid: string): void;

  loadQueues(): Queue[];
  saveQueue(queue: Queue): void;
  saveCallRecord(record: CallRecord): void;
  /** Finished calls that ended at or after `since` (epoch ms), oldest first, at most `limit`. */
  loadCallRecords(since: number, limit: number): CallRecord[];
  /** The largest numeric call id in the history, 0 when there is none. */
  maxCallId(): number;

  close(): void;
}
