import type { Compilable, Kysely, RawBuilder } from 'kysely';
import { sql } from 'kysely';
import type { Dialect, TableName, Tables } from './schema.js';

/**
 * The write statements, written once with Kysely and compiled once per database when a store opens —
 * never rebuilt per write. On SQLite each writes one row of bound values (`INSERT … VALUES (?, …)`), run
 * per write through a statement better-sqlite3 prepared once; on PostgreSQL each takes its rows as arrays
 * zipped by `unnest` (`INSERT … SELECT unnest($1::text[]) AS login_id, …`), so one statement writes every
 * row of a batch in one round trip, as a named (server-side prepared) statement.
 */

export type StatementName =
  | 'upsertTeam'
  | 'upsertUser'
  | 'deleteUser'
  | 'deleteTeam'
  | 'upsertSetting'
  | 'deleteSupervisors'
  | 'insertSupervisor'
  | 'insertStatusIfMissing'
  | 'upsertReasonCode'
  | 'deleteReasonCode'
  | 'upsertWrapUp'
  | 'deleteWrapUp'
  | 'upsertQueue'
  | 'saveStatus'
  | 'deleteSubscription'
  | 'insertSubscription'
  | 'upsertCallRecord'
  | 'upsertLiveCall'
  | 'deleteLiveCall'
  | 'insertOutbox'
  | 'insertAudit'
  | 'upsertTeamMessage'
  | 'deleteTeamMessage'
  | 'upsertPhoneBook'
  | 'deletePhoneBookTeams'
  | 'insertPhoneBookTeam'
  | 'deletePhoneBook'
  | 'deleteContactsOfPhoneBook'
  | 'upsertContact'
  | 'deleteContact'
  | 'upsertWorkflowAction'
  | 'deleteWorkflowAction'
  | 'upsertWorkflow'
  | 'deleteWorkflowSteps'
  | 'insertWorkflowStep'
  | 'deleteWorkflowTeams'
  | 'insertWorkflowTeam'
  | 'deleteWorkflow'
  | 'upsertMediaPropertiesLayout'
  | 'deleteMediaPropertiesLayout'
  | 'upsertTeamMediaPropertiesLayout'
  | 'deleteTeamMediaPropertiesLayout'
  | 'upsertDesktopLayout'
  | 'upsertTeamDesktopLayout'
  | 'deleteTeamDesktopLayout'
  | 'upsertGadgetAllowList';

/** A compiled statement: its SQL and, in placeholder order, the row field each placeholder takes. */
export interface Prepared {
  readonly name: StatementName;
  readonly sql: string;
  readonly params: readonly string[];
}

/** A row of a statement's source: the values of its fields. */
export type SourceRow = Readonly<Record<string, unknown>>;

// biome-ignore lint/suspicious/noExplicitAny: statements are built over column lists; rows.ts types the values
type Db = Kysely<any>;

const MARK = '\u0000param:';

/** Where a row field goes: a placeholder the compiled statement records by name. */
const param = (name: string): RawBuilder<unknown> => sql`${MARK + name}`;

const INTEGER_COLUMNS = new Set([
  'wrap_up_timer_seconds',
  'code',
  'for_all',
  'wrap_up_data_required',
  'version',
  'ring_no_answer_seconds',
  'max_queue_time_seconds',
  'duration_seconds',
  'ordinal',
  'disabled',
]);
const BIGINT_COLUMNS = new Set(['state_change_time', 'created_at', 'started_at', 'answered_at', 'ended_at', 'duration_ms', 'updated_at', 'at']);
const pgType = (column: string): string => (INTEGER_COLUMNS.has(column) ? 'integer' : BIGINT_COLUMNS.has(column) ? 'bigint' : 'text');

type Columns<T extends TableName> = readonly (keyof Tables[T] & string)[];

