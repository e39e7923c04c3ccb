/**
 * The authorization matrix (issue 8, item 5): every role × every resource × every target, generated from
 * the rule tables below. Each case asserts the status and the ApiErrors body; a refused PUT/POST must
 * leave the target as it was, and no refused answer may carry the target's data. The pubsub part applies
 * the same reading rules to the XMPP notification service.
 *
 * One server (demo data, manual clock, so time and every stateChangeTime stand still) serves the whole
 * file. Shared setup: everyone signed in READY, then one external call into Sales answered by agentA
 * (TALKING, pending READY), and one XMPP session per user.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../src/domain/clock.js';
import { freshServer } from '../support/fresh.js';
import { basic, request } from '../support/http.js';
import type { HttpResult } from '../support/http.js';
import type { TestServer } from '../support/server.js';
import { assertApiError, parseXml, textAt } from '../support/xml.js';
import type { TestClient } from '../xmpp/support/client.js';
import type { Element } from '../xmpp/support/stanzas.js';
import { connectXmppJs } from '../xmpp/support/xmppjs-client.js';

// ------------------------------------------------------------------------------------------ the demo data

interface Person {
  firstName: string;
  lastName: string;
  extension: string | null;
  team: string | null;
  supervises: string[];
  administrator: boolean;
  /** Names of the queues in his GET /User/{him}/Queues (administrators: every queue). */
  queues: string[];
}

type LoginId = 'agentA' | 'agentB' | 'supervisorA' | 'agentC' | 'supervisorB' | 'admin';

const PEOPLE: Record<LoginId, Person> = {
  agentA: { firstName: 'Alice', lastName: 'Archer', extension: '1001', team: '1', supervises: [], administrator: false, queues: ['Sales'] },
  agentB: { firstName: 'Bob', lastName: 'Baker', extension: '1002', team: '1', supervises: [], administrator: false, queues: ['Sales'] },
  supervisorA: { firstName: 'Sara', lastName: 'Adams', extension: '1003', team: '1', supervises: ['1'], administrator: false, queues: ['Sales'] },
  agentC: { firstName: 'Carol', lastName: 'Clark', extension: '1004', team: '2', supervises: [], administrator: false, queues: ['Support'] },
  supervisorB: { firstName: 'Sam', lastName: 'Brooks', extension: '1005', team: '2', supervises: ['2'], administrator: false, queues: ['Support'] },
  admin: { firstName: 'Admin', lastName: 'Istrator', extension: null, team: null, supervises: [], administrator: true, queues: ['Sales', 'Support'] },
};

const LOGIN_IDS = Object.keys(PEOPLE) as LoginId[];
const GHOST = 'ghost';
const USER_TARGETS = [...LOGIN_IDS, GHOST];
const TEAMS: Record<string, string> = { '1': 'Team A', '2': 'Team B' };
const QUEUES: Record<string, string> = { '1': 'Sales', '2': 'Support' };
const GHOST_TEAM = '99';
const GHOST_QUEUE = '99';
const GHOST_DIALOG = '99999999';
const CALLER = '4085550100';
/** The live dialog, created in `before`; targets name it by this placeholder. */
const LIVE = 'live';

const person = (id: string): Person | undefined => (PEOPLE as Record<string, Person>)[id];
const isSupervisor = (id: LoginId): boolean => PEOPLE[id].supervises.length > 0;

// ------------------------------------------------------------------------------------------ the actors

type Actor = LoginId | 'anonymous' | 'wrongPassword';
const AUTHENTICATED: LoginId[] = LOGIN_IDS;
const UNAUTHENTICATED: Actor[] = ['anonymous', 'wrongPassword'];
const ACTOR_LABEL: Record<Actor, string> = {
  anonymous: 'anonymous (no Authorization)',
  wrongPassword: 'agentA with a wrong password',
  agentA: 'agentA (agent, team 1)',
  agentB: 'agentB (agent, team 1)',
  supervisorA: 'supervisorA (supervisor of team 1)',
  agentC: 'agentC (agent, team 2)',
  supervisorB: 'supervisorB (supervisor of team 2)',
  admin: 'admin (administrator)',
};
const credentials = (actor: Actor): { user?: string; password?: string } =>
  actor === 'anonymous' ? {} : actor === 'wrongPassword' ? { user: 'agentA', password: 'wrong' } : { user: actor };

/** How a target user stands to the actor, for test names. */
function userTargetLabel(actor: Actor, target: string): string {
  const t = person(target);
  if (!t) return `${target} (nonexistent)`;
  if (actor === target) return `${target} (self)`;
  const a = person(actor === 'wrongPassword' ? 'agentA' : actor);
  if (!a || actor === 'anonymous') return target;
  if (t.team === null) return `${target} (no team)`;
  return `${target} (${a.team === t.team ? 'same team' : a.supervises.includes(t.team) ? 'supervised team' : 'other team'})`;
}

// ------------------------------------------------------------------------------------------ expected answers

interface Allowed {
  status: 200 | 202;
}
interface Refused {
  status: number;
  type: string;
  /** Checked when given; the contract leaves some messages open. */
  message?: string;
  /** ErrorData: the actor's loginId, the id asked for, or (unauthenticated) the name given. */
  data: 'actor' | 'target' | 'given';
}
type Expected = Allowed | Refused;
const isRefused = (e: Expected): e is Refused => 'type' in e;

const OK: Allowed = { status: 200 };
const ACCEPTED: Allowed = { status: 202 };
const AUTHENTICATION_FAILURE: Refused = { status: 401, type: 'Authentication Failure', message: 'UNAUTHORIZED', data: 'given' };
const MISMATCH: Refused = {
  status: 401,
  type: 'Invalid Authorization User Specified',
  message: "The user in the credentials and the uri don't match",
  data: 'actor',
};
const USER_NOT_FOUND: Refused = { status: 404, type: 'User Not Found', message: 'UNKNOWN_USER', data: 'target' };
const INVALID_SUPERVISOR: Refused = { status: 401, type: 'Invalid Supervisor', data: 'actor' };
const UNAUTHORIZED: Refused = { status: 401, type: 'Authorization Failure', message: 'UNAUTHORIZED', data: 'actor' };
const NOT_FOUND: Refused = { status: 404, type: 'Not Found', data: 'target' };
const NO_SUCH_DIALOG: Refused = { status: 404, type: 'Not Found', message: 'Invalid dialogId specified for dialog', data: 'target' };
const NOT_A_PARTICIPANT: Refused = { status: 401, type: 'Authorization Failure', message: 'The user is not a participant of this dialog', data: 'actor' };

// ------------------------------------------------------------------------------------------ relations

/** How an authenticated actor stands to a user `/User/{t}` names. */
type UserRelation = 'self' | 'supervisor of t' | 'administrator' | 'administrator, t nonexistent' | 'supervisor, not of t' | 'agent, not t';
function userRelation(actor: LoginId, target: string): UserRelation {
  if (actor === target) return 'self';
  const t = person(target);
  if (PEOPLE[actor].administrator) return t ? 'administrator' : 'administrator, t nonexistent';
  if (t?.team && PEOPLE[actor].supervises.includes(t.team)) return 'supervisor of t';
  return isSupervisor(actor) ? 'supervisor, not of t' : 'agent, not t';
}

type TeamRelation = 'supervisor of the team' | 'administrator' | 'administrator, team nonexistent' | 'supervisor, not of the team' | 'agent';
function teamRelation(actor: LoginId, teamId: string): TeamRelation {
  if (PEOPLE[actor].administrator) return teamId in TEAMS ? 'administrator' : 'administrator, team nonexistent';
  if (PEOPLE[actor].supervises.includes(teamId)) return 'supervisor of the team';
  return isSupervisor(actor) ? 'supervisor, not of the team' : 'agent';
}

/** The live dialog's only agent participant is agentA (team 1). */
type DialogRelation = 'participant' | 'supervisor of a participant' | 'administrator' | 'stranger' | 'nonexistent dialog';
function dialogRelation(actor: LoginId, dialog: string): DialogRelation {
  if (dialog !== LIVE) return 'nonexistent dialog';
  if (actor === 'agentA') return 'participant';
  if (PEOPLE[actor].administrator) return 'administrator';
  return PEOPLE[actor].supervises.includes('1') ? 'supervisor of a participant' : 'stranger';
}

