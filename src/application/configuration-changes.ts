import type { Clock } from '../domain/clock.js';
import { DomainError } from '../domain/errors.js';
import type { AgentStatusWriter } from './agent-status-writer.js';
import type { ChangeOutbox } from './change-outbox.js';
import type { CommitQueue } from './commit-queue.js';
import type { ConfigurationCache } from './configuration-cache.js';
import type { AuditRecord, StoreWrite } from './ports/store.js';
import { WriteRefused } from './ports/store.js';

/** One audit entry of a change; who and when are filled in when it is committed. */
export type AuditDraft = Omit<AuditRecord, 'at' | 'actor'>;

/** What one administrator's change writes, records in the audit log, and does to the cache once durable. */
export interface ConfigurationChange<T> {
  writes: StoreWrite[];
  audit: AuditDraft[];
  /** Applies the change to the in-memory configuration; runs once the writes are durable. */
  apply(): void;
  result: T;
}

export interface ConfigurationChangesDeps {
  commits: Pick<CommitQueue, 'run' | 'write' | 'afterCommit'>;
  cache: Pick<ConfigurationCache, 'reload'>;
  /** The agent status versions of users created, enabled, disabled or deleted meanwhile. */
  statuses: Pick<AgentStatusWriter, 'takeOver'>;
  /** In a cluster, where the other nodes are told to read the configuration again; null when alone. */
  outbox: Pick<ChangeOutbox, 'record'> | null;
  clock: Clock;
}

/**
 * The unit of work of the configuration APIs. Changes (and reloads of the cache) run one at a time on
 * this node; each starts from the configuration as the store has it now (read again, so a change another
 * node committed is seen), decides on it, and commits its writes, its audit entries and — in a cluster —
 * an outbox row telling the other nodes to reload, in one transaction. The cache takes the change over
 * once it is durable, before the caller gets its answer; on failure nothing was written and the cache is
 * left as the store has it. The database's constraints (unique indexes, foreign keys) hold the rules
 * against other nodes' changes; a change they refuse is decided again to answer with the rule it breaks.
 */
export class ConfigurationChanges {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: ConfigurationChangesDeps) {}

  /** Makes one change as `actor` (a loginId); `decide` reads the fresh configuration and may throw to refuse. */
  make<T>(actor: string, decide: () => ConfigurationChange<T> | Promise<ConfigurationChange<T>>): Promise<T> {
    return this.serialized(async () => {
      await this.readStore();
      const change = await decide();
      try {
        return await this.commit(actor, change);
      } catch (error) {
        if (!(error instanceof WriteRefused)) throw error;
        // Another node committed a conflicting change since the read (the database's unique index or foreign
        // key refused ours): decided again on what is committed now, the change is refused by the rule it
        // breaks, with that rule's ApiError.
        await this.readStore();
        await decide();
        throw new DomainError('ConfigurationRefused', `The database refused the change: ${error.message}`);
      }
    });
  }

  /**
   * Reads the configuration from the store again (after other nodes changed it, or before an
   * administrator's read, so that it shows what is committed anywhere) without overtaking a change.
   */
  reload(): Promise<void> {
    return this.serialized(() => this.readStore());
  }

  private async readStore(): Promise<void> {
    const { added, removed } = await this.deps.cache.reload();
    this.deps.statuses.takeOver(added, removed);
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async commit<T>(actor: string, change: ConfigurationChange<T>): Promise<T> {
    const { commits, outbox, clock } = this.deps;
    const at = clock.now();
    const { committed } = commits.run(() => {
      for (const write of change.writes) commits.write(write);
      for (const entry of change.audit) commits.write({ kind: 'audit', record: { ...entry, at, actor } });
      outbox?.record({ publications: [], configurationChanged: true }, at);
      commits.afterCommit(change.apply);
    });
    await committed;
    return change.result;
  }
}

/** An item as the audit log keeps it (null: it did not exist). */
export function auditJson(item: object | null): string | null {
  return item === null ? null : JSON.stringify(item);
}
