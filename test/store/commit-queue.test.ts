import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import pg from 'pg';
import { CommitQueue } from '../../src/application/commit-queue.js';
import { WriteRefused, type StoreWrite } from '../../src/application/ports/store.js';
import { SIGNED_OUT } from '../../src/domain/model.js';
import { openStore } from '../../src/store/open.js';
import type { StoreSpec } from '../../src/store/spec.js';
import type { KyselyStore } from '../../src/store/store.js';
import { agent, CREDENTIALS, POSTGRES, SQLITE } from './support/drivers.js';

const stores: KyselyStore[] = [];
after(() => Promise.all(stores.map((s) => s.close())));

const ready = (loginId: string, version: number): StoreWrite => ({
  kind: 'agentStatus',
  loginId,
  status: { ...SIGNED_OUT, state: 'READY', extension: loginId === 'a1' ? '1001' : '1002' },
  version,
});

async function withTwoAgents(spec: StoreSpec): Promise<KyselyStore> {
  const store = await openStore(spec);
  stores.push(store);
  const team = { id: '1', name: 'One', settings: { wrapUpOnIncoming: 'OPTIONAL', wrapUpOnOutgoing: 'NOT_ALLOWED', wrapUpTimerSeconds: 30 } } as const;
  await store.commit([
    { kind: 'team', team },
    { kind: 'user', account: agent('a1', '1'), credentials: CREDENTIALS },
    { kind: 'user', account: agent('a2', '1'), credentials: CREDENTIALS },
  ]);
  return store;
}

test('one commit at a time: the next waits for the one under way, so what commands publish keeps their order', async () => {
  const spec = await POSTGRES.newSpec();
  const url = spec.kind === 'postgres' ? spec.url : '';
  const store = await withTwoAgents(spec);
  const queue = new CommitQueue(store);
  const locker = new pg.Client({ connectionString: url });
  await locker.connect();
  try {
    await locker.query('BEGIN');
    await locker.query("SELECT * FROM agent_status WHERE login_id = 'a1' FOR UPDATE");
    const first = queue.run(() => queue.write(ready('a1', 1))).committed;
    await new Promise((resolve) => setImmediate(resolve));
    const second = queue.run(() => queue.write(ready('a2', 1))).committed;
    await new Promise((resolve) => setTimeout(resolve, 200));
    const rows = await store.loadUsers();
    assert.deepEqual(
      rows.map((u) => [u.account.loginId, u.status.state]),
      [
        ['a1', 'LOGOUT'],
        ['a2', 'LOGOUT'],
      ],
    );
    await locker.query('COMMIT');
    await Promise.all([first, second]);
    await queue.close();
  } finally {
    await locker.end();
  }
});

test('servers committing the same rows at once on one PostgreSQL never fail on each other: rows are locked in key order, a transaction the database aborts is run again', async () => {
  const spec = await POSTGRES.newSpec();
  const [one, two] = await Promise.all([openStore(spec), openStore(spec)]);
  stores.push(one!, two!);
  const queue = (id: number, name: string) => ({
    kind: 'queue' as const,
    queue: { id: `${id}`, name, dialedNumbers: [], teamIds: [], agentIds: [], ringNoAnswerSeconds: 15, maxQueueTimeSeconds: 600 },
  });
  // Each batch changes the same 20 rows in its own order; without a shared lock order two of them would deadlock.
  const batch = (n: number) => {
    const ids = Array.from({ length: 20 }, (_, i) => i + 1);
    const shuffled = n % 2 ? ids.reverse() : ids.sort((x, y) => ((x * 7 + n) % 20) - ((y * 7 + n) % 20));
    return shuffled.map((id) => queue(id, `batch ${n}`));
  };
  await Promise.all(Array.from({ length: 40 }, (_, n) => (n % 2 ? one! : two!).commit(batch(n))));
  const names = new Set((await one!.loadQueues()).map((q) => q.name));
  assert.equal(names.size, 1, 'every row was last written by one whole batch');
});

const states = async (store: KyselyStore) => (await store.loadUsers()).map((u) => [u.account.loginId, u.status.state]);