// ------------------------------------------------------------------------------------------ the server

let server: TestServer;
const clock = new ManualClock(Date.UTC(2026, 4, 5, 9, 0, 0));
let liveDialogId = '';
const resolveId = (target: string): string => (target === LIVE ? liveDialogId : target);

const call = (actor: Actor, method: string, path: string, body?: string): Promise<HttpResult> =>
  request(server.baseUrl, method, path, { ...credentials(actor), ...(body !== undefined ? { body } : {}) });
const api = (actor: Actor, method: string, path: string, body?: string): Promise<HttpResult> => call(actor, method, `/finesse/api${path}`, body);
const snapshot = async (actor: Actor, path: string): Promise<string> => {
  const r = await api(actor, 'GET', path);
  return `${r.status} ${r.body}`;
};
const activeCalls = async (): Promise<string> => {
  const r = await fetch(`${server.baseUrl}/openfinesse/api/calls`, { headers: { authorization: basic('admin') } });
  return JSON.stringify(((await r.json()) as { active: unknown }).active);
};
async function expectStatus(result: Promise<HttpResult>, status: number): Promise<HttpResult> {
  const r = await result;
  assert.equal(r.status, status, `setup: ${r.body}`);
  return r;
}

// ------------------------------------------------------------------------------------------ data of a target

const wordRegExp = (token: string): RegExp => new RegExp(`(?<![A-Za-z0-9])${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`);

/** What a refused answer about this user must not reveal. */
function userSecrets(target: string): string[] {
  const t = person(target);
  if (!t) return [];
  const secrets = [target, t.firstName, t.lastName, ...(t.extension ? [t.extension] : [])];
  if (t.team) secrets.push(TEAMS[t.team]!);
  for (const team of t.supervises) secrets.push(TEAMS[team]!);
  if (target === 'agentA') secrets.push(liveDialogId, CALLER);
  return secrets;
}
function teamSecrets(teamId: string): string[] {
  if (!(teamId in TEAMS)) return [];
  const members = LOGIN_IDS.filter((id) => PEOPLE[id].team === teamId);
  return [TEAMS[teamId]!, ...members.flatMap((id) => [id, PEOPLE[id].firstName, PEOPLE[id].lastName])];
}
const DIALOG_SECRETS = (): string[] => ['agentA', 'Alice', 'Archer', '1001', CALLER, 'Sales', '5000'];

/** No target data in the answer; ErrorData is excluded, because its exact value has been asserted. */
function assertNoLeak(body: string, secrets: string[], actor: Actor): void {
  const own = actor === 'wrongPassword' ? 'agentA' : actor;
  const rest = body.replace(/<ErrorData>[^<]*<\/ErrorData>/g, '');
  for (const secret of secrets) {
    if (secret === '' || secret === own) continue;
    assert.doesNotMatch(rest, wordRegExp(secret), `a refused answer reveals ${secret}: ${body}`);
  }
}

// ------------------------------------------------------------------------------------------ THE TABLE

const STATE_BODY = '<User><state>NOT_READY</state></User>';
const MAKE_CALL_BODY = '<Dialog><requestedAction>MAKE_CALL</requestedAction><fromAddress>1002</fromAddress><toAddress>1001</toAddress></Dialog>';
const answerBody = (actor: Actor): string => {
  const extension = person(actor === 'wrongPassword' ? 'agentA' : actor)?.extension;
  return `<Dialog><requestedAction>ANSWER</requestedAction>${extension ? `<targetMediaAddress>${extension}</targetMediaAddress>` : ''}</Dialog>`;
};

interface Resource {
  name: string;
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  path(target: string): string;
  body?(actor: Actor, target: string): string;
  targets: string[];
  targetLabel(actor: Actor, target: string): string;
  /** The rule: what an authenticated actor gets for a target; undefined = not part of the matrix (see `skipped`). */
  expect(actor: LoginId, target: string): Expected | undefined;
  /** What a refused answer must not reveal. */
  secrets(target: string): string[];
  /** The target's observable state, read by an allowed reader; must not change on refusal. */
  probe?(target: string): Promise<string>;
  /** Checks of an allowed answer (and undoing its effect, so that no case depends on another). */
  verify?(result: HttpResult, actor: LoginId, target: string, before: string | undefined): Promise<void>;
}

const userRule = (rules: Record<UserRelation, Expected>) => (actor: LoginId, target: string) => rules[userRelation(actor, target)];
const rootName = (result: HttpResult): string => parseXml(result.body).name;

// ------------------------------------------------------------------------------------------ configuration APIs

/** The demo reason codes and wrap-up reasons the configuration rows name: their labels, and which team has them. */
const REASON_CODES: Record<string, { label: string; team: string | null }> = {
  '1': { label: 'Break', team: null },
  '4': { label: 'Training', team: '1' },
  '7': { label: 'System Issue', team: '2' },
  '999': { label: 'Supervisor Initiated', team: null },
};
const WRAP_UPS: Record<string, string> = { '1': 'Sales Inquiry', '4': 'Escalated' };
const GHOST_ITEM = '4040';
const INVALID_TEAM: Refused = { status: 404, type: 'finesse.api.team.team_assignment_invalid_team', data: 'target' };
const SYSTEM_CODE: Refused = { status: 400, type: 'Finesse API Error', data: 'target' };
const itemLabel = (kind: string) => (_a: Actor, id: string) => (id === GHOST_ITEM || id === GHOST_TEAM ? `${kind} ${id} (nonexistent)` : `${kind} ${id}`);
const teamLabel = itemLabel('team');
const isAdmin = (actor: LoginId): boolean => PEOPLE[actor].administrator;
/** Administrators get `allowed(target)`; everyone else 401 Authorization Failure (ErrorData = the caller). */
const adminOnly =
  (allowed: (target: string) => Expected | undefined) =>
  (actor: LoginId, target: string): Expected | undefined =>
    isAdmin(actor) ? allowed(target) : UNAUTHORIZED;
const configurationState = async (): Promise<string> =>
  [await snapshot('admin', '/ReasonCodes?category=ALL'), await snapshot('admin', '/WrapUpReasons'), await snapshot('admin', '/Team/1/WrapUpReasons')].join(
    '\n',
  );

