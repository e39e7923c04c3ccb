import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ManualClock } from '../../../src/domain/clock.js';
import { LocalBroadcaster } from '../../../src/xmpp/local-broadcaster.js';
import type { BoundSession } from '../../../src/xmpp/session-api.js';
import { SessionRegistry } from '../../../src/xmpp/session-registry.js';

interface Recording extends BoundSession {
  got: string[];
}

function bound(registry: SessionRegistry<Recording>, loginId: string, resource: string, available = true, priority = 0): Recording {
  const bareJid = `${loginId}@example.test`;
  const session: Recording = {
    got: [],
    account: { loginId },
    bareJid,
    resource,
    fullJid: `${bareJid}/${resource}`,
    available: false,
    priority,
    send: (xml) => void session.got.push(xml),
    deliver: (head, shared) => void session.got.push(head + shared.toString()),
    close: () => undefined,
  };
  registry.bind(session, bareJid, resource);
  if (available) registry.markAvailable(session);
  return session;
}

function setup(limits = { maxItems: 3, maxBytes: 1000, maxAgeMs: 60_000 }) {
  const clock = new ManualClock(0);
  const registry = new SessionRegistry<Recording>();
  return { clock, registry, broadcaster: new LocalBroadcaster(registry, clock, limits) };
}

const payload = (text: string): Buffer => Buffer.from(`>${text}</m>`);

describe('the local broadcaster', () => {
  test('a bare JID reaches every available resource with a non-negative priority; a full JID that resource', () => {
    const { registry, broadcaster } = setup();
    const desk = bound(registry, 'alice', 'desk');
    const phone = bound(registry, 'alice', 'phone', true, -1);
    const idle = bound(registry, 'alice', 'idle', false);
    assert.equal(broadcaster.deliverToBare('alice@example.test', '<m', payload('1')), 1);
    assert.equal(broadcaster.deliverToFull('alice@example.test', 'phone', '<m', payload('2')), 1);
    assert.equal(broadcaster.deliverToFull('alice@example.test', 'idle', '<m', payload('3')), 0);
    assert.deepEqual([desk.got, phone.got, idle.got], [['<m>1</m>'], ['<m>2</m>'], []]);
    assert.equal(broadcaster.deliverToBare('nobody@example.test', '<m', payload('4')), 0);
  });

  test('kept while bound but not available, handed over oldest first to the first available resource', () => {
    const { registry, broadcaster } = setup();
    const early = bound(registry, 'bob', 'early', false);
    assert.equal(broadcaster.deliverToBare('bob@example.test', '<m', payload('a')), 0);
    assert.equal(broadcaster.deliverToBare('bob@example.test', '<m', payload('b')), 0);
    registry.markAvailable(early);
    assert.equal(broadcaster.deliverPending(early), 2);
    assert.deepEqual(early.got, ['<m>a</m>', '<m>b</m>']);
    assert.equal(broadcaster.deliverPending(early), 0, 'handed over once');
  });

  test('what is kept is capped by count, bytes and age, oldest dropped first and counted', () => {
    const byCount = setup({ maxItems: 2, maxBytes: 1000, maxAgeMs: 1000 });
    bound(byCount.registry, 'carol', 'r', false);
    for (const t of ['1', '2', '3']) byCount.broadcaster.deliverToBare('carol@example.test', '<m', payload(t));
    assert.equal(byCount.broadcaster.pendingDropped, 1, 'count');
    const byBytes = setup({ maxItems: 10, maxBytes: 20, maxAgeMs: 1000 }); // 8 bytes each
    const s = bound(byBytes.registry, 'carol', 'r', false);
    for (const t of ['1', '2', '3']) byBytes.broadcaster.deliverToBare('carol@example.test', '<m', payload(t));
    assert.equal(byBytes.broadcaster.pendingDropped, 1, 'bytes');
    byBytes.clock.advance(1001);
    byBytes.registry.markAvailable(s);
    assert.equal(byBytes.broadcaster.deliverPending(s), 0);
    assert.equal(byBytes.broadcaster.pendingDropped, 3, 'age');
  });

  test('nothing is kept for an account without a bound session, and what was kept goes with its last session', () => {
    const { registry, broadcaster } = setup();
    broadcaster.deliverToBare('dave@example.test', '<m', payload('lost'));
    const first = bound(registry, 'dave', 'r', false);
    broadcaster.deliverToBare('dave@example.test', '<m', payload('kept'));
    registry.unbind(first);
    const second = bound(registry, 'dave', 'r');
    assert.equal(broadcaster.deliverPending(second), 0);
    assert.equal(broadcaster.pendingDropped, 0, 'released, not dropped');
  });

  test('a negative priority resource does not take what was kept', () => {
    const { registry, broadcaster } = setup();
    const s = bound(registry, 'erin', 'r', false, -5);
    broadcaster.deliverToBare('erin@example.test', '<m', payload('k'));
    registry.markAvailable(s);
    assert.equal(broadcaster.deliverPending(s), 0);
  });
});
