/**
 * The WrapUpReason configuration API (admin reference §4, §1, §15): list, get, create (200 + Location),
 * partial update, delete; the label rules (≤ 39 UTF-8 bytes, unique), the count limits, every documented
 * error, and that a refused request changes nothing. Demo data: 1–3 global, 4 "Escalated" for team 2.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { configTestServer, xmlObject } from '../support/config-api.js';
import type { XmlElement } from '../support/xml.js';
import { assertApiError, childNames, leaves } from '../support/xml.js';

const suite = configTestServer();
const { api } = suite;

const wr = (fields: Record<string, string | number | boolean | undefined>) => xmlObject('WrapUpReason', fields);
const labelsOf = (list: XmlElement) => list.children.map((c) => `${leaves(c).label} ${leaves(c).forAll}`);
const adminList = async () => labelsOf(await api.read('admin', '/WrapUpReasons'));
const agentLabels = async (user: string) => (await api.read(user, `/User/${user}/WrapUpReasons`)).children.map((c) => leaves(c).label);

describe('GET /finesse/api/WrapUpReasons and /WrapUpReason/{id}', () => {
  test('every reason, global and team, with uri, label and forAll', async () => {
    const list = await api.read('admin', '/WrapUpReasons');
    assert.equal(list.name, 'WrapUpReasons');
    assert.deepEqual(labelsOf(list), ['Sales Inquiry true', 'Product Question true', 'Billing Issue true', 'Escalated false']);
    assert.deepEqual(childNames(list.children[3]!), ['uri', 'label', 'forAll']);
    assert.deepEqual(leaves(await api.read('admin', '/WrapUpReason/4')), { uri: '/finesse/api/WrapUpReason/4', label: 'Escalated', forAll: 'false' });
    assertApiError(await api.call('admin', 'GET', '/WrapUpReason/4040'), 404, 'Not Found', { data: '4040' });
  });
});

describe('POST /finesse/api/WrapUpReason', () => {
  test('creates: 200, empty body, Location; listed, offered to agents and in the store at once', async () => {
    const id = await api.create('/WrapUpReason', wr({ label: 'Callback Requested', forAll: true }));
    assert.deepEqual(leaves(await api.read('admin', `/WrapUpReason/${id}`)), {
      uri: `/finesse/api/WrapUpReason/${id}`,
      label: 'Callback Requested',
      forAll: 'true',
    });
    assert.ok((await agentLabels('agentA')).includes('Callback Requested'));
    assert.deepEqual(
      (await suite.server.store.loadWrapUpReasons()).find((w) => w.id === id),
      { id, label: 'Callback Requested', forAll: true, teamIds: [] },
    );
  });

  test('POST /WrapUpReasons is the same; a team reason is offered to no team until assigned', async () => {
    const id = await api.create('/WrapUpReasons', wr({ label: 'Team only', forAll: false }));
    assert.equal(leaves(await api.read('admin', `/WrapUpReason/${id}`)).forAll, 'false');
    assert.ok(!(await agentLabels('agentA')).includes('Team only'));
    assert.ok(!(await agentLabels('agentC')).includes('Team only'));
  });

  test('label and forAll are required; forAll must be true or false → 400 Bad Request; nothing is created', async () => {
    const before = await adminList();
    assertApiError(await api.call('admin', 'POST', '/WrapUpReason', wr({ forAll: true })), 400, 'Bad Request', { data: 'label' });
    assertApiError(await api.call('admin', 'POST', '/WrapUpReason', wr({ label: '', forAll: true })), 400, 'Bad Request', { data: 'label' });
    assertApiError(await api.call('admin', 'POST', '/WrapUpReason', wr({ label: 'No scope' })), 400, 'Bad Request', { data: 'forAll' });
    assertApiError(await api.call('admin', 'POST', '/WrapUpReason', wr({ label: 'No scope', forAll: 1 })), 400, 'Bad Request', { data: '1' });
    assertApiError(await api.call('admin', 'POST', '/WrapUpReason'), 400, 'Bad Request');
    assertApiError(
      await api.call('admin', 'POST', '/WrapUpReason', wr({ label: 'x', forAll: true }).replace(/WrapUpReason/g, 'ReasonCode')),
      400,
      'Bad Request',
    );
    assert.deepEqual(await adminList(), before);
  });

  test('the label is at most 39 bytes of UTF-8: 39 ASCII characters pass, 40 do not, nor 20 two-byte characters', async () => {
    const before = await adminList();
    for (const label of ['a'.repeat(40), 'é'.repeat(20)]) {
      assertApiError(await api.call('admin', 'POST', '/WrapUpReason', wr({ label, forAll: true })), 400, 'Bad Request', { data: label });
    }
    assert.deepEqual(await adminList(), before);
    await api.create('/WrapUpReason', wr({ label: 'a'.repeat(39), forAll: true }));
    await api.create('/WrapUpReason', wr({ label: `${'é'.repeat(19)}&`, forAll: true }));
    assert.ok((await adminList()).includes(`${'é'.repeat(19)}& true`));
  });

  test('the label is unique among all reasons, global or team → 400 Finesse API Error', async () => {
    const before = await adminList();
    assertApiError(await api.call('admin', 'POST', '/WrapUpReason', wr({ label: 'Escalated', forAll: true })), 400, 'Finesse API Error', {
      data: 'Escalated',
    });
    assertApiError(await api.call('admin', 'POST', '/WrapUpReason', wr({ label: 'Sales Inquiry', forAll: false })), 400, 'Finesse API Error', {
      data: 'Sales Inquiry',
    });
    assert.deepEqual(await adminList(), before);
  });
});

describe('PUT and DELETE /finesse/api/WrapUpReason/{id}', () => {
  test('a partial update changes only what is sent; the last of a repeated tag wins; 200 with an empty body', async () => {
    const id = await api.create('/WrapUpReason', wr({ label: 'Renamed later', forAll: true }));
    await api.change('PUT', `/WrapUpReason/${id}`, '<WrapUpReason><label>First</label><label>Product Help</label></WrapUpReason>');
    assert.deepEqual(leaves(await api.read('admin', `/WrapUpReason/${id}`)), { uri: `/finesse/api/WrapUpReason/${id}`, label: 'Product Help', forAll: 'true' });
    assert.ok((await agentLabels('agentA')).includes('Product Help'));
    await api.change('PUT', `/WrapUpReason/${id}`, wr({ forAll: false, uri: `/finesse/api/WrapUpReason/${id}` }));
    assert.ok(!(await agentLabels('agentA')).includes('Product Help'));
    assert.equal(leaves(await api.read('admin', `/WrapUpReason/${id}`)).label, 'Product Help');
  });

  test('no updatable field → 400 Invalid Input; a bad value → 400 Bad Request; a duplicate → 400 Finesse API Error; nothing changes', async () => {
    const id = await api.create('/WrapUpReason', wr({ label: 'Steady', forAll: true }));
    const before = await adminList();
    assertApiError(await api.call('admin', 'PUT', `/WrapUpReason/${id}`, wr({})), 400, 'Invalid Input');
    assertApiError(await api.call('admin', 'PUT', `/WrapUpReason/${id}`, wr({ label: 'b'.repeat(40) })), 400, 'Bad Request');
    assertApiError(await api.call('admin', 'PUT', `/WrapUpReason/${id}`, wr({ forAll: 'maybe' })), 400, 'Bad Request', { data: 'maybe' });
    assertApiError(await api.call('admin', 'PUT', `/WrapUpReason/${id}`, wr({ label: 'Billing Issue' })), 400, 'Finesse API Error', {
      data: 'Billing Issue',
    });
    assert.deepEqual(await adminList(), before);
    await api.change('PUT', `/WrapUpReason/${id}`, wr({ label: 'Steady' }));
  });

  test('an unknown id → 404 Not Found for PUT (before the body) and DELETE', async () => {
    assertApiError(await api.call('admin', 'PUT', '/WrapUpReason/4040', wr({})), 404, 'Not Found', { data: '4040' });
    assertApiError(await api.call('admin', 'DELETE', '/WrapUpReason/4040'), 404, 'Not Found', { data: '4040' });
  });

  test('delete: 200 with an empty body; gone everywhere; its id is not reused and its label is free again', async () => {
    const id = await api.create('/WrapUpReason', wr({ label: 'Short-lived', forAll: true }));
    await api.change('DELETE', `/WrapUpReason/${id}`);
    assertApiError(await api.call('admin', 'GET', `/WrapUpReason/${id}`), 404, 'Not Found', { data: id });
    assert.ok(!(await agentLabels('agentA')).includes('Short-lived'));
    assert.ok(!(await suite.server.store.loadWrapUpReasons()).some((w) => w.id === id));
    const again = await api.create('/WrapUpReason', wr({ label: 'Short-lived', forAll: true }));
    assert.ok(Number(again) > Number(id));
  });
});

describe('only administrators configure wrap-up reasons', () => {
  for (const actor of ['agentC', 'supervisorB']) {
    test(`${actor}: list, read, create, change and delete → 401 Authorization Failure; nothing changes`, async () => {
      const before = await adminList();
      const refused = { message: 'UNAUTHORIZED', data: actor };
      assertApiError(await api.call(actor, 'GET', '/WrapUpReasons'), 401, 'Authorization Failure', refused);
      assertApiError(await api.call(actor, 'GET', '/WrapUpReason/1'), 401, 'Authorization Failure', refused);
      assertApiError(await api.call(actor, 'POST', '/WrapUpReason', wr({ label: 'Sneaky', forAll: true })), 401, 'Authorization Failure', refused);
      assertApiError(await api.call(actor, 'PUT', '/WrapUpReason/1', wr({ label: 'Sneaky' })), 401, 'Authorization Failure', refused);
      assertApiError(await api.call(actor, 'DELETE', '/WrapUpReason/1'), 401, 'Authorization Failure', refused);
      assert.deepEqual(await adminList(), before);
    });
  }
});

describe('count limits (100 global + 100 team)', () => {
  test('the 101st team reason → 400 Maximum Exceeded; global reasons are counted apart; moving one across is counted', async () => {
    const teams = (await api.read('admin', '/WrapUpReasons')).children.filter((c) => leaves(c).forAll === 'false').length;
    const created: string[] = [];
    for (let i = teams; i < 100; i++) created.push(await api.create('/WrapUpReason', wr({ label: `Team reason ${i}`, forAll: false })));
    const before = await adminList();
    assertApiError(await api.call('admin', 'POST', '/WrapUpReason', wr({ label: 'One too many', forAll: false })), 400, 'Maximum Exceeded');
    const global = await api.create('/WrapUpReason', wr({ label: 'Still room globally', forAll: true }));
    assertApiError(await api.call('admin', 'PUT', `/WrapUpReason/${global}`, wr({ forAll: false })), 400, 'Maximum Exceeded');
    assert.deepEqual(await adminList(), [...before, 'Still room globally true']);
    for (const id of [...created, global]) await api.change('DELETE', `/WrapUpReason/${id}`);
  });
});
