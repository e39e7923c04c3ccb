import type { Selectable } from 'kysely';
import type { Credentials } from '../accounts/credentials.js';
import type { AuditEntry, AuditRecord, StoredLiveCall, StoredSubscription, StoredUser } from '../application/ports/store.js';
import type { AgentState } from '../domain/agent-state.js';
import type { CallOutcome, CallRecord } from '../domain/call-record.js';
import type { AgentStatus, ReasonCode, Role, Team, UserAccount, WrapUpMode, WrapUpReason } from '../domain/model.js';
import type { TeamMessage } from '../domain/team-message.js';
import type { LayoutEntry, MediaPropertiesLayout, MediaPropertiesLayoutType } from '../domain/media-properties-layout.js';
import type { Contact, PhoneBook, PhoneBookType } from '../domain/phone-book.js';
import type { Queue } from '../domain/queue.js';
import type { ConditionSet, TriggerSet, Workflow, WorkflowAction } from '../domain/workflow.js';
import type { Tables } from './schema.js';

/** Domain objects to rows and back: the one place that knows how each field is kept. */

type Row<T extends keyof Tables> = Selectable<Tables[T]>;

export const teamRow = (team: Team): Row<'teams'> => ({
  id: team.id,
  name: team.name,
  wrap_up_on_incoming: team.settings.wrapUpOnIncoming,
  wrap_up_on_outgoing: team.settings.wrapUpOnOutgoing,
  wrap_up_timer_seconds: team.settings.wrapUpTimerSeconds,
});

export const teamOf = (r: Row<'teams'>): Team => ({
  id: r.id,
  name: r.name,
  settings: {
    wrapUpOnIncoming: r.wrap_up_on_incoming as WrapUpMode,
    wrapUpOnOutgoing: r.wrap_up_on_outgoing as WrapUpMode,
    wrapUpTimerSeconds: Number(r.wrap_up_timer_seconds),
  },
});

export const userRow = (account: UserAccount, credentials: Credentials, disabled: boolean): Row<'users'> => ({
  login_id: account.loginId,
  login_name: account.loginName,
  first_name: account.firstName,
  last_name: account.lastName,
  roles: JSON.stringify(account.roles),
  team_id: account.teamId,
  credentials: JSON.stringify(credentials),
  disabled: disabled ? 1 : 0,
});

export const statusRow = (loginId: string, s: AgentStatus, version: number): Row<'agent_status'> => ({
  login_id: loginId,
  state: s.state,
  state_change_time: s.stateChangeTime,
  pending_state: s.pendingState,
  pending_reason_code_id: s.pendingReasonCodeId,
  reason_code_id: s.reasonCodeId,
  extension: s.extension,
  pre_call_state: s.preCallState,
  pre_call_reason_code_id: s.preCallReasonCodeId,
  wrap_up_data_required: s.wrapUpDataRequired ? 1 : 0,
  version,
});

/** A user with his status row (absent: signed out, version 0) and the teams he supervises. */
export function storedUserOf(u: Row<'users'>, s: Row<'agent_status'> | undefined, supervised: string[]): StoredUser {
  const account: UserAccount = {
    loginId: u.login_id,
    loginName: u.login_name,
    firstName: u.first_name,
    lastName: u.last_name,
    roles: JSON.parse(u.roles) as Role[],
    teamId: u.team_id,
    supervisedTeamIds: supervised.sort(),
  };
  const status: AgentStatus = {
    state: (s?.state ?? 'LOGOUT') as AgentState,
    stateChangeTime: nullableNumber(s?.state_change_time),
    pendingState: (s?.pending_state ?? null) as AgentStatus['pendingState'],
    pendingReasonCodeId: s?.pending_reason_code_id ?? null,
    reasonCodeId: s?.reason_code_id ?? null,
    extension: s?.extension ?? null,
    preCallState: (s?.pre_call_state ?? null) as AgentStatus['preCallState'],
    preCallReasonCodeId: s?.pre_call_reason_code_id ?? null,
    wrapUpDataRequired: Number(s?.wrap_up_data_required ?? 0) === 1,
  };
  return {
    account,
    credentials: JSON.parse(u.credentials) as Credentials,
    disabled: Number(u.disabled) === 1,
    status,
    version: Number(s?.version ?? 0),
  };
}

