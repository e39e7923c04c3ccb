import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import type { XmppWatcher } from '../support/xmpp-updates.js';
import { request } from '../support/http.js';
import { control, dialogAction, expectStatus, externalCall, signIn, startXmppCallServer } from './support/calls.js';
import type { XmppCallServer } from './support/calls.js';

/** Hold, consult, transfer, conference: every agent's Dialogs and User notifications over XMPP. */
let server: XmppCallServer;
afterEach(() => server.stop());

const ACTIVE = 'HOLD,DROP,UPDATE_CALL_DATA,CONSULT_CALL,TRANSFER_SST,SEND_DTMF';
const CONSULTING = 'HOLD,DROP,UPDATE_CALL_DATA,TRANSFER,CONFERENCE,SEND_DTMF';
const CUSTOMER = `4085550100:ACTIVE(${ACTIVE})`;

/** agentA (1001) READY, agentB (1002) NOT_READY, both watched; a customer on the Sales queue talking to agentA (D1). */
async function customerWithAgentA(): Promise<{ id: string; a: XmppWatcher; b: XmppWatcher }> {
  server = await startXmppCallServer();
  const a = await server.watch('agentA');
  const b = await server.watch('agentB');
  await signIn(server, 'agentA', '1001');
  await signIn(server, 'agentB', '1002', false);
  const id = await externalCall(server, '5000');
  await expectStatus(dialogAction(server, 'agentA', id, '<requestedAction>ANSWER</requestedAction><targetMediaAddress>1001</targetMediaAddress>', 'ans'), 202);
  await a.expect([
    'user NOT_READY',
    'user READY',
    'user RESERVED',
    'POST D1 ALERTING 4085550100:INITIATED(DROP,UPDATE_CALL_DATA) 1001:ALERTING(ANSWER)',
    `PUT D1 ACTIVE ${CUSTOMER} 1001:ACTIVE(${ACTIVE}) [ans]`,
    'user TALKING [ans]',
  ]);
  await b.expect(['user NOT_READY']);
  return { id, a, b };
}

const act = (user: string, id: string, action: string, ext: string, extra = '', requestId?: string) =>
  expectStatus(
    dialogAction(server, user, id, `<requestedAction>${action}</requestedAction><targetMediaAddress>${ext}</targetMediaAddress>${extra}`, requestId),
    202,
  );

test('hold and retrieve', async () => {
  const { id, a, b } = await customerWithAgentA();
  await act('agentA', id, 'HOLD', '1001', '', 'h');
  await a.expect([`PUT D1 ACTIVE ${CUSTOMER} 1001:HELD(RETRIEVE,DROP,UPDATE_CALL_DATA) [h]`, 'user HOLD [h]']);
  await act('agentA', id, 'RETRIEVE', '1001', '', 'r');
  await a.expect([`PUT D1 ACTIVE ${CUSTOMER} 1001:ACTIVE(${ACTIVE}) [r]`, 'user TALKING [r]']);
  assert.deepEqual(await b.take(), []);
});

/** agentA consults agentB, who answers; D2 is the consult call. */
async function consulted(a: XmppWatcher, b: XmppWatcher, id: string): Promise<string> {
  await act('agentA', id, 'CONSULT_CALL', '1001', '<toAddress>1002</toAddress>', 'c');
  await a.expect([
    `PUT D1 ACTIVE ${CUSTOMER} 1001:HELD(RETRIEVE,DROP,UPDATE_CALL_DATA) [c]`,
    'POST D2 INITIATING 1001:INITIATING(DROP,UPDATE_CALL_DATA) [c]',
    'PUT D2 INITIATED 1001:INITIATED(DROP,UPDATE_CALL_DATA) [c]',
    'PUT D2 ALERTING 1001:INITIATED(DROP,UPDATE_CALL_DATA) 1002:ALERTING(ANSWER) [c]',
  ]);
  await b.expect(['POST D2 ALERTING 1001:INITIATED(DROP,UPDATE_CALL_DATA) 1002:ALERTING(ANSWER) [c]']);
  const consult = server.id('D2');
  assert.match(b.updates.at(-1)!.text, /<callType>CONSULT<\/callType>/);
  assert.match(b.updates.at(-1)!.text, new RegExp(`<associatedDialogUri>/finesse/api/Dialog/${id}</associatedDialogUri>`));
  await act('agentB', consult, 'ANSWER', '1002', '', 'b');
  await a.expect([
    `PUT D2 ACTIVE 1001:ACTIVE(${CONSULTING}) 1002:ACTIVE(${ACTIVE}) [b]`,
    `PUT D1 ACTIVE ${CUSTOMER} 1001:HELD(RETRIEVE,DROP,UPDATE_CALL_DATA,TRANSFER,CONFERENCE) [b]`,
  ]);
  await b.expect([`PUT D2 ACTIVE 1001:ACTIVE(${CONSULTING}) 1002:ACTIVE(${ACTIVE}) [b]`, 'user TALKING [b]']);
  return consult;
}

