import type { CallRecord } from '../domain/call-record.js';
import type { ReasonCode, Team, WrapUpReason } from '../domain/model.js';
import type { Queue } from '../domain/queue.js';
import type { Store, StoredLiveCall, StoredSubscription, StoredUser, StoreWrite, WriteRefusal } from '../application/ports/store.js';
import { WriteRefused } from '../application/ports/store.js';
import { SqliteStore } from './sqlite-store.js';

/**
 * The store port on SQLite: a batch is one transaction written to the WAL, then made durable against
 * power loss by the shared fdatasync of the group commit.
 */
export class SqliteStorePort implements Store {
  readonly description;
  readonly sqlite: SqliteStore;

  constructor(readonly file: string) {
    this.sqlite = new SqliteStore(file);
    this.description = { kind: 'sqlite' as const, location: file };
  }

  async isEmpty(): Promise<boolean> {
    return this.sqlite.isEmpty();
  }

  async loadTeams(): Promise<Team[]> {
    return this.sqlite.loadTeams();
  }

  async loadUsers(): Promise<StoredUser[]> {
    return this.sqlite.loadUsers();
  }

  async loadReasonCodes(): Promise<ReasonCode[]> {
    return this.sqlite.loadReasonCodes();
  }

  async loadWrapUpReasons(): Promise<WrapUpReason[]> {
    return this.sqlite.loadWrapUpReasons();
  }

  async loadQueues(): Promise<Queue[]> {
    return this.sqlite.loadQueues();
  }

  async loadSubscriptions(): Promise<StoredSubscription[]> {
    return this.sqlite.loadSubscriptions();
  }

  async loadLiveCalls(): Promise<StoredLiveCall[]> {
    return this.sqlite.loadLiveCalls();
  }

  async loadCallRecords(since: number, limit: number): Promise<CallRecord[]> {
    return this.sqlite.loadCallRecords(since, limit);
  }

  async commit(writes: readonly StoreWrite[]): Promise<void> {
    this.sqlite.transaction(() => {
      for (const [index, write] of writes.entries()) this.apply(write, index);
    });
    await this.sqlite.sync();
  }

  async reserveIds(sequence: 'call', count: number): Promise<number> {
    return this.sqlite.reserveIds(sequence, count);
  }

  async close(): Promise<void> {
    this.sqlite.close();
  }

  private apply(write: StoreWrite, index: number): void {
    try {
      applyWrite(this.sqlite, write, index);
    } catch (error) {
      if (error instanceof WriteRefused) throw error;
      const code = (error as { code?: string }).code ?? '';
      if (!code.startsWith('SQLITE_CONSTRAINT')) throw error;
      const reason: WriteRefusal = write.kind === 'agentStatus' && code === 'SQLITE_CONSTRAINT_UNIQUE' ? 'extension-in-use' : 'constraint';
      throw new WriteRefused(index, reason, (error as Error).message);
    }
  }
}

function applyWrite(db: SqliteStore, write: StoreWrite, index: number): void {
  switch (write.kind) {
    case 'team':
      return db.saveTeam(write.team);
    case 'user':
      return db.saveUser(write.account, write.credentials);
    case 'reasonCode':
      return db.saveReasonCode(write.reasonCode);
    case 'wrapUpReason':
      return db.saveWrapUpReason(write.reason);
    case 'queue':
      return db.saveQueue(write.queue);
    case 'agentStatus':
      if (!db.saveAgentStatus(write.loginId, write.status, write.version)) {
        throw new WriteRefused(index, 'stale-version', `agent status of ${write.loginId} changed by another writer`);
      }
      return;
    case 'subscriptionAdded':
      return db.addSubscription(write.subscription);
    case 'subscriptionRemoved':
      return db.removeSubscription(write.node, write.jid, write.subid);
    case 'callRecord':
      return db.saveCallRecord(write.record);
    case 'liveCall':
      return db.saveLiveCall(write.call);
    case 'liveCallEnded':
      return db.deleteLiveCall(write.id);
    case 'outbox':
      return;
  }
}
