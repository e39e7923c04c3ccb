import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CallQueue, CallQueueFull } from '../../../src/desktop/src/gadgets/hub/call-queue.js';

test('hub call queue: calls before the hub connects wait, then go out in order, later ones directly', () => {
  const queue = new CallQueue<string>();
  const sent: string[] = [];
  assert.equal(queue.state, 'pending');
  assert.equal(queue.push('subscribe a'), true);
  assert.equal(queue.push('publish b'), true);
  assert.equal(queue.size, 2);
  assert.equal(sent.length, 0);
  queue.open((item) => sent.push(item));
  assert.equal(queue.state, 'open');
  assert.equal(queue.size, 0);
  queue.push('publish c');
  assert.deepEqual(sent, ['subscribe a', 'publish b', 'publish c']);
});

test('hub call queue: a call made by the sink while flushing goes behind the waiting ones', () => {
  const queue = new CallQueue<number>();
  const sent: number[] = [];
  queue.push(1);
  queue.push(2);
  queue.open((item) => {
    sent.push(item);
    if (item === 1) queue.push(3);
  });
  queue.push(4);
  assert.deepEqual(sent, [1, 2, 3, 4]);
});

test('hub call queue: closed refuses calls and hands back what never went out', () => {
  const queue = new CallQueue<string>();
  queue.push('a');
  assert.deepEqual(queue.close(), ['a']);
  assert.equal(queue.state, 'closed');
  assert.equal(queue.push('b'), false);
  const sent: string[] = [];
  queue.open((item) => sent.push(item));
  assert.equal(queue.state, 'closed', 'a closed queue does not reopen');
  assert.deepEqual(sent, []);
});

test('hub call queue: an open queue closes too; a second open is ignored', () => {
  const queue = new CallQueue<string>();
  const first: string[] = [];
  queue.open((item) => first.push(item));
  queue.open(() => assert.fail('second sink'));
  queue.push('x');
  assert.deepEqual(queue.close(), []);
  assert.equal(queue.push('y'), false);
  assert.deepEqual(first, ['x']);
});

test('hub call queue: the waiting calls are capped', () => {
  const queue = new CallQueue<number>(2);
  queue.push(1);
  queue.push(2);
  assert.throws(() => queue.push(3), CallQueueFull);
  const sent: number[] = [];
  queue.open((item) => sent.push(item));
  queue.push(3);
  assert.deepEqual(sent, [1, 2, 3], 'the cap is on waiting calls only');
});
