/** The schema the legacy hand-written SQLite migrator applied (src/store/migrations.ts before issue 10), verbatim: databases made by it must open unchanged. */
export const LEGACY_MIGRATIONS: readonly { version: number; description: string; sql: string }[] = [
  {
    version: 1,
    description: 'users, teams, reason codes, wrap-up reasons, agent status',
    sql: `
      CREATE TABLE teams (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        wrap_up_on_incoming TEXT NOT NULL,
        wrap_up_on_outgoing TEXT NOT NULL,
        wrap_up_timer_seconds INTEGER NOT NULL
      );
      CREATE TABLE users (
        login_id TEXT PRIMARY KEY,
        login_name TEXT NOT NULL UNIQUE,
        first_name TEXT NOT NULL,
        last_name TEXT NOT NULL,
        roles TEXT NOT NULL,
        team_id TEXT REFERENCES teams(id),
        credentials TEXT NOT NULL
      );
      CREATE TABLE team_supervisors (
        team_id TEXT NOT NULL REFERENCES teams(id),
        login_id TEXT NOT NULL REFERENCES users(login_id) ON DELETE CASCADE,
        PRIMARY KEY (team_id, login_id)
      );
      CREATE TABLE reason_codes (
        id TEXT PRIMARY KEY,
        category TEXT NOT NULL CHECK (category IN ('NOT_READY', 'LOGOUT')),
        code INTEGER NOT NULL,
        label TEXT NOT NULL,
        for_all INTEGER NOT NULL,
        team_ids TEXT NOT NULL
      );
      CREATE TABLE wrap_up_reasons (
        id TEXT PRIMARY KEY,
        label TEXT NOT NULL,
        for_all INTEGER NOT NULL,
        team_ids TEXT NOT NULL
      );
      CREATE TABLE agent_status (
        login_id TEXT PRIMARY KEY REFERENCES users(login_id) ON DELETE CASCADE,
        state TEXT NOT NULL,
        state_change_time INTEGER,
        pending_state TEXT,
        pending_reason_code_id TEXT,
        reason_code_id TEXT,
        extension TEXT,
        pre_call_state TEXT,
        pre_call_reason_code_id TEXT
      );
    `,
  },
  {
    version: 2,
    description: 'explicit pubsub subscriptions',
    sql: `
      CREATE TABLE pubsub_subscriptions (
        node TEXT NOT NULL,
        jid TEXT NOT NULL,
        subid TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (node, jid, subid)
      );
      CREATE INDEX pubsub_subscriptions_by_jid ON pubsub_subscriptions (jid);
    `,
  },
  {
    version: 3,
    description: 'queues and call history',
    sql: `
      CREATE TABLE queues (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        dialed_numbers TEXT NOT NULL,
        team_ids TEXT NOT NULL,
        agent_ids TEXT NOT NULL,
        ring_no_answer_seconds INTEGER NOT NULL,
        max_queue_time_seconds INTEGER NOT NULL
      );
      CREATE TABLE call_history (
        id TEXT PRIMARY KEY,
        started_at INTEGER NOT NULL,
        answered_at INTEGER,
        ended_at INTEGER NOT NULL,
        from_address TEXT NOT NULL,
        to_address TEXT NOT NULL,
        call_type TEXT NOT NULL,
        queue_id TEXT,
        queue_name TEXT,
        agents TEXT NOT NULL,
        duration_ms INTEGER NOT NULL,
        wrap_up_reason TEXT NOT NULL,
        call_variables TEXT NOT NULL,
        outcome TEXT NOT NULL
      );
      CREATE INDEX call_history_by_end ON call_history (ended_at);
    `,
  },
  {
    version: 4,
    description: 'agent status: wrap-up data still required',
    sql: `
      ALTER TABLE agent_status ADD COLUMN wrap_up_data_required INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 5,
    description: 'optimistic versions, one signed-in agent per extension, live calls, sequences, outbox',
    sql: `
      ALTER TABLE agent_status ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
      CREATE UNIQUE INDEX agent_status_extension_in_use ON agent_status (extension) WHERE extension IS NOT NULL AND state <> 'LOGOUT';
      CREATE TABLE live_calls (id TEXT PRIMARY KEY, state TEXT NOT NULL, updated_at INTEGER NOT NULL);
      CREATE TABLE sequences (name TEXT PRIMARY KEY, next_value INTEGER NOT NULL);
      CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, payload TEXT NOT NULL);
    `,
  },
];
