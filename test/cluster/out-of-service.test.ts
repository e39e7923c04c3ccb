import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pg from 'pg';
import type { ChildServer } from '../support/child.js';
import { QUIET_PORTS, startChild } from '../support/child.js';
import type { HttpResult } from '../support/http.js';
import { request, setState } from '../support/http.js';
import { startNatsServer } from '../support/nats.js';
import { createDatabase } from '../support/postgres.js';
import { assertApiError, parseXml, textAt } from '../support/xml.js';
import type { TestServer } from '../support/server.js';
import { DialogNames, XmppWatcher } from '../support/xmpp-updates.js';
import { clusterHealth, eventually, stopNode, tempDir } from './support/node.js';

const LOGIN = '<User><state>LOGIN</state><extension>1001</extension></User>';
const SYSTEM_INFO = '/finesse/api/SystemInfo';

/** A demo node of a cluster with plain HTTP and XMPP over TCP. */
function startNode(store: string, nats: string): Promise<ChildServer> {
  return startChild([
    ...['--demo', '--store', store, '--cluster', nats, '--node-id', 'node-a', '--data-dir', tempDir()],
    ...['--http-port', '0', '--https-port', 'off', '--xmpp-port', '0', '--bosh-port', 'off', '--bosh-tls-port', 'off'],
  ]);
}

/** A demo node of a cluster with plain HTTP only. */
async function startClusterNode(store: string, nats: string): Promise<ChildServer> {
  return startChild(['--demo', '--store', store, '--cluster', nats, '--node-id', 'node-a', '--data-dir', tempDir(), ...QUIET_PORTS]);
}

async function systemInfoStatus(node: ChildServer): Promise<[string, string]> {
  const response = await request(node.baseUrl, 'GET', '/finesse/api/SystemInfo', { user: 'agentA' });
  assert.equal(response.status, 200, 'SystemInfo is a read: answered out of service too');
  const info = parseXml(response.body);
  return [textAt(info, 'status'), textAt(info, 'statusReason')];
}

async function health(node: ChildServer): Promise<{ status: string; service: { status: string; reason: string } }> {
  return (await (await fetch(`${node.baseUrl}/openfinesse/health`)).json()) as { status: string; service: { status: string; reason: string } };
}

async function inServiceGauge(node: ChildServer): Promise<number | null> {
  const text = await (await fetch(`${node.baseUrl}/openfinesse/metrics`)).text();
  const line = /^openfinesse_in_service (\S+)$/m.exec(text);
  return line ? Number(line[1]) : null;
}

async function stateOf(node: ChildServer, loginId: string): Promise<string> {
  const response = await request(node.baseUrl, 'GET', `/finesse/api/User/${loginId}`, { user: loginId });
  assert.equal(response.status, 200, response.body);
  return textAt(parseXml(response.body), 'state');
}

const controlCall = (node: ChildServer): Promise<HttpResult> =>
  request(node.baseUrl, 'POST', '/openfinesse/api/calls', {
    user: 'admin',
    body: JSON.stringify({ to: '5550123', from: '4085550100' }),
    headers: { 'content-type': 'application/json' },
  });

const logged = (node: ChildServer, event: string): Record<string, unknown>[] =>
  node.lines.filter((line) => line.includes(`"${event}"`)).map((line) => JSON.parse(line) as Record<string, unknown>);

/** Asserts what a node out of service answers: SystemInfo, health, gauge, 503 to changes, reads as usual. */
async function assertOutOfService(node: ChildServer, reason: string): Promise<void> {
  await eventually(async () => assert.deepEqual(await systemInfoStatus(node), ['OUT_OF_SERVICE', reason]));
  assert.deepEqual((await health(node)).service, { status: 'OUT_OF_SERVICE', reason });
  assert.equal((await health(node)).status, 'ok', 'the process itself answers');
  assert.equal(await inServiceGauge(node), 0);
  const refused = await setState(node.baseUrl, 'agentA', 'agentA', LOGIN, 'refused-1');
  assertApiError(refused, 503, 'Service Unavailable', { data: '', message: 'SERVER_OUT_OF_SERVICE' });
  assert.equal(refused.headers.get('requestId'), 'refused-1');
  assert.equal(await stateOf(node, 'agentA'), 'LOGOUT', 'the refused change changed nothing; reads still work');
  const control = await controlCall(node);
  assert.equal(control.status, 503, control.body);
  assert.deepEqual(JSON.parse(control.body), { error: { type: 'Service Unavailable', message: 'SERVER_OUT_OF_SERVICE', data: '' } });
  // An unauthenticated change is still a 401: authentication comes first.
  assert.equal((await setState(node.baseUrl, 'nobody', 'agentA', LOGIN)).status, 401);
}

