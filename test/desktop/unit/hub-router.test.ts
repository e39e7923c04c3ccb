import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HubError } from '../../../src/desktop/src/gadgets/hub/errors.js';
import type { HubPolicy } from '../../../src/desktop/src/gadgets/hub/policy.js';
import { type Delivery, type Denial, HubRouter, type HubRouterOptions, MASTER_ID } from '../../../src/desktop/src/gadgets/hub/router.js';

function setup(options: Partial<HubRouterOptions> = {}, clients = ['g1', 'g2']) {
  const delivered: Delivery[] = [];
  const denied: Denial[] = [];
  const router = new HubRouter({ deliver: (d) => delivered.push(d), onDenied: (d) => denied.push(d), ...options });
  for (const id of clients) assert.deepEqual(router.connect(id), { ok: true, value: undefined });
  const seen = (clientId: string) => delivered.filter((d) => d.clientId === clientId).map((d) => [d.subId, d.topic, d.data]);
  return { router, delivered, denied, seen };
}

test('hub router: publish reaches every matching subscription, the publisher included, in subscription order', () => {
  const { router, delivered } = setup();
  router.subscribe('g2', 'acme.*', 's1');
  router.subscribe('g1', 'acme.pop', 's1');
  router.subscribe('g1', 'other', 's2');
  router.subscribe('g2', 'acme.**', 's2');
  router.subscribe(MASTER_ID, '**', 'm1');
  assert.deepEqual(router.publish('g1', 'acme.pop', { n: 1 }), { ok: true, value: undefined });
  assert.deepEqual(
    delivered.map((d) => `${d.clientId}/${d.subId}`),
    ['g2/s1', 'g1/s1', 'g2/s2', `${MASTER_ID}/m1`],
  );
  assert.ok(delivered.every((d) => d.topic === 'acme.pop' && (d.data as { n: number }).n === 1));
});

test('hub router: undefined is delivered as the message (success responses)', () => {
  const { router, delivered } = setup();
  router.subscribe('g1', 'finesse.info.responses.*', 'r');
  router.publish(MASTER_ID, 'finesse.info.responses.42', undefined);
  assert.equal(delivered.length, 1);
  assert.equal(delivered[0]!.data, undefined);
});

test('hub router: each client sees messages in publish order, even when a receiver publishes while being delivered to', () => {
  const delivered: Delivery[] = [];
  const router = new HubRouter({
    deliver: (d) => {
      delivered.push(d);
      // The master answers a request at once, in the middle of the first publish's deliveries.
      if (d.clientId === MASTER_ID && d.topic === 'finesse.info.requests') router.publish(MASTER_ID, 'answer', d.data);
    },
  });
  router.connect('g1');
  router.subscribe(MASTER_ID, 'finesse.info.requests', 'req');
  router.subscribe('g1', '**', 'all');
  router.publish('g1', 'finesse.info.requests', 1);
  router.publish('g1', 'finesse.info.requests', 2);
  const g1 = delivered.filter((d) => d.clientId === 'g1').map((d) => `${d.topic}:${d.data}`);
  assert.deepEqual(g1, ['finesse.info.requests:1', 'answer:1', 'finesse.info.requests:2', 'answer:2']);
});

test('hub router: subscription ids are the client’s own or minted; duplicates and bad patterns are refused', () => {
  const { router } = setup();
  assert.deepEqual(router.subscribe('g1', 'a.b', 'x'), { ok: true, value: 'x' });
  assert.deepEqual(router.subscribe('g1', 'a.c', 'x'), { ok: false, error: HubError.Duplicate });
  assert.deepEqual(router.subscribe('g2', 'a.c', 'x'), { ok: true, value: 'x' }, 'ids are per client');
  const minted = router.subscribe('g1', 'a.d');
  assert.ok(minted.ok && minted.value !== 'x');
  for (const pattern of ['', 'a..b', 'a.**.b', 'a*']) {
    assert.deepEqual(router.subscribe('g1', pattern, `p${pattern}`), { ok: false, error: HubError.BadParameters });
  }
  assert.deepEqual(router.subscribe('g1', 'a', ''), { ok: false, error: HubError.BadParameters });
  assert.deepEqual(router.subscribe('nobody', 'a', 's'), { ok: false, error: HubError.Disconnected });
});