const one = (label: string): string[] => [label];
const CONFIGURATION_RESOURCES: Resource[] = [
  {
    name: 'GET /ReasonCodes?category=ALL',
    method: 'GET',
    path: () => '/ReasonCodes?category=ALL',
    targets: one('every code'),
    targetLabel: () => 'every code',
    expect: adminOnly(() => OK),
    secrets: () => ['Training', 'System Issue'],
    verify: async (r) => assert.equal(rootName(r), 'ReasonCodes'),
  },
  {
    name: 'GET /ReasonCode/{id}',
    method: 'GET',
    path: (id) => `/ReasonCode/${id}`,
    targets: [...Object.keys(REASON_CODES), GHOST_ITEM],
    targetLabel: (_a, id) => {
      const code = REASON_CODES[id];
      return `code ${id} (${!code ? 'nonexistent' : id === '999' ? 'system' : code.team ? `team ${code.team}` : 'global'})`;
    },
    // Agents read the codes available to them (global, their team's, system codes); others are answered as unknown.
    expect: (actor, id) => {
      const code = REASON_CODES[id];
      if (!code) return NOT_FOUND;
      return isAdmin(actor) || code.team === null || code.team === PEOPLE[actor].team ? OK : NOT_FOUND;
    },
    secrets: (id) => (REASON_CODES[id] ? [REASON_CODES[id]!.label] : []),
    verify: async (r, _a, id) => assert.equal(textAt(parseXml(r.body), 'id'), id),
  },
  {
    name: 'PUT /ReasonCode/{id}',
    method: 'PUT',
    path: (id) => `/ReasonCode/${id}`,
    body: () => '<ReasonCode><label>Matrix</label></ReasonCode>',
    targets: ['1', '999', GHOST_ITEM],
    targetLabel: itemLabel('code'),
    expect: adminOnly((id) => (id === '1' ? OK : id === '999' ? SYSTEM_CODE : NOT_FOUND)),
    secrets: (id) => (REASON_CODES[id] ? [REASON_CODES[id]!.label] : []),
    probe: configurationState,
    verify: async () => {
      assert.equal(textAt(parseXml((await api('admin', 'GET', '/ReasonCode/1')).body), 'label'), 'Matrix');
      await expectStatus(api('admin', 'PUT', '/ReasonCode/1', '<ReasonCode><label>Break</label></ReasonCode>'), 200);
    },
  },
  {
    name: 'DELETE /ReasonCode/{id}',
    method: 'DELETE',
    path: (id) => `/ReasonCode/${id}`,
    targets: ['1', GHOST_ITEM],
    targetLabel: itemLabel('code'),
    // An administrator's delete of a demo code would change the other cases' data (the configuration tests cover it).
    expect: adminOnly((id) => (id === GHOST_ITEM ? NOT_FOUND : undefined)),
    secrets: () => ['Break'],
    probe: configurationState,
  },
  {
    name: 'POST /ReasonCode',
    method: 'POST',
    path: () => '/ReasonCode',
    body: () => '<ReasonCode><category>NOT_READY</category><code>4242</code><label>Matrix</label><forAll>true</forAll></ReasonCode>',
    targets: one('a new code'),
    targetLabel: () => 'a new code',
    expect: adminOnly(() => OK),
    secrets: () => [],
    probe: configurationState,
    verify: async (r) => {
      const id = (r.headers.get('location') ?? '').split('/').pop();
      await expectStatus(api('admin', 'DELETE', `/ReasonCode/${id}`), 200);
    },
  },
  {
    name: 'GET /WrapUpReason/{id}',
    method: 'GET',
    path: (id) => `/WrapUpReason/${id}`,
    targets: [...Object.keys(WRAP_UPS), GHOST_ITEM],
    targetLabel: itemLabel('wrap-up reason'),
    expect: adminOnly((id) => (id in WRAP_UPS ? OK : NOT_FOUND)),
    secrets: (id) => (WRAP_UPS[id] ? [WRAP_UPS[id]!] : []),
    verify: async (r, _a, id) => assert.equal(textAt(parseXml(r.body), 'label'), WRAP_UPS[id]),
  },
  {
    name: 'GET /Team/{id}/ReasonCodes?category=NOT_READY',
    method: 'GET',
    path: (id) => `/Team/${id}/ReasonCodes?category=NOT_READY`,
    targets: ['1', '2', GHOST_TEAM],
    targetLabel: teamLabel,
    expect: adminOnly((id) => (id in TEAMS ? OK : INVALID_TEAM)),
    secrets: (id) => (id === '1' ? ['Training'] : []),
    verify: async (r) => assert.equal(rootName(r), 'ReasonCodes'),
  },
  {
    name: 'PUT /Team/{id}/WrapUpReasons',
    method: 'PUT',
    path: (id) => `/Team/${id}/WrapUpReasons`,
    body: () => '<WrapUpReasons><WrapUpReason><uri>/finesse/api/WrapUpReason/4</uri></WrapUpReason></WrapUpReasons>',
    targets: ['1', '2', GHOST_TEAM],
    targetLabel: teamLabel,
    expect: adminOnly((id) => (id in TEAMS ? OK : INVALID_TEAM)),
    secrets: () => ['Escalated'],
    probe: configurationState,
    verify: async (_r, _a, id) => {
      assert.match((await api('admin', 'GET', `/Team/${id}/WrapUpReasons`)).body, /Escalated/);
      // Team 1 had no team reasons; team 2 had exactly this one.
      if (id === '1') await expectStatus(api('admin', 'PUT', '/Team/1/WrapUpReasons', '<WrapUpReasons/>'), 200);
    },
  },
];

// ------------------------------------------------------------------------------------------ team messages

/** A team's messages: its members and supervisors (and administrators) read them; supervisors of it and administrators send them. */
const receivesTeamMessages = (actor: LoginId, teamId: string): boolean => PEOPLE[actor].team === teamId || PEOPLE[actor].supervises.includes(teamId);
const teamMessagesState = async (id: string): Promise<string> => snapshot('admin', `/Team/${id}/TeamMessages`);
const TEAM_MESSAGE_RESOURCES: Resource[] = [
  {
    name: 'GET /Team/{id}/TeamMessages',
    method: 'GET',
    path: (id) => `/Team/${id}/TeamMessages`,
    targets: ['1', '2', GHOST_TEAM],
    targetLabel: teamLabel,
    expect: (actor, id) => {
      if (isAdmin(actor)) return id in TEAMS ? OK : NOT_FOUND;
      return receivesTeamMessages(actor, id) ? OK : UNAUTHORIZED;
    },
    secrets: () => [],
    verify: async (r) => assert.equal(rootName(r), 'TeamMessages'),
  },
  {
    name: 'POST /TeamMessage',
    method: 'POST',
    path: () => '/TeamMessage',
    targets: ['1', '2', GHOST_TEAM],
    body: (_a, id) => `<TeamMessage><duration>60</duration><content>Matrix</content><teams><team>${id}</team></teams></TeamMessage>`,
    targetLabel: teamLabel,
    expect: (actor, id) => {
      if (isAdmin(actor)) return id in TEAMS ? OK : { status: 400, type: 'Finesse API Error', data: 'target' };
      if (!isSupervisor(actor)) return UNAUTHORIZED;
      return PEOPLE[actor].supervises.includes(id) ? OK : INVALID_SUPERVISOR;
    },
    secrets: () => [],
    probe: teamMessagesState,
    verify: async (r) => {
      const id = (r.headers.get('location') ?? '').split('/').pop();
      await expectStatus(api('admin', 'DELETE', `/TeamMessage/${id}`), 200);
    },
  },
  {
    name: 'DELETE /TeamMessage/{id}',
    method: 'DELETE',
    path: (id) => `/TeamMessage/${id}`,
    targets: [GHOST_ITEM],
    targetLabel: () => `message ${GHOST_ITEM} (nonexistent)`,
    expect: (actor) => (isAdmin(actor) || isSupervisor(actor) ? NOT_FOUND : UNAUTHORIZED),
    secrets: () => [],
  },
];

/** Phone books (the demo has none): who may list, create and read them, and that an agent cannot probe their ids. */
const PHONE_BOOK_RESOURCES: Resource[] = [
  {
    name: 'GET /PhoneBooks',
    method: 'GET',
    path: () => '/PhoneBooks',
    targets: one('every book'),
    targetLabel: () => 'every book',
    expect: adminOnly(() => OK),
    secrets: () => [],
    verify: async (r) => assert.equal(rootName(r), 'PhoneBooks'),
  },
  {
    name: 'POST /PhoneBook',
    method: 'POST',
    path: () => '/PhoneBook',
    body: () => '<PhoneBook><name>Matrix</name><type>GLOBAL</type></PhoneBook>',
    targets: one('a new book'),
    targetLabel: () => 'a new book',
    expect: adminOnly(() => OK),
    secrets: () => [],
    probe: () => snapshot('admin', '/PhoneBooks'),
    verify: async (r) => {
      const id = (r.headers.get('location') ?? '').split('/').pop();
      await expectStatus(api('admin', 'DELETE', `/PhoneBook/${id}`), 200);
    },
  },
  {
    name: 'GET /PhoneBook/{id}',
    method: 'GET',
    path: (id) => `/PhoneBook/${id}`,
    targets: [GHOST_ITEM],
    targetLabel: itemLabel('book'),
    expect: adminOnly(() => NOT_FOUND),
    secrets: () => [],
  },
  {
    name: 'GET /PhoneBook/{id}/Contacts',
    method: 'GET',
    path: (id) => `/PhoneBook/${id}/Contacts`,
    targets: [GHOST_ITEM],
    targetLabel: itemLabel('book'),
    // Agents read the contacts of their books; any other id is answered as unknown, to everyone alike.
    expect: () => NOT_FOUND,
    secrets: () => [],
  },
  {
    name: 'PUT /Team/{id}/PhoneBooks',
    method: 'PUT',
    path: (id) => `/Team/${id}/PhoneBooks`,
    body: () => '<PhoneBooks/>',
    targets: ['1', GHOST_TEAM],
    targetLabel: teamLabel,
    expect: adminOnly((id) => (id in TEAMS ? OK : INVALID_TEAM)),
    secrets: () => [],
    probe: () => snapshot('admin', '/Team/1/PhoneBooks'),
  },
  {
    name: 'GET /User/{t}/PhoneBooks',
    method: 'GET',
    path: (t) => `/User/${t}/PhoneBooks`,
    targets: USER_TARGETS,
    targetLabel: userTargetLabel,
    expect: userRule({
      self: OK,
      'supervisor of t': MISMATCH,
      administrator: OK,
      'administrator, t nonexistent': USER_NOT_FOUND,
      'supervisor, not of t': MISMATCH,
      'agent, not t': MISMATCH,
    }),
    secrets: userSecrets,
    verify: async (r) => assert.equal(rootName(r), 'PhoneBooks'),
  },
];

