import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type {
  AuditEntry,
  AuditQuery,
  IdSequence,
  OutboxEvent,
  SettingName,
  Store,
  StoredLiveCall,
  StoredSubscription,
  StoredUser,
  StoreWrite,
} from '../application/ports/store.js';
import type { CallRecord } from '../domain/call-record.js';
import type { AllowListEntry } from '../domain/gadget-allow-list.js';
import type { ReasonCode, Team, WrapUpReason } from '../domain/model.js';
import type { MediaPropertiesLayout } from '../domain/media-properties-layout.js';
import type { Contact, ContactCounts, PhoneBook } from '../domain/phone-book.js';
import type { Queue } from '../domain/queue.js';
import type { TeamMessage } from '../domain/team-message.js';
import type { Workflow, WorkflowAction } from '../domain/workflow.js';
import type { Engine } from './engine.js';
import {
  auditOf,
  callRecordOf,
  contactOf,
  liveCallOf,
  mediaPropertiesLayoutOf,
  phoneBookOf,
  queueOf,
  reasonCodeOf,
  storedUserOf,
  subscriptionOf,
  teamMessageOf,
  teamOf,
  workflowActionOf,
  workflowOf,
  wrapUpOf,
} from './rows.js';
import type { Dialect, Tables } from './schema.js';

/**
 * The store port, written once for SQLite and PostgreSQL: reads are Kysely queries both databases run
 * alike; writes, id reservations and durability go to the database's engine (sqlite-engine.ts,
 * postgres-engine.ts), which runs the write statements compiled once from statements.ts. Lists come back
 * in code-unit order of their keys, whichever collation the database has.
 */
export class KyselyStore implements Store {
  readonly description: { kind: Dialect; location: string };

  constructor(private readonly engine: Engine) {
    this.description = { kind: engine.dialect, location: engine.location };
  }

  /** The database itself, for whole-table work (store copy). */
  get db(): Kysely<Tables> {
    return this.engine.db;
  }

  get dialect(): Dialect {
    return this.engine.dialect;
  }

  async isEmpty(): Promise<boolean> {
    const row = await this.db.selectFrom('users').select('login_id').limit(1).executeTakeFirst();
    return row === undefined;
  }

  async loadTeams(): Promise<Team[]> {
    return byKey(await this.db.selectFrom('teams').selectAll().execute(), (r) => r.id).map(teamOf);
  }

  async loadSetting(name: SettingName): Promise<string | null> {
    const row = await this.db.selectFrom('settings').select('value').where('name', '=', name).executeTakeFirst();
    return row?.value ?? null;
  }

  async loadUsers(): Promise<StoredUser[]> {
    const [users, statuses, supervision] = await Promise.all([
      this.db.selectFrom('users').selectAll().execute(),
      this.db.selectFrom('agent_status').selectAll().execute(),
      this.db.selectFrom('team_supervisors').selectAll().execute(),
    ]);
    const statusOf = new Map(statuses.map((s) => [s.login_id, s]));
    const supervised = new Map<string, string[]>();
    for (const { login_id, team_id } of supervision) supervised.set(login_id, [...(supervised.get(login_id) ?? []), team_id]);
    return byKey(users, (u) => u.login_id).map((u) => storedUserOf(u, statusOf.get(u.login_id), supervised.get(u.login_id) ?? []));
  }

  async loadReasonCodes(): Promise<ReasonCode[]> {
    return byKey(await this.db.selectFrom('reason_codes').selectAll().execute(), (r) => r.id).map(reasonCodeOf);
  }

  async loadWrapUpReasons(): Promise<WrapUpReason[]> {
    return byKey(await this.db.selectFrom('wrap_up_reasons').selectAll().execute(), (r) => r.id).map(wrapUpOf);
  }

  async loadTeamMessages(): Promise<TeamMessage[]> {
    const rows = await this.db.selectFrom('team_messages').selectAll().execute();
    return rows.map(teamMessageOf).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  }

  async loadQueues(): Promise<Queue[]> {
    return byKey(await this.db.selectFrom('queues').selectAll().execute(), (r) => r.id).map(queueOf);
  }

  async loadPhoneBooks(): Promise<PhoneBook[]> {
    const [books, teams] = await Promise.all([
      this.db.selectFrom('phone_books').selectAll().execute(),
      this.db.selectFrom('phone_book_teams').selectAll().execute(),
    ]);
    const teamsOf = new Map<string, string[]>();
    for (const { phone_book_id, team_id } of teams) teamsOf.set(phone_book_id, [...(teamsOf.get(phone_book_id) ?? []), team_id]);
    return books.sort((a, b) => byNumber(a.id, b.id)).map((b) => phoneBookOf(b, teamsOf.get(b.id) ?? []));
  }

