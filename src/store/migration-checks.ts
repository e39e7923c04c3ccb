import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Dialect } from './schema.js';

/** What a migration checks before it changes the schema: data it could not keep is named, not half-migrated. */

// biome-ignore lint/suspicious/noExplicitAny: the migrations build the schema the typed tables describe
type Db = Kysely<any>;

/** Reason codes that already break the rules the 0013 unique indexes hold (an import before them could store them). */
export async function refuseDuplicateReasonCodes(db: Db, dialect: Dialect): Promise<void> {
  const ids = dialect === 'postgres' ? sql`string_agg(id, ', ' ORDER BY id)` : sql`group_concat(id, ', ')`;
  const duplicates = (
    await sql<{ category: string; value: string; ids: string }>`
    SELECT category, CAST(code AS TEXT) AS value, ${ids} AS ids FROM reason_codes GROUP BY category, code HAVING COUNT(*) > 1
    UNION ALL
    SELECT category, label AS value, ${ids} AS ids FROM reason_codes WHERE for_all = 1 GROUP BY category, label HAVING COUNT(*) > 1
  `.execute(db)
  ).rows;
  if (duplicates.length === 0) return;
  const list = duplicates.map((d) => `${d.category} ${d.value} (ids ${d.ids})`).join('; ');
  throw new Error(
    `reason codes share a code value or a global label, which migration 0013_reason_code_unique makes unique: ${list}; change or delete all but one of each with the previous openfinesse version, then start again`,
  );
}
