import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDesktopMessage, parseGadgetMessage } from '../../../src/desktop/src/gadgets/hub/channel.js';
import { HubError } from '../../../src/desktop/src/gadgets/hub/errors.js';

// The hub messages of the gadget ↔ desktop channel (gadget reference §2.7).

test('hub channel: well-formed gadget messages parse to themselves', () => {
  const good = [
    { kind: 'hub.connect' },
    { kind: 'hub.disconnect' },
    { kind: 'hub.subscribe', subId: 's1', topic: 'finesse.api.User.1001' },
    { kind: 'hub.unsubscribe', subId: 's1' },
    { kind: 'hub.publish', topic: 'finesse.info.requests', data: { type: 'ConnectionInfoReq', data: {}, invokeID: 'i1' } },
    { kind: 'hub.publish', topic: 'acme.x', data: undefined },
  ];
  for (const message of good) assert.deepEqual(parseGadgetMessage(message), { ok: true, message }, message.kind);
  assert.deepEqual(parseGadgetMessage({ kind: 'hub.publish', topic: 'a' }), { ok: true, message: { kind: 'hub.publish', topic: 'a', data: undefined } });
});

test('hub channel: malformed gadget messages are rejected with a reason', () => {
  const bad: unknown[] = [
    null,
    'hub.connect',
    [],
    {},
    { kind: 'hub.nope' },
    { kind: 'hub.deliver', subId: 's', topic: 'a', data: 1 },
    { kind: 'hub.connect', extra: 1 },
    { kind: 'hub.subscribe', topic: 'a' },
    { kind: 'hub.subscribe', subId: '', topic: 'a' },
    { kind: 'hub.subscribe', subId: 5, topic: 'a' },
    { kind: 'hub.subscribe', subId: 's' },
    { kind: 'hub.unsubscribe' },
    { kind: 'hub.unsubscribe', subId: 's', topic: 'a' },
    { kind: 'hub.publish', data: 1 },
    { kind: 'hub.publish', topic: 1, data: 1 },
    { kind: 'hub.publish', topic: 'a', data: Number.NaN },
    { kind: 'hub.publish', topic: 'a', data: { when: new Date() } },
  ];
  for (const value of bad) {
    const parsed = parseGadgetMessage(value);
    assert.equal(parsed.ok, false, JSON.stringify(value));
    assert.ok(!parsed.ok && parsed.reason.length > 0);
  }
});

test('hub channel: well-formed desktop messages parse to themselves', () => {
  const good = [
    { kind: 'hub.deliver', subId: 's1', topic: 'finesse.info.responses.i1', data: undefined },
    { kind: 'hub.deliver', subId: 's1', topic: 'a', data: { status: 'connected', resourceID: 'desktop-1' } },
    { kind: 'hub.ack', op: 'connect', ok: true },
    { kind: 'hub.ack', op: 'connect', ok: false, error: HubError.Duplicate },
    { kind: 'hub.ack', op: 'subscribe', subId: 's1', ok: true },
    { kind: 'hub.ack', op: 'subscribe', subId: 's1', ok: false, error: HubError.NotAllowed },
    { kind: 'hub.ack', op: 'unsubscribe', subId: 's1', ok: false, error: HubError.NoSubscription },
    { kind: 'hub.ack', op: 'disconnect', ok: true },
    { kind: 'hub.error', topic: 'finesse.api.User.1001', error: HubError.NotAllowed },
  ];
  for (const message of good) assert.deepEqual(parseDesktopMessage(message), { ok: true, message }, JSON.stringify(message));
});

test('hub channel: malformed desktop messages are rejected', () => {
  const bad: unknown[] = [
    undefined,
    { kind: 'hub.publish', topic: 'a', data: 1 },
    { kind: 'hub.deliver', topic: 'a', data: 1 },
    { kind: 'hub.deliver', subId: 's', topic: 'a', data: () => 1 },
    { kind: 'hub.ack', ok: true },
    { kind: 'hub.ack', op: 'publish', ok: true },
    { kind: 'hub.ack', op: 'subscribe', ok: true },
    { kind: 'hub.ack', op: 'connect', subId: 's', ok: true },
    { kind: 'hub.ack', op: 'connect', ok: 'yes' },
    { kind: 'hub.ack', op: 'connect', ok: true, error: HubError.NotAllowed },
    { kind: 'hub.ack', op: 'connect', ok: false },
    { kind: 'hub.ack', op: 'connect', ok: false, error: 'Boom' },
    { kind: 'hub.ack', op: 'connect', ok: true, extra: 1 },
    { kind: 'hub.error', topic: 'a' },
    { kind: 'hub.error', topic: 'a', error: 'NotAllowed' },
  ];
  for (const value of bad) assert.equal(parseDesktopMessage(value).ok, false, String(JSON.stringify(value)));
});

test('hub channel: the two directions do not accept each other’s kinds', () => {
  assert.equal(parseDesktopMessage({ kind: 'hub.subscribe', subId: 's', topic: 'a' }).ok, false);
  assert.equal(parseGadgetMessage({ kind: 'hub.ack', op: 'connect', ok: true }).ok, false);
});