export const reasonCodeRow = (rc: ReasonCode): Row<'reason_codes'> => ({
  id: rc.id,
  category: rc.category,
  code: rc.code,
  label: rc.label,
  for_all: rc.forAll ? 1 : 0,
  team_ids: JSON.stringify(rc.teamIds),
});

export const reasonCodeOf = (r: Row<'reason_codes'>): ReasonCode => ({
  id: r.id,
  category: r.category as ReasonCode['category'],
  code: Number(r.code),
  label: r.label,
  forAll: Number(r.for_all) === 1,
  systemCode: false,
  teamIds: JSON.parse(r.team_ids) as string[],
});

export const wrapUpRow = (w: WrapUpReason): Row<'wrap_up_reasons'> => ({
  id: w.id,
  label: w.label,
  for_all: w.forAll ? 1 : 0,
  team_ids: JSON.stringify(w.teamIds),
});

export const wrapUpOf = (r: Row<'wrap_up_reasons'>): WrapUpReason => ({
  id: r.id,
  label: r.label,
  forAll: Number(r.for_all) === 1,
  teamIds: JSON.parse(r.team_ids) as string[],
});

export const queueRow = (q: Queue): Row<'queues'> => ({
  id: q.id,
  name: q.name,
  dialed_numbers: JSON.stringify(q.dialedNumbers),
  team_ids: JSON.stringify(q.teamIds),
  agent_ids: JSON.stringify(q.agentIds),
  ring_no_answer_seconds: q.ringNoAnswerSeconds,
  max_queue_time_seconds: q.maxQueueTimeSeconds,
});

export const queueOf = (r: Row<'queues'>): Queue => ({
  id: r.id,
  name: r.name,
  dialedNumbers: JSON.parse(r.dialed_numbers) as string[],
  teamIds: JSON.parse(r.team_ids) as string[],
  agentIds: JSON.parse(r.agent_ids) as string[],
  ringNoAnswerSeconds: Number(r.ring_no_answer_seconds),
  maxQueueTimeSeconds: Number(r.max_queue_time_seconds),
});

export const subscriptionRow = (s: StoredSubscription): Row<'pubsub_subscriptions'> => ({
  node: s.node,
  jid: s.jid,
  subid: s.subid,
  created_at: s.createdAt,
});

export const subscriptionOf = (r: Row<'pubsub_subscriptions'>): StoredSubscription => ({
  node: r.node,
  jid: r.jid,
  subid: r.subid,
  createdAt: Number(r.created_at),
});

export const callRecordRow = (c: CallRecord): Row<'call_history'> => ({
  id: c.id,
  started_at: c.startedAt,
  answered_at: c.answeredAt,
  ended_at: c.endedAt,
  from_address: c.fromAddress,
  to_address: c.toAddress,
  call_type: c.callType,
  queue_id: c.queueId,
  queue_name: c.queueName,
  agents: JSON.stringify(c.agents),
  duration_ms: c.durationMs,
  wrap_up_reason: c.wrapUpReason,
  call_variables: JSON.stringify(c.callVariables),
  outcome: c.outcome,
});

export const callRecordOf = (r: Row<'call_history'>): CallRecord => ({
  id: r.id,
  startedAt: Number(r.started_at),
  answeredAt: nullableNumber(r.answered_at),
  endedAt: Number(r.ended_at),
  fromAddress: r.from_address,
  toAddress: r.to_address,
  callType: r.call_type,
  queueId: r.queue_id,
  queueName: r.queue_name,
  agents: JSON.parse(r.agents) as string[],
  durationMs: Number(r.duration_ms),
  wrapUpReason: r.wrap_up_reason,
  callVariables: JSON.parse(r.call_variables) as Record<string, string>,
  outcome: r.outcome as CallOutcome,
});

export const liveCallRow = (c: StoredLiveCall): Row<'live_calls'> => ({ id: c.id, state: c.state, updated_at: c.updatedAt });

export const liveCallOf = (r: Row<'live_calls'>): StoredLiveCall => ({ id: r.id, state: r.state, updatedAt: Number(r.updated_at) });

