import Database from 'better-sqlite3';
import type { Credentials } from '../accounts/credentials.js';
import type { AgentState } from '../domain/agent-state.js';
import type { CallOutcome, CallRecord } from '../domain/call-record.js';
import type { Queue } from '../domain/queue.js';
import type { AgentStatus, ReasonCode, Role, Team, UserAccount, WrapUpMode, WrapUpReason } from '../domain/model.js';
import { MIGRATIONS } from './migrations.js';
import { WalSync } from './wal-sync.js';
import type { StoredLiveCall, StoredSubscription, StoredUser } from '../application/ports/store.js';

interface UserRow {
  login_id: string;
  login_name: string;
  first_name: string;
  last_name: string;
  roles: string;
  team_id: string | null;
  credentials: string;
  supervised: string | null;
  state: string | null;
  state_change_time: number | null;
  pending_state: string | null;
  pending_reason_code_id: string | null;
  reason_code_id: string | null;
  extension: string | null;
  pre_call_state: string | null;
  pre_call_reason_code_id: string | null;
  wrap_up_data_required: number | null;
  version: number | null;
}

/**
 * SQLite in WAL mode. Every write is in the WAL file when the call returns (it survives kill -9);
 * `sync()` makes all writes so far durable against power loss too, with one shared fdatasync (see
 * WalSync). Callers acknowledge a change to a client only after `sync()` resolves. Statements are
 * prepared once.
 */
export class SqliteStore {
  private readonly db: Database.Database;
  private readonly statements;

