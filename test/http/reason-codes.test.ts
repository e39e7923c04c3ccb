import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { freshServer } from '../support/fresh.js';
import { request } from '../support/http.js';
import type { TestServer } from '../support/server.js';
import { assertApiError, childNames, leaves, parseXml } from '../support/xml.js';

let server: TestServer;
before(async () => {
  server = await freshServer();
});
after(() => server.stop());

const get = (actor: string, path: string) => request(server.baseUrl, 'GET', `/finesse/api${path}`, { user: actor });
async function list(actor: string, path: string) {
  const response = await get(actor, path);
  assert.equal(response.status, 200, response.body);
  return parseXml(response.body);
}
const ids = (root: ReturnType<typeof parseXml>) => root.children.map((rc) => leaves(rc).id);

describe('GET /finesse/api/User/{id}/ReasonCodes?category=', () => {
  test("NOT_READY: global codes plus those of the user's team, with the reference §6 fields", async () => {
    const codes = await list('agentA', '/User/agentA/ReasonCodes?category=NOT_READY&nocache=3');
    assert.equal(codes.name, 'ReasonCodes');
    assert.deepEqual(codes.attributes, { category: 'NOT_READY' });
    assert.deepEqual(childNames(codes), ['ReasonCode', 'ReasonCode', 'ReasonCode', 'ReasonCode']);
    assert.deepEqual(ids(codes), ['1', '2', '3', '4']);
    assert.deepEqual(leaves(codes.children[0]!), {
      uri: '/finesse/api/ReasonCode/1',
      category: 'NOT_READY',
      code: '10',
      label: 'Break',
      forAll: 'true',
      systemCode: 'false',
      id: '1',
    });
    assert.equal(leaves(codes.children[3]!).forAll, 'false');
    assert.deepEqual(ids(await list('agentC', '/User/agentC/ReasonCodes?category=NOT_READY')), ['1', '2', '3']);
  });

  test('LOGOUT: the team-2-only code shows for team 2 only; system codes are never listed', async () => {
    const a = await list('agentA', '/User/agentA/ReasonCodes?category=LOGOUT');
    assert.deepEqual(a.attributes, { category: 'LOGOUT' });
    assert.deepEqual(ids(a), ['5', '6']);
    assert.deepEqual(ids(await list('agentC', '/User/agentC/ReasonCodes?category=LOGOUT')), ['5', '6', '7']);
  });

  test('missing category → 400 Parameter Missing; unknown category → 400 Invalid Input', async () => {
    assertApiError(await get('agentA', '/User/agentA/ReasonCodes'), 400, 'Parameter Missing', { data: 'category' });
    assertApiError(await get('agentA', '/User/agentA/ReasonCodes?category=LUNCH'), 400, 'Invalid Input', { data: 'LUNCH' });
  });

  test("another user's list: an administrator may, an agent or supervisor may not; unknown user → 404", async () => {
    assert.deepEqual(ids(await list('admin', '/User/agentC/ReasonCodes?category=LOGOUT')), ['5', '6', '7']);
    assertApiError(await get('agentA', '/User/agentB/ReasonCodes?category=LOGOUT'), 401, 'Invalid Authorization User Specified');
    assertApiError(await get('supervisorA', '/User/agentA/ReasonCodes?category=LOGOUT'), 401, 'Invalid Authorization User Specified');
    assertApiError(await get('admin', '/User/ghost/ReasonCodes?category=LOGOUT'), 404, 'User Not Found', { data: 'ghost' });
  });
});

describe('GET /finesse/api/User/{id}/ReasonCode/{rc}', () => {
  test('a code available to the user', async () => {
    const rc = await list('agentA', '/User/agentA/ReasonCode/4');
    assert.equal(rc.name, 'ReasonCode');
    assert.deepEqual(leaves(rc), {
      uri: '/finesse/api/ReasonCode/4',
      category: 'NOT_READY',
      code: '13',
      label: 'Training',
      forAll: 'false',
      systemCode: 'false',
      id: '4',
    });
  });

  test("another team's code or an unknown id → 404 Not Found", async () => {
    assertApiError(await get('agentC', '/User/agentC/ReasonCode/4'), 404, 'Not Found', { data: '4' });
    assertApiError(await get('agentA', '/User/agentA/ReasonCode/404'), 404, 'Not Found', { data: '404' });
  });

  test('the system code 999 resolves (it appears on Users after supervisor changes)', async () => {
    const rc = await list('agentA', '/User/agentA/ReasonCode/999');
    assert.deepEqual([leaves(rc).label, leaves(rc).systemCode], ['Supervisor Initiated', 'true']);
  });

  test('an agent asking under another user → 401', async () => {
    assertApiError(await get('agentA', '/User/agentC/ReasonCode/1'), 401, 'Invalid Authorization User Specified');
  });
});
