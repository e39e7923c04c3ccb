// finesse.restservices.User (gadget reference §3.4, §4.2) against this server's recorded answers and Updates.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtures, loaded, ORIGIN, RecordedFinesse, settle, updatesLabelled } from './finesse-rest-harness.js';
import { createRestServices } from '../../../src/desktop/src/gadgets/finesse-js/rest/index.js';
import type { User as UserType } from '../../../src/desktop/src/gadgets/finesse-js/rest/user.js';

const { User } = createRestServices();

const loadUser = (id = 'agentA', extra: Record<string, unknown> = {}) => loaded<UserType>((onLoad, onError) => new User({ id, onLoad, onError, ...extra }));

test('new User GETs /finesse/api/User/{id}?nocache=<ms> with Authorization and locale, then onLoad(user) and a hub subscription', async () => {
  const env = new RecordedFinesse();
  const before = Date.now();
  const user = await loadUser();
  const get = env.sent[0]!;
  assert.equal(get.method, 'GET');
  assert.equal(get.path, '/finesse/api/User/agentA');
  assert.ok(get.url.startsWith(`${ORIGIN}/finesse/api/User/agentA?nocache=`));
  assert.ok(Number(get.nocache) >= before && Number(get.nocache) <= Date.now());
  assert.deepEqual(get.headers, { Authorization: `Basic ${Buffer.from('agentA:demo').toString('base64')}`, locale: 'en_US' });
  assert.equal(get.body, undefined);
  assert.ok(user instanceof User);
  assert.equal(user.getRestUrl(), '/finesse/api/User/agentA');
  assert.deepEqual([...env.listeners.keys()], ['finesse.api.User.agentA']);
  assert.equal(user.getData(), user._data);
});

test('User getters read the recorded agent and supervisor', async () => {
  new RecordedFinesse();
  const agent = await loadUser();
  assert.deepEqual(
    [agent.getId(), agent.getLoginId(), agent.getLoginName(), agent.getFirstName(), agent.getLastName(), agent.getExtension(), agent.getState()],
    ['agentA', 'agentA', 'agentA', 'Alice', 'Archer', '1001', 'NOT_READY'],
  );
  assert.deepEqual([agent.getTeamId(), agent.getTeamName(), agent.getReasonCodeId(), agent.getPendingState()], ['1', 'Team A', '-1', '']);
  assert.equal(agent.getStateChangeTime(), '2026-01-01T09:00:00.000Z');
  assert.deepEqual(agent.getRoles(), ['Agent']);
  assert.equal(agent.hasSupervisorRole(), false);
  assert.equal(agent.hasAgentRole(), true);
  assert.deepEqual(agent.getSupervisedTeams(), []);
  assert.equal(agent.getReasonCode(), null);
  assert.deepEqual([agent.getWrapUpOnIncoming(), agent.getWrapUpOnOutgoing()], ['OPTIONAL', 'NOT_ALLOWED']);
  assert.equal(agent.isLoggedIn(), true);
  assert.equal(agent.isMobileAgent(), false);
  assert.deepEqual([agent.getMobileAgentMode(), agent.getMobileAgentDialNumber(), agent.getSkillTargetId(), agent.getMediaType()], ['', '', '', '1']);
  assert.equal(agent.hasAdminRole(), false);
  const supervisor = await loadUser('supervisorA');
  assert.deepEqual(supervisor.getRoles(), ['Agent', 'Supervisor']);
  assert.equal(supervisor.hasSupervisorRole(), true);
  assert.deepEqual(supervisor.getSupervisedTeams(), [{ id: '1', name: 'Team A' }]);
});

test('User.States names every state', () => {
  for (const s of [
    'LOGIN',
    'LOGOUT',
    'NOT_READY',
    'READY',
    'RESERVED',
    'RESERVED_OUTBOUND',
    'RESERVED_OUTBOUND_PREVIEW',
    'TALKING',
    'WORK',
    'WORK_READY',
    'HOLD',
  ]) {
    assert.equal((User.States as Record<string, string>)[s], s);
  }
});

test('each Update on the user node replaces the data and calls onChange; addHandler/removeHandler', async () => {
  const env = new RecordedFinesse();
  const states: string[] = [];
  const user = await loadUser('agentA', { onChange: (u: UserType) => states.push(`opt:${u.getState()}`) });
  const extra = (u: UserType) => states.push(`add:${u.getState()}`);
  user.addHandler('change', extra);
  env.deliverLabel('ready');
  env.deliverLabel('end-wrap-up');
  user.removeHandler('change', extra);
  env.deliverLabel('hangup');
  assert.deepEqual(states, ['opt:READY', 'add:READY', 'opt:NOT_READY', 'add:NOT_READY', 'opt:WORK_READY']);
  env.deliverLabel('end-wrap-up');
  assert.equal(user.getReasonCodeId(), '1');
  assert.equal(user.getReasonCode().label, 'Break');
});

