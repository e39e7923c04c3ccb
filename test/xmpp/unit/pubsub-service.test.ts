import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Broadcaster } from '../../../src/xmpp/pubsub/ports.js';
import { AUTOMATIC_SUBID, PubsubService } from '../../../src/xmpp/pubsub/pubsub-service.js';
import { FakePolicy, MemorySubscriptions } from './support/fakes.js';

/** Records every delivery; bare JIDs in `available` count as available accounts. */
class FakeBroadcaster implements Broadcaster {
  readonly deliveries: { to: string; head: string; shared: Buffer }[] = [];
  constructor(readonly available: string[] = []) {}
  deliverToBare(bareJid: string, head: string, shared: Buffer): number {
    this.deliveries.push({ to: bareJid, head, shared });
    return 1;
  }
  deliverToFull(bareJid: string, resource: string, head: string, shared: Buffer): number {
    this.deliveries.push({ to: `${bareJid}/${resource}`, head, shared });
    return 1;
  }
  availableBareJids(): string[] {
    return this.available;
  }
}

const alice = { loginId: 'Alice' };
const bob = { loginId: 'bob' };

function service(options: { available?: string[]; store?: MemorySubscriptions; encodePayload?: (p: string) => string } = {}) {
  const broadcaster = new FakeBroadcaster(options.available);
  const store = options.store ?? new MemorySubscriptions();
  const pubsub = new PubsubService({
    domain: 'example.test',
    policy: new FakePolicy(),
    subscriptions: store,
    broadcaster,
    clock: { now: () => 42 },
    encodePayload: options.encodePayload,
  });
  return { pubsub, broadcaster, store };
}