  private readonly walSync: WalSync;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.walSync = new WalSync(`${file}-wal`);
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
    this.statements = {
      upsertTeam: this.db.prepare(
        `INSERT INTO teams (id, name, wrap_up_on_incoming, wrap_up_on_outgoing, wrap_up_timer_seconds)
         VALUES (@id, @name, @incoming, @outgoing, @timer)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, wrap_up_on_incoming = excluded.wrap_up_on_incoming,
           wrap_up_on_outgoing = excluded.wrap_up_on_outgoing, wrap_up_timer_seconds = excluded.wrap_up_timer_seconds`,
      ),
      upsertUser: this.db.prepare(
        `INSERT INTO users (login_id, login_name, first_name, last_name, roles, team_id, credentials)
         VALUES (@loginId, @loginName, @firstName, @lastName, @roles, @teamId, @credentials)
         ON CONFLICT(login_id) DO UPDATE SET login_name = excluded.login_name, first_name = excluded.first_name,
           last_name = excluded.last_name, roles = excluded.roles, team_id = excluded.team_id, credentials = excluded.credentials`,
      ),
      deleteSupervised: this.db.prepare('DELETE FROM team_supervisors WHERE login_id = ?'),
      insertSupervised: this.db.prepare('INSERT INTO team_supervisors (team_id, login_id) VALUES (?, ?)'),
      insertStatusIfMissing: this.db.prepare(`INSERT OR IGNORE INTO agent_status (login_id, state) VALUES (?, 'LOGOUT')`),
      upsertStatus: this.db.prepare(
        `INSERT INTO agent_status (login_id, state, state_change_time, pending_state, pending_reason_code_id, reason_code_id,
           extension, pre_call_state, pre_call_reason_code_id, wrap_up_data_required, version)
         VALUES (@loginId, @state, @stateChangeTime, @pendingState, @pendingReasonCodeId, @reasonCodeId, @extension,
           @preCallState, @preCallReasonCodeId, @wrapUpDataRequired, @version)
         ON CONFLICT(login_id) DO UPDATE SET state = excluded.state, state_change_time = excluded.state_change_time,
           pending_state = excluded.pending_state, pending_reason_code_id = excluded.pending_reason_code_id,
           reason_code_id = excluded.reason_code_id, extension = excluded.extension,
           pre_call_state = excluded.pre_call_state, pre_call_reason_code_id = excluded.pre_call_reason_code_id,
           wrap_up_data_required = excluded.wrap_up_data_required, version = excluded.version
         WHERE agent_status.version = excluded.version - 1`,
      ),
      upsertReasonCode: this.db.prepare(
        `INSERT INTO reason_codes (id, category, code, label, for_all, team_ids) VALUES (@id, @category, @code, @label, @forAll, @teamIds)
         ON CONFLICT(id) DO UPDATE SET category = excluded.category, code = excluded.code, label = excluded.label,
           for_all = excluded.for_all, team_ids = excluded.team_ids`,
      ),
      upsertWrapUp: this.db.prepare(
        `INSERT INTO wrap_up_reasons (id, label, for_all, team_ids) VALUES (@id, @label, @forAll, @teamIds)
         ON CONFLICT(id) DO UPDATE SET label = excluded.label, for_all = excluded.for_all, team_ids = excluded.team_ids`,
      ),
      insertSubscription: this.db.prepare('INSERT OR IGNORE INTO pubsub_subscriptions (node, jid, subid, created_at) VALUES (@node, @jid, @subid, @createdAt)'),
      deleteSubscription: this.db.prepare('DELETE FROM pubsub_subscriptions WHERE node = ? AND jid = ? AND subid = ?'),
      upsertQueue: this.db.prepare(
        `INSERT INTO queues (id, name, dialed_numbers, team_ids, agent_ids, ring_no_answer_seconds, max_queue_time_seconds)
         VALUES (@id, @name, @dialedNumbers, @teamIds, @agentIds, @ringNoAnswerSeconds, @maxQueueTimeSeconds)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, dialed_numbers = excluded.dialed_numbers, team_ids = excluded.team_ids,
           agent_ids = excluded.agent_ids, ring_no_answer_seconds = excluded.ring_no_answer_seconds,
           max_queue_time_seconds = excluded.max_queue_time_seconds`,
      ),
      insertCallRecord: this.db.prepare(
        `INSERT OR REPLACE INTO call_history (id, started_at, answered_at, ended_at, from_address, to_address, call_type, queue_id,
           queue_name, agents, duration_ms, wrap_up_reason, call_variables, outcome)
         VALUES (@id, @startedAt, @answeredAt, @endedAt, @fromAddress, @toAddress, @callType, @queueId, @queueName, @agents,
           @durationMs, @wrapUpReason, @callVariables, @outcome)`,
      ),
      selectCallRecords: this.db.prepare('SELECT * FROM call_history WHERE ended_at >= ? ORDER BY ended_at, id LIMIT ?'),
    };
  }

  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    const applied = new Set((this.db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
    const record = this.db.prepare('INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)');
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      this.db.transaction(() => {
        this.db.exec(migration.sql);
        record.run(migration.version, migration.description, Date.now());
      })();
    }
  }

  schemaVersion(): number {
    const row = this.db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
    return row.v ?? 0;
  }

  isEmpty(): boolean {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n === 0;
  }

  loadTeams(): Team[] {
    const rows = this.db.prepare('SELECT * FROM teams ORDER BY id').all() as {
      id: string;
      name: string;
      wrap_up_on_incoming: string;
      wrap_up_on_outgoing: string;
      wrap_up_timer_seconds: number;
    }[];
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      settings: {
        wrapUpOnIncoming: r.wrap_up_on_incoming as WrapUpMode,
        wrapUpOnOutgoing: r.wrap_up_on_outgoing as WrapUpMode,
        wrapUpTimerSeconds: r.wrap_up_timer_seconds,
      },
    }));
  }

  loadUsers(): StoredUser[] {
    const rows = this.db
      .prepare(
        `SELECT u.*, s.state, s.state_change_time, s.pending_state, s.pending_reason_code_id, s.reason_code_id, s.extension,
           s.pre_call_state, s.pre_call_reason_code_id, s.wrap_up_data_required, s.version,
           (SELECT json_group_array(team_id) FROM team_supervisors ts WHERE ts.login_id = u.login_id) AS supervised
         FROM users u LEFT JOIN agent_status s ON s.login_id = u.login_id ORDER BY u.login_id`,
      )
      .all() as UserRow[];
    return rows.map((r) => ({
      account: {
        loginId: r.login_id,
        loginName: r.login_name,
        firstName: r.first_name,
        lastName: r.last_name,
        roles: JSON.parse(r.roles) as Role[],
        teamId: r.team_id,
        supervisedTeamIds: (JSON.parse(r.supervised ?? '[]') as string[]).sort(),
      },
      credentials: JSON.parse(r.credentials) as Credentials,
      status: {
        state: (r.state ?? 'LOGOUT') as AgentState,
        stateChangeTime: r.state_change_time,
        pendingState: r.pending_state as AgentStatus['pendingState'],
        pendingReasonCodeId: r.pending_reason_code_id,
        reasonCodeId: r.reason_code_id,
        extension: r.extension,
        preCallState: r.pre_call_state as AgentStatus['preCallState'],
        preCallReasonCodeId: r.pre_call_reason_code_id,
        wrapUpDataRequired: r.wrap_up_data_required === 1,
      },
      version: r.version ?? 0,
    }));
  }

  loadReasonCodes(): ReasonCode[] {
    const rows = this.db.prepare('SELECT * FROM reason_codes').all() as {
      id: string;
      category: 'NOT_READY' | 'LOGOUT';
      code: number;
      label: string;
      for_all: number;
      team_ids: string;
    }[];
    return rows.map((r) => ({
      id: r.id,
      category: r.category,
      code: r.code,
      label: r.label,
      forAll: r.for_all === 1,
      systemCode: false,
      teamIds: JSON.parse(r.team_ids) as string[],
    }));
  }

  loadWrapUpReasons(): WrapUpReason[] {
    const rows = this.db.prepare('SELECT * FROM wrap_up_reasons').all() as { id: string; label: string; for_all: number; team_ids: string }[];
    return rows.map((r) => ({ id: r.id, label: r.label, forAll: r.for_all === 1, teamIds: JSON.parse(r.team_ids) as string[] }));
  }

  saveTeam(team: Team): void {
    this.statements.upsertTeam.run({
      id: team.id,
      name: team.name,
      incoming: team.settings.wrapUpOnIncoming,
      outgoing: team.settings.wrapUpOnOutgoing,
      timer: team.settings.wrapUpTimerSeconds,
    });
  }

  saveUser(account: UserAccount, credentials: Credentials): void {
    this.transaction(() => {
      this.statements.upsertUser.run({
        loginId: account.loginId,
        loginName: account.loginName,
        firstName: account.firstName,
        lastName: account.lastName,
        roles: JSON.stringify(account.roles),
        teamId: account.teamId,
        credentials: JSON.stringify(credentials),
      });
      this.statements.deleteSupervised.run(account.loginId);
      for (const teamId of account.supervisedTeamIds) this.statements.insertSupervised.run(teamId, account.loginId);
      this.statements.insertStatusIfMissing.run(account.loginId);
    });
  }

  saveReasonCode(rc: ReasonCode): void {
    this.statements.upsertReasonCode.run({
      id: rc.id,
      category: rc.category,
      code: rc.code,
      label: rc.label,
      forAll: rc.forAll ? 1 : 0,
      teamIds: JSON.stringify(rc.teamIds),
    });
  }

  saveWrapUpReason(reason: WrapUpReason): void {
    this.statements.upsertWrapUp.run({ id: reason.id, label: reason.label, forAll: reason.forAll ? 1 : 0, teamIds: JSON.stringify(reason.teamIds) });
  }

  /** False when the row is not at `version - 1`: another writer changed it first. */
  saveAgentStatus(loginId: string, status: AgentStatus, version: number): boolean {
    return this.statements.upsertStatus.run({ loginId, ...status, wrapUpDataRequired: status.wrapUpDataRequired ? 1 : 0, version }).changes > 0;
  }

  loadLiveCalls(): StoredLiveCall[] {
    const rows = this.db.prepare('SELECT id, state, updated_at FROM live_calls ORDER BY id').all() as { id: string; state: string; updated_at: number }[];
    return rows.map((r) => ({ id: r.id, state: r.state, updatedAt: r.updated_at }));
  }

  saveLiveCall(call: StoredLiveCall): void {
    this.db
      .prepare(
        'INSERT INTO live_calls (id, state, updated_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at',
      )
      .run(call.id, call.state, call.updatedAt);
  }

  deleteLiveCall(id: string): void {
    this.db.prepare('DELETE FROM live_calls WHERE id = ?').run(id);
  }

  /** The first of `count` ids reserved from the sequence; it starts past every id in the call history. */
  reserveIds(sequence: string, count: number): number {
    return this.transaction(() => {
      const start = Math.max(this.maxCallId(), 10_000_000) + 1;
      this.db.prepare('INSERT INTO sequences (name, next_value) VALUES (?, ?) ON CONFLICT(name) DO NOTHING').run(sequence, start);
      const row = this.db.prepare('UPDATE sequences SET next_value = next_value + ? WHERE name = ? RETURNING next_value').get(count, sequence) as {
        next_value: number;
      };
      return row.next_value - count;
    });
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  loadSubscriptions(): StoredSubscription[] {
    const rows = this.db.prepare('SELECT node, jid, subid, created_at FROM pubsub_subscriptions ORDER BY created_at').all() as {
      node: string;
      jid: string;
      subid: string;
      created_at: number;
    }[];
    return rows.map((r) => ({ node: r.node, jid: r.jid, subid: r.subid, createdAt: r.created_at }));
  }

  addSubscription(subscription: StoredSubscription): void {
    this.statements.insertSubscription.run(subscription);
  }

  removeSubscription(node: string, jid: string, subid: string): void {
    this.statements.deleteSubscription.run(node, jid, subid);
  }

  loadQueues(): Queue[] {
    const rows = this.db.prepare('SELECT * FROM queues ORDER BY id').all() as {
      id: string;
      name: string;
      dialed_numbers: string;
      team_ids: string;
      agent_ids: string;
      ring_no_answer_seconds: number;
      max_queue_time_seconds: number;
    }[];
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      dialedNumbers: JSON.parse(r.dialed_numbers) as string[],
      teamIds: JSON.parse(r.team_ids) as string[],
      agentIds: JSON.parse(r.agent_ids) as string[],
      ringNoAnswerSeconds: r.ring_no_answer_seconds,
      maxQueueTimeSeconds: r.max_queue_time_seconds,
    }));
  }

  saveQueue(queue: Queue): void {
    this.statements.upsertQueue.run({
      id: queue.id,
      name: queue.name,
      dialedNumbers: JSON.stringify(queue.dialedNumbers),
      teamIds: JSON.stringify(queue.teamIds),
      agentIds: JSON.stringify(queue.agentIds),
      ringNoAnswerSeconds: queue.ringNoAnswerSeconds,
      maxQueueTimeSeconds: queue.maxQueueTimeSeconds,
    });
  }

  saveCallRecord(record: CallRecord): void {
    this.statements.insertCallRecord.run({
      ...record,
      agents: JSON.stringify(record.agents),
      callVariables: JSON.stringify(record.callVariables),
    });
  }

  loadCallRecords(since: number, limit: number): CallRecord[] {
    const rows = this.statements.selectCallRecords.all(since, limit) as {
      id: string;
      started_at: number;
      answered_at: number | null;
      ended_at: number;
      from_address: string;
      to_address: string;
      call_type: string;
      queue_id: string | null;
      queue_name: string | null;
      agents: string;
      duration_ms: number;
      wrap_up_reason: string;
      call_variables: string;
      outcome: string;
    }[];
    return rows.map((r) => ({
      id: r.id,
      startedAt: r.started_at,
      answeredAt: r.answered_at,
      endedAt: r.ended_at,
      fromAddress: r.from_address,
      toAddress: r.to_address,
      callType: r.call_type,
      queueId: r.queue_id,
      queueName: r.queue_name,
      agents: JSON.parse(r.agents) as string[],
      durationMs: r.duration_ms,
      wrapUpReason: r.wrap_up_reason,
      callVariables: JSON.parse(r.call_variables) as Record<string, string>,
      outcome: r.outcome as CallOutcome,
    }));
  }

  maxCallId(): number {
    const row = this.db.prepare("SELECT MAX(CAST(id AS INTEGER)) AS n FROM call_history WHERE id GLOB '[0-9]*'").get() as { n: number | null };
    return row.n ?? 0;
  }

  sync(): Promise<void> {
    return this.walSync.sync();
  }

  close(): void {
    this.walSync.close();
    if (this.db.open) this.db.close();
  }
}
