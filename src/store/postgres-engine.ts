import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { StoreWrite } from '../application/ports/store.js';
import { WriteRefused } from '../application/ports/store.js';
import type { Engine } from './engine.js';
import { bindRow, bindRows, refusalMessage, refusalOf } from './engine.js';
import { migrate } from './migrations.js';
import type { Step } from './ops.js';
import { opsOf, planBatch } from './ops.js';
import { connectionFailure, postgresLocation } from './postgres-errors.js';
import type { Tables } from './schema.js';
import type { Prepared, SourceRow, StatementName } from './statements.js';
import { CONFIGURATION_SEQUENCES, compileReserveConfigurationIds, compileReserveIds, compileStatements } from './statements.js';

export interface PostgresOptions {
  poolSize: number;
  /** 0: none. */
  statementTimeoutMs: number;
}

// BIGINT (epoch milliseconds, counts) as numbers: every value we keep is far below 2^53.
const INT8 = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * PostgreSQL through a pg pool. A batch is one transaction, committed with synchronous_commit on (durable
 * when the commit returns), in as few round trips as the batch has kinds of change (see planBatch): every
 * agent status of the batch is one multi-row upsert whose version check the database enforces (a stale
 * row gets a NULL version, which NOT NULL refuses), so the statements need no inspection before COMMIT. A
 * batch of one kind — the common case, agent state changes — is that one statement alone: one round trip,
 * its own transaction. Others are BEGIN, the statements, COMMIT. Statements are named, so the server
 * parses and plans each once per connection. When the database refuses something, the transaction is
 * rolled back and the batch replayed write by write to name the refused one (WriteRefused); that is rare.
 */
export class PostgresEngine implements Engine {
  readonly dialect = 'postgres' as const;
  private readonly statements: Record<StatementName, Prepared>;
  private readonly reserve: Record<string, Prepared>;

  private constructor(
    readonly location: string,
    private readonly pool: pg.Pool,
    readonly db: Kysely<Tables>,
  ) {
    this.statements = compileStatements(db, 'postgres');
    this.reserve = { call: compileReserveIds(db, 'postgres') };
    for (const sequence of Object.keys(CONFIGURATION_SEQUENCES) as (keyof typeof CONFIGURATION_SEQUENCES)[]) {
      this.reserve[sequence] = compileReserveConfigurationIds(db, 'postgres', sequence);
    }
  }

  static async open(url: string, options: PostgresOptions): Promise<PostgresEngine> {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize,
      connectionTimeoutMillis: 10_000,
      ...(options.statementTimeoutMs > 0 ? { statement_timeout: options.statementTimeoutMs } : {}),
      // Durable on commit, whatever the server's default. The named write statements keep one generic
      // plan: PostgreSQL would otherwise plan the unnest upserts again on every execution (custom plans
      // for array parameters), ~40 % of the database's CPU per commit. Unnamed statements (the reads)
      // are planned per execution either way.
      options: '-c synchronous_commit=on -c plan_cache_mode=force_generic_plan',
      types,
    });
    // An idle connection the server closed is dropped by the pool; the next query opens another.
    pool.on('error', () => undefined);
    try {
      (await pool.connect()).release();
    } catch (error) {
      await pool.end();
      throw connectionFailure(error, url);
    }
    const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
    try {
      await migrate(db, 'postgres');
    } catch (error) {
      await db.destroy();
      throw error;
    }
    return new PostgresEngine(postgresLocation(url), pool, db);
  }

  async commit(writes: readonly StoreWrite[]): Promise<void> {
    if (writes.length === 0) return;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.commitOnce(writes);
      } catch (error) {
        // Commits run concurrently; the database may abort one to break a lock cycle. Nothing of it was
        // written, so it is simply run again.
        if (attempt >= 5 || !isTransient(error)) throw error;
      }
    }
  }

  private async commitOnce(writes: readonly StoreWrite[]): Promise<void> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      if (!(await this.tryBatch(client, planBatch(writes)))) await this.replay(client, writes);
    } catch (error) {
      // A connection that failed otherwise than by a refusal may be unusable: the pool drops it.
      if (!(error instanceof WriteRefused) && refusalOf(error, 'postgres') === null) broken = error as Error;
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async reserveIds(sequence: string, count: number): Promise<number> {
    const reserve = this.reserve[sequence];
    if (!reserve) throw new Error(`no sequence ${sequence}`);
    const result = await this.pool.query<{ next_value: number }>({
      name: sequence === 'call' ? 'openfinesse_reserveIds' : `openfinesse_reserve_${sequence}`,
      text: reserve.sql,
      values: bindRow(reserve, { name: sequence, count }),
    });
    return result.rows[0]!.next_value - count;
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {
    await this.db.destroy();
  }

  /** The batch as multi-row statements; false (nothing written) when the database refused part of it. */
  private async tryBatch(client: pg.PoolClient, steps: Step[]): Promise<boolean> {
    try {
      if (steps.length === 1) {
        await this.run(client, steps[0]!.statement, steps[0]!.rows);
        return true;
      }
      await client.query('BEGIN');
      for (const step of steps) await this.run(client, step.statement, step.rows);
      await client.query('COMMIT');
      return true;
    } catch (error) {
      if (steps.length > 1) await client.query('ROLLBACK').catch(() => undefined);
      if (refusalOf(error, 'postgres') !== null) return false;
      throw error;
    }
  }

  /** The batch again, one write at a time, to find the write the database refuses. */
  private async replay(client: pg.PoolClient, writes: readonly StoreWrite[]): Promise<void> {
    await client.query('BEGIN');
    try {
      for (let index = 0; index < writes.length; index++) {
        const write = writes[index]!;
        for (const op of opsOf(write)) {
          try {
            await this.run(client, op.statement, [op.row]);
          } catch (error) {
            const reason = refusalOf(error, 'postgres');
            if (!reason) throw error;
            throw new WriteRefused(index, reason, refusalMessage(write, reason, error));
          }
        }
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  private run(client: pg.PoolClient, statement: StatementName, rows: readonly SourceRow[]): Promise<pg.QueryResult> {
    const prepared = this.statements[statement];
    return client.query({ name: `openfinesse_${statement}`, text: prepared.sql, values: bindRows(prepared, rows) });
  }
}

/** A deadlock or serialization failure: the transaction was rolled back and may be retried as it is. */
function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === '40P01' || code === '40001';
}
