import type { Migration, MigrationProvider } from 'kysely';
import { Migrator, sql } from 'kysely';
import type { Db, Step } from './migration-step.js';
import { ADMIN_STEPS } from './migration-steps-admin.js';
import { CORE_STEPS } from './migration-steps-core.js';
import type { Dialect } from './schema.js';

/**
 * The one migration history of both databases, in code (so `dist/` needs no migration files), applied
 * by Kysely's Migrator in one transaction (SQLite's DDL is transactional too, see sqlite-engine.ts).
 * Never edit a shipped step: add one. Column types differ only where the databases do: epoch
 * milliseconds are BIGINT on PostgreSQL and INTEGER on SQLite, the outbox id an identity column or
 * SQLite's AUTOINCREMENT rowid.
 *
 * Steps 1–5 are the schema versions of the earlier hand-written migrator (table `schema_migrations`): a
 * SQLite database it made is recognised, and the steps it had applied are recorded as applied without
 * touching its tables (`legacyVersion`).
 */

const STEPS: readonly Step[] = [...CORE_STEPS, ...ADMIN_STEPS];

/** The newest migration this version of openfinesse knows. */
export const LATEST_MIGRATION = STEPS.at(-1)!.name;

/** Every migration this version of openfinesse knows, in order. */
export const MIGRATION_NAMES: readonly string[] = STEPS.map((s) => s.name);

/** Thrown when the database was migrated further than this code knows: it must not be written. */
export class SchemaTooNewError extends Error {
  constructor(readonly migration: string) {
    super(`the database was migrated by a newer openfinesse (migration ${migration}); this version knows up to ${LATEST_MIGRATION}`);
    this.name = 'SchemaTooNewError';
  }
}

/** Brings the database to the latest schema: refuses a newer one, adopts a legacy SQLite one, applies what is missing. */
export async function migrate(db: Db, dialect: Dialect): Promise<void> {
  const executed = (await tableExists(db, dialect, 'kysely_migration'))
    ? (await db.selectFrom('kysely_migration').select('name').execute()).map((r: { name: string }) => r.name)
    : [];
  const unknown = executed.filter((name) => !STEPS.some((s) => s.name === name)).sort();
  if (unknown.length > 0) throw new SchemaTooNewError(unknown.at(-1)!);
  const legacy = dialect === 'sqlite' && (await tableExists(db, dialect, 'schema_migrations')) ? await legacyVersions(db) : new Set<number>();
  const newestLegacy = Math.max(0, ...legacy);
  if (newestLegacy > Math.max(...STEPS.map((s) => s.legacyVersion))) throw new SchemaTooNewError(`schema_migrations version ${newestLegacy}`);
  const provider: MigrationProvider = {
    async getMigrations() {
      const migrations: Record<string, Migration> = {};
      for (const step of STEPS) {
        // A step the legacy migrator applied is recorded as applied, its tables left as they are.
        migrations[step.name] = { up: (trx: Db) => (legacy.has(step.legacyVersion) ? Promise.resolve() : step.up(trx, dialect)) };
      }
      return migrations;
    },
  };
  // Steps are added on parallel branches (0008 and 0009 were): a database that has a later step may gain an
  // earlier one it lacks, which Kysely otherwise refuses as a corrupted history.
  const { error } = await new Migrator({ db, provider, allowUnorderedMigrations: true }).migrateToLatest();
  if (error) throw error;
}

async function legacyVersions(db: Db): Promise<Set<number>> {
  const rows = (await db.selectFrom('schema_migrations').select('version').execute()) as { version: number }[];
  return new Set(rows.map((r) => Number(r.version)));
}

async function tableExists(db: Db, dialect: Dialect, table: string): Promise<boolean> {
  const query =
    dialect === 'postgres'
      ? sql<{ found: unknown }>`SELECT to_regclass(${table}) AS found`
      : sql<{ found: unknown }>`SELECT name AS found FROM sqlite_master WHERE type = 'table' AND name = ${table}`;
  const { rows } = await query.execute(db);
  return rows.length > 0 && rows[0]!.found !== null;
}
