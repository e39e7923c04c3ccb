import { AccessPolicy } from '../../../../src/application/access-policy.js';
import { AgentService } from '../../../../src/application/agent-service.js';
import { QueueCatalogue } from '../../../../src/application/queue-catalogue.js';
import type { AgentState } from '../../../../src/domain/agent-state.js';
import type { StoredLiveCall } from '../../../../src/application/ports/store.js';
import type { CallRecord } from '../../../../src/domain/call-record.js';
import { ManualClock } from '../../../../src/domain/clock.js';
import type { DialogSnapshot } from '../../../../src/domain/dialog.js';
import { Directory } from '../../../../src/domain/directory.js';
import type { DomainEvent } from '../../../../src/domain/events.js';
import { EventBus } from '../../../../src/domain/events.js';
import type { AgentStatus, Team, UserAccount } from '../../../../src/domain/model.js';
import type { Queue } from '../../../../src/domain/queue.js';
import type { NumberPlanSettings } from '../../../../src/telephony/number-plan.js';
import { countingIds } from '../../../../src/telephony/call-ids.js';
import { DEFAULT_NUMBER_PLAN } from '../../../../src/telephony/number-plan.js';
import type { RestoredCalls } from '../../../../src/telephony/simulator.js';
import { TelephonySimulator } from '../../../../src/telephony/simulator.js';
import type { DialogActionRequest, NewDialogRequest } from '../../../../src/telephony/telephony.js';

/** The store as far as the phone system and AgentService use it, in memory. */
export class MemoryStore {
  readonly statuses = new Map<string, AgentStatus>();
  readonly records: CallRecord[] = [];
  saveAgentStatus(loginId: string, status: AgentStatus): void {
    this.statuses.set(loginId, status);
  }
  async load(loginId: string): Promise<AgentStatus | null> {
    return this.statuses.get(loginId) ?? null;
  }
  /** One process, no other writer: every change is the latest. */
  adopt(): boolean {
    return true;
  }
  saveCallRecord(record: CallRecord): void {
    this.records.push(record);
  }
  /** Live calls as saved, by id: what a restart reads back. */
  readonly liveCalls = new Map<string, StoredLiveCall>();
  saveLiveCall(call: StoredLiveCall): void {
    this.liveCalls.set(call.id, call);
  }
  liveCallEnded(id: string): void {
    this.liveCalls.delete(id);
  }
}

export const user = (loginId: string, teamId: string | null, roles: UserAccount['roles'] = ['Agent'], supervisedTeamIds: string[] = []): UserAccount => ({
  loginId,
  loginName: loginId,
  firstName: loginId,
  lastName: 'Test',
  roles,
  teamId,
  supervisedTeamIds,
});

export const TEAMS: readonly Team[] = [
  { id: '1', name: 'Sales', settings: { wrapUpOnIncoming: 'OPTIONAL', wrapUpOnOutgoing: 'NOT_ALLOWED', wrapUpTimerSeconds: 0 } },
  { id: '2', name: 'Claims', settings: { wrapUpOnIncoming: 'REQUIRED_WITH_WRAP_UP_DATA', wrapUpOnOutgoing: 'OPTIONAL', wrapUpTimerSeconds: 0 } },
];

/** Directory order: agentA, agentB, agentD, supervisorA (team 1), agentW, agentV (team 2), supervisorW (of team 2, no agent), admin. */
export const USERS: readonly UserAccount[] = [
  user('agentA', '1'),
  user('agentB', '1'),
  user('agentD', '1'),
  user('supervisorA', '1', ['Agent', 'Supervisor'], ['1']),
  user('agentW', '2'),
  user('agentV', '2'),
  user('supervisorW', null, ['Supervisor'], ['2']),
  user('admin', null, ['Administrator']),
];

export const QUEUES: readonly Queue[] = [
  { id: '1', name: 'Sales', dialedNumbers: ['5000'], teamIds: ['1'], agentIds: [], ringNoAnswerSeconds: 15, maxQueueTimeSeconds: 600 },
  { id: '2', name: 'Claims', dialedNumbers: ['6000'], teamIds: ['2'], agentIds: [], ringNoAnswerSeconds: 15, maxQueueTimeSeconds: 0 },
  { id: '3', name: 'VIP', dialedNumbers: ['7000'], teamIds: [], agentIds: ['agentB', 'agentW'], ringNoAnswerSeconds: 10, maxQueueTimeSeconds: 30 },
];