/** Workflows and workflow actions (the demo has none): administrators configure them; agents read their team's. */
const WORKFLOW_RESOURCES: Resource[] = [
  {
    name: 'GET /WorkflowActions',
    method: 'GET',
    path: () => '/WorkflowActions',
    targets: one('every action'),
    targetLabel: () => 'every action',
    expect: adminOnly(() => OK),
    secrets: () => [],
    verify: async (r) => assert.equal(rootName(r), 'WorkflowActions'),
  },
  {
    name: 'POST /WorkflowAction',
    method: 'POST',
    path: () => '/WorkflowAction',
    body: () =>
      '<WorkflowAction><name>Matrix</name><type>BROWSER_POP</type><params><Param><name>path</name><value>http://x</value></Param></params></WorkflowAction>',
    targets: one('a new action'),
    targetLabel: () => 'a new action',
    expect: adminOnly(() => OK),
    secrets: () => [],
    probe: () => snapshot('admin', '/WorkflowActions'),
    verify: async (r) => {
      const id = (r.headers.get('location') ?? '').split('/').pop();
      await expectStatus(api('admin', 'DELETE', `/WorkflowAction/${id}`), 200);
    },
  },
  {
    name: 'GET /WorkflowAction/{id}',
    method: 'GET',
    path: (id) => `/WorkflowAction/${id}`,
    targets: [GHOST_ITEM],
    targetLabel: itemLabel('action'),
    expect: adminOnly(() => NOT_FOUND),
    secrets: () => [],
  },
  {
    name: 'GET /Workflows',
    method: 'GET',
    path: () => '/Workflows',
    targets: one('every workflow'),
    targetLabel: () => 'every workflow',
    expect: adminOnly(() => OK),
    secrets: () => [],
    verify: async (r) => assert.equal(rootName(r), 'Workflows'),
  },
  {
    name: 'POST /Workflow',
    method: 'POST',
    path: () => '/Workflow',
    body: () => '<Workflow><name>Matrix</name><TriggerSet><type>EVENT</type><name>CALL_ANSWERED</name></TriggerSet></Workflow>',
    targets: one('a new workflow'),
    targetLabel: () => 'a new workflow',
    expect: adminOnly(() => OK),
    secrets: () => [],
    probe: () => snapshot('admin', '/Workflows'),
    verify: async (r) => {
      const id = (r.headers.get('location') ?? '').split('/').pop();
      await expectStatus(api('admin', 'DELETE', `/Workflow/${id}`), 200);
    },
  },
  {
    name: 'DELETE /Workflow/{id}',
    method: 'DELETE',
    path: (id) => `/Workflow/${id}`,
    targets: [GHOST_ITEM],
    targetLabel: itemLabel('workflow'),
    expect: adminOnly(() => NOT_FOUND),
    secrets: () => [],
  },
  {
    name: 'PUT /Team/{id}/Workflows',
    method: 'PUT',
    path: (id) => `/Team/${id}/Workflows`,
    body: () => '<Workflows/>',
    targets: ['1', GHOST_TEAM],
    targetLabel: teamLabel,
    expect: adminOnly((id) => (id in TEAMS ? OK : INVALID_TEAM)),
    secrets: () => [],
    probe: () => snapshot('admin', '/Team/1/Workflows'),
  },
  {
    name: 'GET /User/{t}/Workflows',
    method: 'GET',
    path: (t) => `/User/${t}/Workflows`,
    targets: USER_TARGETS,
    targetLabel: userTargetLabel,
    expect: userRule({
      self: OK,
      'supervisor of t': MISMATCH,
      administrator: OK,
      'administrator, t nonexistent': USER_NOT_FOUND,
      'supervisor, not of t': MISMATCH,
      'agent, not t': MISMATCH,
    }),
    secrets: userSecrets,
    verify: async (r) => assert.equal(rootName(r), 'Workflows'),
  },
];

/**
 * `/TeamResource/{team}/…` (admin reference §10): the team's members and administrators; anyone else gets
 * 401 Authorization Failure whether or not the team exists, an administrator 404 for a team that does not.
 */
const teamResource = (name: string, path: string, root: string, secrets: (team: string) => string[]): Resource => ({
  name: `GET /TeamResource/{id}/${name}`,
  method: 'GET',
  path: (id) => `/TeamResource/${id}/${path}`,
  targets: ['1', '2', GHOST_TEAM],
  targetLabel: teamLabel,
  expect: (actor, id) => {
    if (isAdmin(actor)) return id in TEAMS ? OK : NOT_FOUND;
    return PEOPLE[actor].team === id ? OK : UNAUTHORIZED;
  },
  secrets,
  verify: async (r) => assert.equal(rootName(r), root),
});
const TEAM_RESOURCES: Resource[] = [
  teamResource('ReasonCodes?category=ALL', 'ReasonCodes?category=ALL', 'ReasonCodes', (id) => (id === '1' ? ['Training'] : id === '2' ? ['System Issue'] : [])),
  teamResource('WrapUpReasons', 'WrapUpReasons', 'WrapUpReasons', (id) => (id === '2' ? ['Escalated'] : [])),
  teamResource('PhoneBooks', 'PhoneBooks', 'PhoneBooks', () => []),
  teamResource('Workflows', 'Workflows', 'Workflows', () => []),
];

