import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AccountLocked } from '../../../src/application/ports/lockout-counters.js';
import type { SharedCount } from '../../../src/cluster/lockout-mirror.js';
import { LockoutMirror, nextCount } from '../../../src/cluster/lockout-mirror.js';
import { keyOf, loginIdOf } from '../../../src/cluster/nats-lockouts.js';
import { ManualClock } from '../../../src/domain/clock.js';

const policy = { maxFailures: 3, lockMs: 10_000 };
const me = { node: 'node-a', run: 'run-a' };
const other = { node: 'node-b', run: 'run-b' };
const MAX_AGE = 70_000;

function mirror(clock: ManualClock, locks: AccountLocked[] = []): LockoutMirror {
  return new LockoutMirror(clock, policy, me, MAX_AGE, (l) => locks.push(l));
}

test('one failure more: the count goes up, the limit locks, a lock in force is not extended, one that is over starts again', () => {
  const now = 1_000_000;
  const one = nextCount(null, now, policy, other, 1);
  assert.deepEqual(one, { count: 1, lockedUntil: 0, node: 'node-b', run: 'run-b', op: 1 });
  const three = nextCount({ ...one, count: 2 }, now, policy, me, 7);
  assert.deepEqual(three, { count: 3, lockedUntil: now + 10_000, node: 'node-a', run: 'run-a', op: 7 });
  assert.equal(nextCount(three, now + 5_000, policy, me, 8).lockedUntil, now + 10_000, 'not extended');
  assert.equal(nextCount(three, now + 5_000, policy, me, 8).count, 4);
  assert.deepEqual(nextCount(three, now + 10_000, policy, me, 9), { count: 1, lockedUntil: 0, node: 'node-a', run: 'run-a', op: 9 });
});

test('failures of this node count at once; the value that contains them takes them off, seen on the watch or in the answer', () => {
  const clock = new ManualClock();
  const m = mirror(clock);
  m.seen('agentA', { count: 1, lockedUntil: 0, ...other, op: 4 }, 10, clock.now());
  const op = m.failed('agentA');
  assert.equal(m.isLocked('agentA'), false);
  m.failed('agentA');
  assert.equal(m.isLocked('agentA'), true, '1 seen + 2 on their way reach the limit');
  // The watch brings this node's first write before its answer: counted once, not twice.
  m.seen('agentA', { count: 2, lockedUntil: 0, ...me, op }, 11, clock.now());
  m.seen('agentA', { count: 2, lockedUntil: 0, ...me, op }, 11, clock.now());
  assert.equal(m.isLocked('agentA'), true, '2 written + 1 on its way');
  m.abandoned('agentA', op + 1);
  assert.equal(m.isLocked('agentA'), false, 'a failure that could not be written no longer counts here');
});

test('an older revision never replaces a newer one; a lock is told once per lock', () => {
  const clock = new ManualClock();
  const locks: AccountLocked[] = [];
  const m = mirror(clock, locks);
  const lockedUntil = clock.now() + 10_000;
  m.seen('agentA', { count: 3, lockedUntil, ...other, op: 3 }, 20, clock.now());
  m.seen('agentA', { count: 2, lockedUntil: 0, ...other, op: 2 }, 19, clock.now());
  assert.equal(m.isLocked('agentA'), true);
  m.seen('agentA', { count: 4, lockedUntil, ...other, op: 4 }, 21, clock.now());
  assert.deepEqual(locks, [{ loginId: 'agentA', failures: 3, lockedUntil, node: 'node-b' }]);
  clock.advance(10_000);
  assert.equal(m.isLocked('agentA'), false, 'the lock is over');
  assert.equal(m.hasCount('agentA'), false, 'and its count with it');
});

test('a success resets at once; a deletion on the watch resets; a value the bucket has forgotten (max_age) counts no more', () => {
  const clock = new ManualClock();
  const m = mirror(clock);
  const two: SharedCount = { count: 2, lockedUntil: 0, ...other, op: 2 };
  m.seen('agentA', two, 5, clock.now());
  assert.equal(m.hasCount('agentA'), true);
  m.succeeded('agentA');
  assert.equal(m.hasCount('agentA'), false);
  m.failed('agentA');
  assert.equal(m.isLocked('agentA'), false, 'the count started again');

  m.seen('agentB', two, 6, clock.now());
  m.seen('agentB', null, 7, clock.now());
  assert.equal(m.hasCount('agentB'), false);

  m.seen('agentC', two, 8, clock.now());
  clock.advance(MAX_AGE);
  m.failed('agentC');
  assert.equal(m.isLocked('agentC'), false, 'expired: 0 + 1, not 2 + 1');
});

test('login ids as keys: safe characters kept, every other byte escaped, and back', () => {
  assert.equal(keyOf('agent_A-1'), 'agent_A-1');
  assert.equal(keyOf('a.b c'), 'a=2Eb=20c');
  assert.equal(keyOf('x=y'), 'x=3Dy');
  for (const id of ['agentA', 'john.doe@example.com', 'Zoë Ørsted', '*>', '=41', 'a/b', '日本']) {
    const key = keyOf(id);
    assert.match(key, /^[A-Za-z0-9_=-]+$/, id);
    assert.equal(loginIdOf(key), id);
  }
  assert.equal(loginIdOf('a.b'), null);
  assert.equal(loginIdOf('=ZZ'), null);
  assert.equal(loginIdOf('=C3'), null, 'half a UTF-8 character');
});
