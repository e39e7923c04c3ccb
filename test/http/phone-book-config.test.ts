/**
 * The PhoneBook configuration API (admin reference §6.2, §1, §15) and the team assignment of phone books
 * (§9): list, get, create (200 + Location), partial update, delete (with its contacts and assignments);
 * the name rules (≤ 64, unique), the limits (10 GLOBAL, 300 TEAM), every documented error, the audit
 * log, and that a refused request changes nothing. The demo has no phone books.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { configApi, configTestServer } from '../support/config-api.js';
import { freshServer } from '../support/fresh.js';
import { book, contact, createBook } from '../support/phone-books.js';
import type { XmlElement } from '../support/xml.js';
import { assertApiError, childNames, leaves } from '../support/xml.js';

const suite = configTestServer();
const { api } = suite;

const namesOf = (list: XmlElement) => list.children.map((c) => `${leaves(c).name} ${leaves(c).type}`);
const adminList = async () => namesOf(await api.read('admin', '/PhoneBooks'));
const teamBooks = async (team: string) => namesOf(await api.read('admin', `/Team/${team}/PhoneBooks`));
const assignment = (...ids: string[]) =>
  `<PhoneBooks>${ids.map((id) => `<PhoneBook><uri>/finesse/api/PhoneBook/${id}</uri></PhoneBook>`).join('')}</PhoneBooks>`;

describe('PhoneBook create, read, update, delete', () => {
  test('create: 200, empty body, Location; listed with uri, name, type and the URI of its contacts; in the store', async () => {
    const id = await createBook(api, 'Sales partners', 'GLOBAL');
    const read = await api.read('admin', `/PhoneBook/${id}`);
    assert.equal(read.name, 'PhoneBook');
    assert.deepEqual(childNames(read), ['uri', 'name', 'type', 'contacts']);
    assert.deepEqual(leaves(read), {
      uri: `/finesse/api/PhoneBook/${id}`,
      name: 'Sales partners',
      type: 'GLOBAL',
      contacts: `/finesse/api/PhoneBook/${id}/Contacts`,
    });
    assert.ok((await adminList()).includes('Sales partners GLOBAL'));
    assert.deepEqual(
      (await suite.server.store.loadPhoneBooks()).find((b) => b.id === id),
      { id, name: 'Sales partners', type: 'GLOBAL', teamIds: [] },
    );
    // POST /PhoneBooks is the same.
    const other = await api.create('/PhoneBooks', book({ name: 'Suppliers', type: 'TEAM' }));
    assert.equal(leaves(await api.read('admin', `/PhoneBook/${other}`)).type, 'TEAM');
  });

  test('update is partial (finesse.js sends uri too), a type change drops team assignments; delete removes it', async () => {
    const id = await createBook(api, 'Renamed later', 'TEAM');
    await api.change('PUT', '/Team/1/PhoneBooks', assignment(id));
    await api.change('PUT', `/PhoneBook/${id}`, book({ uri: `/finesse/api/PhoneBook/${id}`, name: 'Renamed' }));
    assert.deepEqual(leaves(await api.read('admin', `/PhoneBook/${id}`)).name, 'Renamed');
    assert.ok((await teamBooks('1')).includes('Renamed TEAM'));
    await api.change('PUT', `/PhoneBook/${id}`, book({ type: 'GLOBAL' }));
    assert.equal(leaves(await api.read('admin', `/PhoneBook/${id}`)).type, 'GLOBAL');
    assert.ok(!(await teamBooks('1')).includes('Renamed GLOBAL'));
    await api.change('DELETE', `/PhoneBook/${id}`);
    assertApiError(await api.call('admin', 'GET', `/PhoneBook/${id}`), 404, 'Not Found', { data: id });
  });

  test('deleting a book deletes its contacts and removes it from every team', async () => {
    const id = await createBook(api, 'Cascade', 'TEAM');
    await api.create(`/PhoneBook/${id}/Contact`, contact({ phoneNumber: '5551234' }));
    await api.change('PUT', '/Team/2/PhoneBooks', assignment(id));
    await api.change('DELETE', `/PhoneBook/${id}`);
    assert.equal((await suite.server.store.loadContacts([id])).length, 0);
    assert.ok(!(await teamBooks('2')).includes('Cascade TEAM'));
    // Its id is not handed out again.
    const next = await createBook(api, 'After cascade', 'TEAM');
    assert.ok(Number(next) > Number(id));
  });

  test('unknown ids are 404 Not Found on GET, PUT and DELETE (before the body is read)', async () => {
    assertApiError(await api.call('admin', 'GET', '/PhoneBook/4040'), 404, 'Not Found', { data: '4040' });
    assertApiError(await api.call('admin', 'PUT', '/PhoneBook/4040', '<Nonsense/>'), 404, 'Not Found', { data: '4040' });
    assertApiError(await api.call('admin', 'DELETE', '/PhoneBook/4040'), 404, 'Not Found', { data: '4040' });
  });
});

describe('PhoneBook validation: each documented error, nothing changed', () => {
  test('name and type are required; type GLOBAL or TEAM; the name 1–64 characters → 400 Bad Request', async () => {
    const before = await adminList();
    assertApiError(await api.call('admin', 'POST', '/PhoneBook', book({ type: 'GLOBAL' })), 400, 'Bad Request', { data: 'name' });
    assertApiError(await api.call('admin', 'POST', '/PhoneBook', book({ name: 'x' })), 400, 'Bad Request', { data: 'type' });
    assertApiError(await api.call('admin', 'POST', '/PhoneBook', book({ name: 'x', type: 'PRIVATE' })), 400, 'Bad Request', { data: 'PRIVATE' });
    assertApiError(await api.call('admin', 'POST', '/PhoneBook', book({ name: 'n'.repeat(65), type: 'TEAM' })), 400, 'Bad Request', { data: 'n'.repeat(65) });
    assertApiError(await api.call('admin', 'POST', '/PhoneBook'), 400, 'Bad Request');
    assertApiError(await api.call('admin', 'POST', '/PhoneBook', '<WrapUpReason><name>x</name></WrapUpReason>'), 400, 'Bad Request');
    assert.deepEqual(await adminList(), before);
    const id = await createBook(api, 'é'.repeat(64), 'TEAM');
    assert.equal(leaves(await api.read('admin', `/PhoneBook/${id}`)).name, 'é'.repeat(64));
    await api.change('DELETE', `/PhoneBook/${id}`);
  });

  test('a PUT with no updatable field is 400 Invalid Input; a bad value 400 Bad Request; the book is unchanged', async () => {
    const id = await createBook(api, 'Stays', 'TEAM');
    assertApiError(await api.call('admin', 'PUT', `/PhoneBook/${id}`, book({ uri: `/finesse/api/PhoneBook/${id}` })), 400, 'Invalid Input');
    assertApiError(await api.call('admin', 'PUT', `/PhoneBook/${id}`, book({ type: 'OTHER' })), 400, 'Bad Request', { data: 'OTHER' });
    assertApiError(await api.call('admin', 'PUT', `/PhoneBook/${id}`, book({ name: '' })), 400, 'Bad Request', { data: 'name' });
    assert.deepEqual(leaves(await api.read('admin', `/PhoneBook/${id}`)).name, 'Stays');
  });

  test('the name is unique (create and rename) → 400 Finesse API Error', async () => {
    await createBook(api, 'Unique name', 'GLOBAL');
    const other = await createBook(api, 'Other name', 'TEAM');
    const before = await adminList();
    assertApiError(await api.call('admin', 'POST', '/PhoneBook', book({ name: 'Unique name', type: 'TEAM' })), 400, 'Finesse API Error', {
      data: 'Unique name',
    });
    assertApiError(await api.call('admin', 'PUT', `/PhoneBook/${other}`, book({ name: 'Unique name' })), 400, 'Finesse API Error');
    assert.deepEqual(await adminList(), before);
  });
});

describe('PhoneBook limits: 10 GLOBAL, 300 TEAM → 400 Maximum Exceeded', () => {
  test('the eleventh GLOBAL book, and a TEAM book turned GLOBAL past ten, are refused', async () => {
    const fresh = await freshServer();
    try {
      const own = configApi(fresh.baseUrl);
      for (let i = 1; i <= 10; i++) await createBook(own, `Global ${i}`, 'GLOBAL');
      assertApiError(await own.call('admin', 'POST', '/PhoneBook', book({ name: 'Global 11', type: 'GLOBAL' })), 400, 'Maximum Exceeded', { data: '10' });
      const team = await createBook(own, 'Team 1', 'TEAM');
      assertApiError(await own.call('admin', 'PUT', `/PhoneBook/${team}`, book({ type: 'GLOBAL' })), 400, 'Maximum Exceeded');
      assert.equal(leaves(await own.read('admin', `/PhoneBook/${team}`)).type, 'TEAM');
      for (let i = 2; i <= 300; i++) await createBook(own, `Team ${i}`, 'TEAM');
      assertApiError(await own.call('admin', 'POST', '/PhoneBook', book({ name: 'Team 301', type: 'TEAM' })), 400, 'Maximum Exceeded', { data: '300' });
      assert.equal((await own.read('admin', '/PhoneBooks')).children.length, 310);
    } finally {
      await fresh.stop();
    }
  });
});

describe('Team assignment of phone books (GET|PUT /Team/{id}/PhoneBooks)', () => {
  test('PUT replaces the team list; GET lists the team books only; an empty list clears it', async () => {
    const a = await createBook(api, 'Team list A', 'TEAM');
    const b = await createBook(api, 'Team list B', 'TEAM');
    await api.change('PUT', '/Team/1/PhoneBooks', assignment(a, b));
    assert.deepEqual(
      (await teamBooks('1')).filter((n) => n.startsWith('Team list')),
      ['Team list A TEAM', 'Team list B TEAM'],
    );
    await api.change('PUT', '/Team/1/PhoneBooks', assignment(b));
    assert.deepEqual(
      (await teamBooks('1')).filter((n) => n.startsWith('Team list')),
      ['Team list B TEAM'],
    );
    await api.change('PUT', '/Team/1/PhoneBooks', '<PhoneBooks/>');
    assert.deepEqual(await teamBooks('1'), []);
    assert.deepEqual((await suite.server.store.loadPhoneBooks()).find((x) => x.id === b)?.teamIds, []);
  });

  test('unknown team 404 (team-assignment error); unknown or GLOBAL book 400 Finesse API Error; nothing changes', async () => {
    const t = await createBook(api, 'Assign check', 'TEAM');
    const g = await createBook(api, 'Assign global', 'GLOBAL');
    await api.change('PUT', '/Team/2/PhoneBooks', assignment(t));
    assertApiError(await api.call('admin', 'GET', '/Team/574/PhoneBooks'), 404, 'finesse.api.team.team_assignment_invalid_team', { data: '574' });
    assertApiError(await api.call('admin', 'PUT', '/Team/574/PhoneBooks', assignment(t)), 404, 'finesse.api.team.team_assignment_invalid_team');
    assertApiError(await api.call('admin', 'PUT', '/Team/2/PhoneBooks', assignment('4040')), 400, 'Finesse API Error', { data: '4040' });
    assertApiError(await api.call('admin', 'PUT', '/Team/2/PhoneBooks', assignment(g)), 400, 'Finesse API Error', { data: g });
    assertApiError(
      await api.call('admin', 'PUT', '/Team/2/PhoneBooks', '<PhoneBooks><PhoneBook><uri>/finesse/api/WrapUpReason/1</uri></PhoneBook></PhoneBooks>'),
      400,
      'Bad Request',
    );
    assert.deepEqual(await teamBooks('2'), ['Assign check TEAM']);
  });
});

describe('Who may change phone books, and the audit log', () => {
  test('agents and supervisors get 401 Authorization Failure on every admin call; nothing changes', async () => {
    const id = await createBook(api, 'Admins only', 'TEAM');
    const before = await adminList();
    for (const actor of ['agentA', 'supervisorA']) {
      assertApiError(await api.call(actor, 'GET', '/PhoneBooks'), 401, 'Authorization Failure', { data: actor });
      assertApiError(await api.call(actor, 'GET', `/PhoneBook/${id}`), 401, 'Authorization Failure');
      assertApiError(await api.call(actor, 'POST', '/PhoneBook', book({ name: 'Mine', type: 'GLOBAL' })), 401, 'Authorization Failure');
      assertApiError(await api.call(actor, 'PUT', `/PhoneBook/${id}`, book({ name: 'Mine' })), 401, 'Authorization Failure');
      assertApiError(await api.call(actor, 'DELETE', `/PhoneBook/${id}`), 401, 'Authorization Failure');
      assertApiError(await api.call(actor, 'PUT', '/Team/1/PhoneBooks', assignment(id)), 401, 'Authorization Failure');
      assertApiError(await api.call(actor, 'GET', '/Team/1/PhoneBooks'), 401, 'Authorization Failure');
    }
    assert.deepEqual(await adminList(), before);
    assert.ok(!(await teamBooks('1')).includes('Admins only TEAM'));
  });

  test('each change is in the audit log with who, what, before and after', async () => {
    const id = await createBook(api, 'Audited', 'TEAM');
    await api.change('PUT', `/PhoneBook/${id}`, book({ name: 'Audited 2' }));
    await api.change('PUT', '/Team/2/PhoneBooks', assignment(id));
    await api.change('DELETE', `/PhoneBook/${id}`);
    const entries = (await suite.server.store.loadAudit({ limit: 100 })).filter((e) => e.resourceId === id || e.resource === 'Team/PhoneBooks');
    const mine = entries.filter((e) => e.resource === 'PhoneBook').map((e) => [e.action, e.actor]);
    assert.deepEqual(mine, [
      ['delete', 'admin'],
      ['update', 'admin'],
      ['create', 'admin'],
    ]);
    const deleted = entries.find((e) => e.action === 'delete')!;
    assert.deepEqual(JSON.parse(deleted.before!), { id, name: 'Audited 2', type: 'TEAM', teamIds: ['2'], contacts: 0 });
    assert.ok(entries.some((e) => e.resource === 'Team/PhoneBooks' && JSON.parse(e.after!).phoneBookIds.includes(id)));
  });
});
