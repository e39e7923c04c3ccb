import type { Generated } from 'kysely';

/**
 * The tables as Kysely sees them, the same on SQLite and PostgreSQL. Times are epoch milliseconds
 * (BIGINT on PostgreSQL), flags are 0/1 integers, lists and credentials are JSON text.
 */
export interface Tables {
  teams: {
    id: string;
    name: string;
    wrap_up_on_incoming: string;
    wrap_up_on_outgoing: string;
    wrap_up_timer_seconds: number;
  };
  users: {
    login_id: string;
    login_name: string;
    first_name: string;
    last_name: string;
    roles: string;
    team_id: string | null;
    credentials: string;
    /** 1: the account is kept but cannot sign in and is absent from the Finesse APIs. */
    disabled: number;
  };
  team_supervisors: { team_id: string; login_id: string };
  reason_codes: { id: string; category: string; code: number; label: string; for_all: number; team_ids: string };
  wrap_up_reasons: { id: string; label: string; for_all: number; team_ids: string };
  agent_status: {
    login_id: string;
    state: string;
    state_change_time: number | null;
    pending_state: string | null;
    pending_reason_code_id: string | null;
    reason_code_id: string | null;
    extension: string | null;
    pre_call_state: string | null;
    pre_call_reason_code_id: string | null;
    wrap_up_data_required: number;
    version: number;
  };
  pubsub_subscriptions: { node: string; jid: string; subid: string; created_at: number };
  queues: {
    id: string;
    name: string;
    dialed_numbers: string;
    team_ids: string;
    agent_ids: string;
    ring_no_answer_seconds: number;
    max_queue_time_seconds: number;
  };
  call_history: {
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
  };
  live_calls: { id: string; state: string; updated_at: number };
  sequences: { name: string; next_value: number };
  outbox: { id: Generated<number>; at: number; origin: string; payload: string };
  audit_log: {
    id: Generated<number>;
    at: number;
    actor: string;
    resource: string;
    resource_id: string;
    action: string;
    before: string | null;
    after: string | null;
  };
  team_messages: { id: string; created_by: string; created_at: number; duration_seconds: number; content: string; team_ids: string };
  phone_books: { id: string; name: string; type: string };
  phone_book_teams: { phone_book_id: string; team_id: string };
  contacts: { id: string; phone_book_id: string; first_name: string; last_name: string; phone_number: string; description: string };
  /** `params` and `action_variables` are JSON lists. */
  workflow_actions: { id: string; name: string; type: string; handled_by: string; params: string; action_variables: string };
  /** `trigger_set` and `condition_set` are JSON objects. */
  workflows: { id: string; name: string; description: string; media: string; trigger_set: string; condition_set: string };
  /** The actions a workflow runs, in `ordinal` order. */
  workflow_steps: { workflow_id: string; ordinal: number; action_id: string };
  workflow_teams: { workflow_id: string; team_id: string };
  media_properties_layouts: { id: string; name: string; description: string; type: string; entries: string };
  media_properties_layout_teams: { team_id: string; layout_id: string };
  desktop_layouts: { id: string; layout_xml: string };
  team_desktop_layouts: { team_id: string; layout_xml: string };
  /** The gadget allow-list (id 'default'); `entries` is a JSON list. */
  gadget_allow_list: { id: string; entries: string };
  /** Named values the installation keeps (the hash of the provisioning file last applied). */
  settings: { name: string; value: string };
}

export type TableName = keyof Tables;

export type Dialect = 'sqlite' | 'postgres';

/**
 * Every table with its key, parents before children (the order of a copy; deletes go the other way).
 * The key orders a table for paging through it.
 */
export const TABLES: readonly { name: TableName; key: readonly string[] }[] = [
  { name: 'teams', key: ['id'] },
  { name: 'users', key: ['login_id'] },
  { name: 'team_supervisors', key: ['team_id', 'login_id'] },
  { name: 'reason_codes', key: ['id'] },
  { name: 'wrap_up_reasons', key: ['id'] },
  { name: 'queues', key: ['id'] },
  { name: 'agent_status', key: ['login_id'] },
  { name: 'pubsub_subscriptions', key: ['node', 'jid', 'subid'] },
  { name: 'call_history', key: ['id'] },
  { name: 'live_calls', key: ['id'] },
  { name: 'sequences', key: ['name'] },
  { name: 'outbox', key: ['id'] },
  { name: 'audit_log', key: ['id'] },
  { name: 'team_messages', key: ['id'] },
  { name: 'phone_books', key: ['id'] },
  { name: 'phone_book_teams', key: ['phone_book_id', 'team_id'] },
  { name: 'contacts', key: ['id'] },
  { name: 'workflow_actions', key: ['id'] },
  { name: 'workflows', key: ['id'] },
  { name: 'workflow_steps', key: ['workflow_id', 'ordinal'] },
  { name: 'workflow_teams', key: ['workflow_id', 'team_id'] },
  { name: 'media_properties_layouts', key: ['id'] },
  { name: 'media_properties_layout_teams', key: ['team_id'] },
  { name: 'desktop_layouts', key: ['id'] },
  { name: 'team_desktop_layouts', key: ['team_id'] },
  { name: 'gadget_allow_list', key: ['id'] },
  { name: 'settings', key: ['name'] },
];