test('hub router: unsubscribe stops delivery, also of messages already queued; unknown ids are NoSubscription', () => {
  const { router, delivered } = setup({
    deliver: (d) => {
      delivered.push(d);
      if (d.subId === 'first') router.unsubscribe('g2', 'second');
    },
  });
  router.subscribe('g1', 'a', 'first');
  router.subscribe('g2', 'a', 'second');
  router.publish('g1', 'a', 1);
  assert.deepEqual(
    delivered.map((d) => d.subId),
    ['first'],
  );
  assert.deepEqual(router.unsubscribe('g2', 'second'), { ok: false, error: HubError.NoSubscription });
  assert.deepEqual(router.unsubscribe('g1', 'first'), { ok: true, value: undefined });
  router.publish('g2', 'a', 2);
  assert.equal(delivered.length, 1);
  assert.deepEqual(router.unsubscribe('nobody', 'first'), { ok: false, error: HubError.Disconnected });
});

test('hub router: a disconnecting client loses its subscriptions and can connect afresh', () => {
  const { router, seen } = setup();
  router.subscribe('g1', 'a.*', 's1');
  router.subscribe('g1', 'b', 's2');
  router.subscribe('g2', 'a.*', 's1');
  router.disconnect('g1');
  assert.equal(router.isConnected('g1'), false);
  assert.deepEqual(router.subscriptionsOf('g1'), []);
  router.publish('g2', 'a.x', 'hi');
  assert.deepEqual(seen('g1'), []);
  assert.deepEqual(seen('g2'), [['s1', 'a.x', 'hi']]);
  assert.deepEqual(router.publish('g1', 'a.x', 1), { ok: false, error: HubError.Disconnected });
  assert.deepEqual(router.connect('g1'), { ok: true, value: undefined });
  assert.deepEqual(router.subscriptionsOf('g1'), [], 'a reconnect starts empty');
  assert.deepEqual(router.connect('g1'), { ok: false, error: HubError.Duplicate });
  router.disconnect(MASTER_ID);
  assert.equal(router.isConnected(MASTER_ID), true, 'the master cannot be disconnected');
});

test('hub router: a client disconnected during a publish gets nothing more of it', () => {
  const { router, delivered } = setup({
    deliver: (d) => {
      delivered.push(d);
      router.disconnect('g2');
    },
  });
  router.subscribe('g1', 'a', 's');
  router.subscribe('g2', 'a', 's');
  router.publish('g1', 'a', 1);
  assert.deepEqual(
    delivered.map((d) => d.clientId),
    ['g1'],
  );
});

test('hub router: gadgets may not publish on master-owned topics; the master may; refusals are reported', () => {
  const { router, denied, seen } = setup();
  router.subscribe('g2', 'finesse.**', 'all');
  assert.deepEqual(router.publish('g1', 'finesse.api.User.1001', { content: '<Update/>' }), { ok: false, error: HubError.NotAllowed });
  assert.deepEqual(router.publish('g1', 'finesse.info.connection', { status: 'connected' }), { ok: false, error: HubError.NotAllowed });
  assert.deepEqual(router.publish('g1', 'finesse.info.requests', { type: 'ConnectionInfoReq', data: {}, invokeID: '1' }), { ok: true, value: undefined });
  assert.deepEqual(router.publish(MASTER_ID, 'finesse.info.connection', { status: 'connected' }), { ok: true, value: undefined });
  assert.deepEqual(
    seen('g2').map(([, topic]) => topic),
    ['finesse.info.requests', 'finesse.info.connection'],
  );
  assert.deepEqual(denied, [
    { clientId: 'g1', kind: 'publish', topic: 'finesse.api.User.1001', error: HubError.NotAllowed, reason: 'policy' },
    { clientId: 'g1', kind: 'publish', topic: 'finesse.info.connection', error: HubError.NotAllowed, reason: 'policy' },
  ]);
});