test('consult agentB, then transfer: the customer ends up with agentB (POST with secondaryId), agentA wraps up on the original call', async () => {
  const { id, a, b } = await customerWithAgentA();
  const consult = await consulted(a, b, id);
  await act('agentA', id, 'TRANSFER', '1001', '', 't');
  // agentA's participant stays on the original call in WRAP_UP (a PUT, not a DELETE): his wrap-up is on that call.
  const transferred = `D1 ACTIVE ${CUSTOMER} 1001:WRAP_UP(UPDATE_CALL_DATA) 1002:ACTIVE(${ACTIVE})`;
  await a.expect(['DELETE D2 DROPPED 1001:DROPPED() 1002:DROPPED() [t]', `PUT ${transferred} [t]`, 'user WORK_READY [t]']);
  await b.expect(['DELETE D2 DROPPED 1001:DROPPED() 1002:DROPPED() [t]', `POST ${transferred} [t]`]);
  const post = b.updates.at(-1)!.text;
  assert.match(post, /<callType>TRANSFER<\/callType>/);
  assert.match(post, new RegExp(`<secondaryId>${consult}</secondaryId>`));
  assert.match(post, /<event>POST<\/event><requestId>t<\/requestId><source>\/finesse\/api\/User\/agentB\/Dialogs<\/source>/);
  // He sets the wrap-up reason on it; everyone on the call sees the change.
  await act('agentA', id, 'UPDATE_CALL_DATA', '1001', '<mediaProperties><wrapUpReason>Sales Inquiry</wrapUpReason></mediaProperties>', 'wrap');
  await a.expect([`PUT ${transferred} [wrap]`]);
  await b.expect([`PUT ${transferred} [wrap]`]);
  assert.match(a.updates.at(-1)!.text, /<wrapUpReason>Sales Inquiry<\/wrapUpReason>/);
  // READY ends his wrap-up: DELETE for him; agentB sees him gone from the call.
  await expectStatus(
    request(server.baseUrl, 'PUT', '/finesse/api/User/agentA', { user: 'agentA', body: '<User><state>READY</state></User>', headers: { requestId: 'r' } }),
    202,
  );
  await a.expect(['user READY [r]', `DELETE D1 ACTIVE ${CUSTOMER} 1001:DROPPED() 1002:ACTIVE(${ACTIVE}) [r]`]);
  await b.expect([`PUT D1 ACTIVE ${CUSTOMER} 1002:ACTIVE(${ACTIVE}) [r]`]);
  // agentB now owns the call: he hangs up and wraps up (team A, incoming: OPTIONAL) in WORK, as he was NOT_READY before.
  await act('agentB', id, 'DROP', '1002', '', 'bye');
  await b.expect([
    `PUT D1 DROPPED ${CUSTOMER} 1002:WRAP_UP(UPDATE_CALL_DATA) [bye]`,
    'PUT D1 DROPPED 4085550100:DROPPED() 1002:WRAP_UP(UPDATE_CALL_DATA) [bye]',
    'user WORK [bye]',
  ]);
  server.clock.advance(60_000);
  await b.expect(['user NOT_READY', 'DELETE D1 DROPPED 4085550100:DROPPED() 1002:DROPPED()']);
  assert.deepEqual(await a.take(), []);
  const record = (await control(server, 'GET', '/calls')).json.history.find((r: { id: string }) => r.id === id);
  assert.deepEqual([record.wrapUpReason, record.agents], ['Sales Inquiry', ['agentA', 'agentB']]);
});

test('consult agentB, then conference: all three on the original dialog; agentA leaves, the others carry on', async () => {
  const { id, a, b } = await customerWithAgentA();
  await consulted(a, b, id);
  await act('agentA', id, 'CONFERENCE', '1001', '', 'conf');
  const three = `${ACTIVE},PARTICIPANT_DROP`;
  const conference = `D1 ACTIVE ${CUSTOMER} 1001:ACTIVE(${three}) 1002:ACTIVE(${three})`;
  await a.expect(['DELETE D2 DROPPED 1001:DROPPED() 1002:DROPPED() [conf]', `PUT ${conference} [conf]`]);
  await b.expect(['DELETE D2 DROPPED 1001:DROPPED() 1002:DROPPED() [conf]', `POST ${conference} [conf]`]);
  assert.match(b.updates.at(-1)!.text, /<callType>CONFERENCE<\/callType>/);
  await act('agentA', id, 'DROP', '1001', '', 'leave');
  const left = `D1 ACTIVE ${CUSTOMER} 1001:WRAP_UP(UPDATE_CALL_DATA) 1002:ACTIVE(${ACTIVE})`;
  await a.expect([`PUT ${left} [leave]`, 'user WORK_READY [leave]']);
  await b.expect([`PUT ${left} [leave]`]);
  // The customer hangs up: agentB wraps up too; agentA's wrap-up dialog follows the call to its end.
  await act('agentB', id, 'DROP', '1002', '', 'end');
  const ended = 'D1 DROPPED 4085550100:DROPPED() 1001:WRAP_UP(UPDATE_CALL_DATA) 1002:WRAP_UP(UPDATE_CALL_DATA)';
  await a.expect([`PUT D1 DROPPED ${CUSTOMER} 1001:WRAP_UP(UPDATE_CALL_DATA) 1002:WRAP_UP(UPDATE_CALL_DATA) [end]`, `PUT ${ended} [end]`]);
  await b.expect([`PUT D1 DROPPED ${CUSTOMER} 1001:WRAP_UP(UPDATE_CALL_DATA) 1002:WRAP_UP(UPDATE_CALL_DATA) [end]`, `PUT ${ended} [end]`, 'user WORK [end]']);
});

