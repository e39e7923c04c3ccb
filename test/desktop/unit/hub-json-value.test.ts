import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isJsonValue, jsonSize } from '../../../src/desktop/src/gadgets/hub/json-value.js';

test('hub messages: JSON values and undefined are accepted', () => {
  const good: unknown[] = [undefined, null, true, 0, -1.5, '', 'text', [], {}, [1, 'a', null, [{}]], { a: { b: [1, { c: undefined }] } }];
  for (const value of good) assert.equal(isJsonValue(value), true, JSON.stringify(value));
  assert.equal(isJsonValue(Object.create(null)), true, 'a null-prototype object is plain');
});

test('hub messages: what JSON cannot carry is refused, also nested', () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  const bad: unknown[] = [
    () => 1,
    Symbol('s'),
    10n,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    new Date(0),
    new Map(),
    new Uint8Array(2),
    new (class Point {
      x = 1;
    })(),
    { f: () => 1 },
    [1, [2, Number.NaN]],
    { [Symbol('k')]: 1 },
    cyclic,
  ];
  for (const value of bad) assert.equal(isJsonValue(value), false, String(value));
});

test('hub messages: a shared (non-cyclic) object is fine; nesting beyond the depth limit is not', () => {
  const shared = { x: 1 };
  assert.equal(isJsonValue({ a: shared, b: shared, c: [shared, shared] }), true);
  let deep: unknown = 1;
  for (let i = 0; i < 10; i++) deep = [deep];
  assert.equal(isJsonValue(deep, 10), true);
  assert.equal(isJsonValue([deep], 10), false);
});

test('hub messages: size is the JSON text length', () => {
  assert.equal(jsonSize(undefined), 0);
  assert.equal(jsonSize({ a: 'bc' }), 10);
});