/** Call-variables and desktop layouts: the admin APIs, and what users and team members read. */
const LAYOUT_RESOURCES: Resource[] = [
  {
    name: 'GET /MediaPropertiesLayouts',
    method: 'GET',
    path: () => '/MediaPropertiesLayouts',
    targets: one('every layout'),
    targetLabel: () => 'every layout',
    expect: adminOnly(() => OK),
    secrets: () => [],
    verify: async (r) => assert.equal(rootName(r), 'MediaPropertiesLayouts'),
  },
  {
    name: 'POST /MediaPropertiesLayout',
    method: 'POST',
    path: () => '/MediaPropertiesLayout',
    body: () => '<MediaPropertiesLayout><name>Matrix</name><header><entry><mediaProperty>DNIS</mediaProperty></entry></header></MediaPropertiesLayout>',
    targets: one('a new layout'),
    targetLabel: () => 'a new layout',
    expect: adminOnly(() => OK),
    secrets: () => [],
    probe: () => snapshot('admin', '/MediaPropertiesLayouts'),
    verify: async (r) => {
      const id = (r.headers.get('location') ?? '').split('/').pop();
      await expectStatus(api('admin', 'DELETE', `/MediaPropertiesLayout/${id}`), 200);
    },
  },
  {
    name: 'GET /MediaPropertiesLayout/{id}',
    method: 'GET',
    path: (id) => `/MediaPropertiesLayout/${id}`,
    targets: ['default', GHOST_ITEM],
    targetLabel: itemLabel('layout'),
    expect: adminOnly((id) => (id === 'default' ? OK : NOT_FOUND)),
    secrets: () => [],
  },
  {
    name: 'PUT /Team/{id}/MediaPropertiesLayout',
    method: 'PUT',
    path: (id) => `/Team/${id}/MediaPropertiesLayout`,
    body: () => '<MediaPropertiesLayout><uri>/finesse/api/MediaPropertiesLayout/default</uri></MediaPropertiesLayout>',
    targets: ['1', GHOST_TEAM],
    targetLabel: teamLabel,
    expect: adminOnly((id) => (id in TEAMS ? OK : INVALID_TEAM)),
    secrets: () => [],
    probe: () => snapshot('admin', '/Team/1/MediaPropertiesLayout'),
  },
  {
    name: 'GET /User/{t}/MediaPropertiesLayout',
    method: 'GET',
    path: (t) => `/User/${t}/MediaPropertiesLayout`,
    targets: USER_TARGETS,
    targetLabel: userTargetLabel,
    expect: userRule({
      self: OK,
      'supervisor of t': MISMATCH,
      administrator: OK,
      'administrator, t nonexistent': USER_NOT_FOUND,
      'supervisor, not of t': MISMATCH,
      'agent, not t': MISMATCH,
    }),
    secrets: userSecrets,
    verify: async (r) => assert.equal(rootName(r), 'MediaPropertiesLayout'),
  },
  {
    name: 'PUT /User/{t}/MediaPropertiesLayout',
    method: 'PUT',
    path: (t) => `/User/${t}/MediaPropertiesLayout`,
    body: () => '<MediaPropertiesLayout><description>Matrix</description></MediaPropertiesLayout>',
    targets: USER_TARGETS,
    targetLabel: userTargetLabel,
    expect: adminOnly((t) => (person(t) ? OK : USER_NOT_FOUND)),
    secrets: () => [],
    probe: () => snapshot('admin', '/MediaPropertiesLayouts'),
  },
  teamResource('MediaPropertiesLayouts', 'MediaPropertiesLayouts', 'MediaPropertiesLayouts', () => []),
  {
    name: 'GET /LayoutConfig/default',
    method: 'GET',
    path: () => '/LayoutConfig/default',
    targets: one('the default layout'),
    targetLabel: () => 'the default layout',
    expect: adminOnly(() => OK),
    secrets: () => [],
    verify: async (r) => assert.equal(rootName(r), 'LayoutConfig'),
  },
  {
    name: 'PUT /Team/{id}/LayoutConfig',
    method: 'PUT',
    path: (id) => `/Team/${id}/LayoutConfig`,
    body: () => '<TeamLayoutConfig><useDefault>true</useDefault></TeamLayoutConfig>',
    targets: ['1', GHOST_TEAM],
    targetLabel: teamLabel,
    expect: adminOnly((id) => (id in TEAMS ? OK : INVALID_TEAM)),
    secrets: () => [],
    probe: () => snapshot('admin', '/Team/1/LayoutConfig'),
  },
  teamResource('LayoutConfig', 'LayoutConfig', 'TeamLayoutConfig', () => []),
];

const RESOURCES: Resource[] = [
  {
    name: 'GET /User/{t}',
    method: 'GET',
    path: (t) => `/User/${t}`,
    targets: USER_TARGETS,
    targetLabel: userTargetLabel,
    expect: userRule({
      self: OK,
      'supervisor of t': OK,
      administrator: OK,
      'administrator, t nonexistent': USER_NOT_FOUND,
      'supervisor, not of t': MISMATCH,
      'agent, not t': MISMATCH,
    }),
    secrets: userSecrets,
    verify: async (r, _a, t) => assert.equal(textAt(parseXml(r.body), 'loginId'), t),
  },
  {
    name: 'GET /User/{t}/Dialogs',
    method: 'GET',
    path: (t) => `/User/${t}/Dialogs`,
    targets: USER_TARGETS,
    targetLabel: userTargetLabel,
    expect: userRule({
      self: OK,
      'supervisor of t': OK,
      administrator: OK,
      'administrator, t nonexistent': USER_NOT_FOUND,
      'supervisor, not of t': MISMATCH,
      'agent, not t': MISMATCH,
    }),
    secrets: userSecrets,
    verify: async (r, _a, t) => {
      const ids = parseXml(r.body).children.map((d) => textAt(d, 'id'));
      assert.deepEqual(ids, t === 'agentA' ? [liveDialogId] : []);
    },
  },
  {
    name: 'GET /User/{t}/Queues',
    method: 'GET',
    path: (t) => `/User/${t}/Queues`,
    targets: USER_TARGETS,
    targetLabel: userTargetLabel,
    expect: userRule({
      self: OK,
      'supervisor of t': OK,
      administrator: OK,
      'administrator, t nonexistent': USER_NOT_FOUND,
      'supervisor, not of t': MISMATCH,
      'agent, not t': MISMATCH,
    }),
    secrets: (t) => [...userSecrets(t), ...(person(t)?.queues ?? [])],
    verify: async (r, _a, t) => {
      const root = parseXml(r.body);
      assert.equal(root.name, 'Queues');
      assert.deepEqual(
        root.children.map((q) => textAt(q, 'name')),
        person(t)!.queues,
      );
    },
  },
  {
    name: 'GET /User/{t}/ReasonCodes?category=NOT_READY',
    method: 'GET',
    path: (t) => `/User/${t}/ReasonCodes?category=NOT_READY`,
    targets: USER_TARGETS,
    targetLabel: userTargetLabel,
    expect: userRule({
      self: OK,
      'supervisor of t': MISMATCH,
      administrator: OK,
      'administrator, t nonexistent': USER_NOT_FOUND,
      'supervisor, not of t': MISMATCH,
      'agent, not t': MISMATCH,
    }),
    secrets: userSecrets,
    verify: async (r) => assert.equal(rootName(r), 'ReasonCodes'),
  },
  {
    name: 'GET /User/{t}/WrapUpReasons',
    method: 'GET',
    path: (t) => `/User/${t}/WrapUpReasons`,
    targets: USER_TARGETS,
    targetLabel: userTargetLabel,
    expect: userRule({
      self: OK,
      'supervisor of t': MISMATCH,
      administrator: OK,
      'administrator, t nonexistent': USER_NOT_FOUND,
      'supervisor, not of t': MISMATCH,
      'agent, not t': MISMATCH,
    }),
    secrets: userSecrets,
    verify: async (r) => assert.equal(rootName(r), 'WrapUpReasons'),
  },
  {
    name: 'PUT /User/{t} NOT_READY',
    method: 'PUT',
    path: (t) => `/User/${t}`,
    body: () => STATE_BODY,
    targets: USER_TARGETS,
    targetLabel: userTargetLabel,
    expect: (actor, target) => {
      // The administrator has no agent state of his own; agentA is on the live call, where a supervisor
      // may not force NOT_READY (a state rule, not an access rule) — supervisorA → agentB covers that cell.
      if (actor === 'admin' && target === 'admin') return undefined;
      if (actor === 'supervisorA' && target === 'agentA') return undefined;
      return {
        self: ACCEPTED,
        'supervisor of t': ACCEPTED,
        administrator: MISMATCH,
        'administrator, t nonexistent': USER_NOT_FOUND,
        'supervisor, not of t': INVALID_SUPERVISOR,
        'agent, not t': MISMATCH,
      }[userRelation(actor, target)];
    },
    secrets: userSecrets,
    probe: (t) => snapshot('admin', `/User/${t}`),
    verify: async (_r, actor, t, before) => {
      const after = parseXml((await api('admin', 'GET', `/User/${t}`)).body);
      // agentA is TALKING: his NOT_READY is pending until the call ends.
      if (t === 'agentA') assert.equal(textAt(after, 'pendingState'), 'NOT_READY');
      else assert.equal(textAt(after, 'state'), 'NOT_READY');
      if (actor !== t) assert.equal(textAt(after, 'reasonCodeId'), '999', 'supervisor initiated');
      await expectStatus(api(t as LoginId, 'PUT', `/User/${t}`, '<User><state>READY</state></User>'), 202);
      assert.equal(await snapshot('admin', `/User/${t}`), before, 'restored');
    },
  },
  {
    name: 'POST /User/{t}/Dialogs MAKE_CALL',
    method: 'POST',
    path: (t) => `/User/${t}/Dialogs`,
    body: () => MAKE_CALL_BODY,
    targets: USER_TARGETS,
    targetLabel: userTargetLabel,
    // Only t himself may place a call as t; his own calls are the telephony tests' business.
    expect: (actor, target) => (actor === target ? undefined : MISMATCH),
    secrets: userSecrets,
    probe: async (t) => [await snapshot('admin', `/User/${t}`), await snapshot('admin', `/User/${t}/Dialogs`), await activeCalls()].join('\n'),
  },
  {
    name: 'GET /Team/{id}',
    method: 'GET',
    path: (id) => `/Team/${id}`,
    targets: ['1', '2', GHOST_TEAM],
    targetLabel: (_a, id) => (id in TEAMS ? `team ${id}` : `team ${id} (nonexistent)`),
    expect: (actor, id) =>
      ({
        'supervisor of the team': OK,
        administrator: OK,
        'administrator, team nonexistent': NOT_FOUND,
        'supervisor, not of the team': INVALID_SUPERVISOR,
        agent: UNAUTHORIZED,
      })[teamRelation(actor, id)],
    secrets: teamSecrets,
    verify: async (r, _a, id) => assert.equal(textAt(parseXml(r.body), 'name'), TEAMS[id]),
  },
  {
    name: 'GET /Users',
    method: 'GET',
    path: () => '/Users',
    targets: ['all users'],
    targetLabel: () => 'all users',
    expect: (actor) => (PEOPLE[actor].administrator ? OK : UNAUTHORIZED),
    secrets: () => LOGIN_IDS.flatMap((id) => [id, PEOPLE[id].firstName, PEOPLE[id].lastName]),
    verify: async (r) =>
      assert.deepEqual(
        parseXml(r.body)
          .children.map((u) => textAt(u, 'loginId'))
          .sort(),
        [...LOGIN_IDS].sort(),
      ),
  },
  {
    name: 'GET /Teams',
    method: 'GET',
    path: () => '/Teams',
    targets: ['all teams'],
    targetLabel: () => 'all teams',
    expect: (actor) => (PEOPLE[actor].administrator ? OK : UNAUTHORIZED),
    secrets: () => Object.values(TEAMS),
    verify: async (r) =>
      assert.deepEqual(
        parseXml(r.body).children.map((t) => textAt(t, 'name')),
        Object.values(TEAMS),
      ),
  },
  {
    name: 'GET /Queue/{id}',
    method: 'GET',
    path: (id) => `/Queue/${id}`,
    targets: ['1', '2', GHOST_QUEUE],
    targetLabel: (_a, id) => (id in QUEUES ? `queue ${id}` : `queue ${id} (nonexistent)`),
    expect: (_actor, id) => (id in QUEUES ? OK : NOT_FOUND),
    secrets: () => [],
    verify: async (r, _a, id) => assert.equal(textAt(parseXml(r.body), 'name'), QUEUES[id]),
  },
  {
    name: 'GET /SystemInfo',
    method: 'GET',
    path: () => '/SystemInfo',
    targets: ['the system'],
    targetLabel: () => 'the system',
    expect: () => OK,
    secrets: () => [],
    verify: async (r) => assert.equal(rootName(r), 'SystemInfo'),
  },
  {
    name: 'GET /Dialog/{id}',
    method: 'GET',
    path: (id) => `/Dialog/${resolveId(id)}`,
    targets: [LIVE, GHOST_DIALOG],
    targetLabel: (_a, id) => (id === LIVE ? "agentA's live call" : `dialog ${id} (nonexistent)`),
    expect: (actor, id) =>
      ({ participant: OK, 'supervisor of a participant': OK, administrator: OK, stranger: NO_SUCH_DIALOG, 'nonexistent dialog': NO_SUCH_DIALOG })[
        dialogRelation(actor, id)
      ],
    secrets: DIALOG_SECRETS,
    verify: async (r) => assert.equal(textAt(parseXml(r.body), 'id'), liveDialogId),
  },
  {
    name: 'PUT /Dialog/{id} ANSWER',
    method: 'PUT',
    path: (id) => `/Dialog/${resolveId(id)}`,
    body: answerBody,
    targets: [LIVE, GHOST_DIALOG],
    targetLabel: (_a, id) => (id === LIVE ? "agentA's live call" : `dialog ${id} (nonexistent)`),
    // agentA's own actions on his call are the telephony tests' business (and would end the shared setup).
    expect: (actor, id) =>
      ({
        participant: undefined,
        'supervisor of a participant': NOT_A_PARTICIPANT,
        administrator: NOT_A_PARTICIPANT,
        stranger: NO_SUCH_DIALOG,
        'nonexistent dialog': NO_SUCH_DIALOG,
      })[dialogRelation(actor, id)],
    secrets: DIALOG_SECRETS,
    probe: async (id) => [await snapshot('agentA', `/Dialog/${resolveId(id)}`), await snapshot('admin', '/User/agentA'), await activeCalls()].join('\n'),
  },
  ...CONFIGURATION_RESOURCES,
  ...TEAM_MESSAGE_RESOURCES,
  ...PHONE_BOOK_RESOURCES,
  ...WORKFLOW_RESOURCES,
  ...TEAM_RESOURCES,
  ...LAYOUT_RESOURCES,
];