test('hub router: a custom policy decides subscriptions too', () => {
  const policy: HubPolicy = { canPublish: () => true, canSubscribe: (clientId, pattern) => !(clientId === 'g1' && pattern.startsWith('secret')) };
  const { router, denied } = setup({ policy });
  assert.deepEqual(router.subscribe('g1', 'secret.*', 's'), { ok: false, error: HubError.NotAllowed });
  assert.deepEqual(router.subscribe('g2', 'secret.*', 's'), { ok: true, value: 's' });
  assert.deepEqual(router.subscribe(MASTER_ID, 'secret.*', 's'), { ok: true, value: 's' }, 'the master is never checked');
  assert.equal(denied.length, 1);
  assert.equal(denied[0]!.kind, 'subscribe');
});

test('hub router: bad topics and non-JSON data are BadParameters', () => {
  const { router, delivered } = setup();
  router.subscribe('g1', '**', 'all');
  for (const topic of ['', 'a.', 'a.*', 'a.**', 'a..b']) assert.deepEqual(router.publish('g1', topic, 1), { ok: false, error: HubError.BadParameters }, topic);
  for (const data of [() => 1, new Date(), Number.NaN, 1n, { x: new Map() }]) {
    assert.deepEqual(router.publish('g1', 'a', data), { ok: false, error: HubError.BadParameters });
    assert.deepEqual(router.publish(MASTER_ID, 'a', data), { ok: false, error: HubError.BadParameters });
  }
  assert.equal(delivered.length, 0);
});

test('hub router: caps on subscriptions per gadget and on payload size', () => {
  const { router, denied } = setup({ limits: { maxSubscriptionsPerClient: 2, maxPayloadChars: 10 } });
  router.subscribe('g1', 'a', 's1');
  router.subscribe('g1', 'b', 's2');
  assert.deepEqual(router.subscribe('g1', 'c', 's3'), { ok: false, error: HubError.NotAllowed });
  router.unsubscribe('g1', 's1');
  assert.deepEqual(router.subscribe('g1', 'c', 's3'), { ok: true, value: 's3' });
  assert.deepEqual(router.publish('g1', 'x', '12345678'), { ok: true, value: undefined });
  assert.deepEqual(router.publish('g1', 'x', '123456789'), { ok: false, error: HubError.NotAllowed });
  assert.deepEqual(router.publish(MASTER_ID, 'x', 'a long master payload'), { ok: true, value: undefined });
  assert.deepEqual(
    denied.map((d) => d.reason),
    ['limit', 'payload'],
  );
});

test('hub router: a throwing receiver does not starve the others; the error surfaces after the drain', () => {
  const delivered: string[] = [];
  const router = new HubRouter({
    deliver: (d) => {
      delivered.push(d.clientId);
      if (d.clientId === 'g1') throw new Error('port closed');
    },
  });
  router.connect('g1');
  router.connect('g2');
  router.subscribe('g1', 'a', 's');
  router.subscribe('g2', 'a', 's');
  assert.throws(() => router.publish('g2', 'a', 1), /port closed/);
  assert.deepEqual(delivered, ['g1', 'g2']);
  router.publish('g2', 'b', 1);
  assert.deepEqual(delivered, ['g1', 'g2'], 'nothing left over');
});

test('hub router: hasSubscribers tells whether anyone listens on a topic', () => {
  const { router } = setup();
  assert.equal(router.hasSubscribers('finesse.containerservices.timerTickEvent'), false);
  router.subscribe('g1', 'finesse.containerservices.*', 's');
  assert.equal(router.hasSubscribers('finesse.containerservices.timerTickEvent'), true);
  router.disconnect('g1');
  assert.equal(router.hasSubscribers('finesse.containerservices.timerTickEvent'), false);
  assert.equal(router.hasSubscribers('a.*'), false);
});