/** The extension each test user signs in with. */
export const EXTENSIONS: Readonly<Record<string, string>> = {
  agentA: '1001',
  agentB: '1002',
  agentD: '1004',
  supervisorA: '1003',
  agentW: '2001',
  agentV: '2002',
};

const ACTIONS = new Map<string, string>([
  ['HOLD,DROP,UPDATE_CALL_DATA,CONSULT_CALL,TRANSFER_SST,SEND_DTMF', 'talk'],
  ['HOLD,DROP,UPDATE_CALL_DATA,TRANSFER,CONFERENCE,SEND_DTMF', 'consulting'],
]);

export interface EngineOptions {
  settings?: Partial<NumberPlanSettings>;
  queues?: readonly Queue[];
  statuses?: Readonly<Record<string, AgentStatus>>;
  /** Live calls saved by an earlier run, restored at start. */
  liveCalls?: readonly StoredLiveCall[];
  clock?: ManualClock;
  firstCallId?: number;
  teams?: readonly Team[];
}

/**
 * The phone system on a manual clock with AgentService, the bus and an in-memory store, no sockets; every
 * domain event is logged in a short form: `user agentA READY`, `POST agentA D1 ALERTING 4085550100:INITIATED 1001:ALERTING`.
 */
export class Engine {
  readonly clock: ManualClock;
  readonly directory = new Directory();
  readonly store = new MemoryStore();
  /** What the start restored (nothing, unless `liveCalls` were given). */
  readonly restored: RestoredCalls;
  readonly bus = new EventBus((error) => {
    throw error;
  });
  readonly events: DomainEvent[] = [];
  readonly agents: AgentService;
  readonly queues: QueueCatalogue;
  readonly sim: TelephonySimulator;
  private readonly aliases = new Map<string, string>();
  private seen = 0;
  private aliased = 0;

  constructor(private readonly options: EngineOptions = {}) {
    this.clock = options.clock ?? new ManualClock(Date.UTC(2026, 0, 1, 9));
    for (const team of options.teams ?? TEAMS) this.directory.putTeam(team);
    for (const u of USERS) this.directory.putUser(u, options.statuses?.[u.loginId]);
    this.bus.subscribe((event) => this.events.push(event));
    this.agents = new AgentService(this.directory, this.store, this.bus, this.clock, { requireReasonCodes: false });
    this.agents.rearmWrapUpTimers();
    this.queues = new QueueCatalogue(options.queues ?? QUEUES);
    const access = new AccessPolicy(this.directory, this.queues);
    const settings = { ...DEFAULT_NUMBER_PLAN, ...options.settings };
    const ids = countingIds(options.firstCallId ?? 10_000_001);
    this.sim = new TelephonySimulator(this.directory, this.agents, this.bus, this.clock, this.store, this.queues, access, settings, ids);
    this.restored = this.sim.restore(options.liveCalls ?? []);
  }

  /**
   * Stops this engine and starts another on the same clock from what this one saved (agent statuses, live
   * calls), with fresh call ids; dialog aliases carry over, the event log starts empty.
   */
  restart(changes: Partial<EngineOptions> = {}): Engine {
    this.sim.close();
    this.agents.close();
    const statuses = Object.fromEntries(this.directory.allUsers().map((u) => [u.loginId, this.store.statuses.get(u.loginId) ?? this.status(u.loginId)]));
    const next = new Engine({
      ...this.options,
      clock: this.clock,
      statuses,
      liveCalls: [...this.store.liveCalls.values()],
      firstCallId: (this.options.firstCallId ?? 10_000_001) + 10_000_000,
      ...changes,
    });
    this.take(true);
    for (const [id, alias] of this.aliases) next.aliases.set(id, alias);
    return next;
  }

  account(loginId: string): UserAccount {
    return this.directory.requireUser(loginId);
  }

  signIn(loginId: string, ready = true): void {
    const actor = this.account(loginId);
    this.agents.requestState(actor, loginId, { state: 'LOGIN', extension: EXTENSIONS[loginId] }, '');
    if (ready) this.agents.requestState(actor, loginId, { state: 'READY' }, '');
  }

