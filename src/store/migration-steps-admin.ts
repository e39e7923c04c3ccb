import { sql } from 'kysely';
import { refuseDuplicateReasonCodes } from './migration-checks.js';
import { type Step, time } from './migration-step.js';

/** Steps 7 on: administration (audit, team messages, phone books, workflows, layouts, provisioning) and gadgets. */
export const ADMIN_STEPS: readonly Step[] = [
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