async function assertInService(node: ChildServer): Promise<void> {
  await eventually(async () => assert.deepEqual(await systemInfoStatus(node), ['IN_SERVICE', '']));
  assert.deepEqual((await health(node)).service, { status: 'IN_SERVICE', reason: '' });
  assert.equal(await inServiceGauge(node), 1);
}

describe('a node of a cluster that loses NATS or its database is out of service and refuses changes', () => {
  test('NATS killed: OUT_OF_SERVICE (CLUSTER_UNREACHABLE), 503 to changes, reads work; NATS back: IN_SERVICE and changes work again', async () => {
    const nats = await startNatsServer();
    const node = await startClusterNode(await createDatabase(), nats.url);
    try {
      await assertInService(node);
      await nats.stop('SIGKILL');
      await assertOutOfService(node, 'CLUSTER_UNREACHABLE');
      await eventually(() => assert.equal(logged(node, 'service.out_of_service').length, 1));
      assert.equal(logged(node, 'service.out_of_service')[0]!.reason, 'CLUSTER_UNREACHABLE');

      await nats.restart();
      await assertInService(node);
      await eventually(() => assert.equal(logged(node, 'service.in_service').length, 1));
      assert.equal(logged(node, 'service.out_of_service').length, 1, 'one line each way');
      assert.equal((await setState(node.baseUrl, 'agentA', 'agentA', LOGIN)).status, 202);
      assert.equal(await stateOf(node, 'agentA'), 'NOT_READY');
    } finally {
      await stopNode(node);
    }
  });

  test('the database refusing connections: OUT_OF_SERVICE (DATABASE_UNREACHABLE) and 503 to changes; the database back: IN_SERVICE', async () => {
    const nats = await startNatsServer();
    const store = await createDatabase();
    const node = await startClusterNode(store, nats.url);
    const database = new URL(store).pathname.slice(1);
    const admin = new pg.Client({ connectionString: Object.assign(new URL(store), { pathname: '/postgres' }).toString() });
    await admin.connect();
    try {
      await assertInService(node);
      await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database]);
      await assertOutOfService(node, 'DATABASE_UNREACHABLE');
      const line = logged(node, 'service.out_of_service')[0]!;
      assert.equal(line.reason, 'DATABASE_UNREACHABLE');
      assert.match(String(line.storeError), /not currently accepting connections|terminat/);

      await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
      await assertInService(node);
      assert.equal((await setState(node.baseUrl, 'agentA', 'agentA', LOGIN)).status, 202);
    } finally {
      await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`).catch(() => undefined);
      await admin.end();
      await stopNode(node);
    }
  });

  test('out of service, the leader gives the lease up, and every desktop on the node is told through SystemInfo, out and back', async () => {
    const nats = await startNatsServer();
    const store = await createDatabase();
    const node = await startNode(store, nats.url);
    const database = new URL(store).pathname.slice(1);
    const admin = new pg.Client({ connectionString: Object.assign(new URL(store), { pathname: '/postgres' }).toString() });
    await admin.connect();
    const desktop = await XmppWatcher.connect({ ports: node.ports } as unknown as TestServer, 'agentA', new DialogNames());
    try {
      await assertInService(node);
      assert.equal((await clusterHealth(node))!.leader, 'node-a');
      await desktop.takeUpdates();
      await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database]);
      await assertOutOfService(node, 'DATABASE_UNREACHABLE');
      await eventually(async () => assert.equal((await clusterHealth(node))!.leader, null));
      await desktop.until(1, SYSTEM_INFO);
      const out = (await desktop.takeUpdates()).filter((u) => u.node === SYSTEM_INFO);
      assert.equal(out.length, 1);
      assert.match(
        out[0]!.text,
        /^<Update><data><systemInfo><currentTimestamp>.*<status>OUT_OF_SERVICE<\/status><statusReason>DATABASE_UNREACHABLE<\/statusReason>.*<\/systemInfo><\/data><event>PUT<\/event><requestId><\/requestId><source>\/finesse\/api\/SystemInfo<\/source><\/Update>$/s,
      );

      await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
      await assertInService(node);
      await desktop.until(1, SYSTEM_INFO);
      const back = (await desktop.takeUpdates()).filter((u) => u.node === SYSTEM_INFO);
      assert.match(back[0]!.text, /<status>IN_SERVICE<\/status><statusReason><\/statusReason>/);
      await eventually(async () => assert.equal((await clusterHealth(node))!.leader, 'node-a'));
    } finally {
      await desktop.close();
      await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`).catch(() => undefined);
      await admin.end();
      await stopNode(node);
    }
  });
});
