import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { request } from '../support/http.js';
import type { XmppWatcher } from '../support/xmpp-updates.js';
import { control, dialogAction, expectStatus, externalCall, newDialog, signIn, startXmppCallServer } from './support/calls.js';
import type { XmppCallServer } from './support/calls.js';

/** Agent states driven by calls (pending states, wrap-up) and supervisor monitor/barge, verified over XMPP. */
let server: XmppCallServer;
afterEach(() => server.stop());

const ACTIVE = 'HOLD,DROP,UPDATE_CALL_DATA,CONSULT_CALL,TRANSFER_SST,SEND_DTMF';
const CUSTOMER = `4085550100:ACTIVE(${ACTIVE})`;
const setState = (user: string, xml: string, requestId: string) =>
  expectStatus(request(server.baseUrl, 'PUT', `/finesse/api/User/${user}`, { user, body: xml, headers: { requestId } }), 202);

/** A fresh server; the agent signs in READY and answers a call to `queueNumber` (D1). */
async function talking(agent: string, extension: string, queueNumber: string): Promise<{ id: string; w: XmppWatcher }> {
  server = await startXmppCallServer();
  const w = await server.watch(agent);
  await signIn(server, agent, extension);
  const id = await externalCall(server, queueNumber);
  await expectStatus(
    dialogAction(server, agent, id, `<requestedAction>ANSWER</requestedAction><targetMediaAddress>${extension}</targetMediaAddress>`, 'ans'),
    202,
  );
  await w.expect([
    'user NOT_READY',
    'user READY',
    'user RESERVED',
    `POST D1 ALERTING 4085550100:INITIATED(DROP,UPDATE_CALL_DATA) ${extension}:ALERTING(ANSWER)`,
    `PUT D1 ACTIVE ${CUSTOMER} ${extension}:ACTIVE(${ACTIVE}) [ans]`,
    'user TALKING [ans]',
  ]);
  return { id, w };
}

test('pending NOT_READY during a call: wrap-up in WORK with the reason code, then NOT_READY when the timer ends', async () => {
  const { id, w } = await talking('agentA', '1001', '5000');
  await setState('agentA', '<User><state>NOT_READY</state><reasonCodeId>2</reasonCodeId></User>', 'nr');
  await w.expect(['user TALKING pending=NOT_READY [nr]']);
  // CCE: the last pending reason code wins.
  await setState('agentA', '<User><state>NOT_READY</state><reasonCodeId>1</reasonCodeId></User>', 'nr2');
  await w.expect(['user TALKING pending=NOT_READY [nr2]']);
  assert.equal((await control(server, 'POST', `/calls/${id}/hangup`)).status, 202);
  await w.expect([
    `PUT D1 DROPPED 4085550100:DROPPED() 1001:ACTIVE(${ACTIVE})`,
    'PUT D1 DROPPED 4085550100:DROPPED() 1001:WRAP_UP(UPDATE_CALL_DATA)',
    'user WORK rc=1',
  ]);
  server.clock.advance(59_999);
  assert.deepEqual(await w.take(), []);
  server.clock.advance(1);
  await w.expect(['user NOT_READY rc=1', 'DELETE D1 DROPPED 4085550100:DROPPED() 1001:DROPPED()']);
});

test('pending READY during a call from NOT_READY: wrap-up in WORK_READY, READY when the timer ends', async () => {
  const { id, w } = await talking('agentA', '1001', '5000');
  await setState('agentA', '<User><state>NOT_READY</state><reasonCodeId>2</reasonCodeId></User>', 'nr');
  await setState('agentA', '<User><state>READY</state></User>', 'r');
  await w.expect(['user TALKING pending=NOT_READY [nr]', 'user TALKING pending=READY [r]']);
  await expectStatus(dialogAction(server, 'agentA', id, '<requestedAction>DROP</requestedAction><targetMediaAddress>1001</targetMediaAddress>', 'd'), 202);
  await w.expect([
    `PUT D1 DROPPED ${CUSTOMER} 1001:WRAP_UP(UPDATE_CALL_DATA) [d]`,
    'PUT D1 DROPPED 4085550100:DROPPED() 1001:WRAP_UP(UPDATE_CALL_DATA) [d]',
    'user WORK_READY [d]',
  ]);
  server.clock.advance(60_000);
  await w.expect(['user READY', 'DELETE D1 DROPPED 4085550100:DROPPED() 1001:DROPPED()']);
});

