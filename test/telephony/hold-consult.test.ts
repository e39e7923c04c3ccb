import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { dialogAction, expectStatus, externalCall, signIn, startCallServer } from './support/calls.js';
import type { CallTestServer } from './support/calls.js';

let server: CallTestServer;
afterEach(() => server.stop());

const ACTIVE = 'HOLD,DROP,UPDATE_CALL_DATA,CONSULT_CALL,TRANSFER_SST,SEND_DTMF';

/** agentA (1001) READY, agentB (1002) NOT_READY; a customer on the Sales queue talking to agentA. */
async function customerWithAgentA(): Promise<string> {
  server = await startCallServer();
  await signIn(server, 'agentA', '1001');
  await signIn(server, 'agentB', '1002', false);
  const id = await externalCall(server, '5000');
  await expectStatus(dialogAction(server, 'agentA', id, '<requestedAction>ANSWER</requestedAction><targetMediaAddress>1001</targetMediaAddress>'), 202);
  server.recorder.take();
  return id;
}

const act = (user: string, id: string, action: string, ext: string, extra = '', requestId?: string) =>
  expectStatus(dialogAction(server, user, id, `<requestedAction>${action}</requestedAction><targetMediaAddress>${ext}</targetMediaAddress>${extra}`, requestId), 202);

test('hold and retrieve', async () => {
  const id = await customerWithAgentA();
  await act('agentA', id, 'HOLD', '1001', '', 'h');
  assert.deepEqual(server.recorder.take(), [
    `PUT agentA D1 ACTIVE 4085550100:ACTIVE(${ACTIVE}) 1001:HELD(RETRIEVE,DROP,UPDATE_CALL_DATA) [h]`,
    'user agentA HOLD [h]',
  ]);
  await act('agentA', id, 'RETRIEVE', '1001', '', 'r');
  assert.deepEqual(server.recorder.take(), [`PUT agentA D1 ACTIVE 4085550100:ACTIVE(${ACTIVE}) 1001:ACTIVE(${ACTIVE}) [r]`, 'user agentA TALKING [r]']);
});

test('consult agentB, then transfer: the customer ends up with agentB, agentA wraps up', async () => {
  const id = await customerWithAgentA();
  await act('agentA', id, 'CONSULT_CALL', '1001', '<toAddress>1002</toAddress>', 'c');
  assert.deepEqual(server.recorder.take(), [
    `PUT agentA D1 ACTIVE 4085550100:ACTIVE(${ACTIVE}) 1001:HELD(RETRIEVE,DROP,UPDATE_CALL_DATA) [c]`,
    'POST agentA D2 INITIATING 1001:INITIATING(DROP,UPDATE_CALL_DATA) [c]',
    'PUT agentA D2 INITIATED 1001:INITIATED(DROP,UPDATE_CALL_DATA) [c]',
    'PUT agentA D2 ALERTING 1001:INITIATED(DROP,UPDATE_CALL_DATA) 1002:ALERTING(ANSWER) [c]',
    'POST agentB D2 ALERTING 1001:INITIATED(DROP,UPDATE_CALL_DATA) 1002:ALERTING(ANSWER) [c]',
  ]);
  const consult = server.recorder.realId('D2');
  await act('agentB', consult, 'ANSWER', '1002', '', 'b');
  assert.deepEqual(server.recorder.take(), [
    `PUT agentA D2 ACTIVE 1001:ACTIVE(HOLD,DROP,UPDATE_CALL_DATA,TRANSFER,CONFERENCE,SEND_DTMF) 1002:ACTIVE(${ACTIVE}) [b]`,
    `PUT agentB D2 ACTIVE 1001:ACTIVE(HOLD,DROP,UPDATE_CALL_DATA,TRANSFER,CONFERENCE,SEND_DTMF) 1002:ACTIVE(${ACTIVE}) [b]`,
    `PUT agentA D1 ACTIVE 4085550100:ACTIVE(${ACTIVE}) 1001:HELD(RETRIEVE,DROP,UPDATE_CALL_DATA,TRANSFER,CONFERENCE) [b]`,
    'user agentB TALKING [b]',
  ]);
  await act('agentA', id, 'TRANSFER', '1001', '', 't');
  assert.deepEqual(server.recorder.take(), [
    'DELETE agentA D2 [t]',
    'DELETE agentB D2 [t]',
    'DELETE agentA D1 [t]',
    `POST agentB D1 ACTIVE 4085550100:ACTIVE(${ACTIVE}) 1002:ACTIVE(${ACTIVE}) [t]`,
    'user agentA WORK_READY [t]',
  ]);
  const post = server.recorder.publications.filter((p) => p.node === '/finesse/api/User/agentB/Dialogs').at(-1)!.update;
  assert.match(post, /<callType>TRANSFER<\/callType>/);
  assert.match(post, new RegExp(`<secondaryId>${consult}</secondaryId>`));
  assert.match(post, /<event>POST<\/event><requestId>t<\/requestId><source>\/finesse\/api\/User\/agentB\/Dialogs<\/source>/);
});