// ------------------------------------------------------------------------------------------ setup

const xmpp = new Map<LoginId, TestClient>();

before(async () => {
  server = await freshServer({ xmppPort: 0, httpsPort: null, lockout: { maxFailures: 1000, lockMs: 300_000 } }, clock);
  const signIn = async (id: LoginId): Promise<void> => {
    await expectStatus(api(id, 'PUT', `/User/${id}`, `<User><state>LOGIN</state><extension>${PEOPLE[id].extension}</extension></User>`), 202);
    await expectStatus(api(id, 'PUT', `/User/${id}`, '<User><state>READY</state></User>'), 202);
  };
  // agentA alone is READY in team 1 when the call arrives, so it is offered to him.
  await signIn('agentA');
  const placed = await fetch(`${server.baseUrl}/openfinesse/api/calls`, {
    method: 'POST',
    headers: { authorization: basic('admin'), 'content-type': 'application/json' },
    body: JSON.stringify({ from: CALLER, to: '5000' }),
  });
  assert.equal(placed.status, 201, await placed.text());
  const dialogs = parseXml((await expectStatus(api('agentA', 'GET', '/User/agentA/Dialogs'), 200)).body);
  liveDialogId = textAt(dialogs.children[0]!, 'id');
  await expectStatus(
    api('agentA', 'PUT', `/Dialog/${liveDialogId}`, '<Dialog><requestedAction>ANSWER</requestedAction><targetMediaAddress>1001</targetMediaAddress></Dialog>'),
    202,
  );
  // TALKING with READY pending: the state his own PUT cases restore.
  await expectStatus(api('agentA', 'PUT', '/User/agentA', '<User><state>READY</state></User>'), 202);
  for (const id of ['agentB', 'supervisorA', 'agentC', 'supervisorB'] as const) await signIn(id);
  for (const id of AUTHENTICATED) xmpp.set(id, await connectXmppJs(`xmpp://127.0.0.1:${server.ports.xmpp}`, { user: id, resource: 'matrix' }));
});

after(async () => {
  await Promise.all([...xmpp.values()].map((c) => c.close()));
  await server.stop();
});

// ------------------------------------------------------------------------------------------ REST cases

function dataFor(expected: Refused, actor: Actor, target: string): string {
  if (expected.data === 'target') return resolveId(target);
  if (expected.data === 'given') return actor === 'wrongPassword' ? 'agentA' : '';
  return actor;
}

describe('authorization matrix: REST /finesse/api', () => {
  for (const resource of RESOURCES) {
    describe(resource.name, () => {
      for (const actor of [...UNAUTHENTICATED, ...AUTHENTICATED]) {
        for (const target of resource.targets) {
          const expected = UNAUTHENTICATED.includes(actor) ? AUTHENTICATION_FAILURE : resource.expect(actor as LoginId, target);
          if (expected === undefined) continue;
          const outcome = isRefused(expected) ? `${expected.status} ${expected.type}` : String(expected.status);
          test(`${ACTOR_LABEL[actor]} × ${resource.name} × ${resource.targetLabel(actor, target)} → ${outcome}`, async () => {
            const before = resource.probe ? await resource.probe(target) : undefined;
            const result = await api(actor, resource.method, resource.path(target), resource.body?.(actor, target));
            if (!isRefused(expected)) {
              assert.equal(result.status, expected.status, result.body);
              await resource.verify?.(result, actor as LoginId, target, before);
              return;
            }
            assertApiError(result, expected.status, expected.type, {
              data: dataFor(expected, actor, target),
              ...(expected.message !== undefined ? { message: expected.message } : {}),
            });
            assertNoLeak(result.body, resource.secrets(target), actor);
            if (before !== undefined) assert.equal(await resource.probe!(target), before, 'the refused request changed the target');
          });
        }
      }
    });
  }
});