const TEAM: Columns<'teams'> = ['id', 'name', 'wrap_up_on_incoming', 'wrap_up_on_outgoing', 'wrap_up_timer_seconds'];
const USER: Columns<'users'> = ['login_id', 'login_name', 'first_name', 'last_name', 'roles', 'team_id', 'credentials', 'disabled'];
const REASON_CODE: Columns<'reason_codes'> = ['id', 'category', 'code', 'label', 'for_all', 'team_ids'];
const WRAP_UP: Columns<'wrap_up_reasons'> = ['id', 'label', 'for_all', 'team_ids'];
const QUEUE: Columns<'queues'> = ['id', 'name', 'dialed_numbers', 'team_ids', 'agent_ids', 'ring_no_answer_seconds', 'max_queue_time_seconds'];
const STATUS: Columns<'agent_status'> = [
  'login_id',
  'state',
  'state_change_time',
  'pending_state',
  'pending_reason_code_id',
  'reason_code_id',
  'extension',
  'pre_call_state',
  'pre_call_reason_code_id',
  'wrap_up_data_required',
  'version',
];
const SUBSCRIPTION: Columns<'pubsub_subscriptions'> = ['node', 'jid', 'subid', 'created_at'];
const CALL_RECORD: Columns<'call_history'> = [
  'id',
  'started_at',
  'answered_at',
  'ended_at',
  'from_address',
  'to_address',
  'call_type',
  'queue_id',
  'queue_name',
  'agents',
  'duration_ms',
  'wrap_up_reason',
  'call_variables',
  'outcome',
];
const LIVE_CALL: Columns<'live_calls'> = ['id', 'state', 'updated_at'];
const TEAM_MESSAGE: Columns<'team_messages'> = ['id', 'created_by', 'created_at', 'duration_seconds', 'content', 'team_ids'];
const AUDIT: Columns<'audit_log'> = ['at', 'actor', 'resource', 'resource_id', 'action', 'before', 'after'];
const PHONE_BOOK: Columns<'phone_books'> = ['id', 'name', 'type'];
const CONTACT: Columns<'contacts'> = ['id', 'phone_book_id', 'first_name', 'last_name', 'phone_number', 'description'];
const WORKFLOW_ACTION: Columns<'workflow_actions'> = ['id', 'name', 'type', 'handled_by', 'params', 'action_variables'];
const WORKFLOW: Columns<'workflows'> = ['id', 'name', 'description', 'media', 'trigger_set', 'condition_set'];

