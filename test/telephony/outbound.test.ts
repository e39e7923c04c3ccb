import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { request } from '../support/http.js';
import { dialogAction, expectStatus, newDialog, signIn, startCallServer } from './support/calls.js';
import type { CallTestServer } from './support/calls.js';

let server: CallTestServer;
afterEach(() => server.stop());

const ACTIVE = 'HOLD,DROP,UPDATE_CALL_DATA,CONSULT_CALL,TRANSFER_SST,SEND_DTMF';
const makeCall = (user: string, from: string, to: string, requestId: string, extra = '') =>
  newDialog(server, user, `<requestedAction>MAKE_CALL</requestedAction><fromAddress>${from}</fromAddress><toAddress>${to}</toAddress>${extra}`, requestId);

test('outbound call to an external number from NOT_READY: dialing, ringing, answered after the delay, dropped', async () => {
  server = await startCallServer();
  await signIn(server, 'agentA', '1001', false);
  server.recorder.take();
  const r = await makeCall('agentA', '1001', '4085551234', 'out', '<mediaProperties><callvariables><CallVariable><name>callVariable2</name><value>acct-7</value></CallVariable></callvariables></mediaProperties>');
  assert.equal(r.status, 202);
  assert.equal(r.body, '');
  assert.deepEqual(server.recorder.take(), [
    'POST agentA D1 INITIATING 1001:INITIATING(DROP,UPDATE_CALL_DATA) [out]',
    'user agentA TALKING [out]',
    'PUT agentA D1 INITIATED 1001:INITIATED(DROP,UPDATE_CALL_DATA) [out]',
    'PUT agentA D1 ALERTING 1001:INITIATED(DROP,UPDATE_CALL_DATA) 4085551234:ALERTING(ANSWER) [out]',
  ]);
  server.clock.advance(2_000);
  assert.deepEqual(server.recorder.take(), [`PUT agentA D1 ACTIVE 1001:ACTIVE(${ACTIVE}) 4085551234:ACTIVE(${ACTIVE})`]);
  const dialog = await request(server.baseUrl, 'GET', `/finesse/api/Dialog/${server.recorder.realId('D1')}`, { user: 'agentA' });
  assert.match(dialog.body, /<callType>OUT<\/callType>/);
  assert.match(dialog.body, /<name>callVariable2<\/name><value>acct-7<\/value>/);
  await expectStatus(dialogAction(server, 'agentA', server.recorder.realId('D1'), '<requestedAction>DROP</requestedAction><targetMediaAddress>1001</targetMediaAddress>', 'd'), 202);
  // Team A: wrap-up on outgoing calls is NOT_ALLOWED, so straight back to NOT_READY.
  assert.deepEqual(server.recorder.take(), [
    `PUT agentA D1 DROPPED 1001:DROPPED() 4085551234:ACTIVE(${ACTIVE}) [d]`,
    'PUT agentA D1 DROPPED 1001:DROPPED() 4085551234:DROPPED() [d]',
    'DELETE agentA D1 [d]',
    'user agentA NOT_READY [d]',
  ]);
});

test('outbound call from READY puts the agent NOT_READY 50006 afterwards (CCE)', async () => {
  server = await startCallServer();
  await signIn(server, 'agentA', '1001');
  server.recorder.take();
  await expectStatus(makeCall('agentA', '1001', '4085551234', 'o'), 202);
  assert.equal(server.recorder.take()[1], 'user agentA TALKING [o]');
  await expectStatus(dialogAction(server, 'agentA', server.recorder.realId('D1'), '<requestedAction>DROP</requestedAction><targetMediaAddress>1001</targetMediaAddress>', 'd'), 202);
  assert.deepEqual(server.recorder.take().slice(-1), ['user agentA NOT_READY rc=50006 [d]']);
});

test('outbound call to a busy number and to an invalid number: FAILED and an asynchronous apiErrors', async () => {
  server = await startCallServer();
  await signIn(server, 'agentA', '1001', false);
  server.recorder.take();
  await expectStatus(makeCall('agentA', '1001', '5550100', 'busy'), 202);
  assert.deepEqual(server.recorder.take().slice(-2), ['PUT agentA D1 FAILED 1001:FAILED/BUSY(DROP) [busy]', 'ERROR agentA D1 Device Busy [busy]']);
  const error = server.recorder.publications.at(-1)!;
  assert.equal(error.node, '/finesse/api/User/agentA/Dialogs');
  assert.equal(
    error.update,
    `<Update><data><apiErrors><apiError><errorData>13</errorData><errorMessage>CF_DEVICE_BUSY</errorMessage><errorType>Device Busy</errorType></apiError></apiErrors></data><event>PUT</event><requestId>busy</requestId><source>/finesse/api/Dialog/${server.recorder.realId('D1')}</source></Update>`,
  );
  await expectStatus(dialogAction(server, 'agentA', server.recorder.realId('D1'), '<requestedAction>DROP</requestedAction><targetMediaAddress>1001</targetMediaAddress>', 'd'), 202);
  assert.deepEqual(server.recorder.take(), ['PUT agentA D1 DROPPED 1001:DROPPED() [d]', 'DELETE agentA D1 [d]', 'user agentA NOT_READY [d]']);

  await expectStatus(makeCall('agentA', '1001', '5550199', 'bad'), 202);
  assert.deepEqual(server.recorder.take().slice(-2), ['PUT agentA D2 FAILED 1001:FAILED/BAD_DESTINATION(DROP) [bad]', 'ERROR agentA D2 Invalid Destination [bad]']);
});

