import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { control, dialogAction, expectStatus, externalCall, newDialog, signIn, startXmppCallServer } from './support/calls.js';
import type { XmppCallServer } from './support/calls.js';

/** Direct calls to an agent's extension (not through a queue) ring out after 15 s, like queue offers; over XMPP. */
let server: XmppCallServer;
afterEach(() => server.stop());

const ACTIVE = 'HOLD,DROP,UPDATE_CALL_DATA,CONSULT_CALL,TRANSFER_SST,SEND_DTMF';

test('external call to the extension of a READY agent: RESERVED, then after 15 s the call is cleared and he is NOT_READY 32767', async () => {
  server = await startXmppCallServer();
  const a = await server.watch('agentA');
  await signIn(server, 'agentA', '1001');
  const id = await externalCall(server, '1001');
  await a.expect(['user NOT_READY', 'user READY', 'user RESERVED', 'POST D1 ALERTING 4085550100:INITIATED(DROP,UPDATE_CALL_DATA) 1001:ALERTING(ANSWER)']);
  assert.match(a.updates.at(-1)!.text, /<callType>OTHER_IN<\/callType>/);
  server.clock.advance(14_999);
  assert.deepEqual(await a.take(), []);
  server.clock.advance(1);
  const over = 'D1 DROPPED 4085550100:DROPPED() 1001:DROPPED()';
  await a.expect([`PUT ${over}`, `DELETE ${over}`, 'user NOT_READY rc=32767']);
  const calls = await control(server, 'GET', '/calls');
  assert.deepEqual(calls.json.active, []);
  assert.deepEqual([calls.json.history.at(-1).id, calls.json.history.at(-1).outcome], [id, 'noAnswer']);
});

test('agent-to-agent call to a READY agent rings out: the caller is back NOT_READY, the called agent NOT_READY 32767', async () => {
  server = await startXmppCallServer();
  const a = await server.watch('agentA');
  const b = await server.watch('agentB');
  await signIn(server, 'agentA', '1001', false);
  await signIn(server, 'agentB', '1002');
  await expectStatus(
    newDialog(server, 'agentA', '<requestedAction>MAKE_CALL</requestedAction><fromAddress>1001</fromAddress><toAddress>1002</toAddress>', 'a2a'),
    202,
  );
  const ringing = 'D1 ALERTING 1001:INITIATED(DROP,UPDATE_CALL_DATA) 1002:ALERTING(ANSWER)';
  await a.expect([
    'user NOT_READY',
    'POST D1 INITIATING 1001:INITIATING(DROP,UPDATE_CALL_DATA) [a2a]',
    'user TALKING [a2a]',
    'PUT D1 INITIATED 1001:INITIATED(DROP,UPDATE_CALL_DATA) [a2a]',
    `PUT ${ringing} [a2a]`,
  ]);
  await b.expect(['user NOT_READY', 'user READY', 'user RESERVED [a2a]', `POST ${ringing} [a2a]`]);
  server.clock.advance(15_000);
  const over = 'D1 DROPPED 1001:DROPPED() 1002:DROPPED()';
  await a.expect([`PUT ${over}`, `DELETE ${over}`, 'user NOT_READY']);
  await b.expect([`PUT ${over}`, `DELETE ${over}`, 'user NOT_READY rc=32767']);
});

test('direct call to a NOT_READY agent just stops ringing after 15 s; one answered in time is not cleared', async () => {
  server = await startXmppCallServer();
  const b = await server.watch('agentB');
  await signIn(server, 'agentB', '1002', false);
  await externalCall(server, '1002', '4085550111');
  await b.expect(['user NOT_READY', 'POST D1 ALERTING 4085550111:INITIATED(DROP,UPDATE_CALL_DATA) 1002:ALERTING(ANSWER)']);
  server.clock.advance(15_000);
  const over = 'D1 DROPPED 4085550111:DROPPED() 1002:DROPPED()';
  await b.expect([`PUT ${over}`, `DELETE ${over}`]);

  const id = await externalCall(server, '1002', '4085550122');
  await b.expect(['POST D2 ALERTING 4085550122:INITIATED(DROP,UPDATE_CALL_DATA) 1002:ALERTING(ANSWER)']);
  server.clock.advance(14_000);
  await expectStatus(dialogAction(server, 'agentB', id, '<requestedAction>ANSWER</requestedAction><targetMediaAddress>1002</targetMediaAddress>', 'ans'), 202);
  await b.expect([`PUT D2 ACTIVE 4085550122:ACTIVE(${ACTIVE}) 1002:ACTIVE(${ACTIVE}) [ans]`, 'user TALKING [ans]']);
  server.clock.advance(5_000);
  assert.deepEqual(await b.take(), []);
});
