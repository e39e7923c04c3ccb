import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { request } from '../support/http.js';
import type { XmppWatcher } from '../support/xmpp-updates.js';
import { control, dialogAction, expectStatus, externalCall, signIn, startXmppCallServer } from './support/calls.js';
import type { XmppCallServer } from './support/calls.js';

/**
 * Inbound calls, verified on the agents' XMPP sessions: Dialogs node and User node interleaved as they arrive.
 * Each test has its own server, agentA READY on 1001 and agentB NOT_READY on 1002, and sets up the rest itself.
 */
let server: XmppCallServer;
let agentA: XmppWatcher;
let agentB: XmppWatcher;
beforeEach(async () => {
  server = await startXmppCallServer();
  agentA = await server.watch('agentA');
  agentB = await server.watch('agentB');
  await signIn(server, 'agentA', '1001');
  await signIn(server, 'agentB', '1002', false);
  await agentA.expect(['user NOT_READY', 'user READY']);
  await agentB.expect(['user NOT_READY']);
});
afterEach(() => server.stop());

const ACTIVE = 'HOLD,DROP,UPDATE_CALL_DATA,CONSULT_CALL,TRANSFER_SST,SEND_DTMF';
const CALLER_WAITING = '4085550100:INITIATED(DROP,UPDATE_CALL_DATA)';

/** Setup: agentA answers a Sales call (callVariable1 Chuck, dialog D1), talks 30 s, the caller hangs up: agentA is in wrap-up. */
async function answeredCallInWrapUp(): Promise<void> {
  const id = await externalCall(server, '5000', '4085550100', { callVariables: { callVariable1: 'Chuck' } });
  await agentA.expect(['user RESERVED', `POST D1 ALERTING ${CALLER_WAITING} 1001:ALERTING(ANSWER)`]);
  await expectStatus(dialogAction(server, 'agentA', id, '<requestedAction>ANSWER</requestedAction><targetMediaAddress>1001</targetMediaAddress>'), 202);
  await agentA.expect([`PUT D1 ACTIVE 4085550100:ACTIVE(${ACTIVE}) 1001:ACTIVE(${ACTIVE})`, 'user TALKING']);
  server.clock.advance(30_000);
  assert.equal((await control(server, 'POST', `/calls/${id}/hangup`)).status, 202);
  await agentA.expect([
    `PUT D1 DROPPED 4085550100:DROPPED() 1001:ACTIVE(${ACTIVE})`,
    'PUT D1 DROPPED 4085550100:DROPPED() 1001:WRAP_UP(UPDATE_CALL_DATA)',
    'user WORK_READY',
  ]);
}

/**
 * Setup: `count` earlier Sales calls, each ringing READY agentA and dropped by its caller, so the test's own
 * call is dialog D{count + 1}; agentA is READY again afterwards.
 */
async function earlierCalls(count: number): Promise<void> {
  for (let n = 1; n <= count; n++) {
    const from = `40855509${String(n).padStart(2, '0')}`;
    const id = await externalCall(server, '5000', from);
    await agentA.expect(['user RESERVED', `POST D${n} ALERTING ${from}:INITIATED(DROP,UPDATE_CALL_DATA) 1001:ALERTING(ANSWER)`]);
    assert.equal((await control(server, 'POST', `/calls/${id}/hangup`)).status, 202);
    await agentA.expect([`PUT D${n} DROPPED ${from}:DROPPED() 1001:DROPPED()`, `DELETE D${n} DROPPED ${from}:DROPPED() 1001:DROPPED()`, 'user READY']);
  }
}

