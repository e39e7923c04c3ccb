/**
 * The Contact configuration API (admin reference §6.3) and the bulk import/export (§6.4): create (200 +
 * Location), read, partial update, delete; the field rules (phone number 1–32, the others ≤ 128); the
 * limits (6000 per book, 50 000 in the system); CSV import that replaces a book's contacts, all or
 * nothing (a bad line is named and nothing is imported); export and its round trip; roles.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ConfigApi } from '../support/config-api.js';
import { configApi } from '../support/config-api.js';
import { freshServer } from '../support/fresh.js';
import { request } from '../support/http.js';
import { CSV_HEADER, contact, createBook, csvOf, uploadCsv } from '../support/phone-books.js';
import type { TestServer } from '../support/server.js';
import { assertApiError, childNames, leaves } from '../support/xml.js';

let server: TestServer;
let api: ConfigApi;
before(async () => {
  server = await freshServer();
  api = configApi(server.baseUrl);
});
after(() => server.stop());

const numbersOf = async (pb: string) => (await api.read('admin', `/PhoneBook/${pb}/Contacts`)).children.map((c) => leaves(c).phoneNumber);
const exportOf = (pb: string, actor = 'admin') => request(server.baseUrl, 'GET', `/finesse/api/PhoneBook/${pb}/Contacts/csvFileContent`, { user: actor });

describe('Contact create, read, update, delete', () => {
  test('create: 200 + Location; read with uri and the four fields; partial update; delete', async () => {
    const pb = await createBook(api, 'Contacts CRUD', 'GLOBAL');
    const id = await api.create(`/PhoneBook/${pb}/Contact`, contact({ firstName: 'Amanda', lastName: 'Cohen', phoneNumber: '6511234', description: 'Sales' }));
    const read = await api.read('admin', `/PhoneBook/${pb}/Contact/${id}`);
    assert.deepEqual(childNames(read), ['uri', 'firstName', 'lastName', 'phoneNumber', 'description']);
    assert.deepEqual(leaves(read), {
      uri: `/finesse/api/PhoneBook/${pb}/Contact/${id}`,
      firstName: 'Amanda',
      lastName: 'Cohen',
      phoneNumber: '6511234',
      description: 'Sales',
    });
    const list = await api.read('admin', `/PhoneBook/${pb}/Contacts`);
    assert.equal(list.name, 'Contacts');
    assert.deepEqual(
      list.children.map((c) => leaves(c).uri),
      [`/finesse/api/PhoneBook/${pb}/Contact/${id}`],
    );
    await api.change('PUT', `/PhoneBook/${pb}/Contact/${id}`, contact({ uri: `/finesse/api/PhoneBook/${pb}/Contact/${id}`, description: 'Partner' }));
    assert.deepEqual(leaves(await api.read('admin', `/PhoneBook/${pb}/Contact/${id}`)).description, 'Partner');
    assert.deepEqual(leaves(await api.read('admin', `/PhoneBook/${pb}/Contact/${id}`)).firstName, 'Amanda');
    await api.change('DELETE', `/PhoneBook/${pb}/Contact/${id}`);
    assertApiError(await api.call('admin', 'GET', `/PhoneBook/${pb}/Contact/${id}`), 404, 'Not Found', { data: id });
    assert.deepEqual(await numbersOf(pb), []);
  });

  test('only the phone number is required; empty optional fields read as empty elements', async () => {
    const pb = await createBook(api, 'Minimal', 'TEAM');
    const id = await api.create(`/PhoneBook/${pb}/Contact`, contact({ phoneNumber: '1' }));
    assert.deepEqual(leaves(await api.read('admin', `/PhoneBook/${pb}/Contact/${id}`)), {
      uri: `/finesse/api/PhoneBook/${pb}/Contact/${id}`,
      firstName: '',
      lastName: '',
      phoneNumber: '1',
      description: '',
    });
  });

  test('404 for an unknown book or a contact of another book (before the body); 400s for bad fields; nothing changes', async () => {
    const pb = await createBook(api, 'Errors', 'TEAM');
    const other = await createBook(api, 'Errors other', 'TEAM');
    const id = await api.create(`/PhoneBook/${pb}/Contact`, contact({ phoneNumber: '100' }));
    assertApiError(await api.call('admin', 'POST', '/PhoneBook/4040/Contact', '<Nonsense/>'), 404, 'Not Found', { data: '4040' });
    assertApiError(await api.call('admin', 'GET', '/PhoneBook/4040/Contacts'), 404, 'Not Found', { data: '4040' });
    assertApiError(await api.call('admin', 'GET', `/PhoneBook/${other}/Contact/${id}`), 404, 'Not Found', { data: id });
    assertApiError(await api.call('admin', 'PUT', `/PhoneBook/${other}/Contact/${id}`, contact({ phoneNumber: '2' })), 404, 'Not Found');
    assertApiError(await api.call('admin', 'DELETE', `/PhoneBook/${other}/Contact/${id}`), 404, 'Not Found');
    assertApiError(await api.call('admin', 'POST', `/PhoneBook/${pb}/Contact`, contact({ firstName: 'No number' })), 400, 'Bad Request', {
      data: 'phoneNumber',
    });
    assertApiError(await api.call('admin', 'POST', `/PhoneBook/${pb}/Contact`, contact({ phoneNumber: '9'.repeat(33) })), 400, 'Bad Request', {
      data: 'phoneNumber',
    });
    for (const field of ['firstName', 'lastName', 'description']) {
      assertApiError(await api.call('admin', 'POST', `/PhoneBook/${pb}/Contact`, contact({ phoneNumber: '1', [field]: 'x'.repeat(129) })), 400, 'Bad Request', {
        data: field,
      });
    }
    assertApiError(await api.call('admin', 'PUT', `/PhoneBook/${pb}/Contact/${id}`, contact({ uri: 'x' })), 400, 'Invalid Input');
    assertApiError(await api.call('admin', 'PUT', `/PhoneBook/${pb}/Contact/${id}`, contact({ phoneNumber: '' })), 400, 'Bad Request', { data: 'phoneNumber' });
    assert.deepEqual(await numbersOf(pb), ['100']);
    // The longest values pass.
    await api.create(`/PhoneBook/${pb}/Contact`, contact({ phoneNumber: '9'.repeat(32), firstName: 'é'.repeat(128), description: 'd'.repeat(128) }));
  });
});

describe('CSV import (POST …/Contacts/csvFileContent) and export (GET)', () => {
  test('a good file replaces the book: 202, the rows in order; quoted commas, quotes and line breaks survive; export round trip', async () => {
    const pb = await createBook(api, 'Imported', 'GLOBAL');
    await api.create(`/PhoneBook/${pb}/Contact`, contact({ phoneNumber: 'old' }));
    const csv = `${CSV_HEADER}"Ann","Lee","100","VIP, call ""first"""\r\n"","","200",""\r\n"Multi","Line","300","a\r\nb"\r\n`;
    const r = await uploadCsv(server.baseUrl, pb, csv);
    assert.equal(r.status, 202, r.body);
    assert.equal(r.body, '');
    assert.deepEqual(await numbersOf(pb), ['100', '200', '300']);
    const first = (await api.read('admin', `/PhoneBook/${pb}/Contacts`)).children[0]!;
    assert.equal(leaves(first).description, 'VIP, call "first"');
    const exported = await exportOf(pb);
    assert.equal(exported.status, 200);
    assert.match(exported.headers.get('content-type') ?? '', /^text\/csv/);
    assert.equal(exported.body, csv);
    // The export imports again to the same contacts (plain text/csv body works too).
    const again = await request(server.baseUrl, 'POST', `/finesse/api/PhoneBook/${pb}/Contacts/csvFileContent`, {
      user: 'admin',
      body: exported.body,
      headers: { 'content-type': 'text/csv' },
    });
    assert.equal(again.status, 202, again.body);
    assert.equal((await exportOf(pb)).body, csv);
  });

  test('one bad line imports nothing and names the line (400 Invalid Input); the book keeps its contacts', async () => {
    const pb = await createBook(api, 'Bad files', 'TEAM');
    assert.equal((await uploadCsv(server.baseUrl, pb, csvOf(3))).status, 202);
    const before = await numbersOf(pb);
    const cases: [string, string][] = [
      [`${CSV_HEADER}"a","b","1",""\r\n"c","d","","no number"\r\n`, '3'],
      [`${CSV_HEADER}"a","b","1",""\r\n"a","b","${'9'.repeat(33)}",""\r\n`, '3'],
      [`${CSV_HEADER}"a","b","1"\r\n`, '2'],
      [`${CSV_HEADER}"a","b","1","",""\r\n`, '2'],
      [`${CSV_HEADER}"a","b","1","${'n'.repeat(129)}"\r\n`, '2'],
      [`${CSV_HEADER}"a","b","1",""\r\n"open,"2",""\r\n`, '3'],
      ['"Name","Number"\r\n"a","1"\r\n', '1'],
    ];
    for (const [csv, line] of cases) {
      assertApiError(await uploadCsv(server.baseUrl, pb, csv), 400, 'Invalid Input', { data: line, message: new RegExp(`^Line ${line}: `) });
    }
    // A form without the file: no part `datafile` and no file part.
    const form = await request(server.baseUrl, 'POST', `/finesse/api/PhoneBook/${pb}/Contacts/csvFileContent`, {
      user: 'admin',
      body: '--b\r\nContent-Disposition: form-data; name="phonebook"\r\n\r\n\r\n--b--\r\n',
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
    });
    assertApiError(form, 400, 'Invalid Input', { data: 'datafile' });
    // Another name for the one file part is taken as the file.
    assert.equal((await uploadCsv(server.baseUrl, pb, csvOf(3), 'admin', 'file')).status, 202);
    assertApiError(await uploadCsv(server.baseUrl, '4040', csvOf(1)), 404, 'Not Found', { data: '4040' });
    const json = await request(server.baseUrl, 'POST', `/finesse/api/PhoneBook/${pb}/Contacts/csvFileContent`, {
      user: 'admin',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    assertApiError(json, 415, 'Unsupported Media Type');
    assert.deepEqual(await numbersOf(pb), before);
  });

  test('a header alone empties the book; the XML import (PUT …/Contacts) replaces too', async () => {
    const pb = await createBook(api, 'Emptied', 'TEAM');
    assert.equal((await uploadCsv(server.baseUrl, pb, csvOf(2))).status, 202);
    assert.equal((await uploadCsv(server.baseUrl, pb, CSV_HEADER)).status, 202);
    assert.deepEqual(await numbersOf(pb), []);
    await api.change(
      'PUT',
      `/PhoneBook/${pb}/Contacts`,
      `<Contacts>${contact({ phoneNumber: '7' })}${contact({ phoneNumber: '8', lastName: 'X' })}</Contacts>`,
    );
    assert.deepEqual(await numbersOf(pb), ['7', '8']);
    const bad = `<Contacts>${contact({ phoneNumber: '9' })}${contact({ firstName: 'none' })}</Contacts>`;
    assertApiError(await api.call('admin', 'PUT', `/PhoneBook/${pb}/Contacts`, bad), 400, 'Invalid Input', { data: '2', message: /^Contact 2: / });
    assert.deepEqual(await numbersOf(pb), ['7', '8']);
  });

  test('agents and supervisors: 401 on contact changes, import and export; nothing changes', async () => {
    const pb = await createBook(api, 'Admin contacts', 'GLOBAL');
    const id = await api.create(`/PhoneBook/${pb}/Contact`, contact({ phoneNumber: '55' }));
    for (const actor of ['agentA', 'supervisorA']) {
      assertApiError(await api.call(actor, 'POST', `/PhoneBook/${pb}/Contact`, contact({ phoneNumber: '1' })), 401, 'Authorization Failure', { data: actor });
      assertApiError(await api.call(actor, 'GET', `/PhoneBook/${pb}/Contact/${id}`), 401, 'Authorization Failure');
      assertApiError(await api.call(actor, 'PUT', `/PhoneBook/${pb}/Contact/${id}`, contact({ phoneNumber: '1' })), 401, 'Authorization Failure');
      assertApiError(await api.call(actor, 'DELETE', `/PhoneBook/${pb}/Contact/${id}`), 401, 'Authorization Failure');
      assertApiError(await api.call(actor, 'PUT', `/PhoneBook/${pb}/Contacts`, '<Contacts/>'), 401, 'Authorization Failure');
      assertApiError(await uploadCsv(server.baseUrl, pb, CSV_HEADER, actor), 401, 'Authorization Failure');
      assertApiError(await exportOf(pb, actor), 401, 'Authorization Failure');
    }
    assert.deepEqual(await numbersOf(pb), ['55']);
  });
});

describe('Contact limits: 6000 per book, 50 000 in the system → 400 Maximum Exceeded', () => {
  test('6000 import, 6001 do not; the 6001st single contact is refused; the system holds at most 50 000', async () => {
    const fresh = await freshServer();
    try {
      const own = configApi(fresh.baseUrl);
      const full = await createBook(own, 'Full', 'GLOBAL');
      assertApiError(await uploadCsv(fresh.baseUrl, full, csvOf(6001)), 400, 'Maximum Exceeded', { data: '6000' });
      assert.equal((await fresh.store.countContacts()).get(full) ?? 0, 0);
      assert.equal((await uploadCsv(fresh.baseUrl, full, csvOf(6000))).status, 202);
      assertApiError(await own.call('admin', 'POST', `/PhoneBook/${full}/Contact`, contact({ phoneNumber: '1' })), 400, 'Maximum Exceeded', { data: '6000' });
      for (let i = 2; i <= 8; i++) {
        const pb = await createBook(own, `Full ${i}`, 'TEAM');
        assert.equal((await uploadCsv(fresh.baseUrl, pb, csvOf(6000))).status, 202);
      }
      const last = await createBook(own, 'Last', 'TEAM');
      assertApiError(await uploadCsv(fresh.baseUrl, last, csvOf(2001)), 400, 'Maximum Exceeded', { data: '50000' });
      assert.equal((await uploadCsv(fresh.baseUrl, last, csvOf(2000))).status, 202);
      assertApiError(await own.call('admin', 'POST', `/PhoneBook/${last}/Contact`, contact({ phoneNumber: '1' })), 400, 'Maximum Exceeded', { data: '50000' });
      // Replacing a book counts its old contacts out.
      assert.equal((await uploadCsv(fresh.baseUrl, full, csvOf(6000, 'R'))).status, 202);
      let total = 0;
      for (const n of (await fresh.store.countContacts()).values()) total += n;
      assert.equal(total, 50_000);
    } finally {
      await fresh.stop();
    }
  });
});