test('pending LOGOUT during a call: signed out when the call ends, no wrap-up', async () => {
  const { id, w } = await talking('agentA', '1001', '5000');
  await setState('agentA', '<User><state>LOGOUT</state><reasonCodeId>5</reasonCodeId></User>', 'out');
  await w.expect(['user TALKING pending=LOGOUT [out]']);
  await expectStatus(dialogAction(server, 'agentA', id, '<requestedAction>DROP</requestedAction><targetMediaAddress>1001</targetMediaAddress>', 'd'), 202);
  await w.expect([
    `PUT D1 DROPPED ${CUSTOMER} 1001:DROPPED() [d]`,
    'PUT D1 DROPPED 4085550100:DROPPED() 1001:DROPPED() [d]',
    'DELETE D1 DROPPED 4085550100:DROPPED() 1001:DROPPED() [d]',
    'user LOGOUT rc=5 [d]',
  ]);
  assert.match(w.updates.at(-1)!.text, /<extension><\/extension>/);
});

test('wrap-up REQUIRED (team B, 120 s timer) after an inbound Support call: WORK_READY, READY after the timer', async () => {
  const { id, w } = await talking('agentC', '1004', '5001');
  assert.equal((await control(server, 'POST', `/calls/${id}/hangup`)).status, 202);
  await w.expect([
    `PUT D1 DROPPED 4085550100:DROPPED() 1004:ACTIVE(${ACTIVE})`,
    'PUT D1 DROPPED 4085550100:DROPPED() 1004:WRAP_UP(UPDATE_CALL_DATA)',
    'user WORK_READY',
  ]);
  assert.match(w.updates.at(-1)!.text, /<wrapUpOnIncoming>REQUIRED<\/wrapUpOnIncoming>/);
  server.clock.advance(119_999);
  assert.deepEqual(await w.take(), []);
  server.clock.advance(1);
  await w.expect(['user READY', 'DELETE D1 DROPPED 4085550100:DROPPED() 1004:DROPPED()']);
});

test('supervisor silent monitor, barge-in, then drops the agent from the call', async () => {
  const { id, w: agent } = await talking('agentA', '1001', '5000');
  const sup = await server.watch('supervisorA');
  await signIn(server, 'supervisorA', '1003', false);
  await sup.expect(['user NOT_READY']);
  const monitor = await newDialog(
    server,
    'supervisorA',
    '<requestedAction>SILENT_MONITOR</requestedAction><fromAddress>1003</fromAddress><toAddress>1001</toAddress>',
    'sm',
  );
  assert.equal(monitor.status, 202);
  const monitoring = 'D2 ACTIVE 1003:ACTIVE(BARGE_CALL,DROP) 1001:ACTIVE()';
  await sup.expect([`POST ${monitoring} [sm]`, 'user TALKING [sm]']);
  await agent.expect([`POST ${monitoring} [sm]`]);
  const monitorId = server.id('D2');
  for (const text of [sup.updates.at(-2)!.text, agent.updates.at(-1)!.text]) {
    assert.match(text, /<callType>SUPERVISOR_MONITOR<\/callType>/);
    assert.match(text, new RegExp(`<associatedDialogUri>/finesse/api/Dialog/${id}</associatedDialogUri>`));
  }

  const barge = await newDialog(
    server,
    'supervisorA',
    `<requestedAction>BARGE_CALL</requestedAction><fromAddress>1003</fromAddress><toAddress>1001</toAddress><associatedDialogUri>/finesse/api/Dialog/${monitorId}</associatedDialogUri>`,
    'bg',
  );
  assert.equal(barge.status, 202);
  const three = `${ACTIVE},PARTICIPANT_DROP`;
  const conference = `D1 ACTIVE ${CUSTOMER} 1001:ACTIVE(${three}) 1003:ACTIVE(${three})`;
  const monitorGone = 'D2 DROPPED 1003:DROPPED() 1001:DROPPED()';
  await sup.expect([`DELETE ${monitorGone} [bg]`, `POST ${conference} [bg]`]);
  await agent.expect([`DELETE ${monitorGone} [bg]`, `PUT ${conference} [bg]`]);

  await expectStatus(
    dialogAction(server, 'supervisorA', id, '<requestedAction>PARTICIPANT_DROP</requestedAction><targetMediaAddress>1001</targetMediaAddress>', 'pd'),
    202,
  );
  const dropped = `D1 ACTIVE ${CUSTOMER} 1001:WRAP_UP(UPDATE_CALL_DATA) 1003:ACTIVE(${ACTIVE})`;
  await agent.expect([`PUT ${dropped} [pd]`, 'user WORK_READY [pd]']);
  await sup.expect([`PUT ${dropped} [pd]`]);
  // The supervisor hangs up on the customer: the call ends, the supervisor (no wrap-up of his own) is NOT_READY again.
  await expectStatus(
    dialogAction(server, 'supervisorA', id, '<requestedAction>DROP</requestedAction><targetMediaAddress>1003</targetMediaAddress>', 'sd'),
    202,
  );
  const over = 'D1 DROPPED 4085550100:DROPPED() 1001:WRAP_UP(UPDATE_CALL_DATA) 1003:DROPPED()';
  await sup.expect([
    `PUT D1 DROPPED ${CUSTOMER} 1001:WRAP_UP(UPDATE_CALL_DATA) 1003:DROPPED() [sd]`,
    `PUT ${over} [sd]`,
    `DELETE ${over} [sd]`,
    'user NOT_READY [sd]',
  ]);
  await agent.expect([`PUT D1 DROPPED ${CUSTOMER} 1001:WRAP_UP(UPDATE_CALL_DATA) 1003:DROPPED() [sd]`, `PUT ${over} [sd]`]);
});

