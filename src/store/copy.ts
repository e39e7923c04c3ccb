import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { TableName } from './schema.js';
import { TABLES } from './schema.js';
import type { KyselyStore } from './store.js';

/** A table's rows in the source and in the target after a copy. */
export interface TableCount {
  table: TableName;
  source: number;
  target: number;
}

export interface CopyOptions {
  /** Replace what the target holds instead of refusing a target that is not empty. */
  force: boolean;
  /** Rows read and inserted at a time. */
  batchSize: number;
  /** After each batch: rows of `table` copied so far, of `total`. */
  onProgress?(table: TableName, copied: number, total: number): void;
}

/** The target holds data and the copy was not forced. */
export class TargetNotEmptyError extends Error {
  constructor(readonly counts: TableCount[]) {
    const tables = counts.filter((c) => c.target > 0).map((c) => `${c.table}: ${c.target}`);
    super(`the target store is not empty (${tables.join(', ')}); pass --force to replace its contents`);
    this.name = 'TargetNotEmptyError';
  }
}

// biome-ignore lint/suspicious/noExplicitAny: the copy moves whole rows of every table alike
type AnyDb = Kysely<any>;
type Row = Record<string, unknown>;

/**
 * Copies every table of `source` into `target` (both already migrated to the same schema), in one
 * transaction on the target, parents before children, `batchSize` rows at a time read in key order; then
 * counts the rows of every table on both sides. Run it with no server using either store.
 */
export async function copyStore(source: KyselyStore, target: KyselyStore, options: CopyOptions): Promise<TableCount[]> {
  const totals = await countRows(source.db);
  const before = await countRows(target.db);
  const existing = TABLES.map(({ name }) => ({ table: name, source: totals.get(name)!, target: before.get(name)! }));
  if (!options.force && existing.some((c) => c.target > 0)) throw new TargetNotEmptyError(existing);
  await target.db.transaction().execute(async (trx) => {
    if (existing.some((c) => c.target > 0)) for (const { name } of [...TABLES].reverse()) await trx.deleteFrom(name).execute();
    for (const { name, key } of TABLES) await copyTable(source.db, trx, name, key, totals.get(name)!, options);
    if (target.dialect === 'postgres') {
      // Explicit ids went into the identity columns: their sequences continue after the highest.
      await sql`SELECT setval(pg_get_serial_sequence('outbox', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM outbox`.execute(trx);
      await sql`SELECT setval(pg_get_serial_sequence('audit_log', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM audit_log`.execute(trx);
    }
  });
  await target.flush();
  const after = await countRows(target.db);
  return TABLES.map(({ name }) => ({ table: name, source: totals.get(name)!, target: after.get(name)! }));
}

async function copyTable(from: AnyDb, to: AnyDb, table: TableName, key: readonly string[], total: number, options: CopyOptions): Promise<void> {
  let copied = 0;
  let last: Row | null = null;
  options.onProgress?.(table, 0, total);
  for (;;) {
    let query = from.selectFrom(table).selectAll();
    for (const column of key) query = query.orderBy(column);
    const after = last;
    if (after) {
      query =
        key.length === 1
          ? query.where(key[0]!, '>', after[key[0]!])
          : query.where((eb) => eb(eb.refTuple(...(key as [string, string])), '>', eb.tuple(...(key.map((k) => after[k]) as [unknown, unknown]))));
    }
    const rows = (await query.limit(options.batchSize).execute()) as Row[];
    if (rows.length === 0) return;
    await to.insertInto(table).values(rows).execute();
    copied += rows.length;
    last = rows.at(-1)!;
    options.onProgress?.(table, copied, total);
  }
}

/** The number of rows of every table. */
export async function countRows(db: AnyDb): Promise<Map<TableName, number>> {
  const counts = new Map<TableName, number>();
  for (const { name } of TABLES) {
    const row = (await db
      .selectFrom(name)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()) as { n: number | string | bigint };
    counts.set(name, Number(row.n));
  }
  return counts;
}
