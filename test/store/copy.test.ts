import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { StoreWrite } from '../../src/application/ports/store.js';
import { SIGNED_OUT } from '../../src/domain/model.js';
import { DEMO_PLAN } from '../../src/provisioning/demo-data.js';
import { applyPlan } from '../../src/provisioning/provision.js';
import { copyStore } from '../../src/store/copy.js';
import { openStore } from '../../src/store/open.js';
import type { StoreSpec } from '../../src/store/spec.js';
import type { KyselyStore } from '../../src/store/store.js';
import { CLI } from '../support/child.js';
import { agent, CREDENTIALS, POSTGRES, SQLITE } from './support/drivers.js';

const opened: KyselyStore[] = [];
after(async () => {
  for (const s of opened) await s.close();
});
async function open(spec: StoreSpec): Promise<KyselyStore> {
  const store = await openStore(spec);
  opened.push(store);
  return store;
}
const specText = (spec: StoreSpec): string => (spec.kind === 'sqlite' ? `sqlite:${spec.file}` : spec.url);

function storeCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  assert.ok(existsSync(CLI), `${CLI} is missing: run "npm run build" first (npm test does)`);
  const child = spawn(process.execPath, [CLI, 'store', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Everything a server reads from a store, plus the rows only a relay or the sequence reads. */
async function contents(store: KyselyStore): Promise<unknown> {
  return {
    teams: await store.loadTeams(),
    users: await store.loadUsers(),
    reasonCodes: await store.loadReasonCodes(),
    wrapUpReasons: await store.loadWrapUpReasons(),
    queues: await store.loadQueues(),
    subscriptions: await store.loadSubscriptions(),
    liveCalls: await store.loadLiveCalls(),
    callRecords: await store.loadCallRecords(0, 1_000_000),
    phoneBooks: await store.loadPhoneBooks(),
    contacts: await store.loadContacts((await store.loadPhoneBooks()).map((b) => b.id)),
    workflowActions: await store.loadWorkflowActions(),
    workflows: await store.loadWorkflows(),
    sequences: (await store.db.selectFrom('sequences').selectAll().execute()).map((r) => [r.name, Number(r.next_value)]),
    outbox: (await store.db.selectFrom('outbox').selectAll().orderBy('id').execute()).map((r) => [Number(r.id), Number(r.at), r.origin, r.payload]),
  };
}

/** The demo site after a morning's work: agents signed in, subscriptions, finished and live calls, events. */
async function demoSite(store: KyselyStore): Promise<void> {
  await applyPlan(store, DEMO_PLAN, { prune: false, actor: null, at: 0 });
  const status = (state: 'NOT_READY' | 'READY', extension: string) => ({
    ...SIGNED_OUT,
    state,
    extension,
    stateChangeTime: 1_700_000_000_000,
    reasonCodeId: '1',
  });
  await store.commit([
    { kind: 'agentStatus', loginId: 'agentA', status: status('NOT_READY', '1001'), version: 1 },
    { kind: 'agentStatus', loginId: 'agentA', status: status('READY', '1001'), version: 2 },
    { kind: 'agentStatus', loginId: 'supervisorA', status: status('NOT_READY', '1003'), version: 1 },
    { kind: 'subscriptionAdded', subscription: { node: '/finesse/api/Team/1/Users', jid: 'supervisorA@localhost', subid: 'abc', createdAt: 5 } },
    { kind: 'callRecord', record: callRecord('10000001', 1000) },
    { kind: 'liveCall', call: { id: '10000002', state: '{"phase":"ringing"}', updatedAt: 7 } },
    { kind: 'outbox', origin: 'node-a', at: 8, payload: '{"type":"UserChanged"}' },
    { kind: 'phoneBook', book: { id: '1', name: 'Everyone', type: 'GLOBAL', teamIds: [] } },
    { kind: 'phoneBook', book: { id: '2', name: 'Team A', type: 'TEAM', teamIds: ['1', '2'] } },
    { kind: 'contact', contact: { id: '1', phoneBookId: '1', firstName: 'Help', lastName: 'Desk', phoneNumber: '100', description: 'IT, "first"' } },
    { kind: 'contact', contact: { id: '2', phoneBookId: '2', firstName: '', lastName: '', phoneNumber: '200', description: '' } },
    {
      kind: 'workflowAction',
      action: {
        id: '1',
        name: 'Pop',
        type: 'BROWSER_POP',
        handledBy: 'FINESSE_DESKTOP',
        params: [{ name: 'path', value: 'http://x/${DNIS}' }],
        actionVariables: [],
      },
    },
    {
      kind: 'workflow',
      workflow: {
        id: '1',
        name: 'On answer',
        description: '',
        media: '1',
        triggerSet: { type: 'EVENT', name: 'CALL_ANSWERED', allowOverlappingCallWorkflow: false, triggers: [] },
        conditionSet: { applyMethod: 'ALL', conditions: [] },
        actionIds: ['1'],
        teamIds: ['1', '2'],
      },
    },
  ]);
  await store.reserveIds('call', 1000);
}

function callRecord(id: string, endedAt: number) {
  return {
    id,
    startedAt: endedAt - 10,
    answeredAt: endedAt - 5,
    endedAt,
    fromAddress: '4085550100',
    toAddress: '5000',
    callType: 'ACD_IN',
    queueId: '1',
    queueName: 'Sales',
    agents: ['agentA'],
    durationMs: 5,
    wrapUpReason: '',
    callVariables: {},
    outcome: 'completed' as const,
  };
}

/** 2,000 agents in 20 teams with their supervisors, signed in, subscribed, with a call history. */
async function largeSite(store: KyselyStore): Promise<void> {
  const writes: StoreWrite[] = [];
  for (let t = 1; t <= 20; t++) {
    writes.push({
      kind: 'team',
      team: { id: `${t}`, name: `Team ${t}`, settings: { wrapUpOnIncoming: 'OPTIONAL', wrapUpOnOutgoing: 'OPTIONAL', wrapUpTimerSeconds: 60 } },
    });
    writes.push({ kind: 'user', account: { ...agent(`sup${t}`, `${t}`, [`${t}`]), roles: ['Agent', 'Supervisor'] }, credentials: CREDENTIALS });
  }
  for (let i = 1; i <= 2000; i++) writes.push({ kind: 'user', account: agent(`agent${i}`, `${1 + (i % 20)}`), credentials: CREDENTIALS });
  for (let i = 1; i <= 10; i++)
    writes.push({
      kind: 'reasonCode',
      reasonCode: { id: `${i}`, category: 'NOT_READY', code: i, label: `Code ${i}`, forAll: true, systemCode: false, teamIds: [] },
    });
  await store.commit(writes);
  const work: StoreWrite[] = [];
  for (let i = 1; i <= 2000; i++) {
    work.push({
      kind: 'agentStatus',
      loginId: `agent${i}`,
      status: { ...SIGNED_OUT, state: 'READY', extension: `${20000 + i}`, stateChangeTime: i },
      version: 1,
    });
    work.push({ kind: 'subscriptionAdded', subscription: { node: `/finesse/api/User/agent${i}`, jid: `agent${i}@localhost`, subid: `s${i}`, createdAt: i } });
  }
  for (let i = 1; i <= 3000; i++) work.push({ kind: 'callRecord', record: callRecord(`${10_000_000 + i}`, i) });
  await store.commit(work);
}

describe('openfinesse store copy', () => {
  test('the demo site moves from SQLite to PostgreSQL and back, and each copy answers the same reads', async () => {
    const [sqlite, postgres, back] = [await SQLITE.newSpec(), await POSTGRES.newSpec(), await SQLITE.newSpec()];
    const source = await open(sqlite);
    await demoSite(source);
    const expected = await contents(source);
    await source.close();

    const there = await storeCli(['copy', '--from', specText(sqlite), '--to', specText(postgres)]);
    assert.equal(there.code, 0, there.stderr);
    assert.match(there.stdout, /^users: 6\/6 rows$/m);
    assert.match(there.stdout, /^ {2}agent_status +6 +6 {2}ok$/m);
    assert.match(there.stdout, /^ {2}phone_book_teams +2 +2 {2}ok$/m);
    assert.match(there.stdout, /^ {2}contacts +2 +2 {2}ok$/m);
    assert.match(there.stdout, /the target matches the source/);
    assert.ok(!there.stdout.includes('test-password'), 'the password is never printed');
    const copied = await open(postgres);
    assert.deepEqual(await contents(copied), expected);
    // The copy works on: ids continue after the source's, the outbox's identity after its rows.
    assert.equal(await copied.reserveIds('call', 1), 10_001_002);
    await copied.commit([{ kind: 'outbox', origin: 'node-a', at: 9, payload: '{}' }]);
    await copied.close();

    const home = await storeCli(['copy', '--from', specText(postgres), '--to', specText(back)]);
    assert.equal(home.code, 0, home.stderr);
    const returned = await open(back);
    assert.deepEqual((await contents(returned)) as object, {
      ...(expected as object),
      sequences: [['call', 10_001_003]],
      outbox: [...(expected as { outbox: unknown[] }).outbox, [2, 9, 'node-a', '{}']],
    });
  });

  test('a 2,000-agent site moves to PostgreSQL and back with progress per table and equal reads', async () => {
    const source = await open(await SQLITE.newSpec());
    await largeSite(source);
    const expected = await contents(source);
    const progress = new Map<string, [number, number]>();
    const postgres = await open(await POSTGRES.newSpec());
    const counts = await copyStore(source, postgres, { force: false, batchSize: 500, onProgress: (t, copied, total) => progress.set(t, [copied, total]) });
    assert.deepEqual(progress.get('users'), [2020, 2020]);
    assert.deepEqual(progress.get('call_history'), [3000, 3000]);
    assert.ok(counts.every((c) => c.source === c.target));
    assert.deepEqual(await contents(postgres), expected);
    const back = await open(await SQLITE.newSpec());
    await copyStore(postgres, back, { force: false, batchSize: 700 });
    assert.deepEqual(await contents(back), expected);
  });

  test('a target that is not empty is refused unless --force, which replaces what it held', async () => {
    const [from, to] = [await SQLITE.newSpec(), await POSTGRES.newSpec()];
    const source = await open(from);
    await demoSite(source);
    const expected = await contents(source);
    await source.close();
    const target = await open(to);
    await largeSite(target);
    await target.close();
    const refused = await storeCli(['copy', '--from', specText(from), '--to', specText(to)]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /"level":60,"event":"fatal","msg":"the target store is not empty \(teams: 20, users: 2020, /);
    const forced = await storeCli(['copy', '--from', specText(from), '--to', specText(to), '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.deepEqual(await contents(await open(to)), expected);
  });

  test('a table that does not arrive whole fails the verification: exit 1, the table named', async () => {
    const [from, to] = [await SQLITE.newSpec(), await POSTGRES.newSpec()];
    const source = await open(from);
    await demoSite(source);
    await source.close();
    const target = await open(to);
    await sql`CREATE RULE drop_live_calls AS ON INSERT TO live_calls DO INSTEAD NOTHING`.execute(target.db);
    await target.close();
    const result = await storeCli(['copy', '--from', specText(from), '--to', specText(to)]);
    assert.equal(result.code, 1, result.stdout);
    assert.match(result.stdout, /^ {2}live_calls +1 +0 {2}MISMATCH$/m);
    assert.match(result.stdout, /1 tables differ between source and target/);
  });

  test('a source file that does not exist is an error, not a new empty store', async () => {
    const result = await storeCli(['copy', '--from', 'sqlite:/nonexistent/openfinesse.db', '--to', 'sqlite:/tmp/never.db']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /the source sqlite:\/nonexistent\/openfinesse.db does not exist/);
    assert.equal(existsSync('/tmp/never.db'), false);
  });
});
