import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Kvm } from '@nats-io/kv';
import { LoginGuard } from '../../src/accounts/login-guard.js';
import type { AccountLocked, LockoutPolicy } from '../../src/application/ports/lockout-counters.js';
import type { SharedCount } from '../../src/cluster/lockout-mirror.js';
import { ClusterConnection } from '../../src/cluster/nats-connection.js';
import { LOCKOUTS_BUCKET, NatsLockouts, keyOf } from '../../src/cluster/nats-lockouts.js';
import { parseNatsUrl } from '../../src/cluster/nats-url.js';
import { ManualClock } from '../../src/domain/clock.js';
import type { NatsServer } from '../support/nats.js';
import { startNatsServer } from '../support/nats.js';
import { eventually } from './support/node.js';

/** The NATS driver of the lockout counters in this process: two "nodes" on one NATS server, one clock. */

interface Node {
  lockouts: NatsLockouts;
  connection: ClusterConnection;
  locks: AccountLocked[];
  unshared: unknown[];
  sharedAgain: number;
}

const opened: Node[] = [];
after(async () => {
  for (const node of opened) {
    await node.lockouts.close();
    await node.connection.close();
  }
});

async function node(nats: NatsServer, nodeId: string, clock: ManualClock, policy: LockoutPolicy): Promise<Node> {
  const connection = await ClusterConnection.open({ address: parseNatsUrl(nats.url), name: nodeId });
  const state: Node = { connection, locks: [], unshared: [], sharedAgain: 0, lockouts: null as unknown as NatsLockouts };
  state.lockouts = new NatsLockouts(connection.js, {
    clock,
    policy,
    nodeId,
    fallback: new LoginGuard(clock, policy, (l) => state.locks.push(l)),
    connected: () => connection.connected,
    onLocked: (l) => state.locks.push(l),
    onUnshared: (error) => state.unshared.push(error),
    onShared: () => state.sharedAgain++,
  });
  await state.lockouts.start();
  opened.push(state);
  return state;
}

/** The counter NATS holds for the account (null: none). */
async function stored(nats: Node, loginId: string): Promise<SharedCount | null> {
  const kv = await new Kvm(nats.connection.js).open(LOCKOUTS_BUCKET);
  const entry = await kv.get(keyOf(loginId));
  return entry?.operation === 'PUT' ? entry.json() : null;
}

test('failures on two nodes add up and lock the account on both, each node telling its log once; the lock ends on both', async () => {
  const nats = await startNatsServer();
  const clock = new ManualClock();
  const policy = { maxFailures: 4, lockMs: 30_000 };
  const [a, b] = [await node(nats, 'node-a', clock, policy), await node(nats, 'node-b', clock, policy)];
  for (const [i, n] of [a, b, a].entries()) {
    n.lockouts.recordFailure('agentA');
    await eventually(async () => assert.equal((await stored(a, 'agentA'))?.count, i + 1));
  }
  await eventually(() => assert.ok(b.lockouts.mirror.hasCount('agentA'), 'B has the count'));
  assert.equal(a.lockouts.isLocked('agentA') || b.lockouts.isLocked('agentA'), false);
  b.lockouts.recordFailure('agentA');
  assert.equal(b.lockouts.isLocked('agentA'), true, 'the node that counted the last failure locks at once');
  await eventually(() => assert.equal(a.lockouts.isLocked('agentA'), true));
  const lockedUntil = clock.now() + 30_000;
  for (const n of [a, b]) await eventually(() => assert.deepEqual(n.locks, [{ loginId: 'agentA', failures: 4, lockedUntil, node: 'node-b' }]));
  assert.equal(a.lockouts.isLocked('agentB'), false, 'one account only');
  clock.advance(30_000);
  assert.equal(a.lockouts.isLocked('agentA'), false);
  assert.equal(b.lockouts.isLocked('agentA'), false);
  a.lockouts.recordFailure('agentA');
  await eventually(async () =>
    assert.deepEqual(await stored(a, 'agentA'), { count: 1, lockedUntil: 0, node: 'node-a', run: a.lockouts.mirror.writer.run, op: 3 }),
  );
});

