/**
 * The provisioning API, `/openfinesse/api/users` and `/openfinesse/api/teams` (JSON, administrators only):
 * every create / read / update / delete, the field errors (400 naming the field), 404 for an unknown id,
 * 409 for duplicates and refused deletions, nothing changed by a refused request, audit rows, the effect
 * on the Finesse APIs (sign-in, User, Team) and the User notifications on the user's and the team's nodes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { request } from '../support/http.js';
import type { TestServer } from '../support/server.js';
import { startTestServer } from '../support/server.js';
import type { XmppWatcher } from '../support/xmpp-updates.js';
import { DialogNames, XmppWatcher as Watcher } from '../support/xmpp-updates.js';
import { parseXml } from '../support/xml.js';

interface Answer {
  status: number;
  body: Record<string, unknown>;
  location: string | null;
}

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

async function api(method: string, path: string, body?: unknown, user = 'admin', password = 'demo'): Promise<Answer> {
  const r = await request(server.baseUrl, method, `/openfinesse/api${path}`, {
    user,
    password,
    ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
  });
  return { status: r.status, body: r.body ? (JSON.parse(r.body) as Record<string, unknown>) : {}, location: r.headers.get('location') };
}

const finesse = (path: string, user: string, password = 'demo') => request(server.baseUrl, 'GET', `/finesse/api${path}`, { user, password });
const error = (a: Answer) => a.body.error as { type: string; message: string; data: string };
const auditOf = async (resource: string) =>
  ((await api('GET', `/audit?resource=${resource}`)).body.entries as { action: string; resourceId: string; before: unknown; after: unknown }[]).map(
    (e) => `${e.action} ${e.resourceId}`,
  );

describe('users', () => {
  test('list and get: every field but the password; unknown ids are 404', async () => {
    const list = await api('GET', '/users');
    assert.equal(list.status, 200);
    const users = list.body.users as Record<string, unknown>[];
    assert.deepEqual(
      users.map((u) => u.loginId),
      ['admin', 'agentA', 'agentB', 'agentC', 'supervisorA', 'supervisorB'],
    );
    const one = await api('GET', '/users/supervisorA');
    assert.deepEqual(one.body, {
      loginId: 'supervisorA',
      loginName: 'supervisorA',
      firstName: 'Sara',
      lastName: 'Adams',
      roles: ['Agent', 'Supervisor'],
      team: '1',
      supervises: ['1'],
      disabled: false,
    });
    assert.doesNotMatch(JSON.stringify(list.body), /password|credentials|SCRAM/i);
    const missing = await api('GET', '/users/nobody');
    assert.equal(missing.status, 404);
    assert.deepEqual(error(missing), { type: 'Not Found', message: 'There is no user nobody', data: 'nobody' });
  });

  test('create: 201 with the user and its Location; he signs in and Finesse knows him', async () => {
    const created = await api('POST', '/users', { loginId: 'u100', loginName: 'jdoe', firstName: 'Jane', lastName: 'Doe', password: 's3cret', team: '2' });
    assert.equal(created.status, 201);
    assert.equal(created.location, '/openfinesse/api/users/u100');
    assert.deepEqual(created.body, {
      loginId: 'u100',
      loginName: 'jdoe',
      firstName: 'Jane',
      lastName: 'Doe',
      roles: ['Agent'],
      team: '2',
      supervises: [],
      disabled: false,
    });
    const me = await finesse('/User/u100', 'jdoe', 's3cret');
    assert.equal(me.status, 200);
    const user = parseXml(me.body);
    assert.equal(user.children.find((c) => c.name === 'teamId')?.text, '2');
    const team = await finesse('/Team/2?includeLoggedOutAgents=true', 'admin');
    assert.match(team.body, /<loginId>u100<\/loginId>/);
    assert.deepEqual(await auditOf('User'), ['create u100']);
  });

  test('create: defaults, and supervising implies the Supervisor and Agent roles', async () => {
    const created = await api('POST', '/users', { loginId: 'boss2', password: 'x', supervises: ['2'] });
    assert.deepEqual(
      [created.body.loginName, created.body.firstName, created.body.lastName, created.body.roles],
      ['boss2', 'boss2', '', ['Agent', 'Supervisor']],
    );
    const team = (await api('GET', '/teams/2')).body;
    assert.deepEqual(team.supervisors, ['boss2', 'supervisorB']);
  });

  test('create: each bad field is 400 Invalid Input naming it, and nothing is created', async () => {
    const cases: [unknown, string, RegExp][] = [
      [{ password: 'x' }, 'loginId', /loginId is required/],
      [{ loginId: 'a b', password: 'x' }, 'loginId', /letters, digits/],
      [{ loginId: 'n1' }, 'password', /password is required/],
      [{ loginId: 'n1', password: '' }, 'password', /must not be empty/],
      [{ loginId: 'n1', password: 'x', roles: ['King'] }, 'roles', /roles must be a list of Agent, Supervisor, Administrator/],
      [{ loginId: 'n1', password: 'x', firstName: 'y'.repeat(129) }, 'firstName', /at most 128/],
      [{ loginId: 'n1', password: 'x', team: 7 }, 'team', /team id or null/],
      [{ loginId: 'n1', password: 'x', disabled: 'yes' }, 'disabled', /true or false/],
      [{ loginId: 'n1', password: 'x', team: '99' }, 'team', /there is no team 99/],
      [{ loginId: 'n1', password: 'x', supervises: ['1', '98'] }, 'supervises', /there is no team 98/],
      [{ loginId: 'n1', password: 'x', fristName: 'typo' }, 'fristName', /Unknown field fristName/],
    ];
    for (const [body, field, message] of cases) {
      const r = await api('POST', '/users', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(error(r).type, 'Invalid Input');
      assert.equal(error(r).data, field, JSON.stringify(body));
      assert.match(error(r).message, message);
    }
    assert.equal((await api('GET', '/users/n1')).status, 404);
  });

  test('create: a duplicate loginId (in any case) or loginName is 409', async () => {
    for (const body of [
      { loginId: 'AGENTA', password: 'x' },
      { loginId: 'n2', loginName: 'agentB', password: 'x' },
      { loginId: 'n2', loginName: 'agentC', password: 'x' },
      { loginId: 'jdoe', password: 'x' },
    ]) {
      const r = await api('POST', '/users', body);
      assert.equal(r.status, 409, JSON.stringify(body));
      assert.equal(error(r).type, 'Conflict');
    }
    assert.equal((await api('GET', '/users/n2')).status, 404);
  });

  test('update is partial; a new password replaces the old one at once; a loginName taken is 409', async () => {
    const r = await api('PUT', '/users/u100', { firstName: 'Janet', password: 'n3w' });
    assert.equal(r.status, 200);
    assert.deepEqual([r.body.firstName, r.body.lastName, r.body.team], ['Janet', 'Doe', '2']);
    assert.equal((await finesse('/User/u100', 'jdoe', 's3cret')).status, 401);
    assert.equal((await finesse('/User/u100', 'jdoe', 'n3w')).status, 200);
    const taken = await api('PUT', '/users/u100', { loginName: 'agentA' });
    assert.equal(taken.status, 409);
    assert.equal((await api('GET', '/users/u100')).body.loginName, 'jdoe');
    assert.equal((await api('PUT', '/users/ghost', { firstName: 'x' })).status, 404);
    const typo = await api('PUT', '/users/u100', { lastname: 'Doe-Smith' });
    assert.deepEqual([typo.status, error(typo).data], [400, 'lastname']);
    const entries = (await api('GET', '/audit?resource=User&limit=1')).body.entries as { before: { firstName: string }; after: Record<string, unknown> }[];
    assert.equal(entries[0]!.before.firstName, 'Jane');
    assert.equal(entries[0]!.after.firstName, 'Janet');
    assert.equal(entries[0]!.after.passwordSet, true);
  });

  test('disable and enable: a disabled user cannot sign in and Finesse does not know him', async () => {
    const off = await api('PUT', '/users/u100', { disabled: true });
    assert.equal(off.body.disabled, true);
    assert.equal((await finesse('/User/u100', 'jdoe', 'n3w')).status, 401);
    assert.equal((await finesse('/User/u100', 'admin')).status, 404);
    assert.equal((await api('GET', '/users/u100')).body.disabled, true, 'still listed by the provisioning API');
    const on = await api('PUT', '/users/u100', { disabled: false });
    assert.equal(on.body.disabled, false);
    assert.equal((await finesse('/User/u100', 'jdoe', 'n3w')).status, 200);
  });

  test('a signed-in user cannot be disabled or deleted (409); nor can an administrator remove himself or his role', async () => {
    const login = await request(server.baseUrl, 'PUT', '/finesse/api/User/agentB', {
      user: 'agentB',
      body: '<User><state>LOGIN</state><extension>1002</extension></User>',
    });
    assert.equal(login.status, 202);
    for (const [method, body] of [
      ['PUT', { disabled: true }],
      ['DELETE', undefined],
    ] as const) {
      const r = await api(method, '/users/agentB', body);
      assert.equal(r.status, 409);
      assert.match(error(r).message, /signed in/);
    }
    assert.equal((await api('DELETE', '/users/admin')).status, 409);
    assert.equal((await api('PUT', '/users/admin', { disabled: true })).status, 409);
    const demote = await api('PUT', '/users/admin', { roles: ['Agent'] });
    assert.deepEqual([demote.status, error(demote).data], [409, 'roles']);
    const logout = await request(server.baseUrl, 'PUT', '/finesse/api/User/agentB', { user: 'agentB', body: '<User><state>LOGOUT</state></User>' });
    assert.equal(logout.status, 202);
  });

  test('delete: 204, then gone from the provisioning API and from Finesse; the loginId can be used again', async () => {
    assert.equal((await api('DELETE', '/users/u100')).status, 204);
    assert.equal((await api('GET', '/users/u100')).status, 404);
    assert.equal((await finesse('/User/u100', 'admin')).status, 404);
    assert.equal((await api('DELETE', '/users/u100')).status, 404);
    assert.equal((await api('POST', '/users', { loginId: 'u100', password: 'again', team: '1' })).status, 201);
    const login = await request(server.baseUrl, 'PUT', '/finesse/api/User/u100', {
      user: 'u100',
      password: 'again',
      body: '<User><state>LOGIN</state><extension>1099</extension></User>',
    });
    assert.equal(login.status, 202, 'a recreated user starts from a fresh agent status');
    await request(server.baseUrl, 'PUT', '/finesse/api/User/u100', { user: 'u100', password: 'again', body: '<User><state>LOGOUT</state></User>' });
    assert.deepEqual((await auditOf('User')).slice(0, 2), ['create u100', 'delete u100']);
  });
});

describe('teams', () => {
  test('list and get with members and supervisors; unknown ids are 404', async () => {
    const teams = (await api('GET', '/teams')).body.teams as Record<string, unknown>[];
    assert.deepEqual(teams[0], {
      id: '1',
      name: 'Team A',
      wrapUpOnIncoming: 'OPTIONAL',
      wrapUpOnOutgoing: 'NOT_ALLOWED',
      wrapUpTimerSeconds: 60,
      members: ['agentA', 'agentB', 'supervisorA', 'u100'],
      supervisors: ['supervisorA'],
    });
    assert.equal((await api('GET', '/teams/77')).status, 404);
  });

  test('create with members and supervisors: they move to the team; the next number is its id', async () => {
    const created = await api('POST', '/teams', {
      name: 'Team C',
      wrapUpOnIncoming: 'REQUIRED',
      wrapUpTimerSeconds: 30,
      members: ['u100'],
      supervisors: ['supervisorA'],
    });
    assert.equal(created.status, 201);
    assert.equal(created.location, '/openfinesse/api/teams/3');
    assert.deepEqual(created.body, {
      id: '3',
      name: 'Team C',
      wrapUpOnIncoming: 'REQUIRED',
      wrapUpOnOutgoing: 'NOT_ALLOWED',
      wrapUpTimerSeconds: 30,
      members: ['u100'],
      supervisors: ['supervisorA'],
    });
    assert.equal((await api('GET', '/users/u100')).body.team, '3');
    assert.deepEqual((await api('GET', '/users/supervisorA')).body.supervises, ['1', '3']);
    const team = await finesse('/Team/3?includeLoggedOutAgents=true', 'supervisorA');
    assert.equal(team.status, 200);
    assert.match(team.body, /<name>Team C<\/name>/);
    const named = await api('POST', '/teams', { id: 'ops', name: 'Operations' });
    assert.equal(named.body.id, 'ops');
  });

  test('bad fields are 400 naming the field; duplicates 409; a refused create creates nothing', async () => {
    const cases: [unknown, number, string][] = [
      [{}, 400, 'name'],
      [{ name: 'X', wrapUpOnIncoming: 'SOMETIMES' }, 400, 'wrapUpOnIncoming'],
      [{ name: 'X', wrapUpTimerSeconds: 7201 }, 400, 'wrapUpTimerSeconds'],
      [{ name: 'X', members: ['nobody'] }, 400, 'members'],
      [{ name: 'X', supervisors: ['ghost'] }, 400, 'supervisors'],
      [{ name: 'Team A' }, 409, 'Team A'],
      [{ id: '1', name: 'X' }, 409, '1'],
    ];
    for (const [body, status, data] of cases) {
      const r = await api('POST', '/teams', body);
      assert.equal(r.status, status, JSON.stringify(body));
      assert.equal(error(r).data, data, JSON.stringify(body));
    }
    assert.equal(((await api('GET', '/teams')).body.teams as unknown[]).length, 4);
  });

  test('update: partial; members and supervisors replace the lists; the members see the new name', async () => {
    const r = await api('PUT', '/teams/3', { name: 'Team Charlie', wrapUpOnOutgoing: 'OPTIONAL', members: ['u100', 'agentC'], supervisors: [] });
    assert.equal(r.status, 200);
    assert.deepEqual(
      [r.body.name, r.body.wrapUpOnIncoming, r.body.wrapUpOnOutgoing, r.body.members, r.body.supervisors],
      ['Team Charlie', 'REQUIRED', 'OPTIONAL', ['agentC', 'u100'], []],
    );
    assert.deepEqual((await api('GET', '/users/supervisorA')).body.supervises, ['1']);
    const agentC = parseXml((await finesse('/User/agentC', 'agentC')).body);
    assert.equal(agentC.children.find((c) => c.name === 'teamName')?.text, 'Team Charlie');
    assert.equal((await api('PUT', '/teams/404', { name: 'x' })).status, 404);
    assert.equal((await api('PUT', '/teams/3', { name: 'Team B' })).status, 409);
  });

  test('delete: refused while the team has members or supervisors; then its reason code assignments go with it', async () => {
    const members = await api('DELETE', '/teams/3');
    assert.equal(members.status, 409);
    assert.equal(error(members).data, 'members');
    await api('PUT', '/teams/3', { members: [] });
    await api('PUT', '/teams/3', { supervisors: ['supervisorB'] });
    assert.equal(error(await api('DELETE', '/teams/3')).data, 'supervisors');
    await api('PUT', '/teams/3', { supervisors: [] });
    assert.equal(error(await api('DELETE', '/teams/1')).data, 'members');
    const rc = await request(server.baseUrl, 'PUT', '/finesse/api/Team/3/ReasonCodes?category=NOT_READY', {
      user: 'admin',
      body: '<ReasonCodes><ReasonCode><uri>/finesse/api/ReasonCode/4</uri></ReasonCode></ReasonCodes>',
    });
    assert.equal(rc.status, 200);
    assert.equal((await api('DELETE', '/teams/3')).status, 204);
    assert.equal((await api('GET', '/teams/3')).status, 404);
    const code = await request(server.baseUrl, 'GET', '/finesse/api/ReasonCode/4', { user: 'admin' });
    assert.doesNotMatch(code.body, /Team\/3/);
    assert.deepEqual((await auditOf('Team')).slice(0, 2), ['delete 3', 'update 3']);
  });

  test('delete: refused while a queue routes to the team, even an empty one', async () => {
    const before = (await api('GET', '/teams/2')).body as { members: string[]; supervisors: string[] };
    await api('PUT', '/teams/2', { members: [], supervisors: [] });
    const routed = await api('DELETE', '/teams/2');
    assert.equal(routed.status, 409);
    assert.equal(error(routed).data, 'queues');
    assert.match(error(routed).message, /queues 2/);
    const restored = await api('PUT', '/teams/2', { members: before.members, supervisors: before.supervisors });
    assert.deepEqual([restored.body.members, restored.body.supervisors], [before.members, before.supervisors]);
  });
});

test('only administrators: agents and supervisors get 401 before their body is read', async () => {
  for (const [method, path] of [
    ['GET', '/users'],
    ['POST', '/users'],
    ['PUT', '/users/agentA'],
    ['DELETE', '/users/agentA'],
    ['GET', '/teams'],
    ['POST', '/teams'],
    ['DELETE', '/teams/1'],
  ] as const) {
    for (const user of ['agentA', 'supervisorA']) {
      const r = await api(method, path, method === 'GET' || method === 'DELETE' ? undefined : { nonsense: true }, user);
      assert.equal(r.status, 401, `${user} ${method} ${path}`);
    }
  }
});

test('a user change is published as Finesse does: PUT of the user on his node and on his team nodes', async () => {
  const names = new DialogNames();
  const agent: XmppWatcher = await Watcher.connect(server, 'agentA', names);
  const supervisor: XmppWatcher = await Watcher.connect(server, 'supervisorB', names);
  try {
    await supervisor.subscribe('/finesse/api/Team/2/Users');
    await agent.takeUpdates();
    await api('PUT', '/users/agentA', { firstName: 'Alicia', team: '2' });
    await agent.until(1, '/finesse/api/User/agentA');
    const own = (await agent.takeUpdates()).filter((u) => u.node === '/finesse/api/User/agentA');
    assert.equal(own.length, 1);
    assert.equal(own[0]!.event, 'PUT');
    assert.equal(own[0]!.source, '/finesse/api/User/agentA');
    assert.match(own[0]!.text, /<firstName>Alicia<\/firstName>/);
    assert.match(own[0]!.text, /<teamId>2<\/teamId>/);
    await supervisor.until(1, '/finesse/api/Team/2/Users');
    const team = (await supervisor.takeUpdates()).filter((u) => u.node === '/finesse/api/Team/2/Users');
    assert.equal(team.length, 1);
    assert.equal(team[0]!.source, '/finesse/api/User/agentA');
    assert.match(team[0]!.text, /<firstName>Alicia<\/firstName>/);
  } finally {
    await agent.close();
    await supervisor.close();
    await api('PUT', '/users/agentA', { firstName: 'Alice', team: '1' });
  }
});
