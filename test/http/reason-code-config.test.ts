/**
 * The ReasonCode configuration API (admin reference §3, §1, §15): list with the system codes, get, create
 * (200 + Location), partial update, delete; every documented error, each limit and uniqueness rule, and
 * that a refused request changes nothing. Demo data: NOT_READY 1–3 global, 4 team 1; LOGOUT 5–6 global,
 * 7 team 2; system codes NOT_READY 999, 32767, 50006 and LOGOUT 999, 255.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { configTestServer, xmlObject } from '../support/config-api.js';
import type { XmlElement } from '../support/xml.js';
import { assertApiError, childNames, leaves } from '../support/xml.js';

const suite = configTestServer();
const { api } = suite;

const rc = (fields: Record<string, string | number | boolean | undefined>) => xmlObject('ReasonCode', fields);
const codesOf = (list: XmlElement) => list.children.map((c) => `${leaves(c).category} ${leaves(c).code} ${leaves(c).label}`);
const adminList = async () => codesOf(await api.read('admin', '/ReasonCodes?category=ALL'));
const agentIds = async (user: string, category: string) =>
  (await api.read(user, `/User/${user}/ReasonCodes?category=${category}`)).children.map((c) => leaves(c).id);

describe('GET /finesse/api/ReasonCodes?category=', () => {
  test('ALL: configured codes of both categories, each followed by its system codes (systemCode=true), in the 12.5 element order', async () => {
    const list = await api.read('admin', '/ReasonCodes?category=ALL');
    assert.equal(list.name, 'ReasonCodes');
    assert.deepEqual(list.attributes, { category: 'ALL' });
    assert.deepEqual(codesOf(list), [
      'NOT_READY 10 Break',
      'NOT_READY 11 Lunch',
      'NOT_READY 12 Team Meeting',
      'NOT_READY 13 Training',
      'NOT_READY 999 Supervisor Initiated',
      'NOT_READY 32767 Call Not Answered',
      'NOT_READY 50006 Off Hook From Ready',
      'LOGOUT 20 End of Shift',
      'LOGOUT 21 Personal',
      'LOGOUT 22 System Issue',
      'LOGOUT 255 Connection Failure',
      'LOGOUT 999 Supervisor Initiated',
    ]);
    assert.deepEqual(childNames(list.children[3]!), ['uri', 'id', 'category', 'code', 'label', 'forAll', 'systemCode']);
    assert.deepEqual(leaves(list.children[3]!), {
      uri: '/finesse/api/ReasonCode/4',
      id: '4',
      category: 'NOT_READY',
      code: '13',
      label: 'Training',
      forAll: 'false',
      systemCode: 'false',
    });
    assert.deepEqual(leaves(list.children[4]!), {
      uri: '/finesse/api/ReasonCode/999',
      id: '999',
      category: 'NOT_READY',
      code: '999',
      label: 'Supervisor Initiated',
      forAll: 'true',
      systemCode: 'true',
    });
  });

  test('NOT_READY and LOGOUT list one category each', async () => {
    const notReady = await api.read('admin', '/ReasonCodes?category=NOT_READY');
    assert.deepEqual(notReady.attributes, { category: 'NOT_READY' });
    assert.ok(notReady.children.every((c) => leaves(c).category === 'NOT_READY'));
    assert.equal(notReady.children.length, 7);
    const logout = await api.read('admin', '/ReasonCodes?category=LOGOUT');
    assert.deepEqual(
      logout.children.map((c) => leaves(c).id),
      ['5', '6', '7', '255', '999'],
    );
  });

  test('the category is required: missing or unknown → 400 Bad Request', async () => {
    assertApiError(await api.call('admin', 'GET', '/ReasonCodes'), 400, 'Bad Request', { data: 'category' });
    assertApiError(await api.call('admin', 'GET', '/ReasonCodes?category=LUNCH'), 400, 'Bad Request', { data: 'LUNCH' });
  });
});

describe('GET /finesse/api/ReasonCode/{id}', () => {
  test('an administrator reads any code, system codes included; an unknown id → 404 Not Found', async () => {
    assert.deepEqual(leaves(await api.read('admin', '/ReasonCode/7')), {
      uri: '/finesse/api/ReasonCode/7',
      id: '7',
      category: 'LOGOUT',
      code: '22',
      label: 'System Issue',
      forAll: 'false',
      systemCode: 'false',
    });
    assert.equal(leaves(await api.read('admin', '/ReasonCode/255')).label, 'Connection Failure');
    assertApiError(await api.call('admin', 'GET', '/ReasonCode/4040'), 404, 'Not Found', { data: '4040' });
  });

  test("an agent reads the codes he may use and system codes; another team's code is answered as unknown", async () => {
    assert.equal(leaves(await api.read('agentA', '/ReasonCode/4')).label, 'Training');
    assert.equal(leaves(await api.read('agentC', '/ReasonCode/7')).label, 'System Issue');
    assert.equal(leaves(await api.read('agentC', '/ReasonCode/999')).systemCode, 'true');
    assertApiError(await api.call('agentC', 'GET', '/ReasonCode/4'), 404, 'Not Found', { data: '4' });
    assertApiError(await api.call('agentA', 'GET', '/ReasonCode/4040'), 404, 'Not Found', { data: '4040' });
  });
});

describe('POST /finesse/api/ReasonCode: creating', () => {
  test('creates: 200, empty body, Location = the absolute URL; readable, listed, offered to agents and in the store at once', async () => {
    const id = await api.create('/ReasonCode', rc({ category: 'NOT_READY', code: 101, label: 'Lunch Break', forAll: true }));
    assert.deepEqual(leaves(await api.read('admin', `/ReasonCode/${id}`)), {
      uri: `/finesse/api/ReasonCode/${id}`,
      id,
      category: 'NOT_READY',
      code: '101',
      label: 'Lunch Break',
      forAll: 'true',
      systemCode: 'false',
    });
    assert.ok((await adminList()).includes('NOT_READY 101 Lunch Break'));
    assert.ok((await agentIds('agentC', 'NOT_READY')).includes(id));
    const stored = (await suite.server.store.loadReasonCodes()).find((r) => r.id === id);
    assert.deepEqual(stored, { id, category: 'NOT_READY', code: 101, label: 'Lunch Break', forAll: true, systemCode: false, teamIds: [] });
  });

  test('POST /ReasonCodes is the same; a team code (forAll=false) is offered to no team until assigned', async () => {
    const id = await api.create('/ReasonCodes', rc({ category: 'LOGOUT', code: 102, label: 'Doctor', forAll: 'FALSE' }));
    assert.equal(leaves(await api.read('admin', `/ReasonCode/${id}`)).forAll, 'false');
    assert.ok(!(await agentIds('agentA', 'LOGOUT')).includes(id));
    assert.ok(!(await agentIds('agentC', 'LOGOUT')).includes(id));
  });

  test('ids are never reused, not even those of deleted codes, nor a system code id', async () => {
    const first = await api.create('/ReasonCode', rc({ category: 'NOT_READY', code: 103, label: 'Id one', forAll: true }));
    await api.change('DELETE', `/ReasonCode/${first}`);
    const second = await api.create('/ReasonCode', rc({ category: 'NOT_READY', code: 103, label: 'Id one', forAll: true }));
    assert.ok(Number(second) > Number(first), `${second} after ${first}`);
    assert.ok(!['255', '999', '32767', '50006'].includes(second));
  });
});

describe('POST /finesse/api/ReasonCode: what is refused (and creates nothing)', () => {
  test('each of category, code, label and forAll is required → 400 Bad Request naming it; nothing is created', async () => {
    const full = { category: 'NOT_READY', code: 104, label: 'Missing', forAll: true };
    const before = await adminList();
    for (const field of Object.keys(full)) {
      const body = rc({ ...full, [field]: undefined });
      assertApiError(await api.call('admin', 'POST', '/ReasonCode', body), 400, 'Bad Request', { data: field });
    }
    assertApiError(await api.call('admin', 'POST', '/ReasonCode', rc({ ...full, label: '' })), 400, 'Bad Request', { data: 'label' });
    assert.deepEqual(await adminList(), before);
  });

  test('unreadable values → 400 Bad Request: category, code (not a number, 0, 65536 — CCE allows 1–65535), forAll', async () => {
    const full = { category: 'NOT_READY', code: 105, label: 'Values', forAll: true };
    const before = await adminList();
    const cases: [Record<string, string | number>, string][] = [
      [{ category: 'LUNCH' }, 'LUNCH'],
      [{ code: 'abc' }, 'abc'],
      [{ code: '-5' }, '-5'],
      [{ code: 0 }, '0'],
      [{ code: 65536 }, '65536'],
      [{ forAll: 'yes' }, 'yes'],
    ];
    for (const [change, data] of cases) {
      assertApiError(await api.call('admin', 'POST', '/ReasonCode', rc({ ...full, ...change })), 400, 'Bad Request', { data });
    }
    assert.deepEqual(await adminList(), before);
    await api.create('/ReasonCode', rc({ ...full, code: 65535, label: 'Highest code' }));
    await api.create('/ReasonCode', rc({ ...full, code: 1, label: 'Lowest code' }));
  });

  test('the label: at most 40 characters, any characters (multibyte ones count as one)', async () => {
    const tooLong = 'x'.repeat(41);
    assertApiError(await api.call('admin', 'POST', '/ReasonCode', rc({ category: 'NOT_READY', code: 106, label: tooLong, forAll: true })), 400, 'Bad Request', {
      data: tooLong,
    });
    const id = await api.create('/ReasonCode', rc({ category: 'NOT_READY', code: 106, label: `${'é'.repeat(39)}<`, forAll: true }));
    assert.equal(leaves(await api.read('admin', `/ReasonCode/${id}`)).label, `${'é'.repeat(39)}<`);
  });

  test('the body: none, not XML, or another root → 400 Bad Request', async () => {
    assertApiError(await api.call('admin', 'POST', '/ReasonCode'), 400, 'Bad Request');
    assertApiError(await api.call('admin', 'POST', '/ReasonCode', '<ReasonCode><code>1</ReasonCode>'), 400, 'Bad Request');
    assertApiError(await api.call('admin', 'POST', '/ReasonCode', '<WrapUpReason><label>x</label><forAll>true</forAll></WrapUpReason>'), 400, 'Bad Request', {
      data: 'WrapUpReason',
    });
  });

  test('uniqueness: the code within its category (system codes included), the label within its category unless both are team codes', async () => {
    const before = await adminList();
    const refused = async (fields: Record<string, string | number | boolean>, data: string) =>
      assertApiError(await api.call('admin', 'POST', '/ReasonCode', rc(fields)), 400, 'Finesse API Error', { data });
    await refused({ category: 'NOT_READY', code: 10, label: 'Another break', forAll: true }, '10');
    await refused({ category: 'NOT_READY', code: 999, label: 'Not the supervisor', forAll: true }, '999');
    await refused({ category: 'LOGOUT', code: 255, label: 'Not a failure', forAll: false }, '255');
    await refused({ category: 'NOT_READY', code: 107, label: 'Break', forAll: true }, 'Break');
    await refused({ category: 'NOT_READY', code: 107, label: 'Break', forAll: false }, 'Break');
    await refused({ category: 'NOT_READY', code: 107, label: 'Training', forAll: true }, 'Training');
    assert.deepEqual(await adminList(), before);
    // The same code or label in the other category, and two team codes with one label, are fine.
    await api.create('/ReasonCode', rc({ category: 'LOGOUT', code: 10, label: 'Break', forAll: true }));
    await api.create('/ReasonCode', rc({ category: 'NOT_READY', code: 107, label: 'Training', forAll: false }));
  });
});

describe('PUT /finesse/api/ReasonCode/{id}', () => {
  const make = (code: number, label: string, forAll = true) => api.create('/ReasonCode', rc({ category: 'NOT_READY', code, label, forAll }));

  test('a partial update: only the fields sent change; 200 with an empty body; visible to agents at once', async () => {
    const id = await make(201, 'Coffee');
    await api.change('PUT', `/ReasonCode/${id}`, rc({ label: 'Attend Meeting' }));
    assert.deepEqual(leaves(await api.read('admin', `/ReasonCode/${id}`)), {
      uri: `/finesse/api/ReasonCode/${id}`,
      id,
      category: 'NOT_READY',
      code: '201',
      label: 'Attend Meeting',
      forAll: 'true',
      systemCode: 'false',
    });
    await api.change('PUT', `/ReasonCode/${id}`, rc({ code: 202 }));
    assert.equal(leaves(await api.read('agentA', `/User/agentA/ReasonCode/${id}`)).code, '202');
    await api.change('PUT', `/ReasonCode/${id}`, rc({ forAll: false }));
    assert.ok(!(await agentIds('agentA', 'NOT_READY')).includes(id));
    assert.equal((await suite.server.store.loadReasonCodes()).find((r) => r.id === id)?.label, 'Attend Meeting');
  });

  test('a tag sent twice: the last wins; uri, id, systemCode and the same category are ignored', async () => {
    const id = await make(203, 'Twice');
    const body = `<ReasonCode><uri>/finesse/api/ReasonCode/1</uri><id>1</id><category>NOT_READY</category><label>First</label><label>Second</label><systemCode>true</systemCode></ReasonCode>`;
    await api.change('PUT', `/ReasonCode/${id}`, body);
    const after = leaves(await api.read('admin', `/ReasonCode/${id}`));
    assert.deepEqual([after.id, after.label, after.systemCode], [id, 'Second', 'false']);
    assert.equal(leaves(await api.read('admin', '/ReasonCode/1')).label, 'Break');
  });

  test('none of code, label, forAll → 400 Invalid Input; another category → 400 Bad Request; nothing changes', async () => {
    const id = await make(204, 'Unchanged');
    const before = await adminList();
    assertApiError(await api.call('admin', 'PUT', `/ReasonCode/${id}`, rc({})), 400, 'Invalid Input');
    assertApiError(await api.call('admin', 'PUT', `/ReasonCode/${id}`, rc({ uri: `/finesse/api/ReasonCode/${id}` })), 400, 'Invalid Input');
    assertApiError(await api.call('admin', 'PUT', `/ReasonCode/${id}`, rc({ category: 'LOGOUT', label: 'Moved' })), 400, 'Bad Request', {
      data: 'LOGOUT',
    });
    assertApiError(await api.call('admin', 'PUT', `/ReasonCode/${id}`, rc({ label: 'y'.repeat(41) })), 400, 'Bad Request');
    assertApiError(await api.call('admin', 'PUT', `/ReasonCode/${id}`, rc({ code: 70000 })), 400, 'Bad Request', { data: '70000' });
    assert.deepEqual(await adminList(), before);
  });

  test('a duplicate code or label → 400 Finesse API Error, nothing changes; its own code and label may be sent again', async () => {
    const id = await make(205, 'Original');
    const before = await adminList();
    assertApiError(await api.call('admin', 'PUT', `/ReasonCode/${id}`, rc({ code: 11 })), 400, 'Finesse API Error', { data: '11' });
    assertApiError(await api.call('admin', 'PUT', `/ReasonCode/${id}`, rc({ label: 'Lunch' })), 400, 'Finesse API Error', { data: 'Lunch' });
    assertApiError(await api.call('admin', 'PUT', `/ReasonCode/${id}`, rc({ code: 11, label: 'Other' })), 400, 'Finesse API Error');
    assert.deepEqual(await adminList(), before);
    await api.change('PUT', `/ReasonCode/${id}`, rc({ code: 205, label: 'Original' }));
  });

  test('an unknown id → 404 Not Found, before the body is looked at', async () => {
    assertApiError(await api.call('admin', 'PUT', '/ReasonCode/4040', rc({ label: 'Ghost' })), 404, 'Not Found', { data: '4040' });
    assertApiError(await api.call('admin', 'PUT', '/ReasonCode/4040', rc({})), 404, 'Not Found', { data: '4040' });
  });

  test('system codes are not editable: 400 Finesse API Error, unchanged', async () => {
    const before = await adminList();
    assertApiError(await api.call('admin', 'PUT', '/ReasonCode/999', rc({ label: 'Boss' })), 400, 'Finesse API Error', { data: '999' });
    assertApiError(await api.call('admin', 'PUT', '/ReasonCode/255', rc({ code: 256 })), 400, 'Finesse API Error', { data: '255' });
    assert.deepEqual(await adminList(), before);
  });
});

describe('DELETE /finesse/api/ReasonCode/{id}', () => {
  test('200 with an empty body; gone from the lists, the agents and the store; a second delete → 404', async () => {
    const id = await api.create('/ReasonCode', rc({ category: 'NOT_READY', code: 301, label: 'Short-lived', forAll: true }));
    assert.ok((await agentIds('agentA', 'NOT_READY')).includes(id));
    await api.change('DELETE', `/ReasonCode/${id}`);
    assertApiError(await api.call('admin', 'GET', `/ReasonCode/${id}`), 404, 'Not Found', { data: id });
    assert.ok(!(await adminList()).includes('NOT_READY 301 Short-lived'));
    assert.ok(!(await agentIds('agentA', 'NOT_READY')).includes(id));
    assert.ok(!(await suite.server.store.loadReasonCodes()).some((r) => r.id === id));
    assertApiError(await api.call('admin', 'DELETE', `/ReasonCode/${id}`), 404, 'Not Found', { data: id });
    // Its code and label are free again.
    await api.create('/ReasonCode', rc({ category: 'NOT_READY', code: 301, label: 'Short-lived', forAll: true }));
  });

  test('system codes cannot be deleted: 400 Finesse API Error', async () => {
    assertApiError(await api.call('admin', 'DELETE', '/ReasonCode/32767'), 400, 'Finesse API Error', { data: '32767' });
    assert.ok((await adminList()).includes('NOT_READY 32767 Call Not Answered'));
  });
});

describe('only administrators configure reason codes', () => {
  for (const actor of ['agentA', 'supervisorA']) {
    test(`${actor}: list, create, change and delete → 401 Authorization Failure (ErrorData = the caller), nothing changes`, async () => {
      const before = await adminList();
      const body = rc({ category: 'NOT_READY', code: 401, label: 'Sneaky', forAll: true });
      const refused = { message: 'UNAUTHORIZED', data: actor };
      assertApiError(await api.call(actor, 'GET', '/ReasonCodes?category=ALL'), 401, 'Authorization Failure', refused);
      assertApiError(await api.call(actor, 'POST', '/ReasonCode', body), 401, 'Authorization Failure', refused);
      assertApiError(await api.call(actor, 'POST', '/ReasonCodes', body), 401, 'Authorization Failure', refused);
      assertApiError(await api.call(actor, 'PUT', '/ReasonCode/1', rc({ label: 'Sneaky' })), 401, 'Authorization Failure', refused);
      assertApiError(await api.call(actor, 'DELETE', '/ReasonCode/1'), 401, 'Authorization Failure', refused);
      // The caller is refused before his body is read.
      assertApiError(await api.call(actor, 'POST', '/ReasonCode', '<ReasonCode>'), 401, 'Authorization Failure', refused);
      assert.deepEqual(await adminList(), before);
    });
  }

  test('no or wrong credentials → 401 Authentication Failure', async () => {
    assertApiError(await api.call('nobody', 'GET', '/ReasonCodes?category=ALL'), 401, 'Authentication Failure');
    assertApiError(await api.call('nobody', 'POST', '/ReasonCode', rc({ label: 'x' })), 401, 'Authentication Failure');
  });

  test('other methods → 405', async () => {
    assertApiError(await api.call('admin', 'PATCH', '/ReasonCode/1', rc({ label: 'x' })), 405, 'Method Not Allowed');
    assertApiError(await api.call('admin', 'DELETE', '/ReasonCodes'), 405, 'Method Not Allowed');
  });
});

describe('count limits (100 global + 100 team per category)', () => {
  test('the 101st global LOGOUT code → 400 Maximum Exceeded; team codes have their own 100; moving a team code to global is counted', async () => {
    const before = (await api.read('admin', '/ReasonCodes?category=LOGOUT')).children.map((c) => leaves(c));
    const globals = before.filter((c) => c.forAll === 'true' && c.systemCode === 'false').length;
    const created: string[] = [];
    for (let i = globals; i < 100; i++)
      created.push(await api.create('/ReasonCode', rc({ category: 'LOGOUT', code: 1000 + i, label: `Global ${i}`, forAll: true })));
    const list = async () => (await api.read('admin', '/ReasonCodes?category=LOGOUT')).children.length;
    const full = await list();
    assertApiError(
      await api.call('admin', 'POST', '/ReasonCode', rc({ category: 'LOGOUT', code: 1100, label: 'One too many', forAll: true })),
      400,
      'Maximum Exceeded',
    );
    assert.equal(await list(), full);
    // Team codes are counted apart; NOT_READY is counted apart.
    const team = await api.create('/ReasonCode', rc({ category: 'LOGOUT', code: 1101, label: 'Team one', forAll: false }));
    await api.create('/ReasonCode', rc({ category: 'NOT_READY', code: 1102, label: 'Other category', forAll: true }));
    assertApiError(await api.call('admin', 'PUT', `/ReasonCode/${team}`, rc({ forAll: true })), 400, 'Maximum Exceeded');
    assert.equal(leaves(await api.read('admin', `/ReasonCode/${team}`)).forAll, 'false');
    // Room again after a delete.
    await api.change('DELETE', `/ReasonCode/${created[0]}`);
    await api.change('PUT', `/ReasonCode/${team}`, rc({ forAll: true }));
    for (const id of [...created.slice(1), team]) await api.change('DELETE', `/ReasonCode/${id}`);
  });
});
