import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONTAINER_LIMITS, parseContainerMessage } from '../../../src/desktop/src/gadgets/host/container-messages.js';

// The container messages a gadget sends the desktop on its port (gadget reference §2.7, protocol.ts).

test('container messages: well-formed ones parse to themselves', () => {
  const good = [
    {
      kind: 'io.request',
      reqId: 'r1',
      url: 'https://api.example.com/x?y=1',
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: 'a=1',
      getFullHeaders: false,
    },
    { kind: 'io.request', reqId: 'r2', url: '/finesse/api/User/1001', method: 'GET', headers: {}, body: null, getFullHeaders: true },
    { kind: 'window.height', height: 300 },
    { kind: 'window.title', text: 'My gadget' },
    { kind: 'window.title', text: '' },
    { kind: 'prefs.set', key: 'color', value: 'blue' },
    { kind: 'loading.dismiss' },
    { kind: 'loading.show' },
    { kind: 'views.navigate', view: 'canvas' },
    { kind: 'container.reload' },
    { kind: 'container.modifyUrl', url: '/3rdpartygadget/files/other.xml' },
    { kind: 'log', level: 'warn', text: 'careful' },
  ];
  for (const message of good) assert.deepEqual(parseContainerMessage(message), { ok: true, message }, message.kind);
});

test('container messages: heights are rounded and clamped, long log lines cut', () => {
  assert.deepEqual(parseContainerMessage({ kind: 'window.height', height: 99.6 }), { ok: true, message: { kind: 'window.height', height: 100 } });
  assert.deepEqual(parseContainerMessage({ kind: 'window.height', height: -5 }), { ok: true, message: { kind: 'window.height', height: 0 } });
  assert.deepEqual(parseContainerMessage({ kind: 'window.height', height: 1e9 }), {
    ok: true,
    message: { kind: 'window.height', height: CONTAINER_LIMITS.maxHeight },
  });
  const long = parseContainerMessage({ kind: 'log', level: 'info', text: 'x'.repeat(10_000) });
  assert.ok(long.ok && long.message.kind === 'log' && long.message.text.length === CONTAINER_LIMITS.maxLogChars);
});

test('container messages: malformed ones are refused with a reason', () => {
  const io = { kind: 'io.request', reqId: 'r', url: 'https://x/', method: 'GET', headers: {}, body: null, getFullHeaders: false };
  const bad: unknown[] = [
    null,
    'window.title',
    [],
    {},
    { kind: 'nope' },
    { kind: 'hub.connect' },
    { kind: 'loading.dismiss', extra: true },
    { kind: 'window.height', height: '300' },
    { kind: 'window.height', height: Number.NaN },
    { kind: 'window.title', text: 5 },
    { kind: 'window.title', text: 'x'.repeat(CONTAINER_LIMITS.maxTitleChars + 1) },
    { kind: 'prefs.set', key: '', value: 'v' },
    { kind: 'prefs.set', key: 'k', value: 1 },
    { kind: 'prefs.set', key: 'k', value: 'x'.repeat(CONTAINER_LIMITS.maxPrefValueChars + 1) },
    { kind: 'views.navigate', view: '' },
    { kind: 'container.modifyUrl' },
    { kind: 'log', level: 'fatal', text: 'x' },
    { ...io, reqId: '' },
    { ...io, method: 'PATCH' },
    { ...io, headers: { a: 1 } },
    { ...io, headers: ['a'] },
    { ...io, body: 5 },
    { ...io, getFullHeaders: 'yes' },
    { ...io, contentType: 'JSON' },
    { ...io, url: '' },
  ];
  for (const value of bad) {
    const parsed = parseContainerMessage(value);
    assert.equal(parsed.ok, false, JSON.stringify(value)?.slice(0, 80));
    assert.ok(!parsed.ok && parsed.reason.length > 0);
  }
});

test('container messages: only the declared fields pass on', () => {
  const parsed = parseContainerMessage({
    kind: 'io.request',
    reqId: 'r',
    url: 'https://x/',
    method: 'GET',
    headers: { a: 'b' },
    body: null,
    getFullHeaders: false,
  });
  assert.ok(parsed.ok);
  assert.deepEqual(Object.keys(parsed.message).sort(), ['body', 'getFullHeaders', 'headers', 'kind', 'method', 'reqId', 'url']);
});