test('silent monitor ends when the supervisor drops it, and is refused when the agent is not talking', async () => {
  const { w: agent } = await talking('agentA', '1001', '5000');
  const sup = await server.watch('supervisorA');
  await signIn(server, 'supervisorA', '1003', false);
  await signIn(server, 'agentB', '1002', false);
  const refused = await newDialog(
    server,
    'supervisorA',
    '<requestedAction>SILENT_MONITOR</requestedAction><fromAddress>1003</fromAddress><toAddress>1002</toAddress>',
  );
  assert.equal(refused.status, 400);
  assert.match(refused.body, /Invalid State/);
  const byAgent = await newDialog(
    server,
    'agentB',
    '<requestedAction>SILENT_MONITOR</requestedAction><fromAddress>1002</fromAddress><toAddress>1001</toAddress>',
  );
  assert.equal(byAgent.status, 401);
  await sup.expect(['user NOT_READY']);
  assert.deepEqual(await agent.take(), []);
  await expectStatus(
    newDialog(server, 'supervisorA', '<requestedAction>SILENT_MONITOR</requestedAction><fromAddress>1003</fromAddress><toAddress>1001</toAddress>', 'sm'),
    202,
  );
  await sup.expect(['POST D2 ACTIVE 1003:ACTIVE(BARGE_CALL,DROP) 1001:ACTIVE() [sm]', 'user TALKING [sm]']);
  await agent.expect(['POST D2 ACTIVE 1003:ACTIVE(BARGE_CALL,DROP) 1001:ACTIVE() [sm]']);
  await expectStatus(
    dialogAction(server, 'supervisorA', server.id('D2'), '<requestedAction>DROP</requestedAction><targetMediaAddress>1003</targetMediaAddress>', 'end'),
    202,
  );
  const ended = 'D2 DROPPED 1003:DROPPED() 1001:DROPPED()';
  await sup.expect([`PUT ${ended} [end]`, `DELETE ${ended} [end]`, 'user NOT_READY [end]']);
  await agent.expect([`PUT ${ended} [end]`, `DELETE ${ended} [end]`]);
});

test('silent monitor ends by itself when the monitored call ends', async () => {
  const { id, w: agent } = await talking('agentA', '1001', '5000');
  const sup = await server.watch('supervisorA');
  await signIn(server, 'supervisorA', '1003', false);
  await expectStatus(
    newDialog(server, 'supervisorA', '<requestedAction>SILENT_MONITOR</requestedAction><fromAddress>1003</fromAddress><toAddress>1001</toAddress>', 'sm'),
    202,
  );
  await sup.expect(['user NOT_READY', 'POST D2 ACTIVE 1003:ACTIVE(BARGE_CALL,DROP) 1001:ACTIVE() [sm]', 'user TALKING [sm]']);
  await agent.expect(['POST D2 ACTIVE 1003:ACTIVE(BARGE_CALL,DROP) 1001:ACTIVE() [sm]']);
  assert.equal((await control(server, 'POST', `/calls/${id}/hangup`)).status, 202);
  const ended = 'D2 DROPPED 1003:DROPPED() 1001:DROPPED()';
  await sup.expect([`PUT ${ended}`, `DELETE ${ended}`, 'user NOT_READY']);
  await agent.expect([
    `PUT D1 DROPPED 4085550100:DROPPED() 1001:ACTIVE(${ACTIVE})`,
    'PUT D1 DROPPED 4085550100:DROPPED() 1001:WRAP_UP(UPDATE_CALL_DATA)',
    `PUT ${ended}`,
    `DELETE ${ended}`,
    'user WORK_READY',
  ]);
});