export const auditRow = (a: AuditRecord): Omit<Row<'audit_log'>, 'id'> => ({
  at: a.at,
  actor: a.actor,
  resource: a.resource,
  resource_id: a.resourceId,
  action: a.action,
  before: a.before,
  after: a.after,
});

export const auditOf = (r: Row<'audit_log'>): AuditEntry => ({
  id: Number(r.id),
  at: Number(r.at),
  actor: r.actor,
  resource: r.resource,
  resourceId: r.resource_id,
  action: r.action as AuditRecord['action'],
  before: r.before,
  after: r.after,
});

function nullableNumber(value: number | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

export const teamMessageRow = (m: TeamMessage): Row<'team_messages'> => ({
  id: m.id,
  created_by: m.createdBy,
  created_at: m.createdAt,
  duration_seconds: m.durationSeconds,
  content: m.content,
  team_ids: JSON.stringify(m.teamIds),
});

export const teamMessageOf = (r: Row<'team_messages'>): TeamMessage => ({
  id: r.id,
  createdBy: r.created_by,
  createdAt: Number(r.created_at),
  durationSeconds: Number(r.duration_seconds),
  content: r.content,
  teamIds: JSON.parse(r.team_ids) as string[],
});

export const phoneBookRow = (book: PhoneBook): Row<'phone_books'> => ({ id: book.id, name: book.name, type: book.type });

export const phoneBookOf = (r: Row<'phone_books'>, teamIds: string[]): PhoneBook => ({
  id: r.id,
  name: r.name,
  type: r.type as PhoneBookType,
  teamIds: teamIds.sort(),
});

export const contactRow = (c: Contact): Row<'contacts'> => ({
  id: c.id,
  phone_book_id: c.phoneBookId,
  first_name: c.firstName,
  last_name: c.lastName,
  phone_number: c.phoneNumber,
  description: c.description,
});

export const contactOf = (r: Row<'contacts'>): Contact => ({
  id: r.id,
  phoneBookId: r.phone_book_id,
  firstName: r.first_name,
  lastName: r.last_name,
  phoneNumber: r.phone_number,
  description: r.description,
});

export const workflowActionRow = (a: WorkflowAction): Row<'workflow_actions'> => ({
  id: a.id,
  name: a.name,
  type: a.type,
  handled_by: a.handledBy,
  params: JSON.stringify(a.params),
  action_variables: JSON.stringify(a.actionVariables),
});

export const workflowActionOf = (r: Row<'workflow_actions'>): WorkflowAction => ({
  id: r.id,
  name: r.name,
  type: r.type as WorkflowAction['type'],
  handledBy: r.handled_by as WorkflowAction['handledBy'],
  params: JSON.parse(r.params) as WorkflowAction['params'],
  actionVariables: JSON.parse(r.action_variables) as WorkflowAction['actionVariables'],
});

export const workflowRow = (w: Workflow): Row<'workflows'> => ({
  id: w.id,
  name: w.name,
  description: w.description,
  media: w.media,
  trigger_set: JSON.stringify(w.triggerSet),
  condition_set: JSON.stringify(w.conditionSet),
});

/** A workflow row with the ids of its actions (in order) and of its teams. */
export const workflowOf = (r: Row<'workflows'>, actionIds: string[], teamIds: string[]): Workflow => ({
  id: r.id,
  name: r.name,
  description: r.description,
  media: r.media,
  triggerSet: JSON.parse(r.trigger_set) as TriggerSet,
  conditionSet: JSON.parse(r.condition_set) as ConditionSet,
  actionIds,
  teamIds: teamIds.sort(),
});
export const mediaPropertiesLayoutRow = (l: MediaPropertiesLayout): Row<'media_properties_layouts'> => ({
  id: l.id,
  name: l.name,
  description: l.description,
  type: l.type,
  entries: JSON.stringify({ header: l.header, columns: l.columns }),
});

export const mediaPropertiesLayoutOf = (r: Row<'media_properties_layouts'>, teamIds: string[]): MediaPropertiesLayout => {
  const entries = JSON.parse(r.entries) as { header: LayoutEntry[]; columns: LayoutEntry[][] };
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    type: r.type as MediaPropertiesLayoutType,
    header: entries.header,
    columns: entries.columns,
    teamIds: teamIds.sort(),
  };
};
