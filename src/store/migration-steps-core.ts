import { sql } from 'kysely';
import { type Step, time } from './migration-step.js';

/** Steps 1–6: the live system (agents, subscriptions, calls, the outbox); 1–5 are the legacy versions. */
export const CORE_STEPS: readonly Step[] = [
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
];
