import type { StoreWrite } from '../application/ports/store.js';
import type { TeamLayoutConfig } from '../domain/desktop-layout.js';
import type { Workflow } from '../domain/workflow.js';
import {
  auditRow,
  callRecordRow,
  contactRow,
  liveCallRow,
  mediaPropertiesLayoutRow,
  phoneBookRow,
  queueRow,
  reasonCodeRow,
  statusRow,
  subscriptionRow,
  teamMessageRow,
  teamRow,
  userRow,
  workflowActionRow,
  workflowRow,
  wrapUpRow,
} from './rows.js';
import type { SourceRow, StatementName } from './statements.js';

/** One statement run with one source row. */
export interface Op {
  statement: StatementName;
  row: SourceRow;
}

/** A statement run with many source rows at once (PostgreSQL). */
export interface Step {
  statement: StatementName;
  rows: SourceRow[];
}

/** The statements one write runs, in order: what SQLite runs per write, and PostgreSQL when it replays a refused batch. */
export function opsOf(write: StoreWrite): Op[] {
  switch (write.kind) {
    case 'team':
      return [{ statement: 'upsertTeam', row: teamRow(write.team) }];
    case 'user': {
      const loginId = write.account.loginId;
      return [
        { statement: 'upsertUser', row: userRow(write.account, write.credentials, write.disabled === true) },
        { statement: 'deleteSupervisors', row: { login_id: loginId } },
        ...write.account.supervisedTeamIds.map((teamId): Op => ({ statement: 'insertSupervisor', row: { team_id: teamId, login_id: loginId } })),
        { statement: 'insertStatusIfMissing', row: { login_id: loginId } },
      ];
    }
    case 'userDeleted':
      return [{ statement: 'deleteUser', row: { login_id: write.loginId } }];
    case 'teamDeleted':
      return [{ statement: 'deleteTeam', row: { id: write.id } }];
    case 'setting':
      return [{ statement: 'upsertSetting', row: { name: write.name, value: write.value } }];
    case 'reasonCode':
      return [{ statement: 'upsertReasonCode', row: reasonCodeRow(write.reasonCode) }];
    case 'reasonCodeDeleted':
      return [{ statement: 'deleteReasonCode', row: { id: write.id } }];
    case 'wrapUpReason':
      return [{ statement: 'upsertWrapUp', row: wrapUpRow(write.reason) }];
    case 'wrapUpReasonDeleted':
      return [{ statement: 'deleteWrapUp', row: { id: write.id } }];
    case 'phoneBook':
      return [
        { statement: 'upsertPhoneBook', row: phoneBookRow(write.book) },
        { statement: 'deletePhoneBookTeams', row: { phone_book_id: write.book.id } },
        ...write.book.teamIds.map((teamId): Op => ({ statement: 'insertPhoneBookTeam', row: { phone_book_id: write.book.id, team_id: teamId } })),
      ];
    case 'phoneBookDeleted':
      return [{ statement: 'deletePhoneBook', row: { id: write.id } }];
    case 'phoneBookEmptied':
      return [{ statement: 'deleteContactsOfPhoneBook', row: { phone_book_id: write.phoneBookId } }];
    case 'contact':
      return [{ statement: 'upsertContact', row: contactRow(write.contact) }];
    case 'contactDeleted':
      return [{ statement: 'deleteContact', row: { id: write.id } }];
    case 'workflowAction':
      return [{ statement: 'upsertWorkflowAction', row: workflowActionRow(write.action) }];
    case 'workflowActionDeleted':
      return [{ statement: 'deleteWorkflowAction', row: { id: write.id } }];
    case 'workflow':
      return workflowOps(write.workflow);
    case 'workflowDeleted':
      return [{ statement: 'deleteWorkflow', row: { id: write.id } }];
    case 'mediaPropertiesLayout':
      return [{ statement: 'upsertMediaPropertiesLayout', row: mediaPropertiesLayoutRow(write.layout) }];
    case 'mediaPropertiesLayoutDeleted':
      return [{ statement: 'deleteMediaPropertiesLayout', row: { id: write.id } }];
    case 'teamMediaPropertiesLayout':
      return [
        write.layoutId === null
          ? { statement: 'deleteTeamMediaPropertiesLayout', row: { team_id: write.teamId } }
          : { statement: 'upsertTeamMediaPropertiesLayout', row: { team_id: write.teamId, layout_id: write.layoutId } },
      ];
    case 'defaultDesktopLayout':
      return [{ statement: 'upsertDesktopLayout', row: { id: 'default', layout_xml: write.layoutXml } }];
    case 'teamDesktopLayout':
      return [teamDesktopLayoutOp(write.config)];
    case 'gadgetAllowList':
      return [{ statement: 'upsertGadgetAllowList', row: { id: 'default', entries: JSON.stringify(write.entries) } }];
    case 'audit':
      return [{ statement: 'insertAudit', row: auditRow(write.record) }];
    case 'teamMessage':
      return [{ statement: 'upsertTeamMessage', row: teamMessageRow(write.message) }];
    case 'teamMessageDeleted':
      return [{ statement: 'deleteTeamMessage', row: { id: write.id } }];
    case 'queue':
      return [{ statement: 'upsertQueue', row: queueRow(write.queue) }];
    case 'agentStatus':
      return [{ statement: 'saveStatus', row: statusRow(write.loginId, write.status, write.version) }];
    case 'subscriptionAdded':
      return [{ statement: 'insertSubscription', row: subscriptionRow(write.subscription) }];
    case 'subscriptionRemoved':
      return [{ statement: 'deleteSubscription', row: { node: write.node, jid: write.jid, subid: write.subid } }];
    case 'callRecord':
      return [{ statement: 'upsertCallRecord', row: callRecordRow(write.record) }];
    case 'liveCall':
      return [{ statement: 'upsertLiveCall', row: liveCallRow(write.call) }];
    case 'liveCallEnded':
      return [{ statement: 'deleteLiveCall', row: { id: write.id } }];
    case 'outbox':
      return [{ statement: 'insertOutbox', row: { at: write.at, origin: write.origin, payload: write.payload } }];
  }
}

