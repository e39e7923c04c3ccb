/**
 * The world of the authorization matrix: the demo people and their relations to users, teams and dialogs,
 * the actors, the expected answers, the server the cases call, what a refused answer must not reveal, and
 * the shape of a resource row (the tables are in the files beside this one; the runner is
 * test/http/authorization-matrix.test.ts).
 */
import assert from 'node:assert/strict';
import { ManualClock } from '../../../src/domain/clock.js';
import { basic, request } from '../../support/http.js';
import type { HttpResult } from '../../support/http.js';
import type { TestServer } from '../../support/server.js';
import { parseXml } from '../../support/xml.js';

// ------------------------------------------------------------------------------------------ the demo data

export interface Person {
  firstName: string;
  lastName: string;
  extension: string | null;
  team: string | null;
  supervises: string[];
  administrator: boolean;
  /** Names of the queues in his GET /User/{him}/Queues (administrators: every queue). */
  queues: string[];
}

export type LoginId = 'agentA' | 'agentB' | 'supervisorA' | 'agentC' | 'supervisorB' | 'admin';

export const PEOPLE: Record<LoginId, Person> = {
  agentA: { firstName: 'Alice', lastName: 'Archer', extension: '1001', team: '1', supervises: [], administrator: false, queues: ['Sales'] },
  agentB: { firstName: 'Bob', lastName: 'Baker', extension: '1002', team: '1', supervises: [], administrator: false, queues: ['Sales'] },
  supervisorA: { firstName: 'Sara', lastName: 'Adams', extension: '1003', team: '1', supervises: ['1'], administrator: false, queues: ['Sales'] },
  agentC: { firstName: 'Carol', lastName: 'Clark', extension: '1004', team: '2', supervises: [], administrator: false, queues: ['Support'] },
  supervisorB: { firstName: 'Sam', lastName: 'Brooks', extension: '1005', team: '2', supervises: ['2'], administrator: false, queues: ['Support'] },
  admin: { firstName: 'Admin', lastName: 'Istrator', extension: null, team: null, supervises: [], administrator: true, queues: ['Sales', 'Support'] },
};

export const LOGIN_IDS = Object.keys(PEOPLE) as LoginId[];
export const GHOST = 'ghost';
export const USER_TARGETS = [...LOGIN_IDS, GHOST];
export const TEAMS: Record<string, string> = { '1': 'Team A', '2': 'Team B' };
export const QUEUES: Record<string, string> = { '1': 'Sales', '2': 'Support' };
export const GHOST_TEAM = '99';
export const GHOST_QUEUE = '99';
export const GHOST_DIALOG = '99999999';
export const CALLER = '4085550100';
/** The live dialog, created in `before`; targets name it by this placeholder. */
export const LIVE = 'live';

export const person = (id: string): Person | undefined => (PEOPLE as Record<string, Person>)[id];
export const isSupervisor = (id: LoginId): boolean => PEOPLE[id].supervises.length > 0;

// ------------------------------------------------------------------------------------------ the actors

export type Actor = LoginId | 'anonymous' | 'wrongPassword';
export const AUTHENTICATED: LoginId[] = LOGIN_IDS;
export const UNAUTHENTICATED: Actor[] = ['anonymous', 'wrongPassword'];
export const ACTOR_LABEL: Record<Actor, string> = {
  anonymous: 'anonymous (no Authorization)',
  wrongPassword: 'agentA with a wrong password',
  agentA: 'agentA (agent, team 1)',
  agentB: 'agentB (agent, team 1)',
  supervisorA: 'supervisorA (supervisor of team 1)',
  agentC: 'agentC (agent, team 2)',
  supervisorB: 'supervisorB (supervisor of team 2)',
  admin: 'admin (administrator)',
};
export const credentials = (actor: Actor): { user?: string; password?: string } =>
  actor === 'anonymous' ? {} : actor === 'wrongPassword' ? { user: 'agentA', password: 'wrong' } : { user: actor };

/** How a target user stands to the actor, for test names. */
export function userTargetLabel(actor: Actor, target: string): string {
  const t = person(target);
  if (!t) return `${target} (nonexistent)`;
  if (actor === target) return `${target} (self)`;
  const a = person(actor === 'wrongPassword' ? 'agentA' : actor);
  if (!a || actor === 'anonymous') return target;
  if (t.team === null) return `${target} (no team)`;
  return `${target} (${a.team === t.team ? 'same team' : a.supervises.includes(t.team) ? 'supervised team' : 'other team'})`;
}

// ------------------------------------------------------------------------------------------ expected answers

export interface Allowed {
  status: 200 | 202;
}
export interface Refused {
  status: number;
  type: string;
  /** Checked when given; the contract leaves some messages open. */
  message?: string;
  /** ErrorData: the actor's loginId, the id asked for, or (unauthenticated) the name given. */
  data: 'actor' | 'target' | 'given';
}
export type Expected = Allowed | Refused;
export const isRefused = (e: Expected): e is Refused => 'type' in e;

