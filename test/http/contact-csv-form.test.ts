/**
 * The multipart form of the CSV import (POST …/Contacts/csvFileContent, admin reference §6.4) as
 * @fastify/multipart reads it: one file per form, a form without one, a body that is not multipart as
 * its Content-Type says, and a file over the import limit. Each is refused with an ApiError and the book
 * keeps its contacts; other routes still parse their bodies as before.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { configTestServer } from '../support/config-api.js';
import { request } from '../support/http.js';
import { createBook, csvOf, uploadCsv } from '../support/phone-books.js';
import { assertApiError, leaves } from '../support/xml.js';

const suite = configTestServer();

const BOUNDARY = 'form-boundary';
const filePart = (name: string, csv: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"; filename="${name}.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n`;
const fieldPart = (name: string, value: string) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;

function postForm(pb: string, body: string, contentType = `multipart/form-data; boundary=${BOUNDARY}`) {
  return request(suite.server.baseUrl, 'POST', `/finesse/api/PhoneBook/${pb}/Contacts/csvFileContent`, {
    user: 'admin',
    body,
    headers: { 'content-type': contentType },
  });
}

const numbersOf = async (pb: string) => (await suite.api.read('admin', `/PhoneBook/${pb}/Contacts`)).children.map((c) => leaves(c).phoneNumber);

describe('CSV import as multipart/form-data', () => {
  test('a form with two files is refused (400 Invalid Input, datafile), even when one is datafile; nothing changes', async () => {
    const pb = await createBook(suite.api, 'Two files', 'TEAM');
    assert.equal((await uploadCsv(suite.server.baseUrl, pb, csvOf(2))).status, 202);
    const before = await numbersOf(pb);
    for (const names of [
      ['datafile', 'other'],
      ['first', 'second'],
    ]) {
      const body = `${fieldPart('phonebook', '')}${filePart(names[0]!, csvOf(3, 'A'))}${filePart(names[1]!, csvOf(4, 'B'))}--${BOUNDARY}--\r\n`;
      assertApiError(await postForm(pb, body), 400, 'Invalid Input', { data: 'datafile', message: /one file/ });
    }
    assert.deepEqual(await numbersOf(pb), before);
  });

  test('a form with no file, or with no part at all, is refused (400 Invalid Input, datafile)', async () => {
    const pb = await createBook(suite.api, 'No file', 'TEAM');
    assert.equal((await uploadCsv(suite.server.baseUrl, pb, csvOf(2))).status, 202);
    const before = await numbersOf(pb);
    for (const body of [`${fieldPart('phonebook', pb)}--${BOUNDARY}--\r\n`, `--${BOUNDARY}--\r\n`]) {
      assertApiError(await postForm(pb, body), 400, 'Invalid Input', { data: 'datafile', message: 'The form has no file part "datafile"' });
    }
    assert.deepEqual(await numbersOf(pb), before);
    // The file's text as a field named datafile is the file.
    assert.equal((await postForm(pb, `${fieldPart('datafile', csvOf(5))}--${BOUNDARY}--\r\n`)).status, 202);
    assert.equal((await numbersOf(pb)).length, 5);
  });

  test('a body that is not multipart as its Content-Type says is 400 Bad Request; nothing changes', async () => {
    const pb = await createBook(suite.api, 'Malformed', 'TEAM');
    assert.equal((await uploadCsv(suite.server.baseUrl, pb, csvOf(2))).status, 202);
    const before = await numbersOf(pb);
    const truncated = `${filePart('datafile', csvOf(3))}`.slice(0, -10);
    const cases: [string, string][] = [
      [truncated, `multipart/form-data; boundary=${BOUNDARY}`],
      [`${filePart('datafile', csvOf(3))}--${BOUNDARY}--\r\n`, 'multipart/form-data'],
      [
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="datafile"; filename="a.csv"\r\nno blank line after the headers`,
        `multipart/form-data; boundary=${BOUNDARY}`,
      ],
    ];
    for (const [body, contentType] of cases) {
      assertApiError(await postForm(pb, body, contentType), 400, 'Bad Request', { message: /^The multipart body is malformed: / });
    }
    assert.deepEqual(await numbersOf(pb), before);
  });

  test('a file over the import limit (16 MiB) is 413 Request Entity Too Large; nothing changes', async () => {
    const pb = await createBook(suite.api, 'Too large', 'TEAM');
    assert.equal((await uploadCsv(suite.server.baseUrl, pb, csvOf(2))).status, 202);
    const before = await numbersOf(pb);
    const huge = `${csvOf(1)}"${'x'.repeat(16 * 1024 * 1024)}"\r\n`;
    assertApiError(await postForm(pb, `${filePart('datafile', huge)}--${BOUNDARY}--\r\n`), 413, 'Request Entity Too Large');
    assert.deepEqual(await numbersOf(pb), before);
  });

  test('other routes parse their bodies as before: a multipart body elsewhere is 415', async () => {
    const response = await request(suite.server.baseUrl, 'POST', '/finesse/api/PhoneBook', {
      user: 'admin',
      body: `${fieldPart('name', 'x')}--${BOUNDARY}--\r\n`,
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    });
    assertApiError(response, 415, 'Unsupported Media Type');
  });
});
