import type { Kysely } from 'kysely';
import type { Dialect } from './schema.js';

// biome-ignore lint/suspicious/noExplicitAny: the migrations build the schema the typed tables describe
export type Db = Kysely<any>;

/** One step of the migration history (src/store/migrations.ts). */
export interface Step {
  name: string;
  /** The version of this step in the legacy `schema_migrations` table. */
  legacyVersion: number;
  up(db: Db, dialect: Dialect): Promise<void>;
}

/** Epoch milliseconds: BIGINT on PostgreSQL, INTEGER on SQLite. */
export const time = (dialect: Dialect) => (dialect === 'postgres' ? 'bigint' : 'integer');