test('setState PUTs <User><state> (with reasonCodeId) with requestId, Content-Type and Authorization; success gets the 202', async () => {
  const env = new RecordedFinesse();
  const user = await loadUser();
  const results: unknown[] = [];
  const requestId = user.setState(User.States.NOT_READY, '2', { success: (rsp) => results.push(rsp) });
  await settle();
  const put = env.lastSent();
  assert.equal(put.method, 'PUT');
  assert.equal(put.url, `${ORIGIN}/finesse/api/User/agentA`);
  assert.equal(put.nocache, null);
  assert.equal(put.body, '<User><state>NOT_READY</state><reasonCodeId>2</reasonCodeId></User>');
  assert.deepEqual(put.headers, {
    Authorization: `Basic ${Buffer.from('agentA:demo').toString('base64')}`,
    locale: 'en_US',
    requestId,
    'Content-Type': 'application/xml',
  });
  assert.match(requestId, /^[0-9a-f-]{36}$/);
  assert.deepEqual([...results], [{ status: 202, content: '', object: null }]);
  user.setState('READY', { success: () => results.push('ready ok') });
  user.setState('NOT_READY', { id: '3', label: 'Team Meeting' });
  user.logout('5');
  user.login('1001', { success: () => results.push('login ok') });
  await settle();
  assert.deepEqual(
    env.sent.slice(-4).map((r) => r.body),
    [
      '<User><state>READY</state></User>',
      '<User><state>NOT_READY</state><reasonCodeId>3</reasonCodeId></User>',
      '<User><state>LOGOUT</state><reasonCodeId>5</reasonCodeId></User>',
      '<User><state>LOGIN</state><extension>1001</extension></User>',
    ],
  );
  assert.deepEqual(results.slice(1), ['ready ok', 'login ok']);
});

test('a synchronous 400 calls error(rsp) at once with the ApiErrors object; handlers with only success, or none, do not throw', async () => {
  const env = new RecordedFinesse();
  const user = await loadUser();
  env.writeAnswer = fixtures.writes.invalidState!;
  const errors: any[] = [];
  user.setState('DANCING', null, { error: (rsp) => errors.push(rsp) });
  user.setState('DANCING', null, { success: () => errors.push('unexpected success') });
  user.setState('DANCING');
  await settle();
  assert.equal(errors.length, 1);
  assert.equal(errors[0].status, 400);
  assert.equal(errors[0].content, fixtures.writes.invalidState!.body);
  assert.deepEqual(errors[0].object.ApiErrors.ApiError, { ErrorType: 'Invalid Input', ErrorData: 'DANCING', ErrorMessage: 'Invalid State specified for user' });
  env.writeAnswer = fixtures.writes.accepted!;
  user.makeCall('5550100');
  user.makeCall('5550100', { error: () => undefined });
  await settle();
});

test('makeCall POSTs MAKE_CALL from the extension; the async apiErrors with its requestId → error({status: 400, ApiErrors…}) once', async () => {
  const env = new RecordedFinesse();
  const user = await loadUser();
  user.getDialogs();
  await settle();
  const outcome: any[] = [];
  const requestId = user.makeCall('5550100', { success: (rsp) => outcome.push(['success', rsp.status]), error: (rsp) => outcome.push(['error', rsp]) });
  await settle();
  const post = env.lastSent();
  assert.equal(post.method, 'POST');
  assert.equal(post.url, `${ORIGIN}/finesse/api/User/agentA/Dialogs`);
  assert.equal(post.body, '<Dialog><requestedAction>MAKE_CALL</requestedAction><fromAddress>1001</fromAddress><toAddress>5550100</toAddress></Dialog>');
  assert.equal(post.headers.requestId, requestId);
  const other = updatesLabelled('busy-call').at(-1)!;
  env.deliver(other);
  assert.deepEqual(outcome, [['success', 202]], 'an error for another requestId is not ours');
  const ours = other.text.replace('<requestId>busy-1</requestId>', `<requestId>${requestId}</requestId>`);
  env.deliver({ node: other.node, text: ours });
  env.deliver({ node: other.node, text: ours });
  assert.equal(outcome.length, 2);
  assert.deepEqual(outcome[1], [
    'error',
    { status: 400, content: ours, object: { ApiErrors: { ApiError: { ErrorData: '13', ErrorMessage: 'CF_DEVICE_BUSY', ErrorType: 'Device Busy' } } } },
  ]);
});

test('an async error that arrives before the 202 (the notification outran the proxy) still reaches error', async () => {
  const env = new RecordedFinesse();
  const user = await loadUser();
  user.getDialogs();
  await settle();
  const outcome: string[] = [];
  const requestId = user.makeCall('5550100', { success: () => outcome.push('success'), error: () => outcome.push('error') });
  const update = updatesLabelled('busy-call').at(-1)!;
  env.deliver({ node: update.node, text: update.text.replace('<requestId>busy-1</requestId>', `<requestId>${requestId}</requestId>`) });
  await settle();
  assert.deepEqual(outcome, ['error', 'success']);
});

test('the async error of setState arrives on the user node and is matched by requestId', async () => {
  const env = new RecordedFinesse();
  const user = await loadUser();
  const errors: any[] = [];
  const requestId = user.setState('READY', null, { error: (rsp) => errors.push(rsp) });
  await settle();
  const apiErrors = updatesLabelled('busy-call').at(-1)!.text.replace('busy-1', requestId);
  env.deliver({ node: '/finesse/api/User/agentA', text: apiErrors });
  assert.equal(errors.length, 1);
  assert.equal(errors[0].object.ApiErrors.ApiError.ErrorType, 'Device Busy');
  assert.equal(user.getState(), 'NOT_READY', 'an apiErrors Update is not user data');
});

test('a failed load calls onError with the response object', async () => {
  const env = new RecordedFinesse();
  env.answers['/finesse/api/User/nobody'] = fixtures.rest['/finesse/api/User/agentA/MediaList']!;
  const rsp: any = await new Promise((resolve) => new User({ id: 'nobody', onError: resolve }));
  assert.equal(rsp.status, 404);
  assert.equal(rsp.object.ApiErrors.ApiError.ErrorType, 'Not Found');
  assert.deepEqual([...env.listeners.keys()], []);
});

test('Bearer under SSO', async () => {
  const env = new RecordedFinesse({ systemAuthMode: 'SSO', authorization: '', authToken: 'sso-token' });
  await loadUser();
  assert.equal(env.sent[0]!.headers.Authorization, 'Bearer sso-token');
});
