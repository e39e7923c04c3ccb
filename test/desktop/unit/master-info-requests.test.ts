import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeNotifications, masterHarness, settle } from './support/master-harness.js';

// finesse.info.requests (gadget reference §3.3): the gadgets' requests to the master, sent the way
// finesse.js sends them (subscribe to the response topic first, then publish the request).

const QUEUE = '/finesse/api/Queue/1';

function ask(h: ReturnType<typeof masterHarness>, clientId: string, type: string, data: unknown, invokeID: string) {
  h.router.subscribe(clientId, `finesse.info.responses.${invokeID}`, `rsp-${invokeID}`);
  assert.deepEqual(h.router.publish(clientId, 'finesse.info.requests', { type, data, invokeID }), { ok: true, value: undefined });
}

const responses = (h: ReturnType<typeof masterHarness>, clientId: string) => h.seen(clientId).filter(([topic]) => topic.startsWith('finesse.info.responses.'));

test('info requests: ConnectionInfoReq is answered on finesse.info.connection with the status, resource and invokeID', async () => {
  const h = masterHarness();
  h.router.subscribe('g1', 'finesse.info.connection', 'c');
  h.services.start({ state: 'connecting' });
  h.router.publish('g1', 'finesse.info.requests', { type: 'ConnectionInfoReq', data: {}, invokeID: 'inv-1' });
  h.services.onConnectionStatus({ state: 'connected' });
  h.router.publish('g1', 'finesse.info.requests', { type: 'ConnectionInfoReq', data: {}, invokeID: 7 });
  await settle();
  assert.deepEqual(h.seen('g1'), [
    ['finesse.info.connection', { status: 'connecting', resourceID: 'desktop-0a1b2c', invokeID: 'inv-1' }],
    ['finesse.info.connection', { status: 'connected', resourceID: 'desktop-0a1b2c' }],
    ['finesse.info.connection', { status: 'connected', resourceID: 'desktop-0a1b2c', invokeID: '7' }],
  ]);
  await h.services.stop();
});

test('info requests: two gadgets subscribing one node make one XMPP subscription, released with the last', async () => {
  const h = masterHarness();
  h.services.start({ state: 'connected' });
  ask(h, 'g1', 'SubscribeNodeReq', { node: QUEUE }, 'a1');
  ask(h, 'g2', 'SubscribeNodeReq', { node: QUEUE }, 'b1');
  await settle();
  assert.deepEqual(h.notifications.requests, [`subscribe ${QUEUE}`]);
  assert.deepEqual(responses(h, 'g1'), [['finesse.info.responses.a1', undefined]]);
  assert.deepEqual(responses(h, 'g2'), [['finesse.info.responses.b1', undefined]]);

  ask(h, 'g1', 'UnsubscribeNodeReq', { node: QUEUE, subid: 'x' }, 'a2');
  await settle();
  assert.deepEqual(h.notifications.requests, [`subscribe ${QUEUE}`]);
  ask(h, 'g2', 'UnsubscribeNodeReq', { node: QUEUE }, 'b2');
  await settle();
  assert.deepEqual(h.notifications.requests, [`subscribe ${QUEUE}`, `unsubscribe ${QUEUE}`]);
  assert.deepEqual(responses(h, 'g2').at(-1), ['finesse.info.responses.b2', undefined]);

  // A node nobody holds any more: succeeds without XMPP traffic.
  ask(h, 'g2', 'UnsubscribeNodeReq', { node: QUEUE }, 'b3');
  await settle();
  assert.equal(h.notifications.requests.length, 2);
  assert.deepEqual(responses(h, 'g2').at(-1), ['finesse.info.responses.b3', undefined]);
  await h.services.stop();
});

