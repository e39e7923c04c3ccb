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
async function ok(actor: string, path: string) {
  const response = await get(actor, path);
  assert.equal(response.status, 200, response.body);
  return parseXml(response.body);
}

describe('GET /finesse/api/User/{id}/WrapUpReasons', () => {
  test("global reasons plus those of the user's team: uri, label, forAll", async () => {
    const a = await ok('agentA', '/User/agentA/WrapUpReasons?nocache=9');
    assert.equal(a.name, 'WrapUpReasons');
    assert.deepEqual(childNames(a), ['WrapUpReason', 'WrapUpReason', 'WrapUpReason']);
    assert.deepEqual(leaves(a.children[1]!), { uri: '/finesse/api/WrapUpReason/2', label: 'Product Question', forAll: 'true' });
    const c = await ok('agentC', '/User/agentC/WrapUpReasons');
    assert.deepEqual(
      c.children.map((w) => leaves(w).label),
      ['Sales Inquiry', 'Product Question', 'Billing Issue', 'Escalated'],
    );
    assert.equal(leaves(c.children[3]!).forAll, 'false');
  });

  test("an administrator may read another user's list; an agent may not", async () => {
    assert.equal((await ok('admin', '/User/agentC/WrapUpReasons')).children.length, 4);
    assertApiError(await get('agentA', '/User/agentC/WrapUpReasons'), 401, 'Invalid Authorization User Specified');
    assertApiError(await get('admin', '/User/ghost/WrapUpReasons'), 404, 'User Not Found');
  });
});

describe('GET /finesse/api/User/{id}/WrapUpReason/{w}', () => {
  test('answers with a uri under the user, as the developer guide shows', async () => {
    const w = await ok('agentC', '/User/agentC/WrapUpReason/4');
    assert.equal(w.name, 'WrapUpReason');
    assert.deepEqual(leaves(w), { uri: '/finesse/api/User/agentC/WrapUpReason/4', label: 'Escalated', forAll: 'false' });
  });

  test("another team's reason or an unknown id → 404 Not Found", async () => {
    assertApiError(await get('agentA', '/User/agentA/WrapUpReason/4'), 404, 'Not Found', { data: '4' });
    assertApiError(await get('agentA', '/User/agentA/WrapUpReason/99'), 404, 'Not Found', { data: '99' });
  });
});