// ------------------------------------------------------------------------------------------ control API

const provisioningSnapshot = async (): Promise<string> =>
  (await Promise.all(['/users', '/teams'].map(async (path) => (await call('admin', 'GET', `/openfinesse/api${path}`)).body))).join('\n');
let provisioningBefore = '';

/** The provisioning API: administrators only, whatever the method; a refused write changes nothing. */
const PROVISIONING_ROUTES: readonly (readonly [string, string, unknown?])[] = [
  ['GET', '/users'],
  ['GET', '/users/agentA'],
  ['POST', '/users', { loginId: 'matrixUser', password: 'x' }],
  ['PUT', '/users/agentA', { firstName: 'Changed' }],
  ['DELETE', '/users/agentB'],
  ['GET', '/teams'],
  ['GET', '/teams/1'],
  ['POST', '/teams', { name: 'Matrix team' }],
  ['PUT', '/teams/1', { name: 'Changed' }],
  ['DELETE', '/teams/2'],
];

describe('authorization matrix: control API and health', () => {
  before(async () => {
    provisioningBefore = await provisioningSnapshot();
  });
  for (const actor of [...UNAUTHENTICATED, ...AUTHENTICATED]) {
    const expected = UNAUTHENTICATED.includes(actor) ? 'Authentication Failure' : PEOPLE[actor as LoginId].administrator ? null : 'Authorization Failure';
    test(`${ACTOR_LABEL[actor]} × GET /openfinesse/api/calls → ${expected === null ? '200' : `401 ${expected}`}`, async () => {
      const result = await call(actor, 'GET', '/openfinesse/api/calls');
      assert.equal(result.status, expected === null ? 200 : 401, result.body);
      assert.match(result.headers.get('content-type') ?? '', /^application\/json/);
      const json = JSON.parse(result.body) as { active?: { id: string }[]; error?: { type: string } };
      if (expected === null) {
        assert.ok(
          json.active?.some((c) => JSON.stringify(c).includes(CALLER)),
          result.body,
        );
        return;
      }
      assert.equal(json.error?.type, expected);
      for (const secret of [CALLER, liveDialogId, 'agentA', '1001']) {
        if (secret === 'agentA' && actor === 'wrongPassword') continue;
        assert.doesNotMatch(JSON.stringify({ ...json, error: { ...json.error, data: undefined } }), wordRegExp(secret), `reveals ${secret}`);
      }
    });
    test(`${ACTOR_LABEL[actor]} × GET /openfinesse/api/audit → ${expected === null ? '200' : `401 ${expected}`}`, async () => {
      const result = await call(actor, 'GET', '/openfinesse/api/audit?limit=5');
      assert.equal(result.status, expected === null ? 200 : 401, result.body);
      assert.match(result.headers.get('content-type') ?? '', /^application\/json/);
      const json = JSON.parse(result.body) as { entries?: unknown[]; error?: { type: string } };
      if (expected === null) assert.ok(Array.isArray(json.entries), result.body);
      else assert.deepEqual(Object.keys(json), ['error'], 'a refused answer carries no entries');
      if (expected !== null) assert.equal(json.error?.type, expected);
    });
    for (const [method, path, body] of PROVISIONING_ROUTES) {
      const answer = expected === null ? (method === 'GET' ? '200' : 'not run (it would change the site)') : `401 ${expected}`;
      test(`${ACTOR_LABEL[actor]} × ${method} /openfinesse/api${path} → ${answer}`, { skip: expected === null && method !== 'GET' }, async () => {
        const result = await call(actor, method, `/openfinesse/api${path}`, body === undefined ? undefined : JSON.stringify(body));
        assert.equal(result.status, expected === null ? 200 : 401, result.body);
        const json = JSON.parse(result.body) as { error?: { type: string } };
        if (expected !== null) {
          assert.deepEqual(Object.keys(json), ['error'], 'a refused answer carries no users or teams');
          assert.equal(json.error?.type, expected);
          if (method !== 'GET') assert.equal(await provisioningSnapshot(), provisioningBefore, 'the refused request changed the site');
        }
      });
    }
    test(`${ACTOR_LABEL[actor]} × GET /openfinesse/health → 200`, async () => {
      const result = await call(actor, 'GET', '/openfinesse/health');
      assert.equal(result.status, 200, result.body);
    });
  }
});

// ------------------------------------------------------------------------------------------ pubsub

const PUBSUB = 'http://jabber.org/protocol/pubsub';
const PUBSUB_ERRORS = 'http://jabber.org/protocol/pubsub#errors';
const API = '/finesse/api';

type NodeAccess = 'automatic' | 'explicit' | 'forbidden' | 'item-not-found';
type PubsubOp = 'subscribe' | 'unsubscribe' | 'disco#info';

/** The node kinds, their ids, and who may subscribe (mirrors the REST reading rules). */
interface NodeKind {
  kind: string;
  ids: string[];
  node(id: string): string;
  label(actor: LoginId, id: string): string;
  access(actor: LoginId, id: string): NodeAccess;
  secrets(id: string): string[];
}

function userNodeAccess(actor: LoginId, t: string): NodeAccess {
  return (
    {
      self: 'automatic',
      'supervisor of t': 'explicit',
      administrator: 'explicit',
      'administrator, t nonexistent': 'item-not-found',
      'supervisor, not of t': 'forbidden',
      'agent, not t': 'forbidden',
    } as const
  )[userRelation(actor, t)];
}
/** A user node's own id is in its name; what else identifies the user must not come back in an error. */
const userNodeSecrets = (t: string): string[] => userSecrets(t).filter((s) => s !== t);

const NODE_KINDS: NodeKind[] = [
  { kind: 'User/{t}', ids: USER_TARGETS, node: (t) => `${API}/User/${t}`, label: userTargetLabel, access: userNodeAccess, secrets: userNodeSecrets },
  {
    kind: 'User/{t}/Dialogs',
    ids: USER_TARGETS,
    node: (t) => `${API}/User/${t}/Dialogs`,
    label: userTargetLabel,
    access: userNodeAccess,
    secrets: userNodeSecrets,
  },
  {
    kind: 'Team/{id}/Users',
    ids: ['1', '2', GHOST_TEAM],
    node: (id) => `${API}/Team/${id}/Users`,
    label: (_a, id) => (id in TEAMS ? `team ${id}` : `team ${id} (nonexistent)`),
    access: (actor, id) =>
      (
        ({
          'supervisor of the team': 'explicit',
          administrator: 'explicit',
          'administrator, team nonexistent': 'item-not-found',
          'supervisor, not of the team': 'forbidden',
          agent: 'forbidden',
        }) as const
      )[teamRelation(actor, id)],
    secrets: teamSecrets,
  },
  {
    kind: 'Queue/{id}',
    ids: ['1', '2', GHOST_QUEUE],
    node: (id) => `${API}/Queue/${id}`,
    label: (_a, id) => (id in QUEUES ? `queue ${id}` : `queue ${id} (nonexistent)`),
    access: (actor, id) => {
      if (!(id in QUEUES)) return PEOPLE[actor].administrator ? 'item-not-found' : 'forbidden';
      return PEOPLE[actor].queues.includes(QUEUES[id]!) ? 'explicit' : 'forbidden';
    },
    secrets: (id) => (id in QUEUES ? [QUEUES[id]!] : []),
  },
  {
    kind: 'Team/{id}/TeamMessages',
    ids: ['1', '2', GHOST_TEAM],
    node: (id) => `${API}/Team/${id}/TeamMessages`,
    label: (_a, id) => (id in TEAMS ? `team ${id}` : `team ${id} (nonexistent)`),
    access: (actor, id) => {
      if (!(id in TEAMS)) return PEOPLE[actor].administrator ? 'item-not-found' : 'forbidden';
      if (receivesTeamMessages(actor, id)) return 'automatic';
      return PEOPLE[actor].administrator ? 'explicit' : 'forbidden';
    },
    secrets: () => [],
  },
  { kind: 'SystemInfo', ids: [''], node: () => `${API}/SystemInfo`, label: () => 'the system', access: () => 'automatic', secrets: () => [] },
  {
    kind: 'not a Finesse node',
    ids: [''],
    node: () => `${API}/Nonsense`,
    label: () => '/finesse/api/Nonsense',
    access: () => 'item-not-found',
    secrets: () => [],
  },
];