test('consult agentB, then conference: all three on the original dialog', async () => {
  const id = await customerWithAgentA();
  await act('agentA', id, 'CONSULT_CALL', '1001', '<toAddress>1002</toAddress>');
  await act('agentB', server.recorder.realId('D2'), 'ANSWER', '1002');
  server.recorder.take();
  await act('agentA', id, 'CONFERENCE', '1001', '', 'conf');
  const three = `${ACTIVE},PARTICIPANT_DROP`;
  assert.deepEqual(server.recorder.take(), [
    'DELETE agentA D2 [conf]',
    'DELETE agentB D2 [conf]',
    `PUT agentA D1 ACTIVE 4085550100:ACTIVE(${ACTIVE}) 1001:ACTIVE(${three}) 1002:ACTIVE(${three}) [conf]`,
    `POST agentB D1 ACTIVE 4085550100:ACTIVE(${ACTIVE}) 1001:ACTIVE(${three}) 1002:ACTIVE(${three}) [conf]`,
  ]);
  // agentA leaves the conference: customer and agentB carry on.
  await act('agentA', id, 'DROP', '1001', '', 'leave');
  assert.deepEqual(server.recorder.take(), [
    `PUT agentA D1 ACTIVE 4085550100:ACTIVE(${ACTIVE}) 1001:WRAP_UP(UPDATE_CALL_DATA) 1002:ACTIVE(${ACTIVE}) [leave]`,
    `PUT agentB D1 ACTIVE 4085550100:ACTIVE(${ACTIVE}) 1001:WRAP_UP(UPDATE_CALL_DATA) 1002:ACTIVE(${ACTIVE}) [leave]`,
    'user agentA WORK_READY [leave]',
  ]);
});

test('single-step transfer to the Support queue', async () => {
  const id = await customerWithAgentA();
  await signIn(server, 'agentC', '1004');
  server.recorder.take();
  await act('agentA', id, 'TRANSFER_SST', '1001', '<toAddress>5001</toAddress>', 'sst');
  assert.deepEqual(server.recorder.take(), [
    'DELETE agentA D1 [sst]',
    'user agentC RESERVED [sst]',
    'POST agentC D1 ALERTING 4085550100:ACTIVE(HOLD,DROP,UPDATE_CALL_DATA,CONSULT_CALL,TRANSFER_SST,SEND_DTMF) 1004:ALERTING(ANSWER) [sst]',
    'user agentA WORK_READY [sst]',
  ]);
  await act('agentC', id, 'ANSWER', '1004', '', 'c');
  assert.deepEqual(server.recorder.take(), [`PUT agentC D1 ACTIVE 4085550100:ACTIVE(${ACTIVE}) 1004:ACTIVE(${ACTIVE}) [c]`, 'user agentC TALKING [c]']);
});

test('consult to a busy number fails asynchronously; the agent drops the failed consult and retrieves', async () => {
  const id = await customerWithAgentA();
  await act('agentA', id, 'CONSULT_CALL', '1001', '<toAddress>5550100</toAddress>', 'busy');
  assert.deepEqual(server.recorder.take(), [
    `PUT agentA D1 ACTIVE 4085550100:ACTIVE(${ACTIVE}) 1001:HELD(RETRIEVE,DROP,UPDATE_CALL_DATA) [busy]`,
    'POST agentA D2 INITIATING 1001:INITIATING(DROP,UPDATE_CALL_DATA) [busy]',
    'PUT agentA D2 INITIATED 1001:INITIATED(DROP,UPDATE_CALL_DATA) [busy]',
    'PUT agentA D2 FAILED 1001:FAILED/BUSY(DROP) [busy]',
    'ERROR agentA D2 Device Busy [busy]',
  ]);
  await act('agentA', server.recorder.realId('D2'), 'DROP', '1001', '', 'd');
  await act('agentA', id, 'RETRIEVE', '1001', '', 'r');
  assert.deepEqual(server.recorder.take(), [
    'PUT agentA D2 DROPPED 1001:DROPPED() [d]',
    'DELETE agentA D2 [d]',
    'user agentA HOLD [d]',
    `PUT agentA D1 ACTIVE 4085550100:ACTIVE(${ACTIVE}) 1001:ACTIVE(${ACTIVE}) [r]`,
    'user agentA TALKING [r]',
  ]);
});