/** Compiles every write statement for the database `db` speaks. */
export function compileStatements(db: Db, dialect: Dialect): Record<StatementName, Prepared> {
  const s = new Builder(db, dialect);
  const queries: Record<StatementName, Compilable> = {
    upsertTeam: s.upsert('teams', ['id'], TEAM),
    upsertUser: s.upsert('users', ['login_id'], USER),
    // His supervision rows and agent status go with him (ON DELETE CASCADE).
    deleteUser: db.deleteFrom('users').where(s.matches(['login_id'])),
    // Only a team no user belongs to or supervises; its phone book assignments go with it.
    deleteTeam: db.deleteFrom('teams').where(s.matches(['id'])),
    upsertSetting: s.upsert('settings', ['name'], ['name', 'value']),
    deleteSupervisors: db.deleteFrom('team_supervisors').where(s.matches(['login_id'])),
    insertSupervisor: s.insert('team_supervisors', ['team_id', 'login_id']).onConflict((oc) => oc.doNothing()),
    insertStatusIfMissing: s.insert('agent_status', ['login_id', 'state'], { state: () => sql.lit('LOGOUT') }).onConflict((oc) => oc.doNothing()),
    upsertReasonCode: s.upsert('reason_codes', ['id'], REASON_CODE),
    deleteReasonCode: db.deleteFrom('reason_codes').where(s.matches(['id'])),
    upsertWrapUp: s.upsert('wrap_up_reasons', ['id'], WRAP_UP),
    deleteWrapUp: db.deleteFrom('wrap_up_reasons').where(s.matches(['id'])),
    upsertQueue: s.upsert('queues', ['id'], QUEUE),
    // The optimistic version, enforced by the database: the row must be at version - 1 (a missing row
    // counts as 0), or the version written is NULL and the NOT NULL constraint refuses the write.
    saveStatus: s.upsert('agent_status', ['login_id'], STATUS, {
      value: {
        version: (u) =>
          sql`CASE WHEN ${u('version')} = 1 OR EXISTS (SELECT 1 FROM agent_status a WHERE a.login_id = ${u('login_id')}) THEN ${u('version')} END`,
      },
      update: { version: sql`CASE WHEN agent_status.version = excluded.version - 1 THEN excluded.version END` },
    }),
    deleteSubscription: db.deleteFrom('pubsub_subscriptions').where(s.matches(['node', 'jid', 'subid'])),
    insertSubscription: s.insert('pubsub_subscriptions', SUBSCRIPTION).onConflict((oc) => oc.doNothing()),
    upsertCallRecord: s.upsert('call_history', ['id'], CALL_RECORD),
    upsertLiveCall: s.upsert('live_calls', ['id'], LIVE_CALL),
    deleteLiveCall: db.deleteFrom('live_calls').where(s.matches(['id'])),
    insertOutbox: s.insert('outbox', ['at', 'origin', 'payload']),
    insertAudit: s.insert('audit_log', AUDIT),
    upsertTeamMessage: s.upsert('team_messages', ['id'], TEAM_MESSAGE),
    deleteTeamMessage: db.deleteFrom('team_messages').where(s.matches(['id'])),
    upsertPhoneBook: s.upsert('phone_books', ['id'], PHONE_BOOK),
    deletePhoneBookTeams: db.deleteFrom('phone_book_teams').where(s.matches(['phone_book_id'])),
    insertPhoneBookTeam: s.insert('phone_book_teams', ['phone_book_id', 'team_id']).onConflict((oc) => oc.doNothing()),
    // Its contacts and team assignments go with it (ON DELETE CASCADE).
    deletePhoneBook: db.deleteFrom('phone_books').where(s.matches(['id'])),
    deleteContactsOfPhoneBook: db.deleteFrom('contacts').where(s.matches(['phone_book_id'])),
    upsertContact: s.upsert('contacts', ['id'], CONTACT),
    deleteContact: db.deleteFrom('contacts').where(s.matches(['id'])),
    upsertWorkflowAction: s.upsert('workflow_actions', ['id'], WORKFLOW_ACTION),
    // Refused (foreign key) while a workflow still runs the action.
    deleteWorkflowAction: db.deleteFrom('workflow_actions').where(s.matches(['id'])),
    upsertWorkflow: s.upsert('workflows', ['id'], WORKFLOW),
    deleteWorkflowSteps: db.deleteFrom('workflow_steps').where(s.matches(['workflow_id'])),
    insertWorkflowStep: s.insert('workflow_steps', ['workflow_id', 'ordinal', 'action_id']),
    deleteWorkflowTeams: db.deleteFrom('workflow_teams').where(s.matches(['workflow_id'])),
    insertWorkflowTeam: s.insert('workflow_teams', ['workflow_id', 'team_id']).onConflict((oc) => oc.doNothing()),
    // Its steps and team assignments go with it (ON DELETE CASCADE).
    deleteWorkflow: db.deleteFrom('workflows').where(s.matches(['id'])),
    upsertMediaPropertiesLayout: s.upsert('media_properties_layouts', ['id'], ['id', 'name', 'description', 'type', 'entries']),
    // Its team assignments go with it (ON DELETE CASCADE): those teams have DEFAULT again.
    deleteMediaPropertiesLayout: db.deleteFrom('media_properties_layouts').where(s.matches(['id'])),
    upsertTeamMediaPropertiesLayout: s.upsert('media_properties_layout_teams', ['team_id'], ['team_id', 'layout_id']),
    deleteTeamMediaPropertiesLayout: db.deleteFrom('media_properties_layout_teams').where(s.matches(['team_id'])),
    upsertDesktopLayout: s.upsert('desktop_layouts', ['id'], ['id', 'layout_xml']),
    upsertTeamDesktopLayout: s.upsert('team_desktop_layouts', ['team_id'], ['team_id', 'layout_xml']),
    deleteTeamDesktopLayout: db.deleteFrom('team_desktop_layouts').where(s.matches(['team_id'])),
    upsertGadgetAllowList: s.upsert('gadget_allow_list', ['id'], ['id', 'entries']),
  };
  return Object.fromEntries(Object.entries(queries).map(([name, query]) => [name, prepared(name as StatementName, query)])) as Record<StatementName, Prepared>;
}

/**
 * Reserves ids from a named sequence in one statement: the row is created on first use (past the highest
 * numeric id of the call history, and at least 10,000,001) or bumped under its row lock; it returns the
 * value after the reservation. Placeholders: `name`, `count`.
 */
export function compileReserveIds(db: Db, dialect: Dialect): Prepared {
  const [numeric, start] =
    dialect === 'postgres'
      ? [sql`id ~ '^[0-9]{1,18}$'`, sql`GREATEST(COALESCE(MAX(CAST(id AS BIGINT)), 0), 10000000)`]
      : [sql`id GLOB '[0-9]*'`, sql`MAX(COALESCE(MAX(CAST(id AS INTEGER)), 0), 10000000)`];
  const query = sql`INSERT INTO sequences (name, next_value)
    SELECT ${param('name')}, ${start} + 1 + ${param('count')} FROM call_history WHERE ${numeric}
    ON CONFLICT (name) DO UPDATE SET next_value = sequences.next_value + ${param('count')}
    RETURNING next_value`;
  return prepared('reserveIds' as StatementName, { compile: () => query.compile(db) });
}

/** The configuration sequences and the table whose ids each hands out. */
export const CONFIGURATION_SEQUENCES = {
  reasonCode: 'reason_codes',
  wrapUpReason: 'wrap_up_reasons',
  phoneBook: 'phone_books',
  contact: 'contacts',
  workflowAction: 'workflow_actions',
  workflow: 'workflows',
  mediaPropertiesLayout: 'media_properties_layouts',
  team: 'teams',
} as const;