test('agent-to-agent call: agentB (READY) is reserved, answers, and agentA hangs up', async () => {
  server = await startCallServer();
  await signIn(server, 'agentA', '1001', false);
  await signIn(server, 'agentB', '1002');
  server.recorder.take();
  await expectStatus(makeCall('agentA', '1001', '1002', 'a2a'), 202);
  assert.deepEqual(server.recorder.take(), [
    'POST agentA D1 INITIATING 1001:INITIATING(DROP,UPDATE_CALL_DATA) [a2a]',
    'user agentA TALKING [a2a]',
    'PUT agentA D1 INITIATED 1001:INITIATED(DROP,UPDATE_CALL_DATA) [a2a]',
    'user agentB RESERVED [a2a]',
    'PUT agentA D1 ALERTING 1001:INITIATED(DROP,UPDATE_CALL_DATA) 1002:ALERTING(ANSWER) [a2a]',
    'POST agentB D1 ALERTING 1001:INITIATED(DROP,UPDATE_CALL_DATA) 1002:ALERTING(ANSWER) [a2a]',
  ]);
  const id = server.recorder.realId('D1');
  await expectStatus(dialogAction(server, 'agentB', id, '<requestedAction>ANSWER</requestedAction><targetMediaAddress>1002</targetMediaAddress>', 'ans'), 202);
  assert.deepEqual(server.recorder.take(), [
    `PUT agentA D1 ACTIVE 1001:ACTIVE(${ACTIVE}) 1002:ACTIVE(${ACTIVE}) [ans]`,
    `PUT agentB D1 ACTIVE 1001:ACTIVE(${ACTIVE}) 1002:ACTIVE(${ACTIVE}) [ans]`,
    'user agentB TALKING [ans]',
  ]);
  await expectStatus(dialogAction(server, 'agentA', id, '<requestedAction>DROP</requestedAction><targetMediaAddress>1001</targetMediaAddress>', 'bye'), 202);
  // agentB: incoming call on team A (OPTIONAL wrap-up) → WORK_READY; agentA: outgoing, NOT_ALLOWED → NOT_READY.
  assert.deepEqual(server.recorder.take(), [
    `PUT agentA D1 DROPPED 1001:DROPPED() 1002:ACTIVE(${ACTIVE}) [bye]`,
    `PUT agentB D1 DROPPED 1001:DROPPED() 1002:ACTIVE(${ACTIVE}) [bye]`,
    'PUT agentA D1 DROPPED 1001:DROPPED() 1002:WRAP_UP(UPDATE_CALL_DATA) [bye]',
    'PUT agentB D1 DROPPED 1001:DROPPED() 1002:WRAP_UP(UPDATE_CALL_DATA) [bye]',
    'DELETE agentA D1 [bye]',
    'user agentA NOT_READY [bye]',
    'user agentB WORK_READY [bye]',
  ]);
});

test('agent-to-agent call to a busy agent fails BUSY', async () => {
  server = await startCallServer();
  await signIn(server, 'agentA', '1001', false);
  await signIn(server, 'agentB', '1002', false);
  await expectStatus(makeCall('agentB', '1002', '4085551234', 'b'), 202);
  server.recorder.take();
  await expectStatus(makeCall('agentA', '1001', '1002', 'x'), 202);
  assert.deepEqual(server.recorder.take().slice(-2), ['PUT agentA D2 FAILED 1001:FAILED/BUSY(DROP) [x]', 'ERROR agentA D2 Device Busy [x]']);
});

test('synchronous MAKE_CALL errors', async () => {
  server = await startCallServer();
  await signIn(server, 'agentA', '1001', false);
  const cases: [string, string, number, string][] = [
    ['agentA', '<requestedAction>MAKE_CALL</requestedAction><fromAddress>1001</fromAddress><toAddress>1001</toAddress>', 400, 'Invalid Destination'],
    ['agentA', '<requestedAction>MAKE_CALL</requestedAction><fromAddress>1001</fromAddress>', 400, 'Parameter Missing'],
    ['agentA', '<fromAddress>1001</fromAddress><toAddress>2</toAddress>', 400, 'Parameter Missing'],
    ['agentA', '<requestedAction>FLY</requestedAction>', 400, 'Invalid Input'],
    ['agentA', '<requestedAction>MAKE_CALL</requestedAction><fromAddress>1009</fromAddress><toAddress>2</toAddress>', 400, 'Invalid Input'],
    ['agentB', '<requestedAction>MAKE_CALL</requestedAction><fromAddress>1002</fromAddress><toAddress>2</toAddress>', 400, 'Invalid State'],
  ];
  for (const [user, body, status, type] of cases) {
    const r = await newDialog(server, user, body);
    assert.equal(r.status, status, body);
    assert.match(r.body, new RegExp(`<ErrorType>${type}</ErrorType>`), body);
  }
  const other = await request(server.baseUrl, 'POST', '/finesse/api/User/agentB/Dialogs', { user: 'agentA', body: '<Dialog><requestedAction>MAKE_CALL</requestedAction></Dialog>' });
  assert.equal(other.status, 401);
  assert.match(other.body, /Invalid Authorization User Specified/);
  const missing = await dialogAction(server, 'agentA', '999', '<requestedAction>ANSWER</requestedAction><targetMediaAddress>1001</targetMediaAddress>');
  assert.equal(missing.status, 404);
  assert.match(missing.body, /Invalid dialogId specified for dialog/);
  assert.deepEqual(server.recorder.take().filter((l) => !l.startsWith('user')), []);
});