export const OK: Allowed = { status: 200 };
export const ACCEPTED: Allowed = { status: 202 };
export const AUTHENTICATION_FAILURE: Refused = { status: 401, type: 'Authentication Failure', message: 'UNAUTHORIZED', data: 'given' };
export const MISMATCH: Refused = {
  status: 401,
  type: 'Invalid Authorization User Specified',
  message: "The user in the credentials and the uri don't match",
  data: 'actor',
};
export const USER_NOT_FOUND: Refused = { status: 404, type: 'User Not Found', message: 'UNKNOWN_USER', data: 'target' };
export const INVALID_SUPERVISOR: Refused = { status: 401, type: 'Invalid Supervisor', data: 'actor' };
export const UNAUTHORIZED: Refused = { status: 401, type: 'Authorization Failure', message: 'UNAUTHORIZED', data: 'actor' };
export const NOT_FOUND: Refused = { status: 404, type: 'Not Found', data: 'target' };
export const NO_SUCH_DIALOG: Refused = { status: 404, type: 'Not Found', message: 'Invalid dialogId specified for dialog', data: 'target' };
export const NOT_A_PARTICIPANT: Refused = {
  status: 401,
  type: 'Authorization Failure',
  message: 'The user is not a participant of this dialog',
  data: 'actor',
};

// ------------------------------------------------------------------------------------------ relations

/** How an authenticated actor stands to a user `/User/{t}` names. */
export type UserRelation = 'self' | 'supervisor of t' | 'administrator' | 'administrator, t nonexistent' | 'supervisor, not of t' | 'agent, not t';
export function userRelation(actor: LoginId, target: string): UserRelation {
  if (actor === target) return 'self';
  const t = person(target);
  if (PEOPLE[actor].administrator) return t ? 'administrator' : 'administrator, t nonexistent';
  if (t?.team && PEOPLE[actor].supervises.includes(t.team)) return 'supervisor of t';
  return isSupervisor(actor) ? 'supervisor, not of t' : 'agent, not t';
}

export type TeamRelation = 'supervisor of the team' | 'administrator' | 'administrator, team nonexistent' | 'supervisor, not of the team' | 'agent';
export function teamRelation(actor: LoginId, teamId: string): TeamRelation {
  if (PEOPLE[actor].administrator) return teamId in TEAMS ? 'administrator' : 'administrator, team nonexistent';
  if (PEOPLE[actor].supervises.includes(teamId)) return 'supervisor of the team';
  return isSupervisor(actor) ? 'supervisor, not of the team' : 'agent';
}

/** The live dialog's only agent participant is agentA (team 1). */
export type DialogRelation = 'participant' | 'supervisor of a participant' | 'administrator' | 'stranger' | 'nonexistent dialog';
export function dialogRelation(actor: LoginId, dialog: string): DialogRelation {
  if (dialog !== LIVE) return 'nonexistent dialog';
  if (actor === 'agentA') return 'participant';
  if (PEOPLE[actor].administrator) return 'administrator';
  return PEOPLE[actor].supervises.includes('1') ? 'supervisor of a participant' : 'stranger';
}

// ------------------------------------------------------------------------------------------ the server

export let currentServer: TestServer | undefined;
export let liveDialogId = '';

/** The server of the matrix, started by the runner's `before`. */
export function server(): TestServer {
  assert.ok(currentServer, 'the matrix server is started before the cases run');
  return currentServer;
}
export const useServer = (started: TestServer): void => {
  currentServer = started;
};
/** The id of the live dialog (answered by agentA in the runner's `before`). */
export const liveDialog = (): string => liveDialogId;
export const useLiveDialog = (id: string): void => {
  liveDialogId = id;
};
export const clock = new ManualClock(Date.UTC(2026, 4, 5, 9, 0, 0));
export const resolveId = (target: string): string => (target === LIVE ? liveDialog() : target);

export const call = (actor: Actor, method: string, path: string, body?: string): Promise<HttpResult> =>
  request(server().baseUrl, method, path, { ...credentials(actor), ...(body !== undefined ? { body } : {}) });
export const api = (actor: Actor, method: string, path: string, body?: string): Promise<HttpResult> => call(actor, method, `/finesse/api${path}`, body);
export const snapshot = async (actor: Actor, path: string): Promise<string> => {
  const r = await api(actor, 'GET', path);
  return `${r.status} ${r.body}`;
};
export const activeCalls = async (): Promise<string> => {
  const r = await fetch(`${server().baseUrl}/openfinesse/api/calls`, { headers: { authorization: basic('admin') } });
  return JSON.stringify(((await r.json()) as { active: unknown }).active);
};
export async function expectStatus(result: Promise<HttpResult>, status: number): Promise<HttpResult> {
  const r = await result;
  assert.equal(r.status, status, `setup: ${r.body}`);
  return r;
}

// ------------------------------------------------------------------------------------------ data of a target

export const wordRegExp = (token: string): RegExp => new RegExp(`(?<![A-Za-z0-9])${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`);

