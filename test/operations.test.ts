import assert from 'node:assert/strict';
import { get } from 'node:https';
import { after, before, describe, test } from 'node:test';
import { freshServer } from './support/fresh.js';
import { request, setState } from './support/http.js';
import type { TestServer } from './support/server.js';

let server: TestServer;
before(async () => {
  server = await freshServer();
});
after(() => server.stop());

async function metrics(): Promise<string> {
  const response = await fetch(`${server.baseUrl}/openfinesse/metrics`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
  return response.text();
}

/** The value of one sample line, matched on its labels in any order; 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return 0;
}

describe('GET /openfinesse/health', () => {
  test('answers without authentication: JSON status, uptime and the bound ports', async () => {
    const response = await fetch(`${server.baseUrl}/openfinesse/health`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    const health = (await response.json()) as { status: string; uptimeSeconds: number; ports: Record<string, number | null> };
    assert.equal(health.status, 'ok');
    assert.equal(typeof health.uptimeSeconds, 'number');
    assert.equal(health.ports.http, server.ports.http);
    assert.equal(health.ports.https, server.ports.https);
  });

  test('is served on the HTTPS listener too', async () => {
    const body = await new Promise<string>((resolve, reject) => {
      get({ host: '127.0.0.1', port: server.ports.https!, path: '/openfinesse/health', rejectUnauthorized: false }, (res) => {
        assert.equal(res.statusCode, 200);
        let data = '';
        res
          .setEncoding('utf8')
          .on('data', (c: string) => (data += c))
          .on('end', () => resolve(data));
      }).on('error', reject);
    });
    assert.equal((JSON.parse(body) as { status: string }).status, 'ok');
  });
});

describe('GET /openfinesse/metrics', () => {
  test('Prometheus text without authentication, with the HELP/TYPE of every openfinesse metric', async () => {
    const text = await metrics();
    for (const [name, type] of [
      ['openfinesse_http_requests_total', 'counter'],
      ['openfinesse_http_request_duration_seconds', 'histogram'],
      ['openfinesse_agent_state_changes_total', 'counter'],
      ['openfinesse_auth_failures_total', 'counter'],
    ]) {
      assert.match(text, new RegExp(`^# HELP ${name} `, 'm'));
      assert.match(text, new RegExp(`^# TYPE ${name} ${type}$`, 'm'));
    }
  });

  test('requests are counted by route template, method and status', async () => {
    const route = '/finesse/api/User/:id';
    const before = await metrics();
    for (let i = 0; i < 3; i++) assert.equal((await request(server.baseUrl, 'GET', '/finesse/api/User/agentA?nocache=1', { user: 'agentA' })).status, 200);
    assert.equal((await request(server.baseUrl, 'GET', '/finesse/api/User/agentB', { user: 'agentA' })).status, 401);
    assert.equal((await request(server.baseUrl, 'GET', '/finesse/api/User/agentA', { user: 'agentA', password: 'nope' })).status, 401);
    assert.equal((await request(server.baseUrl, 'GET', '/finesse/api/no-such-thing-12345', { user: 'agentA' })).status, 404);
    const after = await metrics();
    const delta = (labels: Record<string, string>) =>
      sample(after, 'openfinesse_http_requests_total', labels) - sample(before, 'openfinesse_http_requests_total', labels);
    assert.equal(delta({ route, method: 'GET', status: '200' }), 3);
    assert.equal(delta({ route, method: 'GET', status: '401' }), 2);
    assert.equal(delta({ route: 'unmatched', method: 'GET', status: '404' }), 1);
    assert.doesNotMatch(after, /no-such-thing-12345/, 'raw URLs never become label values');
    const authDelta =
      sample(after, 'openfinesse_auth_failures_total', { protocol: 'http', reason: 'bad-password' }) -
      sample(before, 'openfinesse_auth_failures_total', { protocol: 'http', reason: 'bad-password' });
    assert.equal(authDelta, 1);
  });

  test('the latency histogram counts every request in its buckets', async () => {
    const route = '/finesse/api/SystemInfo';
    const before = await metrics();
    for (let i = 0; i < 4; i++) assert.equal((await request(server.baseUrl, 'GET', '/finesse/api/SystemInfo', { user: 'agentA' })).status, 200);
    const after = await metrics();
    const name = 'openfinesse_http_request_duration_seconds';
    const count = sample(after, `${name}_count`, { route, method: 'GET' }) - sample(before, `${name}_count`, { route, method: 'GET' });
    assert.equal(count, 4);
    assert.equal(
      sample(after, `${name}_bucket`, { route, method: 'GET', le: '+Inf' }) - sample(before, `${name}_bucket`, { route, method: 'GET', le: '+Inf' }),
      4,
    );
    assert.ok(sample(after, `${name}_sum`, { route, method: 'GET' }) > sample(before, `${name}_sum`, { route, method: 'GET' }));
    const buckets = after
      .split('\n')
      .filter((l) => l.startsWith(`${name}_bucket{`) && l.includes(`route="${route}"`))
      .map((l) => Number(l.split(' ').pop()));
    assert.ok(buckets.length > 5);
    assert.deepEqual(
      [...buckets].sort((a, b) => a - b),
      buckets,
      'buckets are cumulative',
    );
  });

  test('the event loop busy and idle time grow between two scrapes, and busy grows with work done', async () => {
    const read = (text: string) => ({
      active: sample(text, 'openfinesse_event_loop_active_seconds_total', {}),
      idle: sample(text, 'openfinesse_event_loop_idle_seconds_total', {}),
    });
    const before = read(await metrics());
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (let i = 0; i < 20; i++) assert.equal((await request(server.baseUrl, 'GET', '/finesse/api/SystemInfo', { user: 'agentA' })).status, 200);
    const after = read(await metrics());
    assert.ok(after.active > before.active, 'busy time grew');
    assert.ok(after.idle > before.idle, 'idle time grew while the server waited');
    const utilisation = (after.active - before.active) / (after.active - before.active + after.idle - before.idle);
    assert.ok(utilisation > 0 && utilisation < 1);
  });

  test('every batch of changes is timed until durable, and its writes counted', async () => {
    const before = await metrics();
    assert.equal((await setState(server.baseUrl, 'agentB', 'agentB', '<User><state>LOGIN</state><extension>1002</extension></User>')).status, 202);
    assert.equal((await setState(server.baseUrl, 'agentB', 'agentB', '<User><state>LOGOUT</state></User>')).status, 202);
    const after = await metrics();
    const name = 'openfinesse_store_commit_seconds';
    assert.match(after, new RegExp(`^# TYPE ${name} histogram$`, 'm'));
    const batches = sample(after, `${name}_count`, {}) - sample(before, `${name}_count`, {});
    assert.ok(batches >= 2, `two acknowledged changes, two batches at least (${batches})`);
    assert.ok(sample(after, `${name}_sum`, {}) > sample(before, `${name}_sum`, {}));
    assert.equal(sample(after, `${name}_bucket`, { le: '+Inf' }), sample(after, `${name}_count`, {}));
    const writes = sample(after, 'openfinesse_store_committed_writes_total', {}) - sample(before, 'openfinesse_store_committed_writes_total', {});
    assert.ok(writes >= 2, `each change wrote its agent's status (${writes})`);
  });

  test('state changes are counted by the new state', async () => {
    const before = await metrics();
    assert.equal((await setState(server.baseUrl, 'agentC', 'agentC', '<User><state>LOGIN</state><extension>1004</extension></User>')).status, 202);
    assert.equal((await setState(server.baseUrl, 'agentC', 'agentC', '<User><state>READY</state></User>')).status, 202);
    assert.equal((await setState(server.baseUrl, 'supervisorB', 'agentC', '<User><state>NOT_READY</state></User>')).status, 202);
    assert.equal((await setState(server.baseUrl, 'agentC', 'agentC', '<User><state>READY</state></User>')).status, 202);
    assert.equal((await setState(server.baseUrl, 'agentC', 'agentC', '<User><state>TALKING</state></User>')).status, 400);
    const after = await metrics();
    const delta = (state: string) =>
      sample(after, 'openfinesse_agent_state_changes_total', { state }) - sample(before, 'openfinesse_agent_state_changes_total', { state });
    assert.equal(delta('NOT_READY'), 2);
    assert.equal(delta('READY'), 2);
    assert.equal(delta('TALKING'), 0);
  });
});

describe('XMPP figures in /openfinesse/metrics', () => {
  test('bound sessions and pubsub deliveries are counted', async () => {
    const { RawXmpp } = await import('./xmpp/support/raw-tcp.js');
    const xmppServer = await freshServer({ xmppPort: 0 });
    try {
      const read = async (): Promise<string> => (await fetch(`${xmppServer.baseUrl}/openfinesse/metrics`)).text();
      const before = await read();
      assert.equal(sample(before, 'openfinesse_xmpp_bound_sessions', {}), 0);
      const agent = await RawXmpp.login(xmppServer.ports.xmpp!, 'agentA', 'metrics');
      assert.equal((await setState(xmppServer.baseUrl, 'agentA', 'agentA', '<User><state>LOGIN</state><extension>1001</extension></User>')).status, 202);
      await agent.read(/<\/message>/, 'the User notification');
      const after = await read();
      assert.equal(sample(after, 'openfinesse_xmpp_bound_sessions', {}), 1);
      assert.equal(sample(after, 'openfinesse_xmpp_connections', {}), 1);
      assert.ok(sample(after, 'openfinesse_pubsub_deliveries_total', {}) >= 1);
      agent.destroy();
    } finally {
      await xmppServer.stop();
    }
  });
});