/** A workflow replaces its steps (its actions, in order) and its team assignments. */
function workflowOps(workflow: Workflow): Op[] {
  const id = workflow.id;
  return [
    { statement: 'upsertWorkflow', row: workflowRow(workflow) },
    { statement: 'deleteWorkflowSteps', row: { workflow_id: id } },
    ...workflow.actionIds.map((actionId, ordinal): Op => ({ statement: 'insertWorkflowStep', row: { workflow_id: id, ordinal, action_id: actionId } })),
    { statement: 'deleteWorkflowTeams', row: { workflow_id: id } },
    ...workflow.teamIds.map((teamId): Op => ({ statement: 'insertWorkflowTeam', row: { workflow_id: id, team_id: teamId } })),
  ];
}

/** A team with a layout of its own keeps a row; one that uses the default has none. */
function teamDesktopLayoutOp({ teamId, useDefault, layoutXml }: TeamLayoutConfig): Op {
  return useDefault || layoutXml === null
    ? { statement: 'deleteTeamDesktopLayout', row: { team_id: teamId } }
    : { statement: 'upsertTeamDesktopLayout', row: { team_id: teamId, layout_xml: layoutXml } };
}

/** The order a batch's statements run in on PostgreSQL: parents before children (teams, users, then their rows). */
const ORDER: readonly StatementName[] = [
  'upsertTeam',
  'upsertUser',
  'deleteSupervisors',
  'insertSupervisor',
  'insertStatusIfMissing',
  'deleteUser',
  'deleteTeam',
  'upsertSetting',
  // Deleted first: a code value may pass from a deleted code to another in one batch (unique index).
  'deleteReasonCode',
  'upsertReasonCode',
  'upsertWrapUp',
  'deleteWrapUp',
  'upsertTeamMessage',
  'deleteTeamMessage',
  'upsertPhoneBook',
  'deletePhoneBookTeams',
  'insertPhoneBookTeam',
  'deleteContactsOfPhoneBook',
  'deleteContact',
  'upsertContact',
  'deletePhoneBook',
  'upsertWorkflowAction',
  'upsertWorkflow',
  'deleteWorkflowSteps',
  'insertWorkflowStep',
  'deleteWorkflowTeams',
  'insertWorkflowTeam',
  'deleteWorkflow',
  'deleteWorkflowAction',
  'upsertMediaPropertiesLayout',
  'upsertTeamMediaPropertiesLayout',
  'deleteTeamMediaPropertiesLayout',
  'deleteMediaPropertiesLayout',
  'upsertDesktopLayout',
  'upsertTeamDesktopLayout',
  'deleteTeamDesktopLayout',
  'upsertGadgetAllowList',
  'upsertQueue',
  'saveStatus',
  'deleteSubscription',
  'insertSubscription',
  'upsertCallRecord',
  'upsertLiveCall',
  'deleteLiveCall',
  'insertOutbox',
  'insertAudit',
];