test("info requests: the user's own User and Dialogs nodes succeed without an XMPP subscription", async () => {
  const h = masterHarness();
  h.services.start({ state: 'connected' });
  ask(h, 'g1', 'SubscribeNodeReq', { node: '/finesse/api/User/agentA' }, 'u');
  ask(h, 'g1', 'SubscribeNodeReq', { node: '/finesse/api/User/agentA/Dialogs' }, 'd');
  ask(h, 'g1', 'UnsubscribeNodeReq', { node: '/finesse/api/User/agentA/Dialogs' }, 'e');
  await settle();
  assert.deepEqual(h.notifications.requests, []);
  assert.deepEqual(responses(h, 'g1'), [
    ['finesse.info.responses.u', undefined],
    ['finesse.info.responses.d', undefined],
    ['finesse.info.responses.e', undefined],
  ]);
});

test('info requests: a refused subscription answers {error:{errorType, errorMessage}} and counts nothing', async () => {
  const notifications = new FakeNotifications();
  notifications.refuse.set('/finesse/api/Team/2/Users', 'forbidden');
  const h = masterHarness({ notifications });
  h.services.start({ state: 'connected' });
  ask(h, 'g1', 'SubscribeNodeReq', { node: '/finesse/api/Team/2/Users' }, 'r1');
  await settle();
  assert.deepEqual(responses(h, 'g1'), [
    ['finesse.info.responses.r1', { error: { errorType: 'forbidden', errorMessage: 'Could not subscribe /finesse/api/Team/2/Users: forbidden' } }],
  ]);
  // Nothing held: the next request tries XMPP again.
  notifications.refuse.clear();
  ask(h, 'g1', 'SubscribeNodeReq', { node: '/finesse/api/Team/2/Users' }, 'r2');
  await settle();
  assert.deepEqual(notifications.requests, ['subscribe /finesse/api/Team/2/Users', 'subscribe /finesse/api/Team/2/Users']);
  assert.deepEqual(responses(h, 'g1').at(-1), ['finesse.info.responses.r2', undefined]);
});

test('info requests: malformed requests are answered with an error when they carry an invokeID; ConnectionReq is ignored', async () => {
  const h = masterHarness();
  h.services.start({ state: 'connected' });
  h.router.subscribe('g1', 'finesse.info.connection', 'c');
  ask(h, 'g1', 'SubscribeNodeReq', {}, 'm1');
  ask(h, 'g1', 'NoSuchReq', {}, 'm2');
  ask(h, 'g1', 'ConnectionReq', { id: 'agentA', password: 'x', xmppDomain: 'localhost' }, 'm3');
  for (const junk of [null, 'text', [1], { type: 'SubscribeNodeReq', data: { node: QUEUE } }]) h.router.publish('g1', 'finesse.info.requests', junk);
  await settle();
  assert.deepEqual(responses(h, 'g1'), [
    ['finesse.info.responses.m1', { error: { errorType: 'InvalidRequest', errorMessage: 'SubscribeNodeReq needs data.node, a node path' } }],
    ['finesse.info.responses.m2', { error: { errorType: 'InvalidRequest', errorMessage: 'unknown request type NoSuchReq' } }],
  ]);
  // The request without invokeID still subscribed (nobody to answer), ConnectionReq did nothing.
  assert.deepEqual(h.notifications.requests, [`subscribe ${QUEUE}`]);
  assert.deepEqual(
    h.seen('g1').filter(([topic]) => topic === 'finesse.info.connection'),
    [],
  );
});

test('info requests: stop releases the nodes gadgets still hold and stops answering', async () => {
  const h = masterHarness();
  h.services.start({ state: 'connected' });
  ask(h, 'g1', 'SubscribeNodeReq', { node: QUEUE }, 's1');
  await settle();
  await h.services.stop();
  assert.deepEqual(h.notifications.requests, [`subscribe ${QUEUE}`, `unsubscribe ${QUEUE}`]);
  ask(h, 'g1', 'SubscribeNodeReq', { node: QUEUE }, 's2');
  await settle();
  assert.equal(responses(h, 'g1').length, 1);
});