test('single-step transfer to the Support queue: agentA keeps only his wrap-up on the call, agentC is offered it', async () => {
  const { id, a } = await customerWithAgentA();
  const c = await server.watch('agentC');
  await signIn(server, 'agentC', '1004');
  await c.expect(['user NOT_READY', 'user READY']);
  await act('agentA', id, 'TRANSFER_SST', '1001', '<toAddress>5001</toAddress>', 'sst');
  await a.expect([
    `PUT D1 DROPPED ${CUSTOMER} 1001:WRAP_UP(UPDATE_CALL_DATA) [sst]`,
    `PUT D1 ALERTING ${CUSTOMER} 1001:WRAP_UP(UPDATE_CALL_DATA) 1004:ALERTING(ANSWER) [sst]`,
    'user WORK_READY [sst]',
  ]);
  await c.expect(['user RESERVED [sst]', `POST D1 ALERTING ${CUSTOMER} 1001:WRAP_UP(UPDATE_CALL_DATA) 1004:ALERTING(ANSWER) [sst]`]);
  assert.match(c.updates.at(-1)!.text, /<callType>TRANSFER<\/callType>.*<queueName>Support<\/queueName>/);
  await act('agentC', id, 'ANSWER', '1004', '', 'c');
  const talking = `D1 ACTIVE ${CUSTOMER} 1001:WRAP_UP(UPDATE_CALL_DATA) 1004:ACTIVE(${ACTIVE}) [c]`;
  await c.expect([`PUT ${talking}`, 'user TALKING [c]']);
  await a.expect([`PUT ${talking}`]);
  // agentA's wrap-up timer (team A, 60 s) ends it: DELETE for him, agentC sees him gone.
  server.clock.advance(60_000);
  await a.expect(['user READY', `DELETE D1 ACTIVE ${CUSTOMER} 1001:DROPPED() 1004:ACTIVE(${ACTIVE})`]);
  await c.expect([`PUT D1 ACTIVE ${CUSTOMER} 1004:ACTIVE(${ACTIVE})`]);
});

test('single-step transfer to a busy number: asynchronous apiErrors, the call stays with the agent', async () => {
  const { id, a } = await customerWithAgentA();
  await act('agentA', id, 'TRANSFER_SST', '1001', '<toAddress>5550100</toAddress>', 'sst-busy');
  await a.expect(['ERROR D1 Device Busy 13 CF_DEVICE_BUSY [sst-busy]']);
  assert.equal(
    a.updates.at(-1)!.text,
    `<Update><data><apiErrors><apiError><errorData>13</errorData><errorMessage>CF_DEVICE_BUSY</errorMessage><errorType>Device Busy</errorType></apiError></apiErrors></data><event>PUT</event><requestId>sst-busy</requestId><source>/finesse/api/Dialog/${id}</source></Update>`,
  );
});

test('consult to a busy number fails asynchronously; the agent drops the failed consult and retrieves', async () => {
  const { id, a } = await customerWithAgentA();
  await act('agentA', id, 'CONSULT_CALL', '1001', '<toAddress>5550100</toAddress>', 'busy');
  await a.expect([
    `PUT D1 ACTIVE ${CUSTOMER} 1001:HELD(RETRIEVE,DROP,UPDATE_CALL_DATA) [busy]`,
    'POST D2 INITIATING 1001:INITIATING(DROP,UPDATE_CALL_DATA) [busy]',
    'PUT D2 INITIATED 1001:INITIATED(DROP,UPDATE_CALL_DATA) [busy]',
    'PUT D2 FAILED 1001:FAILED/BUSY(DROP) [busy]',
    'ERROR D2 Device Busy 13 CF_DEVICE_BUSY [busy]',
  ]);
  await act('agentA', server.id('D2'), 'DROP', '1001', '', 'd');
  // The failed consult kept him TALKING; without it he is holding the customer.
  await a.expect(['PUT D2 DROPPED 1001:DROPPED() [d]', 'DELETE D2 DROPPED 1001:DROPPED() [d]', 'user HOLD [d]']);
  await act('agentA', id, 'RETRIEVE', '1001', '', 'r');
  await a.expect([`PUT D1 ACTIVE ${CUSTOMER} 1001:ACTIVE(${ACTIVE}) [r]`, 'user TALKING [r]']);
});
