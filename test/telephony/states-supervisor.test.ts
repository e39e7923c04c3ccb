import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { request } from '../support/http.js';
import { control, dialogAction, expectStatus, externalCall, newDialog, signIn, startCallServer } from './support/calls.js';
import type { CallTestServer } from './support/calls.js';

let server: CallTestServer;
afterEach(() => server.stop());

const ACTIVE = 'HOLD,DROP,UPDATE_CALL_DATA,CONSULT_CALL,TRANSFER_SST,SEND_DTMF';
const setState = (user: string, xml: string, requestId: string) =>
  expectStatus(request(server.baseUrl, 'PUT', `/finesse/api/User/${user}`, { user, body: xml, headers: { requestId } }), 202);

async function talking(agent: string, extension: string, queueNumber: string): Promise<string> {
  await signIn(server, agent, extension);
  const id = await externalCall(server, queueNumber);
  await expectStatus(dialogAction(server, agent, id, `<requestedAction>ANSWER</requestedAction><targetMediaAddress>${extension}</targetMediaAddress>`), 202);
  server.recorder.take();
  return id;
}

test('pending NOT_READY during a call: wrap-up in WORK with the reason code, then NOT_READY when the timer ends', async () => {
  server = await startCallServer();
  const id = await talking('agentA', '1001', '5000');
  await setState('agentA', '<User><state>NOT_READY</state><reasonCodeId>2</reasonCodeId></User>', 'nr');
  assert.deepEqual(server.recorder.take(), ['user agentA TALKING pending=NOT_READY [nr]']);
  assert.equal((await control(server, 'POST', `/calls/${id}/hangup`)).status, 202);
  assert.deepEqual(server.recorder.take().slice(-1), ['user agentA WORK rc=2']);
  server.clock.advance(60_000);
  assert.deepEqual(server.recorder.take(), ['user agentA NOT_READY rc=2', 'DELETE agentA D1']);
});

test('pending LOGOUT during a call: signed out when the call ends, no wrap-up', async () => {
  server = await startCallServer();
  const id = await talking('agentA', '1001', '5000');
  await setState('agentA', '<User><state>LOGOUT</state><reasonCodeId>5</reasonCodeId></User>', 'out');
  assert.deepEqual(server.recorder.take(), ['user agentA TALKING pending=LOGOUT [out]']);
  await expectStatus(dialogAction(server, 'agentA', id, '<requestedAction>DROP</requestedAction><targetMediaAddress>1001</targetMediaAddress>', 'd'), 202);
  assert.deepEqual(server.recorder.take(), [
    `PUT agentA D1 DROPPED 4085550100:ACTIVE(${ACTIVE}) 1001:DROPPED() [d]`,
    'PUT agentA D1 DROPPED 4085550100:DROPPED() 1001:DROPPED() [d]',
    'DELETE agentA D1 [d]',
    'user agentA LOGOUT rc=5 [d]',
  ]);
});

test('wrap-up REQUIRED (team B, 120 s timer) after an inbound Support call: WORK_READY, READY after the timer', async () => {
  server = await startCallServer();
  const id = await talking('agentC', '1004', '5001');
  assert.equal((await control(server, 'POST', `/calls/${id}/hangup`)).status, 202);
  assert.deepEqual(server.recorder.take().slice(-2), ['PUT agentC D1 DROPPED 4085550100:DROPPED() 1004:WRAP_UP(UPDATE_CALL_DATA)', 'user agentC WORK_READY']);
  server.clock.advance(119_000);
  assert.deepEqual(server.recorder.take(), []);
  server.clock.advance(1_000);
  assert.deepEqual(server.recorder.take(), ['user agentC READY', 'DELETE agentC D1']);
});