/** What a refused answer about this user must not reveal. */
export function userSecrets(target: string): string[] {
  const t = person(target);
  if (!t) return [];
  const secrets = [target, t.firstName, t.lastName, ...(t.extension ? [t.extension] : [])];
  if (t.team) secrets.push(TEAMS[t.team]!);
  for (const team of t.supervises) secrets.push(TEAMS[team]!);
  if (target === 'agentA') secrets.push(liveDialog(), CALLER);
  return secrets;
}
export function teamSecrets(teamId: string): string[] {
  if (!(teamId in TEAMS)) return [];
  const members = LOGIN_IDS.filter((id) => PEOPLE[id].team === teamId);
  return [TEAMS[teamId]!, ...members.flatMap((id) => [id, PEOPLE[id].firstName, PEOPLE[id].lastName])];
}
export const DIALOG_SECRETS = (): string[] => ['agentA', 'Alice', 'Archer', '1001', CALLER, 'Sales', '5000'];

/** No target data in the answer; ErrorData is excluded, because its exact value has been asserted. */
export function assertNoLeak(body: string, secrets: string[], actor: Actor): void {
  const own = actor === 'wrongPassword' ? 'agentA' : actor;
  const rest = body.replace(/<ErrorData>[^<]*<\/ErrorData>/g, '');
  for (const secret of secrets) {
    if (secret === '' || secret === own) continue;
    assert.doesNotMatch(rest, wordRegExp(secret), `a refused answer reveals ${secret}: ${body}`);
  }
}

// ------------------------------------------------------------------------------------------ THE TABLE

export const STATE_BODY = '<User><state>NOT_READY</state></User>';
export const MAKE_CALL_BODY = '<Dialog><requestedAction>MAKE_CALL</requestedAction><fromAddress>1002</fromAddress><toAddress>1001</toAddress></Dialog>';
export const answerBody = (actor: Actor): string => {
  const extension = person(actor === 'wrongPassword' ? 'agentA' : actor)?.extension;
  return `<Dialog><requestedAction>ANSWER</requestedAction>${extension ? `<targetMediaAddress>${extension}</targetMediaAddress>` : ''}</Dialog>`;
};

export interface Resource {
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

export const userRule = (rules: Record<UserRelation, Expected>) => (actor: LoginId, target: string) => rules[userRelation(actor, target)];
export const rootName = (result: HttpResult): string => parseXml(result.body).name;

// ------------------------------------------------------------------------------------------ configuration APIs

/** The demo reason codes and wrap-up reasons the configuration rows name: their labels, and which team has them. */
export const REASON_CODES: Record<string, { label: string; team: string | null }> = {
  '1': { label: 'Break', team: null },
  '4': { label: 'Training', team: '1' },
  '7': { label: 'System Issue', team: '2' },
  '999': { label: 'Supervisor Initiated', team: null },
};
export const WRAP_UPS: Record<string, string> = { '1': 'Sales Inquiry', '4': 'Escalated' };
export const GHOST_ITEM = '4040';
export const INVALID_TEAM: Refused = { status: 404, type: 'finesse.api.team.team_assignment_invalid_team', data: 'target' };
export const SYSTEM_CODE: Refused = { status: 400, type: 'Finesse API Error', data: 'target' };
export const itemLabel = (kind: string) => (_a: Actor, id: string) =>
  id === GHOST_ITEM || id === GHOST_TEAM ? `${kind} ${id} (nonexistent)` : `${kind} ${id}`;
export const teamLabel = itemLabel('team');
export const isAdmin = (actor: LoginId): boolean => PEOPLE[actor].administrator;
/** Administrators get `allowed(target)`; everyone else 401 Authorization Failure (ErrorData = the caller). */
export const adminOnly =
  (allowed: (target: string) => Expected | undefined) =>
  (actor: LoginId, target: string): Expected | undefined =>
    isAdmin(actor) ? allowed(target) : UNAUTHORIZED;
export const configurationState = async (): Promise<string> =>
  [await snapshot('admin', '/ReasonCodes?category=ALL'), await snapshot('admin', '/WrapUpReasons'), await snapshot('admin', '/Team/1/WrapUpReasons')].join(
    '\n',
  );

export const one = (label: string): string[] => [label];

/** An administrator's list of one kind of configuration item (`GET /PhoneBooks` …), answered with its collection root. */
export const adminList = (path: string, what: string): Resource => ({
  name: `GET ${path}`,
  method: 'GET',
  path: () => path,
  targets: one(what),
  targetLabel: () => what,
  expect: adminOnly(() => OK),
  secrets: () => [],
  verify: async (r) => assert.equal(rootName(r), path.slice(1)),
});

/** An administrator's create (`POST /PhoneBook` …) with `body`; the item created is deleted again at `{path}/{id}`. */
export const adminCreate = (path: string, body: string, what: string, listPath: string): Resource => ({
  name: `POST ${path}`,
  method: 'POST',
  path: () => path,
  body: () => body,
  targets: one(what),
  targetLabel: () => what,
  expect: adminOnly(() => OK),
  secrets: () => [],
  probe: () => snapshot('admin', listPath),
  verify: async (r) => {
    const id = (r.headers.get('location') ?? '').split('/').pop();
    await expectStatus(api('admin', 'DELETE', `${path}/${id}`), 200);
  },
});
