import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { ManualClock } from '../../src/domain/clock.js';
import { request } from '../support/http.js';
import { DialogNames } from '../support/xmpp-updates.js';
import type { XmppWatcher } from '../support/xmpp-updates.js';
import { control, dialogAction, expectStatus, externalCall, signIn, startXmppCallServer } from './support/calls.js';
import type { XmppCallServer } from './support/calls.js';

/**
 * Live calls survive a restart of the server: each test runs a first server, stops it in the middle of a
 * call, and starts a second one on the same data directory and the same manual clock. The agents connect
 * again over XMPP; the next notifications continue the same dialogs, and timers fire at their original
 * deadlines. Dialog names (D1 …) are shared by both servers, so D1 after the restart is the same dialog id.
 */
let dataDir: string;
let clock: ManualClock;
let names: DialogNames;
let server: XmppCallServer | undefined;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'openfinesse-restart-'));
  clock = new ManualClock(Date.UTC(2026, 0, 1, 9));
  names = new DialogNames();
});
afterEach(async () => {
  await server?.stop();
  server = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<XmppCallServer> {
  server = await startXmppCallServer({ dataDir }, { clock, names });
  return server;
}

/** Stops the running server and starts another on the same data directory and clock. */
async function restart(): Promise<XmppCallServer> {
  await server!.stop();
  server = undefined;
  return start();
}

const ACTIVE = 'HOLD,DROP,UPDATE_CALL_DATA,CONSULT_CALL,TRANSFER_SST,SEND_DTMF';
const CUSTOMER = `4085550100:ACTIVE(${ACTIVE})`;
const WAITING = '4085550100:INITIATED(DROP,UPDATE_CALL_DATA)';

const act = (s: XmppCallServer, user: string, id: string, action: string, ext: string, requestId: string) =>
  expectStatus(dialogAction(s, user, id, `<requestedAction>${action}</requestedAction><targetMediaAddress>${ext}</targetMediaAddress>`, requestId), 202);

const stateOf = async (s: XmppCallServer, user: string): Promise<string> =>
  /<state>([A-Z_]+)<\/state>/.exec((await request(s.baseUrl, 'GET', `/finesse/api/User/${user}`, { user })).body)![1]!;

async function history(s: XmppCallServer, id: string): Promise<{ id: string; outcome: string; agents: string[]; durationMs: number }[]> {
  return (await control(s, 'GET', '/calls?since=0')).json.history.filter((r: { id: string }) => r.id === id);
}

/** agentA READY on 1001 (watched); a Sales caller rings him: D1. */
async function ringingAgentA(): Promise<{ s: XmppCallServer; a: XmppWatcher; id: string }> {
  const s = await start();
  const a = await s.watch('agentA');
  await signIn(s, 'agentA', '1001');
  const id = await externalCall(s, '5000');
  await a.expect(['user NOT_READY', 'user READY', 'user RESERVED', `POST D1 ALERTING ${WAITING} 1001:ALERTING(ANSWER)`]);
  return { s, a, id };
}

test('a ringing queue call survives a restart: agentA still RESERVED, the dialog still ALERTING, answered on the same dialog', async () => {
  const { id } = await ringingAgentA();
  clock.advance(10_000);
  const s = await restart();
  const a = await s.watch('agentA');
  assert.equal(await stateOf(s, 'agentA'), 'RESERVED');
  const dialogs = await request(s.baseUrl, 'GET', '/finesse/api/User/agentA/Dialogs', { user: 'agentA' });
  assert.equal(dialogs.status, 200);
  assert.match(dialogs.body, new RegExp(`<Dialogs><Dialog><associatedDialogUri></associatedDialogUri><fromAddress>4085550100</fromAddress><id>${id}</id>`));
  assert.match(dialogs.body, /<state>ALERTING<\/state><toAddress>5000<\/toAddress>/);
  await act(s, 'agentA', id, 'ANSWER', '1001', 'ans');
  await a.expect([`PUT D1 ACTIVE ${CUSTOMER} 1001:ACTIVE(${ACTIVE}) [ans]`, 'user TALKING [ans]']);
  assert.equal(names.id('D1'), id);
});

test('the ring-no-answer of a restored call fires at its original deadline', async () => {
  await ringingAgentA();
  clock.advance(10_000);
  const s = await restart();
  const a = await s.watch('agentA');
  clock.advance(4_999);
  assert.deepEqual(await a.take(), []);
  clock.advance(1);
  await a.expect([`PUT D1 INITIATED ${WAITING} 1001:DROPPED()`, `DELETE D1 INITIATED ${WAITING} 1001:DROPPED()`, 'user NOT_READY rc=32767']);
  const queue = await request(s.baseUrl, 'GET', '/finesse/api/Queue/1', { user: 'agentA' });
  assert.match(queue.body, /<callsInQueue>1<\/callsInQueue><startTimeOfLongestCallInQueue>2026-01-01T09:00:00Z<\/startTimeOfLongestCallInQueue>/);
});

test('a held call resumes: RETRIEVE and DROP work on the same dialog, and the history is written once', async () => {
  const { s: first, a: before, id } = await ringingAgentA();
  await act(first, 'agentA', id, 'ANSWER', '1001', 'ans');
  clock.advance(5_000);
  await act(first, 'agentA', id, 'HOLD', '1001', 'h');
  await before.expect([
    `PUT D1 ACTIVE ${CUSTOMER} 1001:ACTIVE(${ACTIVE}) [ans]`,
    'user TALKING [ans]',
    `PUT D1 ACTIVE ${CUSTOMER} 1001:HELD(RETRIEVE,DROP,UPDATE_CALL_DATA) [h]`,
    'user HOLD [h]',
  ]);
  const s = await restart();
  const a = await s.watch('agentA');
  assert.equal(await stateOf(s, 'agentA'), 'HOLD');
  assert.deepEqual(await history(s, id), [], 'not in the history while it lives');
  clock.advance(5_000);
  await act(s, 'agentA', id, 'RETRIEVE', '1001', 'r');
  await a.expect([`PUT D1 ACTIVE ${CUSTOMER} 1001:ACTIVE(${ACTIVE}) [r]`, 'user TALKING [r]']);
  await act(s, 'agentA', id, 'DROP', '1001', 'd');
  await a.expect([
    `PUT D1 DROPPED ${CUSTOMER} 1001:WRAP_UP(UPDATE_CALL_DATA) [d]`,
    `PUT D1 DROPPED 4085550100:DROPPED() 1001:WRAP_UP(UPDATE_CALL_DATA) [d]`,
    'user WORK_READY [d]',
  ]);
  await expectStatus(request(s.baseUrl, 'PUT', '/finesse/api/User/agentA', { user: 'agentA', body: '<User><state>READY</state></User>' }), 202);
  await a.expect(['user READY', 'DELETE D1 DROPPED 4085550100:DROPPED() 1001:DROPPED()']);
  const records = await history(s, id);
  assert.equal(records.length, 1);
  assert.deepEqual([records[0]!.outcome, records[0]!.agents, records[0]!.durationMs], ['completed', ['agentA'], 10_000]);
  assert.deepEqual((await control(s, 'GET', '/calls')).json.active, []);
});

test('a wrap-up timer (team A, 60 s) restored after a restart fires at its original deadline: READY, and the wrap-up dialog goes', async () => {
  const { s: first, a: before, id } = await ringingAgentA();
  await act(first, 'agentA', id, 'ANSWER', '1001', 'ans');
  assert.equal((await control(first, 'POST', `/calls/${id}/hangup`)).status, 202);
  await before.expect([
    `PUT D1 ACTIVE ${CUSTOMER} 1001:ACTIVE(${ACTIVE}) [ans]`,
    'user TALKING [ans]',
    `PUT D1 DROPPED 4085550100:DROPPED() 1001:ACTIVE(${ACTIVE})`,
    'PUT D1 DROPPED 4085550100:DROPPED() 1001:WRAP_UP(UPDATE_CALL_DATA)',
    'user WORK_READY',
  ]);
  clock.advance(20_000);
  const s = await restart();
  const a = await s.watch('agentA');
  assert.equal(await stateOf(s, 'agentA'), 'WORK_READY');
  clock.advance(39_999);
  assert.deepEqual(await a.take(), []);
  clock.advance(1);
  await a.expect(['user READY', 'DELETE D1 DROPPED 4085550100:DROPPED() 1001:DROPPED()']);
  assert.equal((await history(s, id)).length, 1);
});

test('calls waiting in the queue keep their places and are offered, oldest first, when an agent becomes READY after the restart', async () => {
  const first = await start();
  await signIn(first, 'agentA', '1001', false);
  const older = await externalCall(first, '5000', '4085550101');
  clock.advance(1_000);
  const newer = await externalCall(first, '5000', '4085550102');
  const s = await restart();
  const a = await s.watch('agentA');
  const active = (await control(s, 'GET', '/calls')).json.active.map((c: { id: string; state: string }) => [c.id, c.state]);
  assert.deepEqual(active, [
    [older, 'QUEUED'],
    [newer, 'QUEUED'],
  ]);
  await expectStatus(request(s.baseUrl, 'PUT', '/finesse/api/User/agentA', { user: 'agentA', body: '<User><state>READY</state></User>' }), 202);
  await a.expect(['user READY', 'user RESERVED', 'POST D1 ALERTING 4085550101:INITIATED(DROP,UPDATE_CALL_DATA) 1001:ALERTING(ANSWER)']);
  assert.equal(names.id('D1'), older);
  const fresh = await externalCall(s, '5000', '4085550103');
  assert.ok(Number(fresh) > Number(newer), 'a new call gets a new id');
});
