import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startQueueNotifier } from '../../src/notify/queue-notifier.js';
import { request } from '../support/http.js';
import { control, externalCall, signIn, startCallServer } from './support/calls.js';
import type { CallTestServer } from './support/calls.js';

let server: CallTestServer;
const published: { node: string; update: string }[] = [];
before(async () => {
  server = await startCallServer();
  startQueueNotifier(server.bus, server.clock, server.telephony, (node, update) => published.push({ node, update }));
});
after(() => server.stop());

const stat = (xml: string, name: string): string => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1] ?? '(absent)';

test('Queue and User Queues from the live model', async () => {
  const sales = await request(server.baseUrl, 'GET', '/finesse/api/Queue/1?nocache=1', { user: 'agentC' });
  assert.equal(sales.status, 200);
  assert.match(sales.body, /^<\?xml[^>]*\?><Queue><uri>\/finesse\/api\/Queue\/1<\/uri><name>Sales<\/name><statistics><callsInQueue>0<\/callsInQueue><startTimeOfLongestCallInQueue><\/startTimeOfLongestCallInQueue>/);
  assert.equal(stat(sales.body, 'agentsLoggedOn'), '0');
  assert.equal((await request(server.baseUrl, 'GET', '/finesse/api/Queue/9', { user: 'agentA' })).status, 404);

  const mine = await request(server.baseUrl, 'GET', '/finesse/api/User/agentA/Queues', { user: 'agentA' });
  assert.match(mine.body, /^<\?xml[^>]*\?><Queues><Queue><uri>\/finesse\/api\/Queue\/1<\/uri><name>Sales<\/name>/);
  assert.doesNotMatch(mine.body, /Support/);
  const supervisor = await request(server.baseUrl, 'GET', '/finesse/api/User/supervisorB/Queues', { user: 'supervisorB' });
  assert.match(supervisor.body, /<name>Support<\/name>/);
  assert.equal((await request(server.baseUrl, 'GET', '/finesse/api/User/agentB/Queues', { user: 'agentA' })).status, 401);
});

test('statistics follow agents and waiting calls; notifications at most every 10 s', async () => {
  published.length = 0;
  await signIn(server, 'agentA', '1001');
  // The first change goes out at once, the rest within the next 10 s is gathered.
  assert.equal(published.length, 1);
  assert.equal(published[0]!.node, '/finesse/api/Queue/1');
  assert.match(published[0]!.update, /^<Update><data><queue><uri>\/finesse\/api\/Queue\/1<\/uri><name>Sales<\/name><statistics>.*<\/statistics><\/queue><\/data><event>PUT<\/event><requestId><\/requestId><source>\/finesse\/api\/Queue\/1<\/source><\/Update>$/);
  await signIn(server, 'agentB', '1002', false);
  server.clock.advance(5_000);
  const id = await externalCall(server, '5000');
  await externalCall(server, '5000', '4085550101');
  assert.equal(published.length, 1);

  const now = await request(server.baseUrl, 'GET', '/finesse/api/Queue/1', { user: 'agentA' });
  assert.equal(stat(now.body, 'callsInQueue'), '1');
  assert.equal(stat(now.body, 'startTimeOfLongestCallInQueue'), '2026-01-01T09:00:05Z');
  assert.equal(stat(now.body, 'agentsLoggedOn'), '2');
  assert.equal(stat(now.body, 'agentsNotReady'), '1');
  assert.equal(stat(now.body, 'agentsBusyOther'), '1');

  server.clock.advance(5_000);
  assert.equal(published.length, 2);
  assert.equal(stat(published[1]!.update, 'callsInQueue'), '1');
  assert.equal(stat(published[1]!.update, 'agentsBusyOther'), '1');

  await fetch(`${server.baseUrl}/finesse/api/Dialog/${id}`, {
    method: 'PUT',
    headers: { authorization: `Basic ${Buffer.from('agentA:demo').toString('base64')}`, 'content-type': 'application/xml' },
    body: '<Dialog><requestedAction>ANSWER</requestedAction><targetMediaAddress>1001</targetMediaAddress></Dialog>',
  });
  server.clock.advance(10_000);
  assert.equal(published.length, 3);
  assert.equal(stat(published[2]!.update, 'agentsTalkingInbound'), '1');
  server.clock.advance(60_000);
  assert.equal(published.length, 3, 'nothing changed, nothing sent');
  assert.equal((await control(server, 'GET', '/calls')).json.active.length, 2);
});
