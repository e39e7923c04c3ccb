import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { ManualClock } from '../../src/domain/clock.js';
import { freshServer } from '../support/fresh.js';
import { request, setState } from '../support/http.js';
import type { TestServer } from '../support/server.js';
import { assertApiError, at, childNames, leaves, parseXml, textAt } from '../support/xml.js';

let server: TestServer;
const START = Date.UTC(2026, 4, 5, 7, 34, 7, 188);
beforeEach(async () => {
  server = await freshServer({}, new ManualClock(START));
});
afterEach(() => server.stop());

const get = (actor: string, path: string) => request(server.baseUrl, 'GET', `/finesse/api${path}`, { user: actor });
async function accepted(actor: string, target: string, xml: string): Promise<void> {
  const response = await setState(server.baseUrl, actor, target, xml);
  assert.equal(response.status, 202, response.body);
}
async function team(actor: string, query = '') {
  const response = await get(actor, `/Team/1${query}`);
  assert.equal(response.status, 200, response.body);
  return parseXml(response.body);
}
const loginIds = (teamXml: ReturnType<typeof parseXml>) => at(teamXml, 'users')!.children.map((u) => textAt(u, 'loginId'));

describe('GET /finesse/api/Team/{id}', () => {
  test('the Team object: uri, id, name, users with summary User objects (reference §8.2)', async () => {
    await accepted('agentA', 'agentA', '<User><state>LOGIN</state><extension>1001</extension></User>');
    await accepted('agentA', 'agentA', '<User><state>NOT_READY</state><reasonCodeId>2</reasonCodeId></User>');
    const t = await team('supervisorA', '?includeLoggedOutAgents=true&nocache=5');
    assert.equal(t.name, 'Team');
    assert.deepEqual(childNames(t), ['uri', 'id', 'name', 'users']);
    assert.deepEqual(leaves(t), { uri: '/finesse/api/Team/1', id: '1', name: 'Team A' });
    assert.deepEqual(loginIds(t), ['agentA', 'agentB', 'supervisorA']);
    const agentA = at(t, 'users')!.children[0]!;
    assert.equal(agentA.name, 'User');
    assert.deepEqual(leaves(agentA), {
      uri: '/finesse/api/User/agentA',
      loginId: 'agentA',
      firstName: 'Alice',
      lastName: 'Archer',
      dialogs: '/finesse/api/User/agentA/Dialogs',
      extension: '1001',
      pendingState: '',
      state: 'NOT_READY',
      stateChangeTime: '2026-05-05T07:34:07.188Z',
      reasonCodeId: '2',
    });
    assert.deepEqual(leaves(at(agentA, 'ReasonCode')!), {
      uri: '/finesse/api/ReasonCode/2',
      category: 'NOT_READY',
      code: '11',
      label: 'Lunch',
      forAll: 'true',
      systemCode: 'false',
      id: '2',
    });
    const agentB = at(t, 'users')!.children[1]!;
    assert.deepEqual(
      [textAt(agentB, 'state'), textAt(agentB, 'extension'), textAt(agentB, 'stateChangeTime'), textAt(agentB, 'reasonCodeId')],
      ['LOGOUT', '', '', '-1'],
    );
    assert.equal(at(agentB, 'ReasonCode'), undefined);
  });

  test('without includeLoggedOutAgents=true signed-out agents are hidden', async () => {
    await accepted('agentB', 'agentB', '<User><state>LOGIN</state><extension>1002</extension></User>');
    assert.deepEqual(loginIds(await team('supervisorA')), ['agentB']);
    assert.deepEqual(loginIds(await team('supervisorA', '?includeLoggedOutAgents=false')), ['agentB']);
    assert.deepEqual(loginIds(await team('supervisorA', '?includeLoggedOutAgents=TRUE')), ['agentA', 'agentB', 'supervisorA']);
  });

  test("the summaries follow state changes, including the supervisor's forced NOT_READY 999", async () => {
    await accepted('agentA', 'agentA', '<User><state>LOGIN</state><extension>1001</extension></User>');
    await accepted('agentA', 'agentA', '<User><state>READY</state></User>');
    assert.equal(textAt(at(await team('supervisorA'), 'users')!.children[0]!, 'state'), 'READY');
    await accepted('supervisorA', 'agentA', '<User><state>NOT_READY</state></User>');
    const summary = at(await team('supervisorA'), 'users')!.children[0]!;
    assert.deepEqual(
      [textAt(summary, 'state'), textAt(summary, 'reasonCodeId'), textAt(summary, 'ReasonCode/label')],
      ['NOT_READY', '999', 'Supervisor Initiated'],
    );
  });

  test('a repeated query parameter is read as its last value, never a 500', async () => {
    await accepted('agentB', 'agentB', '<User><state>LOGIN</state><extension>1002</extension></User>');
    assert.deepEqual(loginIds(await team('supervisorA', '?includeLoggedOutAgents=false&includeLoggedOutAgents=true')), ['agentA', 'agentB', 'supervisorA']);
    assert.deepEqual(loginIds(await team('supervisorA', '?includeLoggedOutAgents=true&includeLoggedOutAgents=false&nocache=1&nocache=2')), ['agentB']);
  });

  test('an administrator may read any team', async () => {
    const response = await get('admin', '/Team/2?includeLoggedOutAgents=true');
    assert.equal(response.status, 200);
    assert.deepEqual(loginIds(parseXml(response.body)), ['agentC', 'supervisorB']);
  });

  test('a supervisor outside the team → 401 Invalid Supervisor; an agent → 401 Authorization Failure', async () => {
    assertApiError(await get('supervisorB', '/Team/1'), 401, 'Invalid Supervisor', { data: 'supervisorB' });
    assertApiError(await get('agentA', '/Team/1'), 401, 'Authorization Failure', { data: 'agentA' });
  });

  test('an unknown team → 404 Not Found for an administrator; a supervisor gets the answer of another team', async () => {
    assertApiError(await get('supervisorA', '/Team/77'), 401, 'Invalid Supervisor', { data: 'supervisorA' });
    assertApiError(await get('agentA', '/Team/77'), 401, 'Authorization Failure', { data: 'agentA' });
    assertApiError(await get('admin', '/Team/77'), 404, 'Not Found', { data: '77' });
  });
});

describe('GET /finesse/api/Teams', () => {
  test('administrators get every team as uri, id and name, without members (admin reference §9)', async () => {
    const response = await get('admin', '/Teams');
    assert.equal(response.status, 200, response.body);
    const teams = parseXml(response.body);
    assert.equal(teams.name, 'Teams');
    assert.deepEqual(
      teams.children.map((t) => [t.name, childNames(t), leaves(t)]),
      [
        ['Team', ['uri', 'id', 'name'], { uri: '/finesse/api/Team/1', id: '1', name: 'Team A' }],
        ['Team', ['uri', 'id', 'name'], { uri: '/finesse/api/Team/2', id: '2', name: 'Team B' }],
      ],
    );
  });

  test('an agent or a supervisor → 401 Authorization Failure; other methods → 405', async () => {
    assertApiError(await get('agentA', '/Teams'), 401, 'Authorization Failure', { data: 'agentA' });
    assertApiError(await get('supervisorA', '/Teams'), 401, 'Authorization Failure', { data: 'supervisorA' });
    const post = await request(server.baseUrl, 'POST', '/finesse/api/Teams', { user: 'admin', body: '<Team/>' });
    assertApiError(post, 405, 'Method Not Allowed');
  });
});