test('inbound call to the Sales queue rings agentA, answered, then the caller hangs up', async () => {
  const id = await externalCall(server, '5000', '4085550100', { callVariables: { callVariable1: 'Chuck' } });
  await agentA.expect(['user RESERVED', `POST D1 ALERTING ${CALLER_WAITING} 1001:ALERTING(ANSWER)`]);
  const post = agentA.updates.at(-1)!;
  assert.match(post.text, /^<Update><data><dialogs><Dialog><associatedDialogUri><\/associatedDialogUri><fromAddress>4085550100<\/fromAddress>/);
  assert.match(post.text, /<actions><action>ANSWER<\/action><\/actions><mediaAddress>1001<\/mediaAddress><mediaAddressType>AGENT_DEVICE<\/mediaAddressType>/);
  assert.match(post.text, /<mediaAddress>4085550100<\/mediaAddress><mediaAddressType><\/mediaAddressType>/);
  assert.match(post.text, /<callType>ACD_IN<\/callType><dialedNumber>5000<\/dialedNumber>/);
  assert.match(post.text, /<queueNumber>1<\/queueNumber><queueName>Sales<\/queueName>/);
  assert.match(post.text, /<CallVariable><name>callVariable1<\/name><value>Chuck<\/value><\/CallVariable>/);
  assert.match(post.text, /<CallVariable><name>callVariable10<\/name><value><\/value><\/CallVariable>/);
  assert.match(
    post.text,
    /<\/Dialog><\/dialogs><\/data><event>POST<\/event><requestId><\/requestId><source>\/finesse\/api\/User\/agentA\/Dialogs<\/source><\/Update>$/,
  );
  const dialogs = await request(server.baseUrl, 'GET', '/finesse/api/User/agentA/Dialogs', { user: 'agentA' });
  assert.equal(dialogs.status, 200);
  assert.match(dialogs.body, new RegExp(`<Dialogs><Dialog>.*<id>${id}</id>.*</Dialog></Dialogs>$`));

  await expectStatus(
    dialogAction(server, 'agentA', id, '<requestedAction>ANSWER</requestedAction><targetMediaAddress>1001</targetMediaAddress>', 'ans-1'),
    202,
  );
  await agentA.expect([`PUT D1 ACTIVE 4085550100:ACTIVE(${ACTIVE}) 1001:ACTIVE(${ACTIVE}) [ans-1]`, 'user TALKING [ans-1]']);
  assert.match(
    agentA.updates.at(-2)!.text,
    new RegExp(
      `^<Update><data><dialog>.*<uri>/finesse/api/Dialog/${id}</uri></dialog></data><event>PUT</event><requestId>ans-1</requestId><source>/finesse/api/Dialog/${id}</source></Update>$`,
    ),
  );

  server.clock.advance(30_000);
  assert.equal((await control(server, 'POST', `/calls/${id}/hangup`)).status, 202);
  await agentA.expect([
    `PUT D1 DROPPED 4085550100:DROPPED() 1001:ACTIVE(${ACTIVE})`,
    'PUT D1 DROPPED 4085550100:DROPPED() 1001:WRAP_UP(UPDATE_CALL_DATA)',
    'user WORK_READY',
  ]);
  assert.deepEqual(await agentB.take(), []);
});

test('wrap-up OPTIONAL (team A, 60 s timer) ends by the timer: READY, then DELETE; the call is in the history', async () => {
  await answeredCallInWrapUp();
  server.clock.advance(59_000);
  assert.deepEqual(await agentA.take(), []);
  server.clock.advance(1_000);
  await agentA.expect(['user READY', 'DELETE D1 DROPPED 4085550100:DROPPED() 1001:DROPPED()']);
  const history = await control(server, 'GET', '/calls?since=0');
  assert.equal(history.status, 200);
  assert.deepEqual(history.json.active, []);
  const record = history.json.history.at(-1);
  assert.equal(record.id, server.id('D1'));
  assert.equal(record.queueName, 'Sales');
  assert.deepEqual(record.agents, ['agentA']);
  assert.equal(record.durationMs, 30_000);
  assert.equal(record.outcome, 'completed');
  assert.equal(record.callVariables.callVariable1, 'Chuck');
});

test('inbound call dropped by the agent; wrap-up reason set during wrap-up; READY ends wrap-up at once', async () => {
  await earlierCalls(1);
  const id = await externalCall(server, '5000');
  await expectStatus(
    dialogAction(server, 'agentA', id, '<requestedAction>ANSWER</requestedAction><targetMediaAddress>1001</targetMediaAddress>', 'ans-2'),
    202,
  );
  await agentA.expect([
    'user RESERVED',
    `POST D2 ALERTING ${CALLER_WAITING} 1001:ALERTING(ANSWER)`,
    `PUT D2 ACTIVE 4085550100:ACTIVE(${ACTIVE}) 1001:ACTIVE(${ACTIVE}) [ans-2]`,
    'user TALKING [ans-2]',
  ]);
  await expectStatus(dialogAction(server, 'agentA', id, '<requestedAction>DROP</requestedAction><targetMediaAddress>1001</targetMediaAddress>', 'drop-1'), 202);
  await agentA.expect([
    `PUT D2 DROPPED 4085550100:ACTIVE(${ACTIVE}) 1001:WRAP_UP(UPDATE_CALL_DATA) [drop-1]`,
    'PUT D2 DROPPED 4085550100:DROPPED() 1001:WRAP_UP(UPDATE_CALL_DATA) [drop-1]',
    'user WORK_READY [drop-1]',
  ]);
  await expectStatus(
    dialogAction(
      server,
      'agentA',
      id,
      '<requestedAction>UPDATE_CALL_DATA</requestedAction><mediaProperties><wrapUpReason>Sales Inquiry</wrapUpReason></mediaProperties>',
      'wrap-1',
    ),
    202,
  );
  await agentA.expect(['PUT D2 DROPPED 4085550100:DROPPED() 1001:WRAP_UP(UPDATE_CALL_DATA) [wrap-1]']);
  assert.match(agentA.updates.at(-1)!.text, /<wrapUpReason>Sales Inquiry<\/wrapUpReason>/);
  await expectStatus(
    request(server.baseUrl, 'PUT', '/finesse/api/User/agentA', {
      user: 'agentA',
      body: '<User><state>READY</state></User>',
      headers: { requestId: 'ready-1' },
    }),
    202,
  );
  await agentA.expect(['user READY [ready-1]', 'DELETE D2 DROPPED 4085550100:DROPPED() 1001:DROPPED() [ready-1]']);
  // The wrap-up timer was cancelled with the wrap-up: nothing more comes.
  server.clock.advance(60_000);
  assert.deepEqual(await agentA.take(), []);
  const history = await control(server, 'GET', '/calls');
  assert.equal(history.json.history.at(-1).wrapUpReason, 'Sales Inquiry');
});

