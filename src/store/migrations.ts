import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { Migrator, sql } from 'kysely';
import { refuseDuplicateReasonCodes } from './migration-checks.js';
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

// biome-ignore lint/suspicious/noExplicitAny: the migrations build the schema the typed tables describe
type Db = Kysely<any>;

interface Step {
  name: string;
  /** The version of this step in the legacy `schema_migrations` table. */
  legacyVersion: number;
  up(db: Db, dialect: Dialect): Promise<void>;
}

const time = (dialect: Dialect) => (dialect === 'postgres' ? 'bigint' : 'integer');

const STEPS: readonly Step[] = [
  {
    name: '0001_teams_users_reason_codes_agent_status',
    legacyVersion: 1,
    async up(db, dialect) {
      await db.schema
        .createTable('teams')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('wrap_up_on_incoming', 'text', (c) => c.notNull())
        .addColumn('wrap_up_on_outgoing', 'text', (c) => c.notNull())
        .addColumn('wrap_up_timer_seconds', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('users')
        .addColumn('login_id', 'text', (c) => c.primaryKey())
        .addColumn('login_name', 'text', (c) => c.notNull().unique())
        .addColumn('first_name', 'text', (c) => c.notNull())
        .addColumn('last_name', 'text', (c) => c.notNull())
        .addColumn('roles', 'text', (c) => c.notNull())
        .addColumn('team_id', 'text', (c) => c.references('teams.id'))
        .addColumn('credentials', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('team_supervisors')
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        .addColumn('login_id', 'text', (c) => c.notNull().references('users.login_id').onDelete('cascade'))
        .addPrimaryKeyConstraint('team_supervisors_pkey', ['team_id', 'login_id'])
        .execute();
      await db.schema
        .createTable('reason_codes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('category', 'text', (c) => c.notNull().check(sql`category IN ('NOT_READY', 'LOGOUT')`))
        .addColumn('code', 'integer', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('for_all', 'integer', (c) => c.notNull())
        .addColumn('team_ids', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('wrap_up_reasons')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('for_all', 'integer', (c) => c.notNull())
        .addColumn('team_ids', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('agent_status')
        .addColumn('login_id', 'text', (c) => c.primaryKey().references('users.login_id').onDelete('cascade'))
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('state_change_time', time(dialect))
        .addColumn('pending_state', 'text')
        .addColumn('pending_reason_code_id', 'text')
        .addColumn('reason_code_id', 'text')
        .addColumn('extension', 'text')
        .addColumn('pre_call_state', 'text')
        .addColumn('pre_call_reason_code_id', 'text')
        .execute();
    },
  },
  {
    name: '0002_pubsub_subscriptions',
    legacyVersion: 2,
    async up(db, dialect) {
      await db.schema
        .createTable('pubsub_subscriptions')
        .addColumn('node', 'text', (c) => c.notNull())
        .addColumn('jid', 'text', (c) => c.notNull())
        .addColumn('subid', 'text', (c) => c.notNull())
        .addColumn('created_at', time(dialect), (c) => c.notNull())
        .addPrimaryKeyConstraint('pubsub_subscriptions_pkey', ['node', 'jid', 'subid'])
        .execute();
      await db.schema.createIndex('pubsub_subscriptions_by_jid').on('pubsub_subscriptions').column('jid').execute();
    },
  },
  {
    name: '0003_queues_call_history',
    legacyVersion: 3,
    async up(db, dialect) {
      await db.schema
        .createTable('queues')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('dialed_numbers', 'text', (c) => c.notNull())
        .addColumn('team_ids', 'text', (c) => c.notNull())
        .addColumn('agent_ids', 'text', (c) => c.notNull())
        .addColumn('ring_no_answer_seconds', 'integer', (c) => c.notNull())
        .addColumn('max_queue_time_seconds', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('call_history')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('started_at', time(dialect), (c) => c.notNull())
        .addColumn('answered_at', time(dialect))
        .addColumn('ended_at', time(dialect), (c) => c.notNull())
        .addColumn('from_address', 'text', (c) => c.notNull())
        .addColumn('to_address', 'text', (c) => c.notNull())
        .addColumn('call_type', 'text', (c) => c.notNull())
        .addColumn('queue_id', 'text')
        .addColumn('queue_name', 'text')
        .addColumn('agents', 'text', (c) => c.notNull())
        .addColumn('duration_ms', time(dialect), (c) => c.notNull())
        .addColumn('wrap_up_reason', 'text', (c) => c.notNull())
        .addColumn('call_variables', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('call_history_by_end').on('call_history').column('ended_at').execute();
    },
  },
  {
    name: '0004_agent_status_wrap_up_data_required',
    legacyVersion: 4,
    async up(db) {
      await db.schema
        .alterTable('agent_status')
        .addColumn('wrap_up_data_required', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  {
    name: '0005_versions_extension_index_live_calls_sequences_outbox',
    legacyVersion: 5,
    async up(db, dialect) {
      await db.schema
        .alterTable('agent_status')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      // One signed-in agent per extension.
      await db.schema
        .createIndex('agent_status_extension_in_use')
        .unique()
        .on('agent_status')
        .column('extension')
        .where(sql<boolean>`extension IS NOT NULL AND state <> 'LOGOUT'`)
        .execute();
      await db.schema
        .createTable('live_calls')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('updated_at', time(dialect), (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('sequences')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('next_value', time(dialect), (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('outbox')
        .addColumn('id', dialect === 'postgres' ? 'bigint' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
        )
        .addColumn('at', time(dialect), (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .execute();
    },
  },
  {
    name: '0006_outbox_origin',
    legacyVersion: 6,
    async up(db) {
      // Which node wrote a row: each node relays its own, and any node those of a node that died.
      await db.schema
        .alterTable('outbox')
        .addColumn('origin', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema.createIndex('outbox_origin').on('outbox').columns(['origin', 'id']).execute();
    },
  },
  {
    name: '0007_audit_log',
    legacyVersion: 7,
    async up(db, dialect) {
      // Every configuration change: who, when, what (resource and id), and the item before and after (JSON).
      await db.schema
        .createTable('audit_log')
        .addColumn('id', dialect === 'postgres' ? 'bigint' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
        )
        .addColumn('at', time(dialect), (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('resource', 'text', (c) => c.notNull())
        .addColumn('resource_id', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('before', 'text')
        .addColumn('after', 'text')
        .execute();
      await db.schema.createIndex('audit_log_by_time').on('audit_log').columns(['at', 'id']).execute();
    },
  },
  {
    name: '0008_team_messages',
    legacyVersion: 8,
    async up(db, dialect) {
      // Active team messages (a UUID, who made it and when, how long it shows, its text, its teams as JSON).
      await db.schema
        .createTable('team_messages')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', time(dialect), (c) => c.notNull())
        .addColumn('duration_seconds', 'integer', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('team_ids', 'text', (c) => c.notNull())
        .execute();
    },
  },
  {
    name: '0009_phone_books',
    legacyVersion: 9,
    async up(db) {
      // Phone books, the teams of TEAM books, and their contacts: deleting a book (or a team) deletes its rows here.
      await db.schema
        .createTable('phone_books')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('type', 'text', (c) => c.notNull().check(sql`type IN ('GLOBAL', 'TEAM')`))
        .execute();
      await db.schema
        .createTable('phone_book_teams')
        .addColumn('phone_book_id', 'text', (c) => c.notNull().references('phone_books.id').onDelete('cascade'))
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('phone_book_teams_pkey', ['phone_book_id', 'team_id'])
        .execute();
      await db.schema.createIndex('phone_book_teams_by_team').on('phone_book_teams').column('team_id').execute();
      await db.schema
        .createTable('contacts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('phone_book_id', 'text', (c) => c.notNull().references('phone_books.id').onDelete('cascade'))
        .addColumn('first_name', 'text', (c) => c.notNull())
        .addColumn('last_name', 'text', (c) => c.notNull())
        .addColumn('phone_number', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('contacts_by_phone_book').on('contacts').columns(['phone_book_id', 'id']).execute();
    },
  },
  {
    name: '0010_workflows',
    legacyVersion: 10,
    async up(db) {
      // Workflow actions, workflows, the actions each runs (in order) and the teams each is assigned to.
      // Deleting a workflow (or a team) deletes its rows here; an action a workflow runs cannot be deleted.
      await db.schema
        .createTable('workflow_actions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('type', 'text', (c) => c.notNull().check(sql`type IN ('BROWSER_POP', 'HTTP_REQUEST')`))
        .addColumn('handled_by', 'text', (c) => c.notNull().check(sql`handled_by IN ('FINESSE_DESKTOP', 'OTHER')`))
        .addColumn('params', 'text', (c) => c.notNull())
        .addColumn('action_variables', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('workflows')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('media', 'text', (c) => c.notNull())
        .addColumn('trigger_set', 'text', (c) => c.notNull())
        .addColumn('condition_set', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('workflow_steps')
        .addColumn('workflow_id', 'text', (c) => c.notNull().references('workflows.id').onDelete('cascade'))
        .addColumn('ordinal', 'integer', (c) => c.notNull())
        .addColumn('action_id', 'text', (c) => c.notNull().references('workflow_actions.id'))
        .addPrimaryKeyConstraint('workflow_steps_pkey', ['workflow_id', 'ordinal'])
        .execute();
      await db.schema.createIndex('workflow_steps_by_action').on('workflow_steps').column('action_id').execute();
      await db.schema
        .createTable('workflow_teams')
        .addColumn('workflow_id', 'text', (c) => c.notNull().references('workflows.id').onDelete('cascade'))
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('workflow_teams_pkey', ['workflow_id', 'team_id'])
        .execute();
      await db.schema.createIndex('workflow_teams_by_team').on('workflow_teams').column('team_id').execute();
    },
  },
  {
    name: '0011_layouts',
    legacyVersion: 11,
    async up(db) {
      // Call-variables layouts: DEFAULT is a row once an administrator edits it; `entries` holds the header
      // and the columns as JSON. A team has at most one CUSTOM layout; deleting either side deletes the row.
      await db.schema
        .createTable('media_properties_layouts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull().check(sql`type IN ('DEFAULT', 'CUSTOM')`))
        .addColumn('entries', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('media_properties_layout_teams')
        .addColumn('team_id', 'text', (c) => c.primaryKey().references('teams.id').onDelete('cascade'))
        .addColumn('layout_id', 'text', (c) => c.notNull().references('media_properties_layouts.id').onDelete('cascade'))
        .execute();
      await db.schema.createIndex('media_properties_layout_teams_by_layout').on('media_properties_layout_teams').column('layout_id').execute();
      // Desktop layouts: the system default (id 'default') once set, and the teams with a layout of their own.
      await db.schema
        .createTable('desktop_layouts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('layout_xml', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('team_desktop_layouts')
        .addColumn('team_id', 'text', (c) => c.primaryKey().references('teams.id').onDelete('cascade'))
        .addColumn('layout_xml', 'text', (c) => c.notNull())
        .execute();
    },
  },
  {
    name: '0012_provisioning',
    legacyVersion: 12,
    async up(db) {
      // A disabled user keeps his account (and his place in an export) but cannot sign in.
      await db.schema
        .alterTable('users')
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      // Named values of the installation, such as the hash of the provisioning file applied last.
      await db.schema
        .createTable('settings')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
    },
  },
  {
    name: '0013_reason_code_unique',
    legacyVersion: 13,
    async up(db, dialect) {
      // The rules of reason-code-rules.ts that an index can hold, so that two nodes creating the same code
      // at once cannot both succeed: a code value once per category; a label once among the global codes
      // of a category (team codes may share one; a global and a team code sharing one only the API refuses).
      await refuseDuplicateReasonCodes(db, dialect);
      await db.schema.createIndex('reason_codes_code_unique').on('reason_codes').columns(['category', 'code']).unique().execute();
      await db.schema
        .createIndex('reason_codes_global_label_unique')
        .on('reason_codes')
        .columns(['category', 'label'])
        .unique()
        .where(sql<boolean>`for_all = 1`)
        .execute();
    },
  },
  {
    name: '0014_gadget_allow_list',
    legacyVersion: 14,
    async up(db) {
      // The external targets gadgets may reach through the makeRequest proxy: one row ('default') holding
      // the administrator's list as JSON, replaced as a whole.
      await db.schema
        .createTable('gadget_allow_list')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('entries', 'text', (c) => c.notNull())
        .execute();
    },
  },
];

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