test('failures at the same moment on both nodes are all counted (compare-and-set)', async () => {
  const nats = await startNatsServer();
  const clock = new ManualClock();
  const policy = { maxFailures: 1000, lockMs: 30_000 };
  const [a, b] = [await node(nats, 'node-a', clock, policy), await node(nats, 'node-b', clock, policy)];
  for (let i = 0; i < 15; i++) {
    a.lockouts.recordFailure('agentA');
    b.lockouts.recordFailure('agentA');
  }
  await eventually(async () => assert.equal((await stored(a, 'agentA'))?.count, 30));
  assert.deepEqual([a.unshared, b.unshared], [[], []]);
});

test('a success on one node resets the count the other sees; a success with nothing to reset writes nothing', async () => {
  const nats = await startNatsServer();
  const clock = new ManualClock();
  const policy = { maxFailures: 3, lockMs: 30_000 };
  const [a, b] = [await node(nats, 'node-a', clock, policy), await node(nats, 'node-b', clock, policy)];
  a.lockouts.recordFailure('agentA');
  a.lockouts.recordFailure('agentA');
  await eventually(() => assert.ok(b.lockouts.mirror.hasCount('agentA'), 'B has the count'));
  b.lockouts.recordSuccess('agentA');
  await eventually(async () => assert.equal(await stored(a, 'agentA'), null));
  await eventually(() => assert.equal(a.lockouts.mirror.hasCount('agentA'), false));
  a.lockouts.recordFailure('agentA');
  a.lockouts.recordFailure('agentA');
  await eventually(async () => assert.equal((await stored(a, 'agentA'))?.count, 2));
  assert.equal(a.lockouts.isLocked('agentA'), false, 'two failures after the reset, not four');

  const kv = await new Kvm(a.connection.js).open(LOCKOUTS_BUCKET);
  const before = (await kv.status()).streamInfo.state.last_seq;
  for (let i = 0; i < 5; i++) b.lockouts.recordSuccess('agentB');
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal((await kv.status()).streamInfo.state.last_seq, before);
});

test('the bucket keeps values a little longer than a lock (max_age), and a longer lock lengthens it', async () => {
  const nats = await startNatsServer();
  const clock = new ManualClock();
  const a = await node(nats, 'node-a', clock, { maxFailures: 3, lockMs: 10_000 });
  const kv = await new Kvm(a.connection.js).open(LOCKOUTS_BUCKET);
  assert.equal((await kv.status()).ttl, 70_000);
  await node(nats, 'node-b', clock, { maxFailures: 3, lockMs: 600_000 });
  assert.equal((await kv.status()).ttl, 660_000);
  await node(nats, 'node-c', clock, { maxFailures: 3, lockMs: 10_000 });
  assert.equal((await kv.status()).ttl, 660_000, 'never shortened');
  assert.equal((await kv.status()).history, 1);
});

test('while NATS is away failures are counted on this node alone and sign-ins keep working; one log line each way', async () => {
  const nats = await startNatsServer();
  const clock = new ManualClock();
  const policy = { maxFailures: 3, lockMs: 30_000 };
  const a = await node(nats, 'node-a', clock, policy);
  a.lockouts.recordFailure('agentA');
  await eventually(async () => assert.equal((await stored(a, 'agentA'))?.count, 1));
  await nats.stop();
  await eventually(() => assert.equal(a.connection.connected, false));
  for (let i = 0; i < 2; i++) a.lockouts.recordFailure('agentB');
  await eventually(() => assert.equal(a.unshared.length, 1));
  assert.equal(a.lockouts.isLocked('agentB'), false);
  a.lockouts.recordFailure('agentB');
  await eventually(() => assert.equal(a.lockouts.isLocked('agentB'), true), 5_000);
  assert.deepEqual(a.locks, [{ loginId: 'agentB', failures: 3, lockedUntil: clock.now() + 30_000 }]);
  a.lockouts.recordSuccess('agentA');
  assert.equal(a.lockouts.isLocked('agentA'), false);
  assert.equal(a.unshared.length, 1, 'logged once');

  await nats.restart();
  await eventually(() => assert.equal(a.connection.connected, true), 15_000);
  a.lockouts.recordFailure('agentC');
  await eventually(() => assert.equal(a.sharedAgain, 1), 15_000);
  await eventually(async () => assert.equal((await stored(a, 'agentC'))?.count, 1));
});
