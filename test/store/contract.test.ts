import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { StoreWrite } from '../../src/application/ports/store.js';
import { WriteRefused } from '../../src/application/ports/store.js';
import type { CallRecord } from '../../src/domain/call-record.js';
import type { AgentStatus, ReasonCode, Team } from '../../src/domain/model.js';
import { SIGNED_OUT } from '../../src/domain/model.js';
import type { Queue } from '../../src/domain/queue.js';
import { openStore } from '../../src/store/open.js';
import type { StoreSpec } from '../../src/store/spec.js';
import type { KyselyStore } from '../../src/store/store.js';
import { agent, CREDENTIALS, STORE_DRIVERS } from './support/drivers.js';

const team = (id: string, name = `Team ${id}`): Team => ({
  id,
  name,
  settings: { wrapUpOnIncoming: 'OPTIONAL', wrapUpOnOutgoing: 'NOT_ALLOWED', wrapUpTimerSeconds: 30 },
});
const status = (state: AgentStatus['state'], extension: string | null, extra: Partial<AgentStatus> = {}): AgentStatus => ({
  ...SIGNED_OUT,
  state,
  extension,
  stateChangeTime: 1_700_000_000_000,
  ...extra,
});
const record = (id: string, endedAt: number): CallRecord => ({
  id,
  startedAt: endedAt - 5000,
  answeredAt: endedAt - 4000,
  endedAt,
  fromAddress: '4085550100',
  toAddress: '5000',
  callType: 'ACD_IN',
  queueId: '1',
  queueName: 'Sales',
  agents: ['a1'],
  durationMs: 4000,
  wrapUpReason: 'Sales Inquiry',
  callVariables: { callVariable1: 'x' },
  outcome: 'completed',
});