  setState(loginId: string, state: string, requestId = '', actor = loginId): void {
    this.agents.requestState(this.account(actor), loginId, { state }, requestId);
  }

  state(loginId: string): AgentState {
    return this.directory.statusOf(loginId).state;
  }

  status(loginId: string): AgentStatus {
    return this.directory.statusOf(loginId);
  }

  /** An external caller dials `to`; returns the call id. */
  call(
    to: string,
    from = '4085550100',
    extra: { talkSeconds?: number; agentAnswerSeconds?: number; callVariables?: { name: string; value: string }[] } = {},
  ): string {
    return this.sim.placeExternalCall({ from, to, callVariables: [], ...extra }).id;
  }

  act(loginId: string, dialogId: string, action: string, extra: Partial<DialogActionRequest> = {}, requestId = ''): void {
    const request: DialogActionRequest = {
      action,
      targetMediaAddress: EXTENSIONS[loginId],
      toAddress: undefined,
      callVariables: [],
      wrapUpReason: undefined,
      dtmfString: undefined,
      ...extra,
    };
    this.sim.actOnDialog(this.account(loginId), dialogId, request, requestId);
  }

  create(loginId: string, action: NewDialogRequest['action'], toAddress: string, extra: Partial<NewDialogRequest> = {}, requestId = ''): void {
    const request: NewDialogRequest = { action, fromAddress: EXTENSIONS[loginId] ?? '', toAddress, associatedDialogId: null, callVariables: [], ...extra };
    this.sim.createDialog(this.account(loginId), request, requestId);
  }

  /** The real id of dialog D1, D2 … (numbered in the order the log first shows them). */
  id(alias: string): string {
    for (; this.aliased < this.events.length; this.aliased++) {
      const event = this.events[this.aliased]!;
      if ('dialog' in event) this.alias(event.dialog.id);
      else if (event.type === 'DialogRequestFailed') this.alias(event.dialogId);
    }
    for (const [id, a] of this.aliases) if (a === alias) return id;
    throw new Error(`no dialog ${alias} yet`);
  }

  /** The events since the last call, in short form; queue signals only with `withQueues`. */
  take(withQueues = false): string[] {
    const fresh = this.events.slice(this.seen);
    this.seen = this.events.length;
    return fresh.map((e) => this.describe(e)).filter((line): line is string => line !== null && (withQueues || !line.startsWith('queue ')));
  }

  private describe(event: DomainEvent): string | null {
    const rid = 'requestId' in event && event.requestId !== '' ? ` [${event.requestId}]` : '';
    switch (event.type) {
      case 'UserChanged': {
        const s = event.user.status;
        const rc = s.reasonCodeId !== null && s.state !== 'READY' ? ` rc=${s.reasonCodeId}` : '';
        return `user ${event.user.account.loginId} ${s.state}${rc}${rid}`;
      }
      case 'TeamMemberChanged':
        return null;
      case 'DialogAdded':
        return `POST ${event.loginId} ${this.dialog(event.dialog)}${rid}`;
      case 'DialogUpdated':
        return `PUT ${event.loginId} ${this.dialog(event.dialog)}${rid}`;
      case 'DialogRemoved':
        return `DELETE ${event.loginId} ${this.dialog(event.dialog)}${rid}`;
      case 'DialogRequestFailed':
        return `failed ${event.loginId} ${this.alias(event.dialogId)} ${event.error.errorType}${rid}`;
      case 'QueueChanged':
        return `queue ${event.queueId}`;
      case 'UserChangedElsewhere':
        return null;
    }
  }

  private dialog(d: DialogSnapshot): string {
    const parties = d.participants.map((p) => {
      const actions = p.actions.join(',');
      const named = ACTIONS.get(actions) ?? actions;
      return `${p.mediaAddress}:${p.state}${p.loginId !== null && named !== '' ? `(${named})` : ''}`;
    });
    return [this.alias(d.id), d.state, ...parties].join(' ');
  }

  /** The alias (D1, D2 …) of a dialog id. */
  name(id: string): string {
    return this.alias(id);
  }

  private alias(id: string): string {
    if (!this.aliases.has(id)) this.aliases.set(id, `D${this.aliases.size + 1}`);
    return this.aliases.get(id)!;
  }
}
