import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteAdapter, SqliteDialect } from 'kysely';
import type { StoreWrite } from '../application/ports/store.js';
import { WriteRefused } from '../application/ports/store.js';
import type { Engine } from './engine.js';
import { bindRow, refusalMessage, refusalOf } from './engine.js';
import { migrate } from './migrations.js';
import { opsOf } from './ops.js';
import type { Tables } from './schema.js';
import type { Prepared, StatementName } from './statements.js';
import { CONFIGURATION_SEQUENCES, compileReserveConfigurationIds, compileReserveIds, compileStatements } from './statements.js';
import { WalSync } from './wal-sync.js';

/** SQLite's DDL is transactional: let Kysely's Migrator apply migrations and record them in one transaction. */
class TransactionalDdlAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class OpenfinesseSqliteDialect extends SqliteDialect {
  override createAdapter(): SqliteAdapter {
    return new TransactionalDdlAdapter();
  }
}

interface Compiled {
  prepared: Prepared;
  statement: Database.Statement;
}

/**
 * SQLite in WAL mode with synchronous=NORMAL: a batch is one transaction written to the WAL (it survives
 * the process being killed), then made durable against power loss by the group commit's shared
 * fdatasync of the WAL (WalSync). better-sqlite3 is synchronous, so the batch runs without yielding,
 * through statements prepared once (Kysely's SqliteDialect prepares every query again: fine for the
 * loaders, too slow for the writes). Reads go through Kysely.
 */
export class SqliteEngine implements Engine {
  readonly dialect = 'sqlite' as const;
  private readonly statements: Record<StatementName, Compiled>;
  private readonly reserve: Record<string, Compiled>;
  private readonly walSync: WalSync;

  private constructor(
    readonly location: string,
    private readonly sqlite: Database.Database,
    readonly db: Kysely<Tables>,
  ) {
    const compile = (prepared: Prepared): Compiled => ({ prepared, statement: sqlite.prepare(prepared.sql) });
    const compiled = compileStatements(db, 'sqlite');
    this.statements = Object.fromEntries(Object.entries(compiled).map(([name, p]) => [name, compile(p)])) as Record<StatementName, Compiled>;
    this.reserve = { call: compile(compileReserveIds(db, 'sqlite')) };
    for (const sequence of Object.keys(CONFIGURATION_SEQUENCES) as (keyof typeof CONFIGURATION_SEQUENCES)[]) {
      this.reserve[sequence] = compile(compileReserveConfigurationIds(db, 'sqlite', sequence));
    }
    this.walSync = new WalSync(`${location}-wal`);
  }

  /** Opens (creating it and its directory when missing) and migrates the database file. */
  static async open(file: string): Promise<SqliteEngine> {
    mkdirSync(dirname(file), { recursive: true });
    const sqlite = new Database(file);
    try {
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
      sqlite.pragma('foreign_keys = ON');
      sqlite.pragma('busy_timeout = 5000');
      const db = new Kysely<Tables>({ dialect: new OpenfinesseSqliteDialect({ database: sqlite }) });
      await migrate(db, 'sqlite');
      return new SqliteEngine(file, sqlite, db);
    } catch (error) {
      sqlite.close();
      throw error;
    }
  }

  async commit(writes: readonly StoreWrite[]): Promise<void> {
    if (writes.length === 0) return;
    this.sqlite.transaction(() => {
      for (let index = 0; index < writes.length; index++) this.apply(writes[index]!, index);
    })();
    await this.walSync.sync();
  }

  async reserveIds(sequence: string, count: number): Promise<number> {
    const reserve = this.reserve[sequence];
    if (!reserve) throw new Error(`no sequence ${sequence}`);
    const row = reserve.statement.get(bindRow(reserve.prepared, { name: sequence, count })) as { next_value: number };
    await this.walSync.sync();
    return row.next_value - count;
  }

  flush(): Promise<void> {
    return this.walSync.sync();
  }

  async close(): Promise<void> {
    this.walSync.close();
    if (this.sqlite.open) await this.db.destroy();
  }

  private apply(write: StoreWrite, index: number): void {
    for (const op of opsOf(write)) {
      const { prepared, statement } = this.statements[op.statement];
      try {
        statement.run(bindRow(prepared, op.row));
      } catch (error) {
        const reason = refusalOf(error, 'sqlite');
        if (!reason) throw error;
        throw new WriteRefused(index, reason, refusalMessage(write, reason, error));
      }
    }
  }
}