/**
 * A batch as few multi-row statements, one per kind of change, with the effect of running its writes one
 * by one: configuration rows (upserted or deleted), call records and live calls keep the last write of each key; a
 * subscription is deleted when the batch removes it and inserted when it is added after that; agent
 * statuses go in rounds (an agent changed twice in one batch has his second change in the second
 * round), because one statement may change a row only once and each version must follow the last.
 */
export function planBatch(writes: readonly StoreWrite[]): Step[] {
  const last = new Map<string, StoreWrite>();
  const statuses: StoreWrite[][] = [];
  const statusRound = new Map<string, number>();
  // Appended rows (outbox, audit log): every one, in the order written.
  const appended: StoreWrite[] = [];
  for (const write of writes) {
    if (write.kind === 'agentStatus') {
      const round = statusRound.get(write.loginId) ?? 0;
      statusRound.set(write.loginId, round + 1);
      (statuses[round] ??= []).push(write);
    } else if (write.kind === 'outbox' || write.kind === 'audit') appended.push(write);
    else {
      const key = keyOf(write);
      // Adding a subscription that is there keeps it as it is: the first add after the last removal counts.
      if (write.kind === 'subscriptionAdded' && last.get(key)?.kind === 'subscriptionAdded') continue;
      last.set(key, write);
    }
  }
  const byStatement = new Map<StatementName, SourceRow[]>();
  const add = (w: StoreWrite): void => {
    for (const op of opsOf(w)) {
      const rows = byStatement.get(op.statement);
      if (rows) rows.push(op.row);
      else byStatement.set(op.statement, [op.row]);
    }
  };
  // Each statement's rows in key order: concurrent transactions then lock the rows they share in the same
  // order and cannot deadlock on them (PostgreSQL runs several commits at once).
  for (const key of [...last.keys()].sort()) add(last.get(key)!);
  addSubscriptionDeletes(writes, byStatement);
  for (const write of appended) add(write);
  const steps: Step[] = [];
  for (const statement of ORDER) {
    if (statement === 'saveStatus') {
      for (const round of statuses) {
        const rows = round.flatMap((w) => opsOf(w).map((op) => op.row));
        rows.sort((a, b) => (String(a.login_id) < String(b.login_id) ? -1 : 1));
        steps.push({ statement, rows });
      }
      continue;
    }
    const rows = byStatement.get(statement);
    if (rows) steps.push({ statement, rows });
  }
  return steps;
}

