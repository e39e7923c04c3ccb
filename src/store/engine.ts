import type { Kysely } from 'kysely';
import type { StoreWrite, WriteRefusal } from '../application/ports/store.js';
import type { Dialect, Tables } from './schema.js';
import type { Prepared, SourceRow } from './statements.js';

/**
 * What differs between the databases behind the one store: how a batch of writes becomes one durable
 * transaction, how ids are reserved, and how the connection ends. Reads go through `db` (Kysely) alike.
 */
export interface Engine {
  readonly dialect: Dialect;
  /** The file, or the URL without its password. */
  readonly location: string;
  readonly db: Kysely<Tables>;
  /** One transaction, durable when the promise resolves; a refused write rejects with WriteRefused. */
  commit(writes: readonly StoreWrite[]): Promise<void>;
  /** The first of `count` consecutive ids of the named sequence, durable and unique across processes. */
  reserveIds(sequence: string, count: number): Promise<number>;
  /** Makes every write so far durable (a copy into the store ends with it). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** One row's values in the statement's placeholder order. */
export function bindRow(statement: Prepared, row: SourceRow): unknown[] {
  return statement.params.map((name) => row[name] ?? null);
}

/** Many rows as one array per placeholder (PostgreSQL's unnest). */
export function bindRows(statement: Prepared, rows: readonly SourceRow[]): unknown[] {
  return statement.params.map((name) => rows.map((row) => row[name] ?? null));
}

/** The message of a refused write: for a stale version, whose status and which version. */
export function refusalMessage(write: StoreWrite, reason: WriteRefusal, error: unknown): string {
  if (reason === 'stale-version' && write.kind === 'agentStatus') {
    return `agent status of ${write.loginId} was changed by another writer (version ${write.version} refused)`;
  }
  return (error as Error).message;
}

/**
 * Why a database error refuses a write, when it is a constraint: the extension index, the optimistic
 * version (saveStatus writes a NULL version when the row is not at the version before), or any other.
 */
export function refusalOf(error: unknown, dialect: Dialect): WriteRefusal | null {
  const e = error as { code?: unknown; constraint?: unknown; table?: unknown; column?: unknown; message?: unknown };
  if (typeof e?.code !== 'string') return null;
  if (dialect === 'sqlite') {
    if (!e.code.startsWith('SQLITE_CONSTRAINT')) return null;
    const message = String(e.message);
    if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' && message.includes('agent_status.extension')) return 'extension-in-use';
    return e.code === 'SQLITE_CONSTRAINT_NOTNULL' && message.includes('agent_status.version') ? 'stale-version' : 'constraint';
  }
  if (!e.code.startsWith('23')) return null;
  if (e.code === '23505' && e.constraint === 'agent_status_extension_in_use') return 'extension-in-use';
  return e.code === '23502' && e.table === 'agent_status' && e.column === 'version' ? 'stale-version' : 'constraint';
}
