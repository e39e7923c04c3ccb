/**
 * What agents read of the phone books (main reference §8.5, admin reference §10, gadget reference §4.3):
 * `/User/{id}/PhoneBooks` = the GLOBAL books then the TEAM books of the user's team, each with its contacts
 * embedded in `<contacts><Contact>…` (or only their URI with `embedContacts=false`);
 * `/PhoneBook/{id}/Contacts` for a book the agent may read, any other answered as unknown;
 * `/TeamResource/{team}/PhoneBooks` for the team's members. Team assignments show on the next read.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ConfigApi } from '../support/config-api.js';
import { configApi } from '../support/config-api.js';
import { freshServer } from '../support/fresh.js';
import { request } from '../support/http.js';
import { contact, createBook } from '../support/phone-books.js';
import type { TestServer } from '../support/server.js';
import type { XmlElement } from '../support/xml.js';
import { assertApiError, at, childNames, leaves, parseXml } from '../support/xml.js';

let server: TestServer;
let api: ConfigApi;
const ids: Record<string, string> = {};
before(async () => {
  server = await freshServer();
  api = configApi(server.baseUrl);
  ids.global = await createBook(api, 'Everyone', 'GLOBAL');
  ids.teamA = await createBook(api, 'Team A only', 'TEAM');
  ids.teamB = await createBook(api, 'Team B only', 'TEAM');
  ids.unassigned = await createBook(api, 'Nobody', 'TEAM');
  await api.create(`/PhoneBook/${ids.global}/Contact`, contact({ firstName: 'Help', lastName: 'Desk', phoneNumber: '100', description: 'IT' }));
  await api.create(`/PhoneBook/${ids.global}/Contact`, contact({ firstName: 'Front', phoneNumber: '101' }));
  await api.create(`/PhoneBook/${ids.teamA}/Contact`, contact({ phoneNumber: '200' }));
  await api.create(`/PhoneBook/${ids.teamB}/Contact`, contact({ phoneNumber: '300' }));
  await api.change('PUT', '/Team/1/PhoneBooks', `<PhoneBooks><PhoneBook><uri>/finesse/api/PhoneBook/${ids.teamA}</uri></PhoneBook></PhoneBooks>`);
  await api.change('PUT', '/Team/2/PhoneBooks', `<PhoneBooks><PhoneBook><uri>/finesse/api/PhoneBook/${ids.teamB}</uri></PhoneBook></PhoneBooks>`);
});
after(() => server.stop());

const namesOf = (list: XmlElement) => list.children.map((b) => leaves(b).name);
const numbersIn = (b: XmlElement, wrapper = 'contacts') => (at(b, wrapper)?.children ?? []).map((c) => leaves(c).phoneNumber);

describe('GET /User/{id}/PhoneBooks', () => {
  test('GLOBAL books first, then the team books; each with its contacts embedded in <contacts><Contact>', async () => {
    const list = await api.read('agentA', '/User/agentA/PhoneBooks');
    assert.equal(list.name, 'PhoneBooks');
    assert.deepEqual(namesOf(list), ['Everyone', 'Team A only']);
    const [global, team] = list.children;
    assert.deepEqual(childNames(global!), ['uri', 'name', 'type', 'contacts']);
    assert.deepEqual(numbersIn(global!), ['100', '101']);
    assert.deepEqual(numbersIn(team!), ['200']);
    const first = at(global!, 'contacts')!.children[0]!;
    assert.deepEqual(leaves(first), {
      uri: leaves(first).uri,
      firstName: 'Help',
      lastName: 'Desk',
      phoneNumber: '100',
      description: 'IT',
    });
    assert.match(leaves(first).uri!, new RegExp(`^/finesse/api/PhoneBook/${ids.global}/Contact/\\d+$`));
    assert.deepEqual(namesOf(await api.read('agentC', '/User/agentC/PhoneBooks')), ['Everyone', 'Team B only']);
    assert.deepEqual(namesOf(await api.read('admin', '/User/agentC/PhoneBooks')), ['Everyone', 'Team B only']);
  });

  test("embedContacts=false: the URI of each book's contacts, as in the main reference §8.5", async () => {
    const list = await api.read('agentA', '/User/agentA/PhoneBooks?embedContacts=false');
    assert.deepEqual(leaves(list.children[0]!), {
      uri: `/finesse/api/PhoneBook/${ids.global}`,
      name: 'Everyone',
      type: 'GLOBAL',
      contacts: `/finesse/api/PhoneBook/${ids.global}/Contacts`,
    });
  });

  test("another agent's list is refused as for the other per-user lists", async () => {
    const theirs = await api.call('agentA', 'GET', '/User/agentC/PhoneBooks');
    const reasons = await api.call('agentA', 'GET', '/User/agentC/WrapUpReasons');
    assert.equal(theirs.status, reasons.status);
    assert.equal(theirs.body, reasons.body);
  });

  test('an assignment, a new contact, a type change and a delete show on the next read', async () => {
    await api.change('PUT', '/Team/1/PhoneBooks', `<PhoneBooks><PhoneBook><uri>/finesse/api/PhoneBook/${ids.unassigned}</uri></PhoneBook></PhoneBooks>`);
    assert.deepEqual(namesOf(await api.read('agentA', '/User/agentA/PhoneBooks')), ['Everyone', 'Nobody']);
    const extra = await createBook(api, 'Later global', 'GLOBAL');
    await api.create(`/PhoneBook/${extra}/Contact`, contact({ phoneNumber: '900' }));
    const list = await api.read('agentC', '/User/agentC/PhoneBooks');
    assert.deepEqual(namesOf(list), ['Everyone', 'Later global', 'Team B only']);
    assert.deepEqual(numbersIn(list.children[1]!), ['900']);
    await api.change('PUT', `/PhoneBook/${extra}`, '<PhoneBook><type>TEAM</type></PhoneBook>');
    assert.deepEqual(namesOf(await api.read('agentC', '/User/agentC/PhoneBooks')), ['Everyone', 'Team B only']);
    await api.change('DELETE', `/PhoneBook/${extra}`);
    await api.change('PUT', '/Team/1/PhoneBooks', `<PhoneBooks><PhoneBook><uri>/finesse/api/PhoneBook/${ids.teamA}</uri></PhoneBook></PhoneBooks>`);
    assert.deepEqual(namesOf(await api.read('agentA', '/User/agentA/PhoneBooks')), ['Everyone', 'Team A only']);
  });
});

describe('GET /PhoneBook/{id}/Contacts as an agent: only books he may read; ids cannot be probed', () => {
  test("his GLOBAL and team books are readable; another team's, an unassigned one and an unknown id answer alike", async () => {
    const numbers = async (actor: string, pb: string) => (await api.read(actor, `/PhoneBook/${pb}/Contacts`)).children.map((c) => leaves(c).phoneNumber);
    assert.deepEqual(await numbers('agentA', ids.global!), ['100', '101']);
    assert.deepEqual(await numbers('agentA', ids.teamA!), ['200']);
    assert.deepEqual(await numbers('supervisorB', ids.teamB!), ['300']);
    for (const pb of [ids.teamB!, ids.unassigned!, '4040']) {
      assertApiError(await api.call('agentA', 'GET', `/PhoneBook/${pb}/Contacts`), 404, 'Not Found', { data: pb, message: 'Invalid phone book id specified' });
    }
    // Administrators read any book's contacts.
    assert.deepEqual(await numbers('admin', ids.teamB!), ['300']);
  });

  test('the admin-only contact paths stay 401 for agents, whether the book is theirs or not', async () => {
    assertApiError(await api.call('agentA', 'GET', `/PhoneBook/${ids.global}/Contact/1`), 401, 'Authorization Failure');
    assertApiError(await api.call('agentA', 'GET', `/PhoneBook/${ids.teamB}`), 401, 'Authorization Failure');
    assertApiError(await api.call('agentA', 'GET', '/PhoneBook/4040'), 401, 'Authorization Failure');
  });
});

describe('GET /TeamResource/{team}/PhoneBooks', () => {
  const teamResource = (actor: string, team: string, range?: string) =>
    request(server.baseUrl, 'GET', `/finesse/api/TeamResource/${team}/PhoneBooks`, { user: actor, ...(range ? { headers: { range } } : {}) });

  test("members read the team's books with contacts in <Contacts>; Range cuts them (206); a bad Range is 416", async () => {
    const r = await teamResource('agentA', '1');
    assert.equal(r.status, 200, r.body);
    const list = parseXml(r.body);
    assert.deepEqual(namesOf(list), ['Everyone', 'Team A only']);
    assert.deepEqual(numbersIn(list.children[0]!, 'Contacts'), ['100', '101']);
    const cut = await teamResource('agentA', '1', 'objects=1-2');
    assert.equal(cut.status, 206);
    assert.deepEqual(
      parseXml(cut.body).children.map((b) => numbersIn(b, 'Contacts')),
      [['100', '101'], []],
    );
    assert.equal((await teamResource('agentA', '1', 'objects=1-3')).status, 200);
    assertApiError(await teamResource('agentA', '1', 'objects=1-6001'), 416, 'Range Not Satisfiable');
    assertApiError(await teamResource('agentA', '1', 'bytes=0-10'), 416, 'Range Not Satisfiable');
  });

  test('another team (or one that does not exist) is 401 for an agent; an administrator reads any and gets 404 for none', async () => {
    assertApiError(await teamResource('agentA', '2'), 401, 'Authorization Failure', { data: 'agentA' });
    assertApiError(await teamResource('agentA', '999'), 401, 'Authorization Failure', { data: 'agentA' });
    assert.deepEqual(namesOf(parseXml((await teamResource('admin', '2')).body)), ['Everyone', 'Team B only']);
    assertApiError(await teamResource('admin', '999'), 404, 'Not Found', { data: '999' });
  });
});