  async loadContacts(phoneBookIds: readonly string[]): Promise<Contact[]> {
    if (phoneBookIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('contacts')
      .selectAll()
      .where('phone_book_id', 'in', [...phoneBookIds])
      .execute();
    const order = new Map(phoneBookIds.map((id, index) => [id, index]));
    rows.sort((a, b) => order.get(a.phone_book_id)! - order.get(b.phone_book_id)! || byNumber(a.id, b.id));
    return rows.map(contactOf);
  }

  async countContacts(): Promise<ContactCounts> {
    const rows = await this.db
      .selectFrom('contacts')
      .select(['phone_book_id', (eb) => eb.fn.countAll().as('n')])
      .groupBy('phone_book_id')
      .execute();
    return new Map(rows.map((r) => [r.phone_book_id, Number(r.n)]));
  }

  async loadWorkflowActions(): Promise<WorkflowAction[]> {
    return (await this.db.selectFrom('workflow_actions').selectAll().execute()).sort((a, b) => byNumber(a.id, b.id)).map(workflowActionOf);
  }

  async loadWorkflows(): Promise<Workflow[]> {
    const [workflows, steps, teams] = await Promise.all([
      this.db.selectFrom('workflows').selectAll().execute(),
      this.db.selectFrom('workflow_steps').selectAll().execute(),
      this.db.selectFrom('workflow_teams').selectAll().execute(),
    ]);
    const actionsOf = new Map<string, string[]>();
    steps.sort((a, b) => Number(a.ordinal) - Number(b.ordinal));
    for (const { workflow_id, action_id } of steps) actionsOf.set(workflow_id, [...(actionsOf.get(workflow_id) ?? []), action_id]);
    const teamsOf = new Map<string, string[]>();
    for (const { workflow_id, team_id } of teams) teamsOf.set(workflow_id, [...(teamsOf.get(workflow_id) ?? []), team_id]);
    return workflows.sort((a, b) => byNumber(a.id, b.id)).map((w) => workflowOf(w, actionsOf.get(w.id) ?? [], teamsOf.get(w.id) ?? []));
  }

  async loadMediaPropertiesLayouts(): Promise<MediaPropertiesLayout[]> {
    const [layouts, teams] = await Promise.all([
      this.db.selectFrom('media_properties_layouts').selectAll().execute(),
      this.db.selectFrom('media_properties_layout_teams').selectAll().execute(),
    ]);
    const teamsOf = new Map<string, string[]>();
    for (const { layout_id, team_id } of teams) teamsOf.set(layout_id, [...(teamsOf.get(layout_id) ?? []), team_id]);
    return layouts.sort((a, b) => byNumber(a.id, b.id)).map((l) => mediaPropertiesLayoutOf(l, teamsOf.get(l.id) ?? []));
  }

  async loadDefaultDesktopLayout(): Promise<string | null> {
    const row = await this.db.selectFrom('desktop_layouts').select('layout_xml').where('id', '=', 'default').executeTakeFirst();
    return row?.layout_xml ?? null;
  }

  async loadTeamDesktopLayout(teamId: string): Promise<string | null> {
    const row = await this.db.selectFrom('team_desktop_layouts').select('layout_xml').where('team_id', '=', teamId).executeTakeFirst();
    return row?.layout_xml ?? null;
  }

  async loadGadgetAllowList(): Promise<AllowListEntry[]> {
    const row = await this.db.selectFrom('gadget_allow_list').select('entries').where('id', '=', 'default').executeTakeFirst();
    return row ? (JSON.parse(row.entries) as AllowListEntry[]) : [];
  }

  async loadSubscriptions(): Promise<StoredSubscription[]> {
    const rows = byKey(await this.db.selectFrom('pubsub_subscriptions').selectAll().execute(), (r) => `${r.node}\u0000${r.jid}\u0000${r.subid}`);
    return rows.map(subscriptionOf).sort((a, b) => a.createdAt - b.createdAt);
  }

  async loadLiveCalls(): Promise<StoredLiveCall[]> {
    return byKey(await this.db.selectFrom('live_calls').selectAll().execute(), (r) => r.id).map(liveCallOf);
  }

  async loadCallRecords(since: number, limit: number): Promise<CallRecord[]> {
    const rows = await this.db.selectFrom('call_history').selectAll().where('ended_at', '>=', since).orderBy('ended_at').orderBy('id').limit(limit).execute();
    return rows.map(callRecordOf);
  }

  async loadOutbox(origin: string | null, limit: number): Promise<OutboxEvent[]> {
    let query = this.db.selectFrom('outbox').selectAll().orderBy('id').limit(limit);
    if (origin !== null) query = query.where('origin', '=', origin);
    return (await query.execute()).map((r) => ({ id: Number(r.id), at: Number(r.at), origin: r.origin, payload: r.payload }));
  }

  async deleteOutbox(ids: readonly number[]): Promise<void> {
    if (ids.length > 0)
      await this.db
        .deleteFrom('outbox')
        .where('id', 'in', [...ids])
        .execute();
  }

  commit(writes: readonly StoreWrite[]): Promise<void> {
    return this.engine.commit(writes);
  }

  async loadAudit(query: AuditQuery): Promise<AuditEntry[]> {
    let select = this.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(query.limit);
    if (query.since !== undefined) select = select.where('at', '>=', query.since);
    if (query.until !== undefined) select = select.where('at', '<=', query.until);
    if (query.actor !== undefined) select = select.where('actor', '=', query.actor);
    if (query.resource !== undefined) select = select.where('resource', '=', query.resource);
    if (query.beforeId !== undefined) select = select.where('id', '<', query.beforeId);
    return (await select.execute()).map(auditOf);
  }

  reserveIds(sequence: IdSequence, count: number): Promise<number> {
    return this.engine.reserveIds(sequence, count);
  }

  async ping(): Promise<void> {
    await sql`SELECT 1`.execute(this.db);
  }

  /** Makes every write so far durable. */
  flush(): Promise<void> {
    return this.engine.flush();
  }

  close(): Promise<void> {
    return this.engine.close();
  }
}

/** Rows sorted by a text key in code-unit order (SQLite's BINARY collation; PostgreSQL's may differ). */
function byKey<T>(rows: T[], key: (row: T) => string): T[] {
  return rows.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** Ids in numeric order (configuration ids are numbers), then in code-unit order. */
function byNumber(x: string, y: string): number {
  return Number(x) - Number(y) || (x < y ? -1 : x > y ? 1 : 0);
}