/**
 * Reserves ids of configuration items (reason codes, wrap-up reasons) in one statement: the row is created
 * on first use past the highest numeric id of the table; each reservation then starts past both the
 * sequence and that highest id (rows a provisioning file wrote since count too), so an id is never handed
 * out twice, not even the id of a deleted item. `count` 0 only creates the row. Placeholders: `name`, `count`.
 */
export function compileReserveConfigurationIds(db: Db, dialect: Dialect, sequence: keyof typeof CONFIGURATION_SEQUENCES): Prepared {
  const table = sql.table(CONFIGURATION_SEQUENCES[sequence]);
  const [numeric, highest, greatest] =
    dialect === 'postgres'
      ? [sql`id ~ '^[0-9]{1,18}$'`, sql`COALESCE(MAX(CAST(id AS BIGINT)), 0)`, sql.raw('GREATEST')]
      : [sql`id GLOB '[0-9]*' AND id NOT GLOB '*[^0-9]*' AND length(id) <= 18`, sql`COALESCE(MAX(CAST(id AS INTEGER)), 0)`, sql.raw('MAX')];
  const query = sql`INSERT INTO sequences (name, next_value)
    SELECT ${param('name')}, ${highest} + 1 + ${param('count')} FROM ${table} WHERE ${numeric}
    ON CONFLICT (name) DO UPDATE SET next_value = ${greatest}(sequences.next_value, excluded.next_value - ${param('count')}) + ${param('count')}
    RETURNING next_value`;
  return prepared(`reserve_${sequence}` as StatementName, { compile: () => query.compile(db) });
}

/** A source row's field in an expression: a placeholder (SQLite) or the column of the unnest rows `u` (PostgreSQL). */
type Field = (name: string) => RawBuilder<unknown>;
/** Columns whose value is an expression of the row's fields rather than the field itself. */
type Values = Readonly<Record<string, (u: Field) => RawBuilder<unknown>>>;

class Builder {
  private readonly field: Field;

  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {
    this.field = dialect === 'postgres' ? (name) => sql.ref(`u.${name}`) : param;
  }

  /** INSERT of the source rows; `value` computes some columns from the row's fields. */
  insert(table: TableName, columns: readonly string[], value: Values = {}) {
    const column = (c: string) => value[c]?.(this.field) ?? this.field(c);
    const insert = this.db.insertInto(table);
    if (this.dialect === 'sqlite') return insert.values(Object.fromEntries(columns.map((c) => [c, column(c)])));
    // PostgreSQL: the rows from parallel arrays, one per column (unnest zips them).
    const rows = this.db.selectNoFrom(columns.map((c) => sql`unnest(${param(c)}::${sql.raw(pgType(c))}[])`.as(c))).as('u');
    return insert.columns(columns).expression(
      this.db
        .selectFrom(rows)
        .select(columns.map((c) => column(c).as(c)))
        .where(sql<boolean>`true`),
    );
  }

  /** Insert, or update every column but the key; `update` replaces the plain `excluded.column` of some. */
  upsert(
    table: TableName,
    key: readonly string[],
    columns: readonly string[],
    options: { value?: Values; update?: Readonly<Record<string, RawBuilder<unknown>>> } = {},
  ) {
    const update = options.update ?? {};
    return this.insert(table, columns, options.value).onConflict((oc) =>
      oc.columns(key).doUpdateSet((eb) => Object.fromEntries(columns.filter((c) => !key.includes(c)).map((c) => [c, update[c] ?? eb.ref(`excluded.${c}`)]))),
    );
  }

  /** The rows whose key fields equal a source row's: `k = ?` (SQLite), `k IN (SELECT unnest($1::text[]))` (PostgreSQL). */
  matches(key: readonly string[]): RawBuilder<boolean> {
    if (this.dialect === 'sqlite')
      return sql<boolean>`${sql.join(
        key.map((k) => sql`${sql.ref(k)} = ${param(k)}`),
        sql` AND `,
      )}`;
    const arrays = sql.join(key.map((k) => sql`${param(k)}::${sql.raw(pgType(k))}[]`));
    return sql<boolean>`(${sql.join(key.map((k) => sql.ref(k)))}) IN (SELECT * FROM unnest(${arrays}))`;
  }
}

function prepared(name: StatementName, query: Compilable): Prepared {
  const compiled = query.compile();
  const params = compiled.parameters.map((value) => {
    if (typeof value !== 'string' || !value.startsWith(MARK)) throw new Error(`statement ${name}: a value is not a named placeholder`);
    return value.slice(MARK.length);
  });
  return { name, sql: compiled.sql, params };
}