async function refusal(promise: Promise<unknown>): Promise<WriteRefused> {
  const error = await promise.then(
    () => assert.fail('the commit should have been refused'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof WriteRefused, String(error));
  return error;
}

for (const driver of STORE_DRIVERS) {
  describe(`store contract on ${driver.name}`, () => {
    const opened: KyselyStore[] = [];
    after(async () => {
      for (const s of opened) await s.close();
    });
    async function open(spec?: StoreSpec): Promise<{ store: KyselyStore; spec: StoreSpec }> {
      const where = spec ?? (await driver.newSpec());
      const store = await openStore(where);
      opened.push(store);
      return { store, spec: where };
    }
    /** A store with teams 1 and 2 and agents a1..aN in team 1. */
    async function withAgents(n = 2): Promise<{ store: KyselyStore; spec: StoreSpec }> {
      const s = await open();
      const users: StoreWrite[] = Array.from({ length: n }, (_, i) => ({ kind: 'user', account: agent(`a${i + 1}`, '1'), credentials: CREDENTIALS }));
      await s.store.commit([{ kind: 'team', team: team('1') }, { kind: 'team', team: team('2') }, ...users]);
      return s;
    }
    const set = (loginId: string, s: AgentStatus, version: number): StoreWrite => ({ kind: 'agentStatus', loginId, status: s, version });

    test('a new store is empty and says what it is', async () => {
      const { store } = await open();
      assert.equal(await store.isEmpty(), true);
      assert.equal(store.description.kind, driver.name === 'SQLite' ? 'sqlite' : 'postgres');
      assert.ok(!store.description.location.includes('test-password'), store.description.location);
      for (const list of await Promise.all([store.loadTeams(), store.loadUsers(), store.loadQueues(), store.loadSubscriptions(), store.loadLiveCalls()])) {
        assert.deepEqual(list, []);
      }
    });

    test('ping answers while the database can be used and rejects once the store is closed', async () => {
      const store = await openStore(await driver.newSpec());
      await store.ping();
      await store.close();
      await assert.rejects(store.ping());
    });

    test('configuration round trip: teams before users in one batch, supervision, reason codes, wrap-up reasons, queues; updates replace', async () => {
      const { store, spec } = await open();
      const rc: ReasonCode = { id: '7', category: 'LOGOUT', code: 20, label: 'End of Shift', forAll: false, systemCode: false, teamIds: ['2'] };
      const queue: Queue = {
        id: '5',
        name: 'Sales',
        dialedNumbers: ['5000'],
        teamIds: ['1'],
        agentIds: ['a1'],
        ringNoAnswerSeconds: 15,
        maxQueueTimeSeconds: 600,
      };
      await store.commit([
        { kind: 'team', team: team('1') },
        { kind: 'team', team: team('2') },
        { kind: 'user', account: agent('a1', '1'), credentials: CREDENTIALS },
        { kind: 'user', account: { ...agent('boss', '1', ['2', '1']), roles: ['Agent', 'Supervisor'] }, credentials: CREDENTIALS },
        { kind: 'reasonCode', reasonCode: rc },
        { kind: 'wrapUpReason', reason: { id: '1', label: 'Resolved', forAll: true, teamIds: [] } },
        { kind: 'queue', queue },
      ]);
      await store.commit([
        { kind: 'team', team: team('2', 'Billing') },
        { kind: 'user', account: { ...agent('boss', '2', ['2']), roles: ['Agent', 'Supervisor'] }, credentials: CREDENTIALS },
      ]);
      const { store: reopened } = await open(spec);
      assert.equal(await reopened.isEmpty(), false);
      assert.deepEqual(await reopened.loadTeams(), [team('1'), team('2', 'Billing')]);
      const users = await reopened.loadUsers();
      assert.deepEqual(
        users.map((u) => [u.account.loginId, u.account.teamId, u.account.supervisedTeamIds, u.account.roles, u.version, u.status]),
        [
          ['a1', '1', [], ['Agent'], 0, SIGNED_OUT],
          ['boss', '2', ['2'], ['Agent', 'Supervisor'], 0, SIGNED_OUT],
        ],
      );
      assert.deepEqual(users[0]!.credentials, CREDENTIALS);
      assert.deepEqual(await reopened.loadReasonCodes(), [rc]);
      assert.deepEqual(await reopened.loadWrapUpReasons(), [{ id: '1', label: 'Resolved', forAll: true, teamIds: [] }]);
      assert.deepEqual(await reopened.loadQueues(), [queue]);
    });

    test('agent statuses round trip with every field and their versions', async () => {
      const { store, spec } = await withAgents();
      const talking = status('TALKING', '1001', {
        pendingState: 'NOT_READY',
        pendingReasonCodeId: '3',
        reasonCodeId: '1',
        preCallState: 'READY',
        preCallReasonCodeId: null,
      });
      await store.commit([set('a1', status('NOT_READY', '1001', { reasonCodeId: '1' }), 1)]);
      await store.commit([set('a1', talking, 2), set('a2', status('WORK_READY', '1002', { wrapUpDataRequired: true }), 1)]);
      const { store: reopened } = await open(spec);
      const users = await reopened.loadUsers();
      assert.deepEqual(
        users.map((u) => [u.account.loginId, u.version, u.status]),
        [
          ['a1', 2, talking],
          ['a2', 1, status('WORK_READY', '1002', { wrapUpDataRequired: true })],
        ],
      );
    });

    test('one agent changed several times in one batch: each version follows the last', async () => {
      const { store } = await withAgents();
      await store.commit([set('a1', status('NOT_READY', '1001'), 1), set('a2', status('NOT_READY', '1002'), 1), set('a1', status('READY', '1001'), 2)]);
      await store.commit([set('a1', status('NOT_READY', '1001'), 3), set('a1', status('LOGOUT', null), 4), set('a1', status('NOT_READY', '1003'), 5)]);
      const [a1, a2] = await store.loadUsers();
      assert.deepEqual([a1!.version, a1!.status.state, a1!.status.extension, a2!.version], [5, 'NOT_READY', '1003', 1]);
    });

    test('a stale version is refused: the row must be at version - 1, a missing row counts as 0', async () => {
      const { store } = await withAgents();
      await store.commit([set('a1', status('NOT_READY', '1001'), 1)]);
      for (const version of [1, 3]) {
        const refused = await refusal(store.commit([set('a1', status('READY', '1001'), version)]));
        assert.deepEqual([refused.index, refused.reason], [0, 'stale-version']);
      }
      await store.db.deleteFrom('agent_status').where('login_id', '=', 'a2').execute();
      const missing = await refusal(store.commit([set('a2', status('NOT_READY', '1002'), 2)]));
      assert.equal(missing.reason, 'stale-version');
      await store.commit([set('a2', status('NOT_READY', '1002'), 1)]);
      assert.deepEqual(
        (await store.loadUsers()).map((u) => [u.version, u.status.state]),
        [
          [1, 'NOT_READY'],
          [1, 'NOT_READY'],
        ],
      );
    });

    test('two stores on one database: the second writer of a version is refused, not silently overwriting', async () => {
      const { store, spec } = await withAgents();
      const { store: other } = await open(spec);
      await store.commit([set('a1', status('NOT_READY', '1001'), 1)]);
      const refused = await refusal(other.commit([set('a1', status('NOT_READY', '1009'), 1)]));
      assert.equal(refused.reason, 'stale-version');
      assert.equal((await other.loadUsers())[0]!.status.extension, '1001');
    });

    test('one signed-in agent per extension, across transactions and within one batch; signing out frees it', async () => {
      const { store, spec } = await withAgents(3);
      const { store: other } = await open(spec);
      await store.commit([set('a1', status('NOT_READY', '1001'), 1)]);
      const across = await refusal(other.commit([set('a2', status('NOT_READY', '1001'), 1)]));
      assert.deepEqual([across.index, across.reason], [0, 'extension-in-use']);
      const within = await refusal(store.commit([set('a2', status('NOT_READY', '1002'), 1), set('a3', status('NOT_READY', '1002'), 1)]));
      assert.deepEqual([within.index, within.reason], [1, 'extension-in-use']);
      // Signed out, the extension may stay on the row; it no longer counts.
      await store.commit([set('a1', status('LOGOUT', '1001'), 2), set('a2', status('NOT_READY', '1001'), 1)]);
      const users = await store.loadUsers();
      assert.deepEqual(
        users.map((u) => [u.account.loginId, u.status.state, u.status.extension]),
        [
          ['a1', 'LOGOUT', '1001'],
          ['a2', 'NOT_READY', '1001'],
          ['a3', 'LOGOUT', null],
        ],
      );
    });

    test('a batch is one transaction: a refused write leaves nothing of it, and names itself', async () => {
      const { store } = await withAgents();
      const refused = await refusal(
        store.commit([
          { kind: 'team', team: team('9') },
          set('a1', status('NOT_READY', '1001'), 1),
          { kind: 'callRecord', record: record('10000001', 5) },
          set('a2', status('READY', '1002'), 4),
        ]),
      );
      assert.deepEqual([refused.index, refused.reason], [3, 'stale-version']);
      assert.deepEqual(
        (await store.loadTeams()).map((t) => t.id),
        ['1', '2'],
      );
      assert.deepEqual(
        (await store.loadUsers()).map((u) => u.version),
        [0, 0],
      );
      assert.deepEqual(await store.loadCallRecords(0, 10), []);
    });

    test('foreign keys: a user of an unknown team, a supervisor of an unknown team, a status of an unknown user', async () => {
      const { store } = await withAgents();
      const cases: StoreWrite[] = [
        { kind: 'user', account: agent('x', '404'), credentials: CREDENTIALS },
        { kind: 'user', account: agent('y', '1', ['404']), credentials: CREDENTIALS },
        set('nobody', status('NOT_READY', '1050'), 1),
      ];
      for (const write of cases) {
        const refused = await refusal(store.commit([{ kind: 'team', team: team('3') }, write]));
        assert.deepEqual([refused.index, refused.reason], [1, 'constraint'], refused.message);
      }
      assert.equal((await store.loadUsers()).length, 2);
    });

    test('subscriptions: added, added again (kept as it was), removed, and removed then added in one batch', async () => {
      const { store, spec } = await open();
      const sub = (subid: string, createdAt: number) => ({ node: '/finesse/api/Team/1/Users', jid: 'boss@localhost', subid, createdAt });
      await store.commit([
        { kind: 'subscriptionAdded', subscription: sub('s1', 1) },
        { kind: 'subscriptionAdded', subscription: sub('s2', 2) },
        { kind: 'subscriptionAdded', subscription: sub('s3', 3) },
      ]);
      await store.commit([
        { kind: 'subscriptionAdded', subscription: sub('s1', 10) },
        { kind: 'subscriptionRemoved', node: '/finesse/api/Team/1/Users', jid: 'boss@localhost', subid: 's2' },
        { kind: 'subscriptionRemoved', node: '/finesse/api/Team/1/Users', jid: 'boss@localhost', subid: 's3' },
        { kind: 'subscriptionAdded', subscription: sub('s3', 30) },
        { kind: 'subscriptionAdded', subscription: sub('s3', 31) },
      ]);
      const { store: reopened } = await open(spec);
      assert.deepEqual(await reopened.loadSubscriptions(), [sub('s1', 1), sub('s3', 30)]);
    });

    test('call records: saved, replaced by id, read since a time, oldest first, at most the limit', async () => {
      const { store } = await open();
      await store.commit([
        { kind: 'callRecord', record: record('10000002', 2000) },
        { kind: 'callRecord', record: record('10000001', 1000) },
      ]);
      await store.commit([
        { kind: 'callRecord', record: { ...record('10000002', 2000), wrapUpReason: 'Billing Issue' } },
        { kind: 'callRecord', record: { ...record('10000003', 3000), answeredAt: null, durationMs: 0, queueId: null, queueName: null, outcome: 'abandoned' } },
      ]);
      assert.deepEqual(
        (await store.loadCallRecords(0, 10)).map((r) => [r.id, r.wrapUpReason]),
        [
          ['10000001', 'Sales Inquiry'],
          ['10000002', 'Billing Issue'],
          ['10000003', 'Sales Inquiry'],
        ],
      );
      assert.deepEqual(await store.loadCallRecords(1500, 1), [{ ...record('10000002', 2000), wrapUpReason: 'Billing Issue' }]);
      const abandoned = (await store.loadCallRecords(3000, 10))[0]!;
      assert.deepEqual([abandoned.answeredAt, abandoned.queueId, abandoned.outcome], [null, null, 'abandoned']);
    });

    test('live calls: saved, updated, ended (also saved and ended in one batch)', async () => {
      const { store, spec } = await open();
      await store.commit([
        { kind: 'liveCall', call: { id: 'c1', state: '{"phase":"ringing"}', updatedAt: 1 } },
        { kind: 'liveCall', call: { id: 'c2', state: '{"phase":"ringing"}', updatedAt: 1 } },
      ]);
      await store.commit([
        { kind: 'liveCall', call: { id: 'c1', state: '{"phase":"talking"}', updatedAt: 2 } },
        { kind: 'liveCall', call: { id: 'c1', state: '{"phase":"held"}', updatedAt: 3 } },
        { kind: 'liveCallEnded', id: 'c2' },
        { kind: 'liveCall', call: { id: 'c3', state: '{}', updatedAt: 3 } },
        { kind: 'liveCallEnded', id: 'c3' },
      ]);
      const { store: reopened } = await open(spec);
      assert.deepEqual(await reopened.loadLiveCalls(), [{ id: 'c1', state: '{"phase":"held"}', updatedAt: 3 }]);
    });

    test('outbox rows: read in the order they were written, of one node or of all, and removed once relayed', async () => {
      const { store } = await open();
      await store.commit([
        { kind: 'outbox', at: 5, origin: 'node-a', payload: '{"n":1}' },
        { kind: 'outbox', at: 5, origin: 'node-b', payload: '{"n":2}' },
      ]);
      await store.commit([{ kind: 'outbox', at: 6, origin: 'node-a', payload: '{"n":3}' }]);
      const all = await store.loadOutbox(null, 10);
      assert.deepEqual(
        all.map((r) => [r.at, r.origin, r.payload]),
        [
          [5, 'node-a', '{"n":1}'],
          [5, 'node-b', '{"n":2}'],
          [6, 'node-a', '{"n":3}'],
        ],
      );
      assert.ok(all[0]!.id < all[1]!.id && all[1]!.id < all[2]!.id);
      assert.deepEqual(
        (await store.loadOutbox('node-a', 10)).map((r) => r.payload),
        ['{"n":1}', '{"n":3}'],
      );
      assert.deepEqual(
        (await store.loadOutbox(null, 2)).map((r) => r.payload),
        ['{"n":1}', '{"n":2}'],
      );
      await store.deleteOutbox([all[0]!.id, all[2]!.id]);
      await store.deleteOutbox([]);
      assert.deepEqual(
        (await store.loadOutbox(null, 10)).map((r) => r.payload),
        ['{"n":2}'],
      );
    });

    test('call ids: consecutive blocks from 10,000,001, past the call history, unique under concurrent reservations by two stores', async () => {
      const { store, spec } = await open();
      await store.commit([{ kind: 'callRecord', record: record('10000500', 1) }]);
      assert.equal(await store.reserveIds('call', 10), 10_000_501);
      assert.equal(await store.reserveIds('call', 5), 10_000_511);
      const { store: other } = await open(spec);
      const firsts = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? store : other).reserveIds('call', 100)));
      const sorted = [...firsts].sort((a, b) => a - b);
      for (let i = 1; i < sorted.length; i++) assert.equal(sorted[i]! - sorted[i - 1]!, 100, `blocks overlap or leave gaps: ${sorted.join(',')}`);
      assert.equal(sorted[0], 10_000_516);
      const fresh = (await open()).store;
      assert.equal(await fresh.reserveIds('call', 1), 10_000_001);
    });

    test('a batch of 2,000 agent state changes commits as one and reads back', async () => {
      const { store } = await withAgents(2000);
      await store.commit(Array.from({ length: 2000 }, (_, i) => set(`a${i + 1}`, status('NOT_READY', `${10000 + i}`), 1)));
      await store.commit(Array.from({ length: 2000 }, (_, i) => set(`a${i + 1}`, status(i % 2 ? 'READY' : 'NOT_READY', `${10000 + i}`), 2)));
      const users = await store.loadUsers();
      assert.equal(users.length, 2000);
      assert.ok(users.every((u) => u.version === 2 && u.status.extension !== null));
      assert.equal(users.filter((u) => u.status.state === 'READY').length, 1000);
    });
  });
}
