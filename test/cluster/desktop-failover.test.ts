import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { ChildServer } from '../support/child.js';
import { basic, request } from '../support/http.js';
import { natsServer } from '../support/nats.js';
import { createDatabase } from '../support/postgres.js';
import type { TestServer } from '../support/server.js';
import { parseXml, textAt } from '../support/xml.js';
import { DialogNames, XmppWatcher } from '../support/xmpp-updates.js';
import { chromiumMissing, ensureDesktopBuilt, launchBrowser, openDesktop, screenshot, signIn } from '../desktop/support/browser.js';
import { clusterHealth, eventually, startClusterNode, startNode, stopNode } from './support/node.js';

// Every node on 127.0.0.1: their pages' origins differ by port only. A lost desktop would be signed out 3 s after.
const NODE_FLAGS = ['--public-host', '127.0.0.1', '--lost-desktop-detect', '1', '--lost-desktop-grace', '2'];
const EVIL = 'http://evil.example:8082';
const live: ChildServer[] = [];
let a: ChildServer;
let b: ChildServer;
let browser: Browser | undefined;

async function stateOn(node: ChildServer, loginId: string): Promise<string> {
  const response = await request(node.baseUrl, 'GET', `/finesse/api/User/${loginId}`, { user: loginId });
  assert.equal(response.status, 200, response.body);
  return textAt(parseXml(response.body), 'state');
}

/** A preflight as a page of `origin` sends it before a PUT with Basic auth and a requestId. */
function preflight(node: ChildServer, origin: string, path = '/finesse/api/User/agentA') {
  return request(node.baseUrl, 'OPTIONS', path, {
    headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization,content-type,requestid' },
  });
}

const corsHeaders = (headers: Headers): string[] => [...headers.keys()].filter((name) => name.startsWith('access-control-'));

before(async () => {
  const [store, nats] = await Promise.all([createDatabase(), natsServer()]);
  a = await startClusterNode(store, nats.url, 'node-a', NODE_FLAGS);
  live.push(a);
  b = await startClusterNode(store, nats.url, 'node-b', NODE_FLAGS);
  live.push(b);
  for (const node of [a, b]) await eventually(async () => assert.equal((await clusterHealth(node))?.members.length, 2));
  if (!chromiumMissing) {
    ensureDesktopBuilt();
    browser = await launchBrowser();
  }
});

after(async () => {
  await browser?.close();
  await Promise.all(live.map((node) => stopNode(node)));
});

test("a node answers CORS to the other nodes' pages only, and their desktop page may connect to every node", async () => {
  const pageOfA = `http://127.0.0.1:${a.ports.http}`;
  const asked = await preflight(b, pageOfA);
  assert.equal(asked.status, 204, asked.body);
  assert.equal(asked.headers.get('access-control-allow-origin'), pageOfA);
  assert.match(asked.headers.get('access-control-allow-methods') ?? '', /\bPUT\b.*\bPOST\b|\bPOST\b.*\bPUT\b/);
  for (const header of ['Authorization', 'Content-Type', 'requestId']) {
    assert.match(asked.headers.get('access-control-allow-headers') ?? '', new RegExp(`\\b${header}\\b`, 'i'));
  }
  assert.equal(asked.headers.get('access-control-allow-credentials'), null, 'the desktop sends its credentials itself');

  // The answers themselves carry it too, errors included (the desktop must read a 401).
  const read = await request(b.baseUrl, 'GET', '/finesse/api/User/agentA', { headers: { origin: pageOfA, authorization: basic('agentA') } });
  assert.equal(read.status, 200);
  assert.equal(read.headers.get('access-control-allow-origin'), pageOfA);
  assert.match(read.headers.get('vary') ?? '', /origin/i);
  const refused = await request(b.baseUrl, 'GET', '/finesse/api/User/agentA', { headers: { origin: pageOfA, authorization: basic('agentA', 'wrong') } });
  assert.equal(refused.status, 401);
  assert.equal(refused.headers.get('access-control-allow-origin'), pageOfA);

  // Another origin gets nothing: no preflight answer (the API's own 401), no header on a read.
  const foreign = await preflight(b, EVIL);
  assert.notEqual(foreign.status, 204);
  assert.deepEqual(corsHeaders(foreign.headers), []);
  const foreignRead = await request(b.baseUrl, 'GET', '/finesse/api/User/agentA', { headers: { origin: EVIL, authorization: basic('agentA') } });
  assert.equal(foreignRead.status, 200);
  assert.deepEqual(corsHeaders(foreignRead.headers), []);
  // Outside the Finesse API (the control API, the health endpoint) nobody gets CORS.
  const health = await request(b.baseUrl, 'GET', '/openfinesse/health', { headers: { origin: pageOfA } });
  assert.deepEqual(corsHeaders(health.headers), []);

  const page = await fetch(`${a.baseUrl}/desktop/`);
  assert.match(
    page.headers.get('content-security-policy') ?? '',
    /connect-src 'self' http:\/\/127\.0\.0\.1:\* https:\/\/127\.0\.0\.1:\* ws:\/\/127\.0\.0\.1:\* wss:\/\/127\.0\.0\.1:\*;/,
  );
});

