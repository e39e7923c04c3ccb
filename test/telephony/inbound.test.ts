import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { request } from '../support/http.js';
import { control, dialogAction, expectStatus, externalCall, signIn, startCallServer } from './support/calls.js';
import type { CallTestServer } from './support/calls.js';

let server: CallTestServer;
before(async () => {
  server = await startCallServer();
  await signIn(server, 'agentA', '1001');
  await signIn(server, 'agentB', '1002', false);
});
after(() => server.stop());
beforeEach(() => server.recorder.take());

const CALLER_WAITING = '4085550100:INITIATED(DROP,UPDATE_CALL_DATA)';

test('inbound call to the Sales queue rings agentA, answered, then the caller hangs up', async () => {
  const id = await externalCall(server, '5000', '4085550100', { callVariables: { callVariable1: 'Chuck' } });
  assert.deepEqual(server.recorder.take(), [
    'user agentA RESERVED',
    `POST agentA D1 ALERTING ${CALLER_WAITING} 1001:ALERTING(ANSWER)`,
  ]);
  const dialogs = await request(server.baseUrl, 'GET', '/finesse/api/User/agentA/Dialogs', { user: 'agentA' });
  assert.equal(dialogs.status, 200);
  assert.match(dialogs.body, /<callType>ACD_IN<\/callType><dialedNumber>5000<\/dialedNumber>/);
  assert.match(dialogs.body, /<queueNumber>1<\/queueNumber><queueName>Sales<\/queueName>/);
  assert.match(dialogs.body, /<CallVariable><name>callVariable1<\/name><value>Chuck<\/value><\/CallVariable>/);
  assert.match(dialogs.body, /<CallVariable><name>callVariable10<\/name><value><\/value><\/CallVariable>/);

  await expectStatus(dialogAction(server, 'agentA', id, '<requestedAction>ANSWER</requestedAction><targetMediaAddress>1001</targetMediaAddress>', 'ans-1'), 202);
  assert.deepEqual(server.recorder.take(), [
    'PUT agentA D1 ACTIVE 4085550100:ACTIVE(HOLD,DROP,UPDATE_CALL_DATA,CONSULT_CALL,TRANSFER_SST,SEND_DTMF) 1001:ACTIVE(HOLD,DROP,UPDATE_CALL_DATA,CONSULT_CALL,TRANSFER_SST,SEND_DTMF) [ans-1]',
    'user agentA TALKING [ans-1]',
  ]);

  server.clock.advance(30_000);
  assert.equal((await control(server, 'POST', `/calls/${id}/hangup`)).status, 202);
  assert.deepEqual(server.recorder.take(), [
    'PUT agentA D1 DROPPED 4085550100:DROPPED() 1001:ACTIVE(HOLD,DROP,UPDATE_CALL_DATA,CONSULT_CALL,TRANSFER_SST,SEND_DTMF)',
    'PUT agentA D1 DROPPED 4085550100:DROPPED() 1001:WRAP_UP(UPDATE_CALL_DATA)',
    'user agentA WORK_READY',
  ]);
});

test('wrap-up (team A: OPTIONAL, 60 s timer) ends by the timer: READY, then the dialog is deleted and the call is in the history', async () => {
  server.clock.advance(59_000);
  assert.deepEqual(server.recorder.take(), []);
  server.clock.advance(1_000);
  assert.deepEqual(server.recorder.take(), ['user agentA READY', 'DELETE agentA D1']);
  const history = await control(server, 'GET', '/calls?since=0');
  assert.equal(history.status, 200);
  assert.deepEqual(history.json.active, []);
  const record = history.json.history.at(-1);
  assert.equal(record.id, server.recorder.realId('D1'));
  assert.equal(record.queueName, 'Sales');
  assert.deepEqual(record.agents, ['agentA']);
  assert.equal(record.durationMs, 30_000);
  assert.equal(record.outcome, 'completed');
  assert.equal(record.callVariables.callVariable1, 'Chuck');
});