/** One key per row a write changes (subscriptions: added and removed share the key; the last decides). */
function keyOf(write: Exclude<StoreWrite, { kind: 'agentStatus' | 'outbox' | 'audit' }>): string {
  switch (write.kind) {
    case 'team':
      return `team\u0000${write.team.id}`;
    case 'user':
      return `user\u0000${write.account.loginId}`;
    case 'userDeleted':
      return `user\u0000${write.loginId}`;
    case 'teamDeleted':
      return `team\u0000${write.id}`;
    case 'setting':
      return `setting\u0000${write.name}`;
    case 'reasonCode':
      return `reasonCode\u0000${write.reasonCode.id}`;
    case 'reasonCodeDeleted':
      return `reasonCode\u0000${write.id}`;
    case 'wrapUpReason':
      return `wrapUp\u0000${write.reason.id}`;
    case 'wrapUpReasonDeleted':
      return `wrapUp\u0000${write.id}`;
    case 'teamMessage':
      return `teamMessage\u0000${write.message.id}`;
    case 'teamMessageDeleted':
      return `teamMessage\u0000${write.id}`;
    case 'phoneBook':
      return `phoneBook\u0000${write.book.id}`;
    case 'phoneBookDeleted':
      return `phoneBook\u0000${write.id}`;
    case 'phoneBookEmptied':
      return `phoneBookEmptied\u0000${write.phoneBookId}`;
    case 'contact':
      return `contact\u0000${write.contact.id}`;
    case 'contactDeleted':
      return `contact\u0000${write.id}`;
    case 'workflowAction':
      return `workflowAction\u0000${write.action.id}`;
    case 'workflowActionDeleted':
      return `workflowAction\u0000${write.id}`;
    case 'workflow':
      return `workflow\u0000${write.workflow.id}`;
    case 'workflowDeleted':
      return `workflow\u0000${write.id}`;
    case 'mediaPropertiesLayout':
      return `mediaPropertiesLayout\u0000${write.layout.id}`;
    case 'mediaPropertiesLayoutDeleted':
      return `mediaPropertiesLayout\u0000${write.id}`;
    case 'teamMediaPropertiesLayout':
      return `teamMediaPropertiesLayout\u0000${write.teamId}`;
    case 'defaultDesktopLayout':
      return 'defaultDesktopLayout';
    case 'teamDesktopLayout':
      return `teamDesktopLayout\u0000${write.config.teamId}`;
    case 'gadgetAllowList':
      return 'gadgetAllowList';
    case 'queue':
      return `queue\u0000${write.queue.id}`;
    case 'subscriptionAdded': {
      const s = write.subscription;
      return `subscription\u0000${s.node}\u0000${s.jid}\u0000${s.subid}`;
    }
    case 'subscriptionRemoved':
      return `subscription\u0000${write.node}\u0000${write.jid}\u0000${write.subid}`;
    case 'callRecord':
      return `callRecord\u0000${write.record.id}`;
    case 'liveCall':
      return `liveCall\u0000${write.call.id}`;
    case 'liveCallEnded':
      return `liveCall\u0000${write.id}`;
  }
}

/**
 * A subscription removed and added again in one batch is deleted before it is inserted (insert-if-absent
 * alone would keep the old row); the last write of its key already decides whether it ends up present.
 */
function addSubscriptionDeletes(writes: readonly StoreWrite[], byStatement: Map<StatementName, SourceRow[]>): void {
  const removed = new Set<string>();
  for (const w of writes) if (w.kind === 'subscriptionRemoved') removed.add(keyOf(w));
  const inserted = byStatement.get('insertSubscription') ?? [];
  const deletes = byStatement.get('deleteSubscription') ?? [];
  for (const row of inserted) {
    const key = `subscription\u0000${String(row.node)}\u0000${String(row.jid)}\u0000${String(row.subid)}`;
    if (removed.has(key)) deletes.push({ node: row.node, jid: row.jid, subid: row.subid });
  }
  if (deletes.length > 0) byStatement.set('deleteSubscription', deletes);
}