test('the barrier settles once everything queued and in flight is durable, and is one promise per batch', async () => {
  const store = await withTwoAgents(await SQLITE.newSpec());
  const queue = new CommitQueue(store);
  const first = queue.run(() => queue.write(ready('a1', 1))).committed;
  assert.equal(queue.barrier(), queue.barrier(), 'callers of one batch share its barrier');
  await new Promise((resolve) => setImmediate(resolve)); // the first batch is now being committed
  queue.run(() => queue.write(ready('a2', 1)));
  await queue.barrier();
  assert.deepEqual(await states(store), [
    ['a1', 'READY'],
    ['a2', 'READY'],
  ]);
  await first;
  await queue.barrier(); // nothing left: settles at once
  await queue.close();
});

test("the barrier ignores a write the database refuses (that command's own failure) but not a store that fails", async () => {
  const store = await withTwoAgents(await SQLITE.newSpec());
  const queue = new CommitQueue(store);
  const taken = (loginId: string): StoreWrite => ({ kind: 'agentStatus', loginId, status: { ...SIGNED_OUT, state: 'READY', extension: '1001' }, version: 1 });
  const owner = queue.run(() => queue.write(taken('a1'))).committed;
  const thief = queue.run(() => queue.write(taken('a2'))).committed;
  await queue.barrier();
  await owner;
  await assert.rejects(thief, WriteRefused);
  assert.deepEqual(await states(store), [
    ['a1', 'READY'],
    ['a2', 'LOGOUT'],
  ]);

  await store.close();
  const failures: unknown[] = [];
  const broken = new CommitQueue(store, (error) => failures.push(error));
  const lost = broken.run(() => broken.write(ready('a2', 2))).committed;
  await assert.rejects(broken.barrier());
  await assert.rejects(lost);
  assert.equal(failures.length, 1);
});

test('each durable batch is reported once, with its number of writes; a batch nothing was written in is not', async () => {
  const store = await withTwoAgents(await SQLITE.newSpec());
  const committed: { seconds: number; writes: number }[] = [];
  const queue = new CommitQueue(store, undefined, (seconds, writes) => committed.push({ seconds, writes }));
  const a = queue.run(() => queue.write(ready('a1', 1))).committed;
  const b = queue.run(() => queue.write(ready('a2', 1))).committed;
  await Promise.all([a, b]);
  assert.equal(committed.length, 1, 'two commands of one event-loop turn are one batch');
  assert.equal(committed[0]!.writes, 2);
  assert.ok(committed[0]!.seconds > 0 && committed[0]!.seconds < 60);
  await queue.run(() => 'nothing written').committed;
  await queue.barrier();
  assert.equal(committed.length, 1);
  await queue.close();
});

test('with pacing, a batch is taken no sooner than the pause after the one before, and commands meanwhile join it', async () => {
  const store = await withTwoAgents(await SQLITE.newSpec());
  const batches: number[] = [];
  const starts: number[] = [];
  const pacingMs = 80;
  const timed: KyselyStore = Object.create(store);
  timed.commit = (writes: readonly StoreWrite[]) => {
    starts.push(performance.now());
    return store.commit(writes);
  };
  const queue = new CommitQueue(timed, undefined, (_seconds, writes) => batches.push(writes), pacingMs);
  await queue.run(() => queue.write(ready('a1', 1))).committed; // a quiet queue commits at once
  const second = queue.run(() => queue.write(ready('a2', 1))).committed;
  await new Promise((resolve) => setTimeout(resolve, pacingMs / 4));
  const notReady: StoreWrite = { kind: 'agentStatus', loginId: 'a1', status: { ...SIGNED_OUT, state: 'NOT_READY', extension: '1001' }, version: 2 };
  const third = queue.run(() => queue.write(notReady)).committed;
  await Promise.all([second, third]);
  assert.deepEqual(batches, [1, 2], 'the two commands of the pause went in one batch');
  assert.ok(starts[1]! - starts[0]! >= pacingMs - 1, `the second batch ${starts[1]! - starts[0]!} ms after the first`);
  assert.deepEqual(await states(store), [
    ['a1', 'NOT_READY'],
    ['a2', 'READY'],
  ]);
  await queue.close();
});
