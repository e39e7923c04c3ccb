/**
 * TeamMessage (admin reference §13): create (supervisors for their teams, administrators for any), list
 * per team, get, delete; the body's limits and every error; expiry on a manual clock (reads never show an
 * expired message; its timer deletes it); the audit log; messages surviving a restart, the expired ones
 * dropped. Demo data: team 1 (agentA, agentB, supervisorA supervises it), team 2 (agentC, supervisorB).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../src/domain/clock.js';
import { freshServer } from '../support/fresh.js';
import { request } from '../support/http.js';
import type { TestServer } from '../support/server.js';
import { contentsOf, createTeamMessage, postTeamMessage, teamMessageBody, teamMessages } from '../support/team-messages.js';
import { assertApiError, childNames, leaves, parseXml } from '../support/xml.js';

let server: TestServer;
let clock: ManualClock;
let base: string;
before(async () => {
  clock = new ManualClock(Date.UTC(2026, 0, 1, 9));
  server = await freshServer({}, clock);
  base = server.baseUrl;
});
after(() => server.stop());

const call = (actor: string, method: string, path: string, body?: string) =>
  request(base, method, `/finesse/api${path}`, { user: actor, ...(body !== undefined ? { body } : {}) });

describe('POST /TeamMessage and GET /Team/{id}/TeamMessages', () => {
  test('a supervisor messages his team: 200 + Location; the team (agents, supervisor, admin) lists it with every field', async () => {
    const id = await createTeamMessage(base, 'supervisorA', 100, 'Meeting at 10 <sharp> & on time', ['1']);
    for (const reader of ['agentA', 'agentB', 'supervisorA', 'admin']) {
      const list = await teamMessages(base, reader, '1');
      assert.equal(list.children.length, 1, reader);
      const message = list.children[0]!;
      assert.deepEqual(childNames(message), ['uri', 'id', 'createdBy', 'createdAt', 'duration', 'content', 'teams']);
      assert.deepEqual(leaves(message), {
        uri: `/finesse/api/TeamMessage/${id}`,
        id,
        createdAt: String(Date.UTC(2026, 0, 1, 9) / 1000),
        duration: '100',
        content: 'Meeting at 10 <sharp> & on time',
      });
      assert.deepEqual(leaves(message.children[2]!), { id: 'supervisorA', firstName: 'Sara', lastName: 'Adams' });
      assert.deepEqual(
        message.children[6]!.children.map((t) => [t.name, t.text]),
        [['team', '1']],
      );
    }
    assert.deepEqual(await contentsOf(base, 'agentC', '2'), []);
    const one = await call('agentB', 'GET', `/TeamMessage/${id}`);
    assert.equal(one.status, 200);
    assert.equal(leaves(parseXml(one.body)).id, id);
    await call('admin', 'DELETE', `/TeamMessage/${id}`);
  });

  test('an administrator messages several teams; repeated teams count once; each team lists it', async () => {
    const id = await createTeamMessage(base, 'admin', 60, 'Fire drill', ['1', '2', '2']);
    assert.deepEqual(await contentsOf(base, 'agentA', '1'), ['Fire drill']);
    assert.deepEqual(await contentsOf(base, 'agentC', '2'), ['Fire drill']);
    const teams = (await teamMessages(base, 'admin', '2')).children[0]!.children[6]!;
    assert.deepEqual(
      teams.children.map((t) => t.text),
      ['1', '2'],
    );
    assert.equal((await call('admin', 'DELETE', `/TeamMessage/${id}`)).status, 200);
    assert.deepEqual(await contentsOf(base, 'agentA', '1'), []);
  });

  test('255 characters are accepted (counted as characters, not bytes); an empty list is an empty TeamMessages', async () => {
    const long = 'é'.repeat(255);
    const id = await createTeamMessage(base, 'supervisorB', 5, long, ['2']);
    assert.deepEqual(await contentsOf(base, 'agentC', '2'), [long]);
    await call('supervisorB', 'DELETE', `/TeamMessage/${id}`);
    const empty = await call('agentC', 'GET', '/Team/2/TeamMessages');
    assert.match(empty.body, /<TeamMessages\/>$|<TeamMessages><\/TeamMessages>$/);
  });
});

describe('refused creates (nothing is created)', () => {
  const refusals: [string, string, string, number, string, Record<string, string>][] = [
    ['an agent', 'agentA', teamMessageBody(10, 'x', ['1']), 401, 'Authorization Failure', { data: 'agentA', message: 'UNAUTHORIZED' }],
    ['a supervisor for another team', 'supervisorA', teamMessageBody(10, 'x', ['1', '2']), 401, 'Invalid Supervisor', { data: 'supervisorA' }],
    ['a supervisor for a team that does not exist', 'supervisorA', teamMessageBody(10, 'x', ['99']), 401, 'Invalid Supervisor', { data: 'supervisorA' }],
    ['an administrator for a team that does not exist', 'admin', teamMessageBody(10, 'x', ['99']), 400, 'Finesse API Error', { data: '99' }],
    ['content of 256 characters', 'supervisorA', teamMessageBody(10, 'x'.repeat(256), ['1']), 400, 'Bad Request', { data: 'content' }],
    ['empty content', 'supervisorA', teamMessageBody(10, '  ', ['1']), 400, 'Bad Request', { data: 'content' }],
    ['no content', 'supervisorA', '<TeamMessage><duration>10</duration><teams><team>1</team></teams></TeamMessage>', 400, 'Bad Request', { data: 'content' }],
    ['no duration', 'supervisorA', '<TeamMessage><content>x</content><teams><team>1</team></teams></TeamMessage>', 400, 'Bad Request', { data: 'duration' }],
    ['a duration that is not a number', 'supervisorA', teamMessageBody('ten', 'x', ['1']), 400, 'Bad Request', { data: 'ten' }],
    ['a duration of 0', 'supervisorA', teamMessageBody(0, 'x', ['1']), 400, 'Bad Request', { data: '0' }],
    ['a duration over a day', 'supervisorA', teamMessageBody(86_401, 'x', ['1']), 400, 'Bad Request', { data: '86401' }],
    ['no team', 'supervisorA', teamMessageBody(10, 'x', []), 400, 'Bad Request', { data: 'teams' }],
    ['another root element', 'supervisorA', '<Message><content>x</content></Message>', 400, 'Bad Request', {}],
    ['a body that is not XML', 'supervisorA', 'hello', 400, 'Bad Request', {}],
  ];
  for (const [what, actor, body, status, type, expected] of refusals) {
    test(`${what}: ${status} ${type}`, async () => {
      assertApiError(await postTeamMessage(base, actor, body), status, type, expected);
      assert.deepEqual(await contentsOf(base, 'admin', '1'), []);
      assert.deepEqual(await contentsOf(base, 'admin', '2'), []);
    });
  }

  test('at most 50 active messages per team: the 51st is refused (System Resource Limit Exceeded); another team is not counted', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) ids.push(await createTeamMessage(base, 'supervisorA', 600, `m${i}`, ['1']));
    assertApiError(await postTeamMessage(base, 'admin', teamMessageBody(10, 'one too many', ['2', '1'])), 400, 'System Resource Limit Exceeded', {
      message: 'MAX_ACTIVE_MESSAGE_LIMIT_EXCEEDED',
      data: 'teammessage.max.limit.exceeded',
    });
    const other = await createTeamMessage(base, 'admin', 10, 'team 2 only', ['2']);
    for (const id of [...ids, other]) assert.equal((await call('admin', 'DELETE', `/TeamMessage/${id}`)).status, 200);
  });
});
