/**
 * The makeRequest proxy (gadget reference §7.4) against this server itself: `/finesse/api/` dispatched
 * in-process with the gadget's own credentials, everything else of the server refused with rc 403, only
 * the desktop may call it (Origin, custom header, Basic auth), rate limits, and the audit of each request.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { basic } from '../support/http.js';
import { proxy, proxyRaw } from '../support/gadget-proxy.js';
import type { TestServer } from '../support/server.js';
import { startTestServer } from '../support/server.js';

let server: TestServer;
let base = '';
const AGENT_AUTH = { authorization: basic('agentA') };

before(async () => {
  server = await startTestServer({
    gadgetProxy: {
      maxBytes: 64 * 1024,
      connectTimeoutMs: 500,
      totalTimeoutMs: 1000,
      userRate: { perSecond: 1000, burst: 1000 },
      gadgetRate: { perSecond: 0.01, burst: 20 },
    },
  });
  base = server.baseUrl;
});
after(() => server.stop());

describe('self targets', () => {
  test('GET /finesse/api/User/{id} reaches the API with the gadget Authorization', async () => {
    const answer = await proxy(base, 'agentA', { mid: 2, url: `${base}/finesse/api/User/agentA`, headers: AGENT_AUTH });
    assert.equal(answer.rc, 200, answer.body);
    assert.match(answer.body, /<User>[\s\S]*<loginId>agentA<\/loginId>/);
    assert.deepEqual(answer.errors, []);
    assert.match(answer.headers['content-type']?.[0] ?? '', /xml/);
  });

  test('the API decides: a wrong password is 401, another user (no rights) is refused', async () => {
    const wrong = await proxy(base, 'agentA', { mid: 2, url: `${base}/finesse/api/User/agentA`, headers: { authorization: basic('agentA', 'nope') } });
    assert.equal(wrong.rc, 401);
    assert.deepEqual(wrong.errors, ['401 Error']);
    const none = await proxy(base, 'agentA', { mid: 2, url: `${base}/finesse/api/User/agentA` });
    assert.equal(none.rc, 401, "the proxy never adds the caller's own credentials");
    const other = await proxy(base, 'agentA', { mid: 2, url: `${base}/finesse/api/User/agentC`, headers: AGENT_AUTH });
    assert.equal(other.rc, 401, other.body);
  });

  test('relative and localhost URLs are this server too; a PUT carries its XML body', async () => {
    const relative = await proxy(base, 'agentA', { mid: 3, url: '/finesse/api/User/agentA', headers: AGENT_AUTH });
    assert.equal(relative.rc, 200);
    const port = new URL(base).port;
    const local = await proxy(base, 'agentA', { mid: 3, url: `http://localhost:${port}/finesse/api/User/agentA`, headers: AGENT_AUTH });
    assert.equal(local.rc, 200);
    const tls = await proxy(base, 'agentA', { mid: 3, url: `https://127.0.0.1:${server.ports.https}/finesse/api/User/agentA`, headers: AGENT_AUTH });
    assert.equal(tls.rc, 200, 'the TLS listener of the same node is this server too');
    const put = await proxy(base, 'agentA', {
      mid: 3,
      url: `${base}/finesse/api/User/agentA`,
      method: 'PUT',
      headers: { ...AGENT_AUTH, 'Content-Type': 'application/xml', requestId: 'gadget-42' },
      body: '<User><state>LOGIN</state><extension>1001</extension></User>',
    });
    assert.equal(put.rc, 202, put.body);
    assert.deepEqual(put.headers.requestid, ['gadget-42']);
  });

  test('a body on a GET is ignored', async () => {
    const answer = await proxy(base, 'agentA', {
      mid: 4,
      url: `${base}/finesse/api/User/agentA`,
      headers: { ...AGENT_AUTH, 'Content-Type': 'application/xml' },
      body: '<User><state>READY</state></User>',
    });
    assert.equal(answer.rc, 200, answer.body);
  });

  const REFUSED = [
    '/openfinesse/api/calls',
    '/openfinesse/api/users',
    '/openfinesse/api/gadgets/allowlist',
    '/openfinesse/api/audit',
    '/openfinesse/health',
    '/openfinesse/metrics',
    '/openfinesse/gadgets/proxy',
    '/desktop/',
    '/gadgets/ifr?url=x',
    '/finesse/api/../../openfinesse/api/calls',
    '/finesse/api/%2e%2e/%2e%2e/openfinesse/api/calls',
    '/finesse/api%2fUser/admin',
    '/finesse/api/User%2fadmin',
    '/finesse/api/./User/admin',
    '/finesse/apiX/User/admin',
    '/Finesse/api/User/admin',
  ];
  for (const path of REFUSED) {
    test(`${path} on this server → rc 403 (even for the administrator)`, async () => {
      const answer = await proxy(base, 'admin', { mid: 5, url: `${base}${path}`, headers: { authorization: basic('admin') } });
      assert.equal(answer.rc, 403, answer.body);
      assert.equal(answer.body, '');
      assert.deepEqual(answer.errors, ['403 Error']);
    });
  }
});

describe('only the desktop may call the proxy', () => {
  const url = () => `${base}/finesse/api/User/agentA`;
  test('Origin null (a sandboxed gadget) or another origin → 403, with no CORS header', async () => {
    for (const origin of ['null', 'http://evil.example', 'http://127.0.0.1:1']) {
      const response = await proxyRaw(base, 'agentA', { url: url(), mid: 6 }, { origin });
      assert.equal(response.status, 403, origin);
      assert.equal(response.headers.get('access-control-allow-origin'), null);
    }
  });
  test("the server's own Origin is fine", async () => {
    const response = await proxyRaw(base, 'agentA', { url: url(), mid: 6, headers: AGENT_AUTH }, { origin: base });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), null);
  });
  test('without the custom header → 403; a preflight gets no CORS answer', async () => {
    const response = await proxyRaw(base, 'agentA', { url: url(), mid: 6 }, { 'x-openfinesse-desktop': null });
    assert.equal(response.status, 403);
    const preflight = await fetch(`${base}/openfinesse/gadgets/proxy`, {
      method: 'OPTIONS',
      headers: { origin: 'null', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-openfinesse-desktop' },
    });
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
  });
  test('no or wrong Basic credentials → 401; any signed-in role may use it', async () => {
    assert.equal((await proxyRaw(base, null, { url: url(), mid: 6 })).status, 401);
    const wrong = await fetch(`${base}/openfinesse/gadgets/proxy`, {
      method: 'POST',
      headers: { authorization: basic('agentA', 'wrong'), 'content-type': 'application/json', 'x-openfinesse-desktop': '1' },
      body: JSON.stringify({ mid: 1, specUrl: '', url: url(), method: 'GET', headers: {}, body: null, getFullHeaders: false }),
    });
    assert.equal(wrong.status, 401);
    for (const user of ['agentB', 'supervisorA', 'admin']) assert.equal((await proxyRaw(base, user, { url: url(), mid: 7 })).status, 200, user);
  });
  test('a body that is not a ProxyRequest → 400 naming the field', async () => {
    const response = await fetch(`${base}/openfinesse/gadgets/proxy`, {
      method: 'POST',
      headers: { authorization: basic('agentA'), 'content-type': 'application/json', 'x-openfinesse-desktop': '1' },
      body: JSON.stringify({ mid: 1, specUrl: '', url: url(), method: 'PATCH', headers: {}, body: null, getFullHeaders: false }),
    });
    assert.equal(response.status, 400);
    assert.match(await response.text(), /method/);
  });
});

describe('limits and audit', () => {
  test('a gadget over its rate gets rc 429, another gadget of the user still works', async () => {
    const url = `${base}/finesse/api/User/agentB`;
    const answers = await Promise.all(Array.from({ length: 24 }, () => proxy(base, 'agentB', { mid: 99, url, headers: { authorization: basic('agentB') } })));
    const limited = answers.filter((a) => a.rc === 429);
    assert.ok(limited.length >= 4, `only ${limited.length} refused`);
    assert.deepEqual(limited[0]!.errors, ['429 Error']);
    assert.equal((await proxy(base, 'agentB', { mid: 100, url, headers: { authorization: basic('agentB') } })).rc, 200);
  });

  test('a request body over the size cap → rc 413', async () => {
    const answer = await proxy(base, 'agentA', {
      mid: 8,
      url: `${base}/finesse/api/User/agentA`,
      method: 'PUT',
      body: 'x'.repeat(65 * 1024),
      headers: AGENT_AUTH,
    });
    assert.equal(answer.rc, 413);
  });

  test('every proxied request is in the audit log (resource gadgets/proxy, action request)', async () => {
    await proxy(base, 'agentC', {
      mid: 31,
      specUrl: 'http://gadgets.example/Audit.xml',
      url: `${base}/finesse/api/User/agentC?x=secret`,
      headers: { authorization: basic('agentC') },
    });
    await proxy(base, 'agentC', { mid: 31, specUrl: 'http://gadgets.example/Audit.xml', url: `${base}/openfinesse/api/calls` });
    const response = await fetch(`${base}/openfinesse/api/audit?resource=gadgets/proxy&actor=agentC&limit=10`, { headers: { authorization: basic('admin') } });
    const { entries } = (await response.json()) as { entries: { actor: string; action: string; resourceId: string; after: Record<string, unknown> }[] };
    assert.equal(entries.length, 2, JSON.stringify(entries));
    const [refused, allowed] = entries;
    assert.equal(allowed!.action, 'request');
    assert.equal(allowed!.resourceId, '31');
    assert.deepEqual(
      { ...allowed!.after, ms: 0 },
      {
        user: 'agentC',
        mid: 31,
        specUrl: 'http://gadgets.example/Audit.xml',
        method: 'GET',
        target: `${base}/finesse/api/User/agentC`,
        verdict: 'self',
        rc: 200,
        ms: 0,
      },
    );
    assert.equal(refused!.after.verdict, 'self-refused');
    assert.equal(refused!.after.rc, 403);
  });
});
