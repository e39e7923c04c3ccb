import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { request } from '../support/http.js';
import { control, dialogAction, expectStatus, externalCall, signIn, startCallServer, startXmppCallServer } from './support/calls.js';
import type { CallTestServer } from './support/calls.js';

let server: CallTestServer;
before(async () => {
  server = await startCallServer();
});
after(() => server.stop());

const stat = (xml: string, name: string): string => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1] ?? '(absent)';

test('Queue and User Queues from the live model', async () => {
  const sales = await request(server.baseUrl, 'GET', '/finesse/api/Queue/1?nocache=1', { user: 'agentC' });
  assert.equal(sales.status, 200);
  assert.match(
    sales.body,
    /^<\?xml[^>]*\?><Queue><uri>\/finesse\/api\/Queue\/1<\/uri><name>Sales<\/name><statistics><callsInQueue>0<\/callsInQueue><startTimeOfLongestCallInQueue><\/startTimeOfLongestCallInQueue>/,
  );
  assert.equal(stat(sales.body, 'agentsLoggedOn'), '0');
  assert.equal((await request(server.baseUrl, 'GET', '/finesse/api/Queue/9', { user: 'agentA' })).status, 404);

  const mine = await request(server.baseUrl, 'GET', '/finesse/api/User/agentA/Queues', { user: 'agentA' });
  assert.match(mine.body, /^<\?xml[^>]*\?><Queues><Queue><uri>\/finesse\/api\/Queue\/1<\/uri><name>Sales<\/name>/);
  assert.doesNotMatch(mine.body, /Support/);
  const supervisor = await request(server.baseUrl, 'GET', '/finesse/api/User/supervisorB/Queues', { user: 'supervisorB' });
  assert.match(supervisor.body, /<name>Support<\/name>/);
  assert.equal((await request(server.baseUrl, 'GET', '/finesse/api/User/agentB/Queues', { user: 'agentA' })).status, 401);
});

const STATS = [
  'callsInQueue',
  'startTimeOfLongestCallInQueue',
  'agentsReady',
  'agentsNotReady',
  'agentsBusyOther',
  'agentsLoggedOn',
  'agentsTalkingInbound',
  'agentsTalkingOutbound',
  'agentsTalkingInternal',
  'agentsWrapUpNotReady',
  'agentsWrapUpReady',
];
/** The line of a Queue notification: every statistic 0 (or empty) unless given. */
const queueLine = (id: string, given: Record<string, string | number>): string =>
  `queue ${id} ${STATS.map((name) => `${name}=${given[name] ?? (name === 'startTimeOfLongestCallInQueue' ? '' : 0)}`).join(' ')}`;

test('statistics over XMPP: explicit subscribers get a Queue PUT at most every 10 s while the statistics change', async () => {
  const xs = await startXmppCallServer();
  try {
    const supervisor = await xs.watch('supervisorA');
    const agentA = await xs.watch('agentA');
    await supervisor.subscribe('/finesse/api/Queue/1');
    await agentA.subscribe('/finesse/api/Queue/1');
    const queueLines = async (): Promise<string[]> => (await agentA.take()).filter((l) => l.startsWith('queue'));

    // The first change goes out at once, the rest within the next 10 s is gathered.
    await signIn(xs, 'agentA', '1001');
    await supervisor.expect([queueLine('1', { agentsNotReady: 1, agentsLoggedOn: 1 })]);
    assert.match(
      supervisor.updates.at(-1)!.text,
      /^<Update><data><queue><uri>\/finesse\/api\/Queue\/1<\/uri><name>Sales<\/name><statistics>.*<\/statistics><\/queue><\/data><event>PUT<\/event><requestId><\/requestId><source>\/finesse\/api\/Queue\/1<\/source><\/Update>$/,
    );
    await signIn(xs, 'agentB', '1002', false);
    xs.clock.advance(5_000);
    const id = await externalCall(xs, '5000');
    await externalCall(xs, '5000', '4085550101');
    assert.deepEqual(await supervisor.take(), []);
    assert.deepEqual(await queueLines(), [queueLine('1', { agentsNotReady: 1, agentsLoggedOn: 1 })]);

    const now = await request(xs.baseUrl, 'GET', '/finesse/api/Queue/1', { user: 'agentA' });
    assert.equal(stat(now.body, 'callsInQueue'), '1');
    assert.equal(stat(now.body, 'startTimeOfLongestCallInQueue'), '2026-01-01T09:00:05Z');

    xs.clock.advance(4_999);
    assert.deepEqual(await supervisor.take(), []);
    xs.clock.advance(1);
    const waiting = queueLine('1', {
      callsInQueue: 1,
      startTimeOfLongestCallInQueue: '2026-01-01T09:00:05Z',
      agentsNotReady: 1,
      agentsBusyOther: 1,
      agentsLoggedOn: 2,
    });
    await supervisor.expect([waiting]);
    assert.deepEqual(await queueLines(), [waiting]);

    await expectStatus(dialogAction(xs, 'agentA', id, '<requestedAction>ANSWER</requestedAction><targetMediaAddress>1001</targetMediaAddress>'), 202);
    xs.clock.advance(9_999);
    assert.deepEqual(await supervisor.take(), []);
    xs.clock.advance(1);
    const talking = queueLine('1', {
      callsInQueue: 1,
      startTimeOfLongestCallInQueue: '2026-01-01T09:00:05Z',
      agentsNotReady: 1,
      agentsLoggedOn: 2,
      agentsTalkingInbound: 1,
    });
    await supervisor.expect([talking]);
    assert.deepEqual(await queueLines(), [talking]);
    xs.clock.advance(60_000);
    assert.deepEqual(await supervisor.take(), [], 'nothing changed, nothing sent');
    assert.equal((await control(xs, 'GET', '/calls')).json.active.length, 2);

    // The waiting caller gives up: callsInQueue back to 0 at once (the last send is more than 10 s ago).
    const waitingCall = (await control(xs, 'GET', '/calls')).json.active.find((c: { waiting: boolean }) => c.waiting).id;
    assert.equal((await control(xs, 'POST', `/calls/${waitingCall}/hangup`)).status, 202);
    await supervisor.expect([queueLine('1', { agentsNotReady: 1, agentsLoggedOn: 2, agentsTalkingInbound: 1 })]);
  } finally {
    await xs.stop();
  }
});