test('inbound call dropped by the agent; wrap-up reason set during wrap-up; READY ends wrap-up at once', async () => {
  const id = await externalCall(server, '5000');
  await expectStatus(dialogAction(server, 'agentA', id, '<requestedAction>ANSWER</requestedAction><targetMediaAddress>1001</targetMediaAddress>'), 202);
  server.recorder.take();
  await expectStatus(dialogAction(server, 'agentA', id, '<requestedAction>DROP</requestedAction><targetMediaAddress>1001</targetMediaAddress>', 'drop-1'), 202);
  assert.deepEqual(server.recorder.take(), [
    'PUT agentA D2 DROPPED 4085550100:ACTIVE(HOLD,DROP,UPDATE_CALL_DATA,CONSULT_CALL,TRANSFER_SST,SEND_DTMF) 1001:WRAP_UP(UPDATE_CALL_DATA) [drop-1]',
    'PUT agentA D2 DROPPED 4085550100:DROPPED() 1001:WRAP_UP(UPDATE_CALL_DATA) [drop-1]',
    'user agentA WORK_READY [drop-1]',
  ]);
  await expectStatus(
    dialogAction(server, 'agentA', id, '<requestedAction>UPDATE_CALL_DATA</requestedAction><mediaProperties><wrapUpReason>Sales Inquiry</wrapUpReason></mediaProperties>', 'wrap-1'),
    202,
  );
  assert.deepEqual(server.recorder.take(), ['PUT agentA D2 DROPPED 4085550100:DROPPED() 1001:WRAP_UP(UPDATE_CALL_DATA) [wrap-1]']);
  assert.match(server.recorder.publications.at(-1)!.update, /<wrapUpReason>Sales Inquiry<\/wrapUpReason>/);
  await expectStatus(request(server.baseUrl, 'PUT', '/finesse/api/User/agentA', { user: 'agentA', body: '<User><state>READY</state></User>', headers: { requestId: 'ready-1' } }), 202);
  assert.deepEqual(server.recorder.take(), ['user agentA READY [ready-1]', 'DELETE agentA D2 [ready-1]']);
  const history = await control(server, 'GET', '/calls');
  assert.equal(history.json.history.at(-1).wrapUpReason, 'Sales Inquiry');
});

test('ring-no-answer: after 15 s agentA goes NOT_READY 32767 and the call is re-queued to agentB once he is READY', async () => {
  const id = await externalCall(server, '5000', '4085550111');
  assert.deepEqual(server.recorder.take(), ['user agentA RESERVED', `POST agentA D3 ALERTING 4085550111:INITIATED(DROP,UPDATE_CALL_DATA) 1001:ALERTING(ANSWER)`]);
  server.clock.advance(15_000);
  assert.deepEqual(server.recorder.take(), [
    'PUT agentA D3 INITIATED 4085550111:INITIATED(DROP,UPDATE_CALL_DATA) 1001:DROPPED()',
    'DELETE agentA D3',
    'user agentA NOT_READY rc=32767',
  ]);
  const queue = await request(server.baseUrl, 'GET', '/finesse/api/Queue/1', { user: 'agentB' });
  assert.match(queue.body, /<callsInQueue>1<\/callsInQueue><startTimeOfLongestCallInQueue>2026-01-01T09:0\d:\d\dZ<\/startTimeOfLongestCallInQueue>/);
  await expectStatus(request(server.baseUrl, 'PUT', '/finesse/api/User/agentB', { user: 'agentB', body: '<User><state>READY</state></User>' }), 202);
  assert.deepEqual(server.recorder.take(), ['user agentB READY', 'user agentB RESERVED', 'POST agentB D3 ALERTING 4085550111:INITIATED(DROP,UPDATE_CALL_DATA) 1002:ALERTING(ANSWER)']);
  // The caller gives up while it rings: agentB goes back to READY.
  assert.equal((await control(server, 'POST', `/calls/${id}/hangup`)).status, 202);
  assert.deepEqual(server.recorder.take(), [
    'PUT agentB D3 DROPPED 4085550111:DROPPED() 1002:DROPPED()',
    'DELETE agentB D3',
    'user agentB READY',
  ]);
  assert.equal((await control(server, 'GET', '/calls')).json.history.at(-1).outcome, 'abandoned');
});
