/**
 * Team assignments of reason codes and wrap-up reasons (admin reference §9, §15.3–§15.5): what GET lists,
 * PUT replacing the team's list, the agent-facing reads following at once (global + the team's items),
 * the documented errors (nothing changes), cascade on delete, and agents keeping a deleted code.
 * Demo data: team 1 (agentA, agentB, supervisorA) has NOT_READY 4 "Training"; team 2 (agentC,
 * supervisorB) has LOGOUT 7 "System Issue" and wrap-up reason 4 "Escalated".
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { configTestServer, xmlObject } from '../support/config-api.js';
import { setState } from '../support/http.js';
import { assertApiError, leaves, parseXml } from '../support/xml.js';

const suite = configTestServer();
const { api } = suite;

const INVALID_TEAM = 'finesse.api.team.team_assignment_invalid_team';
const ids = async (actor: string, path: string) => (await api.read(actor, path)).children.map((c) => leaves(c).id ?? leaves(c).uri?.split('/').pop());
const teamCodes = (team: string, category: string) => ids('admin', `/Team/${team}/ReasonCodes?category=${category}`);
const teamWrapUps = (team: string) => ids('admin', `/Team/${team}/WrapUpReasons`);
const agentCodes = (user: string, category: string) => ids(user, `/User/${user}/ReasonCodes?category=${category}`);
const agentWrapUps = (user: string) => ids(user, `/User/${user}/WrapUpReasons`);
const codeList = (...uris: string[]) => `<ReasonCodes>${uris.map((u) => `<ReasonCode><uri>${u}</uri></ReasonCode>`).join('')}</ReasonCodes>`;
const codes = (...idList: string[]) => codeList(...idList.map((id) => `/finesse/api/ReasonCode/${id}`));
const wrapUps = (...idList: string[]) =>
  `<WrapUpReasons>${idList.map((id) => `<WrapUpReason><uri>/finesse/api/WrapUpReason/${id}</uri></WrapUpReason>`).join('')}</WrapUpReasons>`;
const teamCode = (category: string, code: number, label: string) =>
  api.create('/ReasonCode', xmlObject('ReasonCode', { category, code, label, forAll: false }));
const teamWrapUp = (label: string) => api.create('/WrapUpReason', xmlObject('WrapUpReason', { label, forAll: false }));
const snapshot = async () =>
  [(await api.call('admin', 'GET', '/ReasonCodes?category=ALL')).body, (await api.call('admin', 'GET', '/WrapUpReasons')).body].join('\n');

describe('GET /finesse/api/Team/{id}/ReasonCodes and /WrapUpReasons', () => {
  test('the team items assigned to the team, full objects (global items apply to every team and are not listed)', async () => {
    const list = await api.read('admin', '/Team/1/ReasonCodes?category=NOT_READY');
    assert.equal(list.name, 'ReasonCodes');
    assert.deepEqual(list.attributes, {});
    assert.deepEqual(leaves(list.children[0]!), {
      uri: '/finesse/api/ReasonCode/4',
      id: '4',
      category: 'NOT_READY',
      code: '13',
      label: 'Training',
      forAll: 'false',
      systemCode: 'false',
    });
    assert.deepEqual(await teamCodes('1', 'NOT_READY'), ['4']);
    assert.deepEqual(await teamCodes('1', 'LOGOUT'), []);
    assert.deepEqual(await teamCodes('2', 'ALL'), ['7']);
    const w = await api.read('admin', '/Team/2/WrapUpReasons');
    assert.equal(w.name, 'WrapUpReasons');
    assert.deepEqual(leaves(w.children[0]!), { uri: '/finesse/api/WrapUpReason/4', label: 'Escalated', forAll: 'false' });
    assert.deepEqual(await teamWrapUps('1'), []);
  });

  test(`an unknown team → 404 ${INVALID_TEAM} (ErrorData = the team id); the category is required`, async () => {
    assertApiError(await api.call('admin', 'GET', '/Team/99/ReasonCodes?category=NOT_READY'), 404, INVALID_TEAM, {
      data: '99',
      message: /This is not a valid team/,
    });
    assertApiError(await api.call('admin', 'GET', '/Team/99/WrapUpReasons'), 404, INVALID_TEAM, { data: '99' });
    assertApiError(await api.call('admin', 'GET', '/Team/1/ReasonCodes'), 400, 'Bad Request', { data: 'category' });
  });
});

describe('PUT /finesse/api/Team/{id}/ReasonCodes?category=', () => {
  test("assigning gives the team's agents the code at once, through every agent-facing read; 200 with an empty body", async () => {
    const id = await teamCode('NOT_READY', 501, 'Coaching');
    assert.ok(!(await agentCodes('agentC', 'NOT_READY')).includes(id));
    await api.change('PUT', '/Team/2/ReasonCodes?category=NOT_READY', codes(id));
    assert.deepEqual(await teamCodes('2', 'NOT_READY'), [id]);
    assert.deepEqual(await agentCodes('agentC', 'NOT_READY'), ['1', '2', '3', id]);
    assert.equal(leaves(await api.read('agentC', `/User/agentC/ReasonCode/${id}`)).label, 'Coaching');
    assert.equal(leaves(await api.read('agentC', `/ReasonCode/${id}`)).label, 'Coaching');
    assert.ok(!(await agentCodes('agentA', 'NOT_READY')).includes(id));
    assertApiError(await api.call('agentA', 'GET', `/ReasonCode/${id}`), 404, 'Not Found');
    // The agent may now go NOT_READY with it.
    assert.equal((await setState(suite.server.baseUrl, 'agentC', 'agentC', '<User><state>LOGIN</state><extension>1004</extension></User>')).status, 202);
    assert.equal(
      (await setState(suite.server.baseUrl, 'agentC', 'agentC', `<User><state>NOT_READY</state><reasonCodeId>${id}</reasonCodeId></User>`)).status,
      202,
    );
    assert.equal(leaves(parseXml((await api.call('agentC', 'GET', '/User/agentC')).body)).reasonCodeId, id);
  });

  test('PUT replaces the whole list of the category: named codes gain the team, the others lose it; other categories untouched', async () => {
    const a = await teamCode('NOT_READY', 502, 'Replace A');
    const b = await teamCode('NOT_READY', 503, 'Replace B');
    const logout = await teamCode('LOGOUT', 504, 'Replace L');
    await api.change('PUT', '/Team/1/ReasonCodes?category=LOGOUT', codes(logout));
    await api.change('PUT', '/Team/1/ReasonCodes?category=NOT_READY', codes(a, '4'));
    assert.deepEqual(await teamCodes('1', 'NOT_READY'), ['4', a]);
    await api.change('PUT', '/Team/1/ReasonCodes?category=NOT_READY', codes(b, b));
    assert.deepEqual(await teamCodes('1', 'NOT_READY'), [b]);
    assert.deepEqual(await agentCodes('agentA', 'NOT_READY'), ['1', '2', '3', b]);
    assert.deepEqual(await teamCodes('1', 'LOGOUT'), [logout]);
    assert.ok((await agentCodes('agentB', 'LOGOUT')).includes(logout));
    // Another team's assignment of the same code is its own.
    await api.change('PUT', '/Team/2/ReasonCodes?category=NOT_READY', codes(b));
    assert.deepEqual(await teamCodes('1', 'NOT_READY'), [b]);
    // An empty collection clears; an absolute uri or an id alone name a code too.
    await api.change('PUT', '/Team/1/ReasonCodes?category=NOT_READY', '<ReasonCodes/>');
    assert.deepEqual(await teamCodes('1', 'NOT_READY'), []);
    assert.deepEqual(await agentCodes('agentA', 'NOT_READY'), ['1', '2', '3']);
    const absoluteAndId = `<ReasonCodes><ReasonCode><uri>https://fin1.example.com/finesse/api/ReasonCode/4</uri></ReasonCode><ReasonCode><id>${a}</id></ReasonCode></ReasonCodes>`;
    await api.change('PUT', '/Team/1/ReasonCodes?category=NOT_READY', absoluteAndId);
    assert.deepEqual(await teamCodes('1', 'NOT_READY'), ['4', a]);
  });

  test('refused, changing nothing: a global, unknown, system or other-category code → 400 Finesse API Error; a bad body or category → 400 Bad Request', async () => {
    const ok = await teamCode('LOGOUT', 505, 'Refusals');
    const before = await snapshot();
    const put = (category: string, body: string) => api.call('admin', 'PUT', `/Team/1/ReasonCodes?category=${category}`, body);
    assertApiError(await put('LOGOUT', codes(ok, '5')), 400, 'Finesse API Error', { data: '5' });
    assertApiError(await put('LOGOUT', codes(ok, '4040')), 400, 'Finesse API Error', { data: '4040' });
    assertApiError(await put('LOGOUT', codes('255')), 400, 'Finesse API Error', { data: '255' });
    assertApiError(await put('NOT_READY', codes(ok)), 400, 'Finesse API Error', { data: ok });
    assertApiError(await put('LOGOUT', codeList('/finesse/api/WrapUpReason/4')), 400, 'Bad Request');
    assertApiError(await put('LOGOUT', '<ReasonCodes><ReasonCode><label>x</label></ReasonCode></ReasonCodes>'), 400, 'Bad Request', { data: 'uri' });
    assertApiError(await put('LOGOUT', wrapUps('4')), 400, 'Bad Request');
    assertApiError(await put('ALL', codes(ok)), 400, 'Bad Request', { data: 'ALL' });
    assertApiError(await api.call('admin', 'PUT', '/Team/1/ReasonCodes', codes(ok)), 400, 'Bad Request', { data: 'category' });
    assertApiError(await api.call('admin', 'PUT', '/Team/99/ReasonCodes?category=LOGOUT', codes(ok)), 404, INVALID_TEAM, { data: '99' });
    assertApiError(await api.call('admin', 'PUT', '/Team/99/ReasonCodes?category=LOGOUT', 'not xml'), 400, 'Bad Request');
    assert.equal(await snapshot(), before);
  });
});

describe('PUT /finesse/api/Team/{id}/WrapUpReasons', () => {
  test("replaces the team's list; agents see the change at once; refusals change nothing", async () => {
    const id = await teamWrapUp('Follow-up');
    await api.change('PUT', '/Team/1/WrapUpReasons', wrapUps(id, '4'));
    assert.deepEqual(await teamWrapUps('1'), ['4', id]);
    assert.deepEqual(await agentWrapUps('agentA'), ['1', '2', '3', '4', id]);
    assert.equal(leaves(await api.read('agentA', '/User/agentA/WrapUpReason/4')).label, 'Escalated');
    assert.deepEqual(await teamWrapUps('2'), ['4']);
    await api.change('PUT', '/Team/1/WrapUpReasons', wrapUps(id));
    assert.deepEqual(await agentWrapUps('agentA'), ['1', '2', '3', id]);
    const before = await snapshot();
    assertApiError(await api.call('admin', 'PUT', '/Team/1/WrapUpReasons', wrapUps('1')), 400, 'Finesse API Error', { data: '1' });
    assertApiError(await api.call('admin', 'PUT', '/Team/1/WrapUpReasons', wrapUps('4', '4040')), 400, 'Finesse API Error', { data: '4040' });
    assertApiError(await api.call('admin', 'PUT', '/Team/1/WrapUpReasons', codes('4')), 400, 'Bad Request');
    assertApiError(await api.call('admin', 'PUT', '/Team/99/WrapUpReasons', wrapUps(id)), 404, INVALID_TEAM, { data: '99' });
    assert.equal(await snapshot(), before);
    await api.change('PUT', '/Team/1/WrapUpReasons', '<WrapUpReasons></WrapUpReasons>');
    assert.deepEqual(await agentWrapUps('agentA'), ['1', '2', '3']);
  });
});

describe('deleting, and changing forAll', () => {
  test('deleting a code drops it from every team assignment (cascade); agents no longer get it', async () => {
    const id = await teamCode('LOGOUT', 601, 'Cascade');
    await api.change('PUT', '/Team/1/ReasonCodes?category=LOGOUT', codes(id));
    await api.change('PUT', '/Team/2/ReasonCodes?category=LOGOUT', codes('7', id));
    await api.change('DELETE', `/ReasonCode/${id}`);
    assert.deepEqual(await teamCodes('1', 'LOGOUT'), []);
    assert.deepEqual(await teamCodes('2', 'LOGOUT'), ['7']);
    assert.ok(!(await agentCodes('agentC', 'LOGOUT')).includes(id));
    const w = await teamWrapUp('Cascade too');
    await api.change('PUT', '/Team/2/WrapUpReasons', wrapUps('4', w));
    await api.change('DELETE', `/WrapUpReason/${w}`);
    assert.deepEqual(await teamWrapUps('2'), ['4']);
  });

  test('an agent in a state with a deleted code keeps it; a later change with that code is refused (400 Invalid Input)', async () => {
    const id = await teamCode('NOT_READY', 602, 'Going away');
    await api.change('PUT', '/Team/1/ReasonCodes?category=NOT_READY', codes('4', id));
    assert.equal((await setState(suite.server.baseUrl, 'agentB', 'agentB', '<User><state>LOGIN</state><extension>1002</extension></User>')).status, 202);
    assert.equal(
      (await setState(suite.server.baseUrl, 'agentB', 'agentB', `<User><state>NOT_READY</state><reasonCodeId>${id}</reasonCodeId></User>`)).status,
      202,
    );
    await api.change('DELETE', `/ReasonCode/${id}`);
    const user = leaves(parseXml((await api.call('agentB', 'GET', '/User/agentB')).body));
    assert.deepEqual([user.state, user.reasonCodeId], ['NOT_READY', id]);
    assertApiError(
      await setState(suite.server.baseUrl, 'agentB', 'agentB', `<User><state>NOT_READY</state><reasonCodeId>${id}</reasonCodeId></User>`),
      400,
      'Invalid Input',
      {
        data: id,
      },
    );
  });

  test('changing forAll drops the assignments: made global it needs none, made team-only again it is assigned to no team', async () => {
    const id = await teamCode('NOT_READY', 603, 'Flip');
    await api.change('PUT', '/Team/2/ReasonCodes?category=NOT_READY', codes(id));
    await api.change('PUT', `/ReasonCode/${id}`, xmlObject('ReasonCode', { forAll: true }));
    assert.ok((await agentCodes('agentA', 'NOT_READY')).includes(id));
    assert.ok(!(await teamCodes('2', 'NOT_READY')).includes(id));
    await api.change('PUT', `/ReasonCode/${id}`, xmlObject('ReasonCode', { forAll: false }));
    assert.ok(!(await agentCodes('agentC', 'NOT_READY')).includes(id));
    assert.ok(!(await teamCodes('2', 'NOT_READY')).includes(id));
  });
});

describe('only administrators see and change team assignments', () => {
  for (const actor of ['agentA', 'supervisorA']) {
    test(`${actor}: GET and PUT → 401 Authorization Failure, nothing changes`, async () => {
      const before = await snapshot();
      const refused = { message: 'UNAUTHORIZED', data: actor };
      assertApiError(await api.call(actor, 'GET', '/Team/1/ReasonCodes?category=NOT_READY'), 401, 'Authorization Failure', refused);
      assertApiError(await api.call(actor, 'PUT', '/Team/1/ReasonCodes?category=NOT_READY', '<ReasonCodes/>'), 401, 'Authorization Failure', refused);
      assertApiError(await api.call(actor, 'GET', '/Team/1/WrapUpReasons'), 401, 'Authorization Failure', refused);
      assertApiError(await api.call(actor, 'PUT', '/Team/1/WrapUpReasons', '<WrapUpReasons/>'), 401, 'Authorization Failure', refused);
      assert.equal(await snapshot(), before);
    });
  }
});
