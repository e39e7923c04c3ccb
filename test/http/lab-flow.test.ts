import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { DomainEvent } from '../../src/domain/events.js';
import { freshServer } from '../support/fresh.js';
import { request, setState } from '../support/http.js';
import type { TestServer } from '../support/server.js';
import { assertApiError, at, parseXml, textAt } from '../support/xml.js';

/** The REST steps of reference §10.1 and §10.2 in order, as README's curl walk-through runs them. */
let server: TestServer;
const events: Extract<DomainEvent, { type: 'UserChanged' | 'TeamMemberChanged' }>[] = [];
before(async () => {
  server = await freshServer();
  server.bus.subscribe((e) => {
    if (e.type === 'UserChanged' || e.type === 'TeamMemberChanged') events.push(e);
  });
});
after(() => server.stop());

const get = async (actor: string, path: string) => {
  const response = await request(server.baseUrl, 'GET', `/finesse/api${path}`, { user: actor });
  assert.equal(response.status, 200, `${actor} GET ${path}: ${response.body}`);
  return parseXml(response.body);
};
const put = async (actor: string, target: string, xml: string, requestId: string) => {
  const response = await setState(server.baseUrl, actor, target, xml, requestId);
  assert.equal(response.status, 202, `${actor} → ${target} ${xml}: ${response.body}`);
  assert.equal(response.body, '');
  assert.equal(response.headers.get('requestid'), requestId);
};
const userEvent = (requestId: string) => events.find((e) => e.type === 'UserChanged' && e.requestId === requestId);

test('the supervisor lab, REST side (reference §10.2 steps 3–13 and the negative rows)', async () => {
  const info = await get('agentA', '/SystemInfo');
  assert.equal(textAt(info, 'xmppDomain'), 'localhost');
  assert.equal(textAt(info, 'xmppPubSubDomain'), 'pubsub.localhost');

  await put('agentA', 'agentA', '<User><state>LOGIN</state><extension>1001</extension></User>', 'step4');
  const step4 = userEvent('step4');
  assert.equal(step4?.user.status.state, 'NOT_READY');
  assert.equal(step4?.user.status.reasonCodeId, null);
  await put('supervisorA', 'supervisorA', '<User><state>LOGIN</state><extension>1003</extension></User>', 'step5');

  const supervisor = await get('supervisorA', '/User/supervisorA');
  assert.deepEqual(
    at(supervisor, 'roles')!.children.map((r) => r.text),
    ['Agent', 'Supervisor'],
  );
  assert.equal(textAt(supervisor, 'teams/Team/id'), '1');

  const team = await get('supervisorA', '/Team/1?includeLoggedOutAgents=true');
  const agentA = at(team, 'users')!.children.find((u) => textAt(u, 'loginId') === 'agentA')!;
  assert.equal(textAt(agentA, 'state'), 'NOT_READY');

  await put('agentA', 'agentA', '<User><state>READY</state></User>', 'step9');
  assert.deepEqual(
    events.filter((e) => e.requestId === 'step9').map((e) => [e.type, e.user.status.state]),
    [
      ['UserChanged', 'READY'],
      ['TeamMemberChanged', 'READY'],
    ],
  );

  await put('supervisorA', 'agentA', '<User><state>NOT_READY</state></User>', 'step10');
  assert.equal(userEvent('step10')?.user.reasonCode?.code, 999);
  const refused = await setState(server.baseUrl, 'supervisorA', 'agentA', '<User><state>NOT_READY</state><reasonCodeId>1</reasonCodeId></User>', 'step10b');
  assertApiError(refused, 400, 'Invalid Input');

  await put('supervisorA', 'agentA', '<User><state>READY</state></User>', 'step11');
  assert.equal(textAt(await get('agentA', '/User/agentA'), 'state'), 'READY');

  await put('supervisorA', 'agentA', '<User><state>LOGOUT</state></User>', 'step12');
  const signedOut = await get('agentA', '/User/agentA');
  assert.deepEqual([textAt(signedOut, 'state'), textAt(signedOut, 'reasonCodeId'), textAt(signedOut, 'extension')], ['LOGOUT', '999', '']);
  assert.deepEqual(
    events.filter((e) => e.requestId === 'step12').map((e) => [e.type, e.user.status.state]),
    [
      ['UserChanged', 'LOGOUT'],
      ['TeamMemberChanged', 'LOGOUT'],
    ],
  );

  await put('supervisorA', 'supervisorA', '<User><state>LOGOUT</state></User>', 'step13');
  assert.equal(textAt(await get('supervisorA', '/User/supervisorA'), 'state'), 'LOGOUT');

  assertApiError(await setState(server.baseUrl, 'supervisorA', 'agentC', '<User><state>LOGOUT</state></User>'), 401, 'Invalid Supervisor');
  assertApiError(await setState(server.baseUrl, 'agentA', 'supervisorA', '<User><state>READY</state></User>'), 401, 'Invalid Authorization User Specified');
});