/** What each operation answers, by the actor's access to the node (no subscription held beforehand). */
type PubsubAnswer = 'result, subid automatic' | 'result, new subid' | 'result' | 'unexpected-request + not-subscribed' | 'forbidden' | 'item-not-found';
const PUBSUB_RULES: Record<NodeAccess, Record<PubsubOp, PubsubAnswer>> = {
  automatic: { subscribe: 'result, subid automatic', unsubscribe: 'result', 'disco#info': 'result' },
  explicit: { subscribe: 'result, new subid', unsubscribe: 'unexpected-request + not-subscribed', 'disco#info': 'result' },
  forbidden: { subscribe: 'forbidden', unsubscribe: 'forbidden', 'disco#info': 'item-not-found' },
  'item-not-found': { subscribe: 'item-not-found', unsubscribe: 'item-not-found', 'disco#info': 'item-not-found' },
};

let iqSequence = 0;
const iqId = (what: string): string => `matrix-${what}-${++iqSequence}`;
const errorCondition = (iq: Element): string | undefined =>
  iq.getChild('error')?.children.find((c): c is Element => typeof c !== 'string' && c.attrs.xmlns === 'urn:ietf:params:xml:ns:xmpp-stanzas')?.name;
const pubsubSet = (client: TestClient, action: string): Promise<Element> =>
  client.iq(`<iq type='set' id='${iqId('set')}' to='pubsub.localhost'><pubsub xmlns='${PUBSUB}'>${action}</pubsub></iq>`);
const subscribe = (client: TestClient, node: string): Promise<Element> => pubsubSet(client, `<subscribe node='${node}' jid='${client.jid}'/>`);
const unsubscribe = (client: TestClient, node: string, subid?: string): Promise<Element> =>
  pubsubSet(client, `<unsubscribe node='${node}' jid='${client.jid}'${subid ? ` subid='${subid}'` : ''}/>`);
const discoInfo = (client: TestClient, node: string): Promise<Element> =>
  client.iq(`<iq type='get' id='${iqId('info')}' to='pubsub.localhost'><query xmlns='http://jabber.org/protocol/disco#info' node='${node}'/></iq>`);
async function subscriptionsOn(client: TestClient, node: string): Promise<{ jid: string; subid: string }[]> {
  const reply = await client.iq(`<iq type='get' id='${iqId('subs')}' to='pubsub.localhost'><pubsub xmlns='${PUBSUB}'><subscriptions/></pubsub></iq>`);
  assert.equal(reply.attrs.type, 'result', String(reply));
  return (reply.getChild('pubsub')?.getChild('subscriptions')?.getChildren('subscription') ?? [])
    .filter((s) => s.attrs.node === node)
    .map((s) => ({ jid: s.attrs.jid ?? '', subid: s.attrs.subid ?? '' }));
}

function assertPubsubError(reply: Element, condition: string, secrets: string[]): void {
  assert.equal(reply.attrs.type, 'error', String(reply));
  assert.equal(errorCondition(reply), condition, String(reply));
  for (const secret of secrets) if (secret !== '') assert.doesNotMatch(String(reply), wordRegExp(secret), `the error reveals ${secret}: ${String(reply)}`);
}

describe('authorization matrix: pubsub (XMPP over TCP)', () => {
  for (const actor of AUTHENTICATED) {
    for (const kind of NODE_KINDS) {
      for (const id of kind.ids) {
        const access = kind.access(actor, id);
        const node = kind.node(id);
        const name = (op: PubsubOp): string => `${ACTOR_LABEL[actor]} × ${op} ${kind.kind} × ${kind.label(actor, id)} → ${PUBSUB_RULES[access][op]}`;
        const secrets = kind.secrets(id).filter((s) => s !== actor);

        test(name('subscribe'), async () => {
          const client = xmpp.get(actor)!;
          const answer = PUBSUB_RULES[access].subscribe;
          const reply = await subscribe(client, node);
          if (answer === 'result, subid automatic' || answer === 'result, new subid') {
            const subscription = reply.getChild('pubsub')?.getChild('subscription');
            try {
              assert.equal(reply.attrs.type, 'result', String(reply));
              assert.equal(subscription?.attrs.subscription, 'subscribed');
              assert.equal(subscription?.attrs.jid, client.jid);
              if (answer === 'result, subid automatic') assert.equal(subscription?.attrs.subid, 'automatic');
              else {
                assert.ok(subscription?.attrs.subid && subscription.attrs.subid !== 'automatic', String(reply));
                assert.deepEqual(await subscriptionsOn(client, node), [{ jid: client.jid, subid: subscription.attrs.subid }]);
              }
            } finally {
              if (answer === 'result, new subid' && reply.attrs.type === 'result') {
                assert.equal((await unsubscribe(client, node, subscription?.attrs.subid)).attrs.type, 'result');
                assert.deepEqual(await subscriptionsOn(client, node), [], 'cleaned up');
              }
            }
            return;
          }
          assertPubsubError(reply, answer, secrets);
          assert.deepEqual(await subscriptionsOn(client, node), [], 'a refused subscribe created a subscription');
        });

        test(name('unsubscribe'), async () => {
          const client = xmpp.get(actor)!;
          const answer = PUBSUB_RULES[access].unsubscribe;
          const reply = await unsubscribe(client, node);
          if (answer === 'result') {
            assert.equal(reply.attrs.type, 'result', String(reply));
            return;
          }
          if (answer === 'unexpected-request + not-subscribed') {
            assertPubsubError(reply, 'unexpected-request', secrets);
            assert.ok(reply.getChild('error')?.getChild('not-subscribed', PUBSUB_ERRORS), String(reply));
            return;
          }
          assertPubsubError(reply, answer, secrets);
        });

        test(name('disco#info'), async () => {
          const reply = await discoInfo(xmpp.get(actor)!, node);
          if (PUBSUB_RULES[access]['disco#info'] === 'result') {
            assert.equal(reply.attrs.type, 'result', String(reply));
            assert.deepEqual(reply.getChild('query')?.getChild('identity')?.attrs, { category: 'pubsub', type: 'leaf' });
            return;
          }
          assertPubsubError(reply, 'item-not-found', secrets);
        });
      }
    }

    test(`${ACTOR_LABEL[actor]} × disco#items of pubsub.localhost → own nodes and exactly the Team and Queue nodes he may subscribe`, async () => {
      const client = xmpp.get(actor)!;
      const reply = await client.iq(`<iq type='get' id='${iqId('items')}' to='pubsub.localhost'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>`);
      assert.equal(reply.attrs.type, 'result', String(reply));
      const listed = reply
        .getChild('query')!
        .getChildren('item')
        .map((i) => i.attrs.node as string);
      for (const own of [`${API}/User/${actor}`, `${API}/User/${actor}/Dialogs`, `${API}/SystemInfo`])
        assert.ok(listed.includes(own), `${own} missing from ${listed.join()}`);
      const subscribable = (kind: NodeKind): string[] =>
        kind.ids.filter((id) => ['automatic', 'explicit'].includes(kind.access(actor, id))).map((id) => kind.node(id));
      const teamAndQueue = NODE_KINDS.filter((k) => ['Team/{id}/Users', 'Team/{id}/TeamMessages', 'Queue/{id}'].includes(k.kind));
      assert.deepEqual(listed.filter((n) => /\/(Team|Queue)\//.test(n)).sort(), teamAndQueue.flatMap(subscribable).sort(), 'Team and Queue nodes');
      const allowed = new Set(NODE_KINDS.flatMap(subscribable));
      for (const n of listed) assert.ok(allowed.has(n), `${n} is listed but may not be subscribed`);
    });
  }
});