describe('the pubsub service on its ports', () => {
  test('an explicit subscription is stored once, for the account’s own JID only (localpart folded)', () => {
    const { pubsub, store } = service();
    const first = pubsub.subscribe(alice, '/open/a', 'ALICE@example.test/Desk');
    assert.ok(first.ok);
    assert.equal(first.subscription.jid, 'alice@example.test/Desk');
    assert.match(first.subscription.subid, /^[0-9a-f]{24}$/);
    const again = pubsub.subscribe(alice, '/open/a', 'alice@example.test/Desk');
    assert.deepEqual(again, first, 'subscribing again returns the same subscription');
    assert.deepEqual(store.rows, [{ node: '/open/a', jid: 'alice@example.test/Desk', subid: first.subscription.subid, createdAt: 42 }]);
    assert.deepEqual(pubsub.subscribe(alice, '/open/a', 'bob@example.test'), { ok: false, condition: 'bad-request', pubsubCondition: 'invalid-jid' });
    assert.deepEqual(pubsub.subscribe(alice, '/open/a', 'alice@elsewhere.test'), { ok: false, condition: 'bad-request', pubsubCondition: 'invalid-jid' });
  });

  test('the policy decides: automatic nodes need no storage, forbidden and unknown ones are refused', () => {
    const { pubsub, store } = service();
    assert.deepEqual(pubsub.subscribe(alice, '/own/Alice', 'alice@example.test'), {
      ok: true,
      subscription: { node: '/own/Alice', jid: 'alice@example.test', subid: AUTOMATIC_SUBID },
    });
    assert.deepEqual(pubsub.subscribe(alice, '/secret', 'alice@example.test'), { ok: false, condition: 'forbidden' });
    assert.deepEqual(pubsub.subscribe(alice, '/nothing', 'alice@example.test'), { ok: false, condition: 'item-not-found' });
    assert.deepEqual(store.rows, []);
  });

  test('unsubscribe: removed from the store; a wrong subid, or no subscription, is refused', () => {
    const { pubsub, store } = service();
    const sub = pubsub.subscribe(bob, '/open/b', 'bob@example.test');
    assert.ok(sub.ok);
    assert.deepEqual(pubsub.unsubscribe(bob, '/open/b', 'bob@example.test', 'nope'), {
      ok: false,
      condition: 'not-acceptable',
      pubsubCondition: 'invalid-subid',
    });
    assert.ok(pubsub.unsubscribe(bob, '/open/b', 'bob@example.test', sub.subscription.subid).ok);
    assert.deepEqual(store.rows, []);
    assert.deepEqual(pubsub.unsubscribe(bob, '/open/b', 'bob@example.test', undefined), {
      ok: false,
      condition: 'unexpected-request',
      pubsubCondition: 'not-subscribed',
    });
    assert.deepEqual(pubsub.unsubscribe(bob, '/secret', 'bob@example.test', undefined), { ok: false, condition: 'forbidden' });
  });

  test('an account’s subscriptions: the automatic ones, then explicit ones of any of its JIDs', () => {
    const { pubsub } = service();
    pubsub.subscribe(alice, '/open/a', 'alice@example.test/one');
    pubsub.subscribe(bob, '/open/a', 'bob@example.test');
    assert.deepEqual(
      pubsub.subscriptionsOf(alice).map((s) => `${s.node} ${s.jid} ${s.subid === AUTOMATIC_SUBID ? 'automatic' : 'explicit'}`),
      ['/own/Alice alice@example.test automatic', '/everyone alice@example.test automatic', '/open/a alice@example.test/one explicit'],
    );
    assert.deepEqual(pubsub.subscriptionsOf(alice, '/open/a').length, 1);
  });

  test('a publication goes to the automatic audience, then to explicit subscribers, sharing one buffer', () => {
    const { pubsub, broadcaster } = service({ encodePayload: (p) => `<wrapped>${p}</wrapped>` });
    pubsub.subscribe(bob, '/own/Alice', 'bob@example.test'); // forbidden: not stored
    pubsub.subscribe(alice, '/open/x', 'alice@example.test/desk');
    pubsub.subscribe(bob, '/open/x', 'bob@example.test');
    assert.equal(pubsub.publish('/own/Alice', '<a/>'), 1);
    assert.deepEqual(
      broadcaster.deliveries.map((d) => d.to),
      ['alice@example.test'],
      'automatic: the bare JID, localpart folded',
    );
    broadcaster.deliveries.length = 0;
    assert.equal(pubsub.publish('/open/x', '<b/>'), 2);
    const [toAlice, toBob] = broadcaster.deliveries;
    assert.deepEqual(
      broadcaster.deliveries.map((d) => d.to),
      ['alice@example.test/desk', 'bob@example.test'],
    );
    assert.equal(toAlice!.shared, toBob!.shared, 'built once per publication');
    const itemId = /<item id='([^']+)'>/.exec(toAlice!.shared.toString())![1]!;
    assert.equal(
      toAlice!.head + toAlice!.shared.toString(),
      `<message from='pubsub.example.test' to='alice@example.test/desk' id='/open/x__alice@example.test/desk__${itemId}'>` +
        `<event xmlns='http://jabber.org/protocol/pubsub#event'><items node='/open/x'><item id='${itemId}'><wrapped><b/></wrapped></item></items></event></message>`,
    );
    assert.equal(pubsub.deliveryCount, 3);
  });

  test('a node for every available account reaches each available bare JID', () => {
    const { pubsub, broadcaster } = service({ available: ['alice@example.test', 'bob@example.test'] });
    assert.equal(pubsub.publish('/everyone', '<c/>'), 2);
    assert.deepEqual(
      broadcaster.deliveries.map((d) => d.to),
      ['alice@example.test', 'bob@example.test'],
    );
  });

  test('node names and JIDs are escaped in the stanza; item ids differ per publication', () => {
    const { pubsub, broadcaster } = service();
    pubsub.subscribe(bob, "/open/it's<&>", 'bob@example.test');
    pubsub.publish("/open/it's<&>", '<x/>');
    pubsub.publish("/open/it's<&>", '<x/>');
    const [first, second] = broadcaster.deliveries.map((d) => d.head + d.shared.toString());
    assert.match(first!, /id='\/open\/it&apos;s&lt;&amp;&gt;__bob@example.test__/);
    assert.match(first!, /<items node='\/open\/it&apos;s&lt;&amp;&gt;'>/);
    assert.notEqual(/<item id='([^']+)'/.exec(first!)![1], /<item id='([^']+)'/.exec(second!)![1]);
  });

  test('subscriptions kept in the store are delivered to after a restart', () => {
    const store = new MemorySubscriptions([{ node: '/open/x', jid: 'bob@example.test/r', subid: 'old', createdAt: 1 }]);
    const { pubsub, broadcaster } = service({ store });
    assert.equal(pubsub.publish('/open/x', '<y/>'), 1);
    assert.deepEqual(
      broadcaster.deliveries.map((d) => d.to),
      ['bob@example.test/r'],
    );
    assert.deepEqual(pubsub.subscriptionsOf(bob, '/open/x'), [{ node: '/open/x', jid: 'bob@example.test/r', subid: 'old' }]);
  });
});
