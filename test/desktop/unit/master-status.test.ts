import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConnectionState } from '../../../src/desktop/src/finesse/connection-state.js';
import { masterHarness, settle } from './support/master-harness.js';

// The connection status gadgets see (gadget reference §3.3 mapping), gadget logs batched to the server, and
// the timer tick.

test('connection status: the client states map to the gadget statuses, published on each change', () => {
  const h = masterHarness();
  h.router.subscribe('g1', 'finesse.info.connection', 'c');
  h.services.start({ state: 'connecting' });
  const states: ConnectionState[] = ['connecting', 'connected', 'reconnecting', 'reconnecting', 'connected', 'reconnecting', 'connected', 'failed', 'stopped'];
  for (const state of states) h.services.onConnectionStatus({ state });
  assert.deepEqual(
    h.seen('g1').map(([, data]) => (data as { status: string }).status),
    ['connected', 'failing', 'recovered', 'failing', 'recovered', 'disconnected', 'unloading'],
  );
  assert.ok(h.seen('g1').every(([, data]) => (data as { resourceID: string }).resourceID === 'desktop-0a1b2c'));
});

test('connection status: workflows are loaded on connection and reloaded after each reconnection', async () => {
  const h = masterHarness();
  h.services.start({ state: 'connected' });
  h.services.onConnectionStatus({ state: 'reconnecting' });
  h.services.onConnectionStatus({ state: 'connected' });
  await settle();
  const gets = (h.rest as unknown as { requests: { method: string; path: string }[] }).requests.filter((r) => r.method === 'GET').map((r) => r.path);
  assert.deepEqual(gets, ['/User/agentA', '/User/agentA/Workflows', '/User/agentA', '/User/agentA/Workflows']);
});

test('client logging: lines are posted in one ClientLog after 5 s, or at once when 50 wait', async () => {
  const h = masterHarness();
  const rest = h.rest as unknown as { requests: { method: string; path: string; body?: string }[] };
  h.services.start({ state: 'connecting' });
  h.router.publish('g1', 'finesse.clientLogging.My Gadget', 'first <line> & more');
  h.router.publish('g2', 'finesse.clientLogging.other', 'second');
  h.clock.advance(4999);
  await settle();
  assert.deepEqual(rest.requests, []);
  h.clock.advance(1);
  await settle();
  assert.deepEqual(rest.requests, [
    {
      method: 'POST',
      path: '/User/agentA/ClientLog',
      body: '<ClientLog><logData>My Gadget: first &lt;line&gt; &amp; more\nother: second</logData></ClientLog>',
      contentType: 'application/xml',
    },
  ]);

  for (let n = 1; n <= 120; n++) h.router.publish('g1', 'finesse.clientLogging.g', `line ${n}`);
  await settle();
  assert.equal(rest.requests.length, 3, '100 lines: two posts at once');
  const lines = (i: number) => /<logData>([^<]*)<\/logData>/.exec(rest.requests[i]!.body!)![1]!.split('\n');
  assert.equal(lines(1).length, 50);
  assert.equal(lines(1)[0], 'g: line 1');
  assert.equal(lines(2)[49], 'g: line 100');
  h.clock.advance(5000);
  await settle();
  assert.equal(rest.requests.length, 4);
  assert.deepEqual([lines(3)[0], lines(3).length], ['g: line 101', 20]);

  h.router.publish('g1', 'finesse.clientLogging.g', { not: 'a string' });
  await h.services.stop();
  assert.equal(rest.requests.length, 5, 'stop posts what waits');
  assert.equal(lines(4)[0], 'g: {"not":"a string"}');
});

test('timer tick: published every second only while someone subscribes; stop clears the timer', () => {
  const h = masterHarness();
  h.services.start({ state: 'connected' });
  assert.equal(h.clock.pending, 1);
  h.clock.advance(3000);
  assert.deepEqual(h.delivered, []);
  h.router.subscribe('g1', 'finesse.containerservices.timerTickEvent', 't');
  const from = h.clock.now();
  h.clock.advance(3000);
  assert.deepEqual(
    h.seen('g1'),
    [1, 2, 3].map((n) => ['finesse.containerservices.timerTickEvent', { dateQueued: from + n * 1000, tickFrequency: 1000 }]),
  );
  h.router.unsubscribe('g1', 't');
  h.router.subscribe('g2', 'finesse.containerservices.*', 'any');
  h.clock.advance(1000);
  assert.equal(h.seen('g2').length, 1);
  h.router.unsubscribe('g2', 'any');
  h.clock.advance(5000);
  assert.equal(h.delivered.length, 4);
  void h.services.stop();
  assert.equal(h.clock.pending, 0);
});
