/**
 * Reason-code uniqueness under concurrent creates on one server (the database's unique indexes hold it
 * across servers too: test/store/two-servers.test.ts): exactly one create of a code value, or of a global
 * label, wins; the others get the rule's 400 Finesse API Error and nothing else is stored.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { configTestServer, xmlObject } from '../support/config-api.js';
import { assertApiError, leaves } from '../support/xml.js';

const suite = configTestServer();
const { api } = suite;
const RACERS = 6;

const create = (fields: Record<string, string | number | boolean>) =>
  api.call('admin', 'POST', '/ReasonCode', xmlObject('ReasonCode', { category: 'NOT_READY', forAll: true, ...fields }));
const configured = async () => (await api.read('admin', '/ReasonCodes?category=NOT_READY')).children.map((c) => leaves(c));

describe('concurrent creates of one reason code', () => {
  test('of one code value: exactly one wins, the others are 400 Finesse API Error naming the code', async () => {
    const results = await Promise.all(Array.from({ length: RACERS }, (_, i) => create({ code: 310, label: `Race ${i}` })));
    assert.deepEqual(results.map((r) => r.status).sort(), [200, ...Array(RACERS - 1).fill(400)]);
    for (const lost of results.filter((r) => r.status === 400)) {
      assertApiError(lost, 400, 'Finesse API Error', { data: '310', message: 'A NOT_READY reason code with the code 310 already exists' });
    }
    assert.equal((await configured()).filter((c) => c.code === '310').length, 1);
  });

  test('of one global label: exactly one wins; team codes may share a label', async () => {
    const results = await Promise.all(Array.from({ length: RACERS }, (_, i) => create({ code: 320 + i, label: 'Same label' })));
    assert.deepEqual(results.map((r) => r.status).sort(), [200, ...Array(RACERS - 1).fill(400)]);
    for (const lost of results.filter((r) => r.status === 400)) assertApiError(lost, 400, 'Finesse API Error', { data: 'Same label' });
    assert.equal((await configured()).filter((c) => c.label === 'Same label').length, 1);
    const team = await Promise.all(Array.from({ length: RACERS }, (_, i) => create({ code: 330 + i, label: 'Team label', forAll: false })));
    assert.deepEqual(
      team.map((r) => r.status),
      Array(RACERS).fill(200),
    );
  });
});