test('supervisor silent monitor, barge-in, then drops the agent from the call', async () => {
  server = await startCallServer();
  const id = await talking('agentA', '1001', '5000');
  await signIn(server, 'supervisorA', '1003', false);
  server.recorder.take();
  const monitor = await newDialog(server, 'supervisorA', '<requestedAction>SILENT_MONITOR</requestedAction><fromAddress>1003</fromAddress><toAddress>1001</toAddress>', 'sm');
  assert.equal(monitor.status, 202);
  assert.deepEqual(server.recorder.take(), [
    'POST supervisorA D2 ACTIVE 1003:ACTIVE(BARGE_CALL,DROP) 1001:ACTIVE() [sm]',
    'POST agentA D2 ACTIVE 1003:ACTIVE(BARGE_CALL,DROP) 1001:ACTIVE() [sm]',
    'user supervisorA TALKING [sm]',
  ]);
  const monitorId = server.recorder.realId('D2');
  const dialog = await request(server.baseUrl, 'GET', `/finesse/api/Dialog/${monitorId}`, { user: 'supervisorA' });
  assert.match(dialog.body, /<callType>SUPERVISOR_MONITOR<\/callType>/);
  assert.match(dialog.body, new RegExp(`<associatedDialogUri>/finesse/api/Dialog/${id}</associatedDialogUri>`));

  const barge = await newDialog(
    server,
    'supervisorA',
    `<requestedAction>BARGE_CALL</requestedAction><fromAddress>1003</fromAddress><toAddress>1001</toAddress><associatedDialogUri>/finesse/api/Dialog/${monitorId}</associatedDialogUri>`,
    'bg',
  );
  assert.equal(barge.status, 202);
  const three = `${ACTIVE},PARTICIPANT_DROP`;
  assert.deepEqual(server.recorder.take(), [
    'DELETE supervisorA D2 [bg]',
    'DELETE agentA D2 [bg]',
    `PUT agentA D1 ACTIVE 4085550100:ACTIVE(${ACTIVE}) 1001:ACTIVE(${three}) 1003:ACTIVE(${three}) [bg]`,
    `POST supervisorA D1 ACTIVE 4085550100:ACTIVE(${ACTIVE}) 1001:ACTIVE(${three}) 1003:ACTIVE(${three}) [bg]`,
  ]);
  await expectStatus(dialogAction(server, 'supervisorA', id, '<requestedAction>PARTICIPANT_DROP</requestedAction><targetMediaAddress>1001</targetMediaAddress>', 'pd'), 202);
  assert.deepEqual(server.recorder.take(), [
    `PUT agentA D1 ACTIVE 4085550100:ACTIVE(${ACTIVE}) 1001:WRAP_UP(UPDATE_CALL_DATA) 1003:ACTIVE(${ACTIVE}) [pd]`,
    `PUT supervisorA D1 ACTIVE 4085550100:ACTIVE(${ACTIVE}) 1001:WRAP_UP(UPDATE_CALL_DATA) 1003:ACTIVE(${ACTIVE}) [pd]`,
    'user agentA WORK_READY [pd]',
  ]);
});

test('silent monitor ends when the supervisor drops it, and is refused when the agent is not talking', async () => {
  server = await startCallServer();
  await talking('agentA', '1001', '5000');
  await signIn(server, 'supervisorA', '1003', false);
  await signIn(server, 'agentB', '1002', false);
  const refused = await newDialog(server, 'supervisorA', '<requestedAction>SILENT_MONITOR</requestedAction><fromAddress>1003</fromAddress><toAddress>1002</toAddress>');
  assert.equal(refused.status, 400);
  assert.match(refused.body, /Invalid State/);
  const byAgent = await newDialog(server, 'agentB', '<requestedAction>SILENT_MONITOR</requestedAction><fromAddress>1002</fromAddress><toAddress>1001</toAddress>');
  assert.equal(byAgent.status, 401);
  server.recorder.take();
  await expectStatus(newDialog(server, 'supervisorA', '<requestedAction>SILENT_MONITOR</requestedAction><fromAddress>1003</fromAddress><toAddress>1001</toAddress>'), 202);
  server.recorder.take();
  await expectStatus(dialogAction(server, 'supervisorA', server.recorder.realId('D2'), '<requestedAction>DROP</requestedAction><targetMediaAddress>1003</targetMediaAddress>', 'end'), 202);
  assert.deepEqual(server.recorder.take(), [
    'PUT supervisorA D2 DROPPED 1003:DROPPED() 1001:DROPPED() [end]',
    'PUT agentA D2 DROPPED 1003:DROPPED() 1001:DROPPED() [end]',
    'DELETE supervisorA D2 [end]',
    'DELETE agentA D2 [end]',
    'user supervisorA NOT_READY [end]',
  ]);
});
