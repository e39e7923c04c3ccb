import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { request } from '../support/http.js';
import type { XmppWatcher } from '../support/xmpp-updates.js';
import { control, dialogAction, expectStatus, newDialog, signIn, startXmppCallServer } from './support/calls.js';
import type { XmppCallServer } from './support/calls.js';

let xs: XmppCallServer | undefined;
afterEach(async () => {
  await xs?.stop();
  xs = undefined;
});

/** agentA (1001) NOT_READY, or READY; with agentB (1002) READY; both watched over XMPP. */
async function xmppServer(options: { ready?: boolean; withB?: boolean } = {}): Promise<{ a: XmppWatcher; b: XmppWatcher }> {
  xs = await startXmppCallServer();
  const a = await xs.watch('agentA');
  const b = await xs.watch('agentB');
  await signIn(xs!, 'agentA', '1001', options.ready ?? false);
  await a.expect(options.ready ? ['user NOT_READY', 'user READY'] : ['user NOT_READY']);
  if (options.withB) {
    await signIn(xs!, 'agentB', '1002');
    await b.expect(['user NOT_READY', 'user READY']);
  }
  return { a, b };
}

const ACTIVE = 'HOLD,DROP,UPDATE_CALL_DATA,CONSULT_CALL,TRANSFER_SST,SEND_DTMF';
const makeCall = (user: string, from: string, to: string, requestId: string, extra = '') =>
  newDialog(xs!, user, `<requestedAction>MAKE_CALL</requestedAction><fromAddress>${from}</fromAddress><toAddress>${to}</toAddress>${extra}`, requestId);

test('outbound call to an external number from NOT_READY: dialing, ringing, answered after the delay, dropped', async () => {
  const { a } = await xmppServer();
  const r = await makeCall(
    'agentA',
    '1001',
    '4085551234',
    'out',
    '<mediaProperties><callvariables><CallVariable><name>callVariable2</name><value>acct-7</value></CallVariable></callvariables></mediaProperties>',
  );
  assert.equal(r.status, 202);
  assert.equal(r.body, '');
  await a.expect([
    'POST D1 INITIATING 1001:INITIATING(DROP,UPDATE_CALL_DATA) [out]',
    'user TALKING [out]',
    'PUT D1 INITIATED 1001:INITIATED(DROP,UPDATE_CALL_DATA) [out]',
    'PUT D1 ALERTING 1001:INITIATED(DROP,UPDATE_CALL_DATA) 4085551234:ALERTING(ANSWER) [out]',
  ]);
  const post = a.updates.find((u) => u.event === 'POST')!.text;
  assert.match(post, /<callType>OUT<\/callType><dialedNumber>4085551234<\/dialedNumber>/);
  assert.match(post, /<name>callVariable2<\/name><value>acct-7<\/value>/);
  // The far end answers after 2 s (externalAnswerDelayMs): unsolicited, so no requestId.
  xs!.clock.advance(1_999);
  assert.deepEqual(await a.take(), []);
  xs!.clock.advance(1);
  await a.expect([`PUT D1 ACTIVE 1001:ACTIVE(${ACTIVE}) 4085551234:ACTIVE(${ACTIVE})`]);
  await expectStatus(
    dialogAction(xs!, 'agentA', xs!.id('D1'), '<requestedAction>DROP</requestedAction><targetMediaAddress>1001</targetMediaAddress>', 'd'),
    202,
  );
  // Team A: wrap-up on outgoing calls is NOT_ALLOWED, so straight back to NOT_READY.
  await a.expect([
    `PUT D1 DROPPED 1001:DROPPED() 4085551234:ACTIVE(${ACTIVE}) [d]`,
    'PUT D1 DROPPED 1001:DROPPED() 4085551234:DROPPED() [d]',
    'DELETE D1 DROPPED 1001:DROPPED() 4085551234:DROPPED() [d]',
    'user NOT_READY [d]',
  ]);
});

test('outbound call from READY puts the agent NOT_READY 50006 afterwards (CCE); the far end hangs up', async () => {
  const { a } = await xmppServer({ ready: true });
  await expectStatus(makeCall('agentA', '1001', '4085551234', 'o'), 202);
  await a.until(4);
  xs!.clock.advance(2_000);
  await a.until(5);
  assert.deepEqual(
    (await a.take()).filter((l) => l.startsWith('user')),
    ['user TALKING [o]'],
  );
  assert.equal((await control(xs!, 'POST', `/calls/${xs!.id('D1')}/hangup`)).status, 202);
  await a.expect([
    `PUT D1 DROPPED 1001:ACTIVE(${ACTIVE}) 4085551234:DROPPED()`,
    'PUT D1 DROPPED 1001:DROPPED() 4085551234:DROPPED()',
    'DELETE D1 DROPPED 1001:DROPPED() 4085551234:DROPPED()',
    'user NOT_READY rc=50006',
  ]);
});

