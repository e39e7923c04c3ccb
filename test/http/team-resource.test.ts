/**
 * The reason codes and wrap-up reasons a team may use (admin reference §10):
 * `/TeamResource/{team}/ReasonCodes?category=NOT_READY|LOGOUT|ALL` and `/TeamResource/{team}/WrapUpReasons`,
 * for the team's members and administrators: the global items plus those assigned to the team (no system
 * codes), the same objects as the per-user lists; a configuration change shows on the next read.
 *
 * Demo data: NOT_READY 1–3 global, 4 (Training) team 1; LOGOUT 5–6 global, 7 (System Issue) team 2;
 * wrap-up reasons 1–3 global, 4 (Escalated) team 2.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { configTestServer } from '../support/config-api.js';
import type { XmlElement } from '../support/xml.js';
import { assertApiError, childNames, leaves } from '../support/xml.js';

const suite = configTestServer();
const { api } = suite;

const idsOf = (list: XmlElement) => list.children.map((c) => leaves(c).uri!.split('/').pop()!);
const codes = async (actor: string, team: string, category: string) => idsOf(await api.read(actor, `/TeamResource/${team}/ReasonCodes?category=${category}`));
const wrapUps = async (actor: string, team: string) => idsOf(await api.read(actor, `/TeamResource/${team}/WrapUpReasons`));

describe('GET /TeamResource/{team}/ReasonCodes', () => {
  test('global codes plus the team codes of the category, as the per-user list has them; no system codes', async () => {
    const list = await api.read('agentA', '/TeamResource/1/ReasonCodes?category=NOT_READY');
    assert.equal(list.name, 'ReasonCodes');
    assert.deepEqual(list.attributes, { category: 'NOT_READY' });
    assert.deepEqual(idsOf(list), ['1', '2', '3', '4']);
    assert.deepEqual(childNames(list.children[3]!), ['uri', 'category', 'code', 'label', 'forAll', 'systemCode', 'id']);
    assert.deepEqual(leaves(list.children[3]!), {
      uri: '/finesse/api/ReasonCode/4',
      category: 'NOT_READY',
      code: '13',
      label: 'Training',
      forAll: 'false',
      systemCode: 'false',
      id: '4',
    });
    const own = await api.call('agentA', 'GET', '/User/agentA/ReasonCodes?category=NOT_READY');
    assert.equal((await api.call('agentA', 'GET', '/TeamResource/1/ReasonCodes?category=NOT_READY')).body, own.body);
    assert.deepEqual(await codes('agentA', '1', 'LOGOUT'), ['5', '6']);
    assert.deepEqual(await codes('agentA', '1', 'ALL'), ['1', '2', '3', '4', '5', '6']);
    assert.deepEqual(await codes('agentC', '2', 'NOT_READY'), ['1', '2', '3']);
    assert.deepEqual(await codes('supervisorB', '2', 'LOGOUT'), ['5', '6', '7']);
    assert.deepEqual(await codes('admin', '2', 'ALL'), ['1', '2', '3', '5', '6', '7']);
  });

  test('missing category → 400 Parameter Missing; unknown category → 400 Invalid Input (as the per-user list)', async () => {
    assertApiError(await api.call('agentA', 'GET', '/TeamResource/1/ReasonCodes'), 400, 'Parameter Missing', { data: 'category' });
    assertApiError(await api.call('agentA', 'GET', '/TeamResource/1/ReasonCodes?category=BUSY'), 400, 'Invalid Input', { data: 'BUSY' });
  });

  test('a new team code, its assignment, a forAll change and a delete show on the next read', async () => {
    const id = await api.create(
      '/ReasonCode',
      '<ReasonCode><category>NOT_READY</category><code>77</code><label>Coaching</label><forAll>false</forAll></ReasonCode>',
    );
    assert.ok(!(await codes('agentC', '2', 'NOT_READY')).includes(id));
    await api.change(
      'PUT',
      '/Team/2/ReasonCodes?category=NOT_READY',
      `<ReasonCodes><ReasonCode><uri>/finesse/api/ReasonCode/${id}</uri></ReasonCode></ReasonCodes>`,
    );
    assert.deepEqual(await codes('agentC', '2', 'NOT_READY'), ['1', '2', '3', id]);
    assert.ok(!(await codes('agentA', '1', 'NOT_READY')).includes(id));
    await api.change('PUT', `/ReasonCode/${id}`, '<ReasonCode><forAll>true</forAll></ReasonCode>');
    assert.ok((await codes('agentA', '1', 'NOT_READY')).includes(id));
    await api.change('DELETE', `/ReasonCode/${id}`);
    assert.ok(!(await codes('agentA', '1', 'NOT_READY')).includes(id));
    assert.ok(!(await codes('agentC', '2', 'NOT_READY')).includes(id));
  });
});

describe('GET /TeamResource/{team}/WrapUpReasons', () => {
  test('global reasons plus the team reasons, with uri, label and forAll', async () => {
    const list = await api.read('agentC', '/TeamResource/2/WrapUpReasons');
    assert.equal(list.name, 'WrapUpReasons');
    assert.deepEqual(idsOf(list), ['1', '2', '3', '4']);
    assert.deepEqual(childNames(list.children[3]!), ['uri', 'label', 'forAll']);
    assert.deepEqual(leaves(list.children[3]!), { uri: '/finesse/api/WrapUpReason/4', label: 'Escalated', forAll: 'false' });
    assert.deepEqual(await wrapUps('agentA', '1'), ['1', '2', '3']);
    assert.deepEqual(await wrapUps('admin', '2'), ['1', '2', '3', '4']);
  });

  test('an assignment and a new global reason show on the next read', async () => {
    await api.change('PUT', '/Team/1/WrapUpReasons', '<WrapUpReasons><WrapUpReason><uri>/finesse/api/WrapUpReason/4</uri></WrapUpReason></WrapUpReasons>');
    assert.deepEqual(await wrapUps('agentB', '1'), ['1', '2', '3', '4']);
    const id = await api.create('/WrapUpReason', '<WrapUpReason><label>Callback promised</label><forAll>true</forAll></WrapUpReason>');
    assert.deepEqual(await wrapUps('agentB', '1'), ['1', '2', '3', '4', id]);
    await api.change('PUT', '/Team/1/WrapUpReasons', '<WrapUpReasons/>');
    await api.change('DELETE', `/WrapUpReason/${id}`);
    assert.deepEqual(await wrapUps('agentB', '1'), ['1', '2', '3']);
  });
});

describe('Who may read a TeamResource', () => {
  for (const path of ['ReasonCodes?category=ALL', 'WrapUpReasons']) {
    test(`${path}: another team (or one that does not exist) is 401 for an agent or supervisor; an administrator gets 404 for none`, async () => {
      assertApiError(await api.call('agentA', 'GET', `/TeamResource/2/${path}`), 401, 'Authorization Failure', { data: 'agentA', message: 'UNAUTHORIZED' });
      assertApiError(await api.call('supervisorA', 'GET', `/TeamResource/2/${path}`), 401, 'Authorization Failure', { data: 'supervisorA' });
      assertApiError(await api.call('agentA', 'GET', `/TeamResource/999/${path}`), 401, 'Authorization Failure', { data: 'agentA' });
      assertApiError(await api.call('admin', 'GET', `/TeamResource/999/${path}`), 404, 'Not Found', { data: '999' });
      assertApiError(await api.call('admin', 'PUT', `/TeamResource/1/${path}`, '<X/>'), 405, 'Method Not Allowed');
    });
  }

  test('the team check comes before the category check', async () => {
    assertApiError(await api.call('agentA', 'GET', '/TeamResource/2/ReasonCodes'), 401, 'Authorization Failure');
    assertApiError(await api.call('admin', 'GET', '/TeamResource/999/ReasonCodes'), 404, 'Not Found');
  });
});