test('a node on its own answers no CORS at all and its page connects only to itself', async () => {
  const alone = await startNode(['--demo']);
  try {
    const origin = `http://127.0.0.1:${a.ports.http}`;
    const asked = await preflight(alone, origin);
    assert.notEqual(asked.status, 204);
    assert.deepEqual(corsHeaders(asked.headers), []);
    const read = await request(alone.baseUrl, 'GET', '/finesse/api/User/agentA', { headers: { origin, authorization: basic('agentA') } });
    assert.equal(read.status, 200);
    assert.deepEqual(corsHeaders(read.headers), []);
    const page = await fetch(`${alone.baseUrl}/desktop/`);
    assert.match(page.headers.get('content-security-policy') ?? '', /connect-src 'self';/);
  } finally {
    await stopNode(alone);
  }
});

test('when its node dies the desktop moves to another node by itself, and the agent works on there', { skip: chromiumMissing }, async () => {
  const pageOfA = `http://127.0.0.1:${a.ports.http}`;
  const { context, watch } = await openDesktop(browser!, a.baseUrl, undefined, [b.baseUrl]);
  const page = watch.page;
  // Node A's refused connections (REST and WebSocket) while the desktop looks for a node.
  watch.expectConsoleErrors(/ERR_CONNECTION_REFUSED|WebSocket/);
  // Node A leads the phone system: until its lease lapses and node B takes it (~10 s), B answers the
  // desktop's read of its dialogs with 503, and the desktop reads them again a little later.
  watch.expectConsoleErrors(/status of 503 \(Service Unavailable\) http:\/\/127\.0\.0\.1:\d+\/finesse\/api\/User\/agentA\/Dialogs$/);
  const node = page.getByTestId('node');
  await signIn(page, a.baseUrl, 'agentA', '1001');
  await eventually(async () => assert.equal(await page.locator('[data-connection]').getAttribute('data-connection'), 'connected'), 10_000);
  assert.equal(await node.getAttribute('data-node'), 'node-a');
  assert.equal(await node.innerText(), 'Node node-a');
  await page.getByLabel('Change state').selectOption('READY');
  await eventually(async () => assert.equal(await page.getByTestId('agent-state').getAttribute('data-state'), 'READY'), 5000);

  // Every change of agentA's state from here on, as his supervisor on node B sees it.
  const supervisor = await XmppWatcher.connect({ ports: b.ports } as unknown as TestServer, 'supervisorA', new DialogNames());
  await supervisor.subscribe('/finesse/api/Team/1/Users');
  try {
    assert.equal((await clusterHealth(b))!.leader, 'node-a', 'the node killed is the leader');
    live.splice(live.indexOf(a), 1);
    a.process.kill('SIGKILL');
    await a.exited;
    await eventually(async () => assert.match(await node.innerText(), /^Connection lost — trying node-[ab]…$/), 10_000);
    await screenshot(page, '17-failover-trying');

    await eventually(async () => {
      assert.equal(await node.getAttribute('data-node'), 'node-b');
      assert.equal(await page.locator('[data-connection]').getAttribute('data-connection'), 'connected');
    }, 30_000);
    assert.equal(await node.innerText(), 'Node node-b');
    assert.equal(await page.getByRole('heading', { name: 'You have been signed out' }).count(), 0);
    assert.equal(await page.getByTestId('agent-state').getAttribute('data-state'), 'READY');
    assert.equal(await stateOn(b, 'agentA'), 'READY');
    await screenshot(page, '18-failover-on-node-b');

    // Once node B no longer counts A among the live nodes (and long past the lost-desktop detection and
    // grace), a page of A is still allowed there; the agent is still signed in and works through node B.
    await eventually(
      async () =>
        assert.deepEqual(
          (await clusterHealth(b))?.members.map((m) => m.nodeId),
          ['node-b'],
        ),
      30_000,
    );
    const stillAllowed = await preflight(b, pageOfA);
    assert.equal(stillAllowed.status, 204);
    assert.equal(stillAllowed.headers.get('access-control-allow-origin'), pageOfA);
    await page.getByLabel('Change state').selectOption('NOT_READY');
    await eventually(async () => assert.equal(await stateOn(b, 'agentA'), 'NOT_READY'), 5000);
    await eventually(async () => assert.equal((await clusterHealth(b))!.leader, 'node-b'), 30_000);
    await eventually(async () => assert.equal(await page.getByTestId('agent-state').getAttribute('data-state'), 'NOT_READY'), 5000);

    const agentUpdates = (await supervisor.takeUpdates()).filter((u) => u.text.includes('<loginId>agentA</loginId>'));
    assert.ok(
      agentUpdates.some((u) => u.text.includes('<state>NOT_READY</state>')),
      'the supervisor on node B saw the change made on node B',
    );
    assert.ok(!agentUpdates.some((u) => u.text.includes('<state>LOGOUT</state>')), 'agentA was never signed out');
    assert.deepEqual(watch.problems(), []);
  } finally {
    await supervisor.close();
    await context.close();
  }
});