test('outbound call to a busy number and to an invalid number: FAILED and an asynchronous apiErrors', async () => {
  const { a } = await xmppServer();
  await expectStatus(makeCall('agentA', '1001', '5550100', 'busy'), 202);
  await a.expect([
    'POST D1 INITIATING 1001:INITIATING(DROP,UPDATE_CALL_DATA) [busy]',
    'user TALKING [busy]',
    'PUT D1 INITIATED 1001:INITIATED(DROP,UPDATE_CALL_DATA) [busy]',
    'PUT D1 FAILED 1001:FAILED/BUSY(DROP) [busy]',
    'ERROR D1 Device Busy 13 CF_DEVICE_BUSY [busy]',
  ]);
  assert.equal(
    a.updates.at(-1)!.text,
    `<Update><data><apiErrors><apiError><errorData>13</errorData><errorMessage>CF_DEVICE_BUSY</errorMessage><errorType>Device Busy</errorType></apiError></apiErrors></data><event>PUT</event><requestId>busy</requestId><source>/finesse/api/Dialog/${xs!.id('D1')}</source></Update>`,
  );
  await expectStatus(
    dialogAction(xs!, 'agentA', xs!.id('D1'), '<requestedAction>DROP</requestedAction><targetMediaAddress>1001</targetMediaAddress>', 'd'),
    202,
  );
  await a.expect(['PUT D1 DROPPED 1001:DROPPED() [d]', 'DELETE D1 DROPPED 1001:DROPPED() [d]', 'user NOT_READY [d]']);

  await expectStatus(makeCall('agentA', '1001', '5550199', 'bad'), 202);
  await a.expect([
    'POST D2 INITIATING 1001:INITIATING(DROP,UPDATE_CALL_DATA) [bad]',
    'user TALKING [bad]',
    'PUT D2 INITIATED 1001:INITIATED(DROP,UPDATE_CALL_DATA) [bad]',
    'PUT D2 FAILED 1001:FAILED/BAD_DESTINATION(DROP) [bad]',
    'ERROR D2 Invalid Destination 12 CF_INVALID_DESTINATION [bad]',
  ]);
});

test('agent-to-agent call: agentB (READY) is reserved, answers, and agentA hangs up', async () => {
  const { a, b } = await xmppServer({ withB: true });
  await expectStatus(makeCall('agentA', '1001', '1002', 'a2a'), 202);
  const ringing = 'D1 ALERTING 1001:INITIATED(DROP,UPDATE_CALL_DATA) 1002:ALERTING(ANSWER)';
  await a.expect([
    'POST D1 INITIATING 1001:INITIATING(DROP,UPDATE_CALL_DATA) [a2a]',
    'user TALKING [a2a]',
    'PUT D1 INITIATED 1001:INITIATED(DROP,UPDATE_CALL_DATA) [a2a]',
    `PUT ${ringing} [a2a]`,
  ]);
  await b.expect(['user RESERVED [a2a]', `POST ${ringing} [a2a]`]);
  assert.match(b.updates.at(-1)!.text, /<callType>AGENT_INSIDE<\/callType>/);
  const id = xs!.id('D1');
  await expectStatus(dialogAction(xs!, 'agentB', id, '<requestedAction>ANSWER</requestedAction><targetMediaAddress>1002</targetMediaAddress>', 'ans'), 202);
  const talking = `D1 ACTIVE 1001:ACTIVE(${ACTIVE}) 1002:ACTIVE(${ACTIVE})`;
  await a.expect([`PUT ${talking} [ans]`]);
  await b.expect([`PUT ${talking} [ans]`, 'user TALKING [ans]']);
  await expectStatus(dialogAction(xs!, 'agentA', id, '<requestedAction>DROP</requestedAction><targetMediaAddress>1001</targetMediaAddress>', 'bye'), 202);
  // agentB: incoming call on team A (OPTIONAL wrap-up) → WORK_READY; agentA: outgoing, NOT_ALLOWED → NOT_READY.
  const half = `PUT D1 DROPPED 1001:DROPPED() 1002:ACTIVE(${ACTIVE}) [bye]`;
  const wrap = 'D1 DROPPED 1001:DROPPED() 1002:WRAP_UP(UPDATE_CALL_DATA)';
  await a.expect([half, `PUT ${wrap} [bye]`, `DELETE ${wrap} [bye]`, 'user NOT_READY [bye]']);
  await b.expect([half, `PUT ${wrap} [bye]`, 'user WORK_READY [bye]']);
});

test('agent-to-agent call to a busy agent fails BUSY; the busy agent hears nothing', async () => {
  const { a, b } = await xmppServer({ withB: true });
  await expectStatus(makeCall('agentB', '1002', '4085551234', 'b'), 202);
  await b.until(4);
  await b.take();
  await expectStatus(makeCall('agentA', '1001', '1002', 'x'), 202);
  await a.expect([
    'POST D2 INITIATING 1001:INITIATING(DROP,UPDATE_CALL_DATA) [x]',
    'user TALKING [x]',
    'PUT D2 INITIATED 1001:INITIATED(DROP,UPDATE_CALL_DATA) [x]',
    'PUT D2 FAILED 1001:FAILED/BUSY(DROP) [x]',
    'ERROR D2 Device Busy 13 CF_DEVICE_BUSY [x]',
  ]);
  assert.deepEqual(await b.take(), []);
});

test('synchronous MAKE_CALL errors', async () => {
  const { a, b } = await xmppServer();
  const server = xs!;
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
  const other = await request(server.baseUrl, 'POST', '/finesse/api/User/agentB/Dialogs', {
    user: 'agentA',
    body: '<Dialog><requestedAction>MAKE_CALL</requestedAction></Dialog>',
  });
  assert.equal(other.status, 401);
  assert.match(other.body, /Invalid Authorization User Specified/);
  const missing = await dialogAction(server, 'agentA', '999', '<requestedAction>ANSWER</requestedAction><targetMediaAddress>1001</targetMediaAddress>');
  assert.equal(missing.status, 404);
  assert.match(missing.body, /Invalid dialogId specified for dialog/);
  assert.deepEqual(await a.take(), [], 'refused requests notify nothing');
  assert.deepEqual(await b.take(), []);
});