test('ring-no-answer: after 15 s agentA goes NOT_READY 32767 and the call is re-queued to agentB once he is READY; the caller gives up', async () => {
  await earlierCalls(2);
  const id = await externalCall(server, '5000', '4085550111');
  const waiting = '4085550111:INITIATED(DROP,UPDATE_CALL_DATA)';
  await agentA.expect(['user RESERVED', `POST D3 ALERTING ${waiting} 1001:ALERTING(ANSWER)`]);
  server.clock.advance(14_999);
  assert.deepEqual(await agentA.take(), []);
  server.clock.advance(1);
  await agentA.expect([`PUT D3 INITIATED ${waiting} 1001:DROPPED()`, `DELETE D3 INITIATED ${waiting} 1001:DROPPED()`, 'user NOT_READY rc=32767']);
  const queue = await request(server.baseUrl, 'GET', '/finesse/api/Queue/1', { user: 'agentB' });
  assert.match(queue.body, /<callsInQueue>1<\/callsInQueue><startTimeOfLongestCallInQueue>2026-01-01T09:0\d:\d\dZ<\/startTimeOfLongestCallInQueue>/);
  assert.deepEqual(await agentB.take(), []);

  await expectStatus(
    request(server.baseUrl, 'PUT', '/finesse/api/User/agentB', {
      user: 'agentB',
      body: '<User><state>READY</state></User>',
      headers: { requestId: 'b-ready' },
    }),
    202,
  );
  await agentB.expect(['user READY [b-ready]', 'user RESERVED', `POST D3 ALERTING ${waiting} 1002:ALERTING(ANSWER)`]);
  assert.equal((await control(server, 'POST', `/calls/${id}/hangup`)).status, 202);
  await agentB.expect(['PUT D3 DROPPED 4085550111:DROPPED() 1002:DROPPED()', 'DELETE D3 DROPPED 4085550111:DROPPED() 1002:DROPPED()', 'user READY']);
  assert.deepEqual(await agentA.take(), []);
  assert.equal((await control(server, 'GET', '/calls')).json.history.at(-1).outcome, 'abandoned');
});

test('inbound call dropped by the caller while it rings: the agent is back READY with no wrap-up', async () => {
  await earlierCalls(3);
  // As a ring-no-answer leaves him: NOT_READY.
  await expectStatus(request(server.baseUrl, 'PUT', '/finesse/api/User/agentA', { user: 'agentA', body: '<User><state>NOT_READY</state></User>' }), 202);
  await agentA.expect(['user NOT_READY']);
  await expectStatus(request(server.baseUrl, 'PUT', '/finesse/api/User/agentA', { user: 'agentA', body: '<User><state>READY</state></User>' }), 202);
  await agentA.expect(['user READY']);
  const id = await externalCall(server, '5000', '4085550122');
  await agentA.expect(['user RESERVED', 'POST D4 ALERTING 4085550122:INITIATED(DROP,UPDATE_CALL_DATA) 1001:ALERTING(ANSWER)']);
  assert.equal((await control(server, 'POST', `/calls/${id}/hangup`)).status, 202);
  await agentA.expect(['PUT D4 DROPPED 4085550122:DROPPED() 1001:DROPPED()', 'DELETE D4 DROPPED 4085550122:DROPPED() 1001:DROPPED()', 'user READY']);
});
