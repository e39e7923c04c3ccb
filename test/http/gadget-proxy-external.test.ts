/**
 * The makeRequest proxy to other servers (gadget reference §7.4): only what the allow-list covers
 * (origin, path prefix, methods, per spec URL), internal addresses refused unless the entry allows them,
 * headers cleaned both ways, redirects checked hop by hop, size and time capped; failures answer fast.
 * The external target is a second real HTTP server on 127.0.0.1 (so its entries need allowPrivate).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { basic } from '../support/http.js';
import { proxy, putAllowList, startTarget } from '../support/gadget-proxy.js';
import type { TestServer } from '../support/server.js';
import { startTestServer } from '../support/server.js';

let server: TestServer;
let target: Awaited<ReturnType<typeof startTarget>>;
let base = '';
const SPEC = 'http://gadgets.example/crm/Crm.xml';

const echo = (request: import('node:http').IncomingMessage, body: string, response: import('node:http').ServerResponse) => {
  response.setHeader('set-cookie', ['session=secret; HttpOnly']);
  response.setHeader('x-target', ['one', 'two']);
  response.setHeader('content-type', 'application/json');
  response.end(JSON.stringify({ method: request.method, url: request.url, headers: request.headers, body }));
};

before(async () => {
  server = await startTestServer({
    gadgetProxy: {
      maxBytes: 64 * 1024,
      connectTimeoutMs: 500,
      totalTimeoutMs: 1000,
      userRate: { perSecond: 1000, burst: 1000 },
      gadgetRate: { perSecond: 1000, burst: 1000 },
    },
  });
  base = server.baseUrl;
  target = await startTarget({
    '/api/echo': echo,
    '/api/sub/echo': echo,
    '/private/echo': echo,
    '/api/big': (_q, _b, r) => r.end('y'.repeat(65 * 1024)),
    '/api/slow': () => undefined,
    '/api/to-echo': (_q, _b, r) => r.writeHead(302, { location: '/api/echo?via=redirect' }).end(),
    '/api/to-private': (_q, _b, r) => r.writeHead(302, { location: '/private/echo' }).end(),
    '/api/to-localhost': (_q, _b, r) => r.writeHead(302, { location: `http://localhost:${new URL(target.origin).port}/api/echo` }).end(),
    '/api/to-metadata': (_q, _b, r) => r.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/' }).end(),
    '/api/loop': (_q, _b, r) => r.writeHead(302, { location: '/api/loop' }).end(),
    '/api/post-303': (_q, _b, r) => r.writeHead(303, { location: '/api/echo' }).end(),
    '/api/to-other-origin': (_q, _b, r) => r.writeHead(302, { location: `http://localhost:${new URL(target.origin).port}/api/echo` }).end(),
  });
});
after(async () => {
  await target.close();
  await server.stop();
});

const entry = (fields: Record<string, unknown> = {}) => ({ origin: target.origin, pathPrefix: '/api', methods: ['GET'], allowPrivate: true, ...fields });
async function allow(...entries: unknown[]): Promise<void> {
  const response = await putAllowList(base, entries);
  assert.equal(response.status, 200, await response.text());
}
const ask = (url: string, fields: Record<string, unknown> = {}) => proxy(base, 'agentA', { url, ...fields });

describe('allow-listed targets', () => {
  beforeEach(() => allow(entry({ methods: ['GET', 'POST', 'PUT', 'DELETE', 'HEAD'] })));

  test('a GET reaches the target; headers come back as lists, never set-cookie', async () => {
    const answer = await ask(`${target.origin}/api/echo?q=1`);
    assert.equal(answer.rc, 200, answer.body);
    const seen = JSON.parse(answer.body) as { method: string; url: string };
    assert.equal(seen.method, 'GET');
    assert.equal(seen.url, '/api/echo?q=1');
    assert.deepEqual(answer.headers['x-target'], ['one', 'two']);
    assert.equal(answer.headers['set-cookie'], undefined);
  });

  test("POST, PUT and DELETE carry their bodies; cookies, hop-by-hop headers and the user's own Authorization are stripped", async () => {
    for (const method of ['POST', 'PUT', 'DELETE'] as const) {
      const answer = await ask(`${target.origin}/api/echo`, {
        method,
        body: `<x>${method}</x>`,
        headers: {
          'Content-Type': 'application/xml',
          Cookie: 'a=b',
          Connection: 'x-hop',
          'X-Hop': 'gone',
          Host: 'evil.example',
          Authorization: basic('agentA'),
          'X-Api-Key': 'k1',
          'Bad Name': 'dropped',
          'X-Split': 'a\r\nInjected: yes',
        },
      });
      assert.equal(answer.rc, 200, answer.body);
      const seen = JSON.parse(answer.body) as { method: string; headers: Record<string, string>; body: string };
      assert.equal(seen.method, method);
      assert.equal(seen.body, `<x>${method}</x>`);
      assert.equal(seen.headers['content-type'], 'application/xml');
      assert.equal(seen.headers['x-api-key'], 'k1');
      for (const gone of ['cookie', 'x-hop', 'authorization', 'bad name', 'x-split', 'injected']) assert.equal(seen.headers[gone], undefined, gone);
      assert.equal(seen.headers.host, new URL(target.origin).host);
    }
  });

  test("another Authorization (the gadget's own API key) is forwarded; forwardCredentials forwards the user's", async () => {
    const other = await ask(`${target.origin}/api/echo`, { headers: { Authorization: 'Bearer crm-token' } });
    assert.equal((JSON.parse(other.body) as { headers: Record<string, string> }).headers.authorization, 'Bearer crm-token');
    await allow(entry({ forwardCredentials: true }));
    const own = await ask(`${target.origin}/api/echo`, { headers: { Authorization: basic('agentA') } });
    assert.equal((JSON.parse(own.body) as { headers: Record<string, string> }).headers.authorization, basic('agentA'));
  });

  test('a GET body is ignored; HEAD answers no body', async () => {
    const get = await ask(`${target.origin}/api/echo`, { body: 'ignored', headers: { 'Content-Type': 'text/plain' } });
    assert.equal((JSON.parse(get.body) as { body: string }).body, '');
    const head = await ask(`${target.origin}/api/echo`, { method: 'HEAD' });
    assert.equal(head.rc, 200);
    assert.equal(head.body, '');
  });

  test('a redirect within the allow-list is followed; 303 after a POST continues as a GET', async () => {
    const answer = await ask(`${target.origin}/api/to-echo`);
    assert.equal(answer.rc, 200, answer.body);
    assert.equal((JSON.parse(answer.body) as { url: string }).url, '/api/echo?via=redirect');
    const post = await ask(`${target.origin}/api/post-303`, { method: 'POST', body: 'x' });
    assert.equal((JSON.parse(post.body) as { method: string }).method, 'GET');
  });

  test('an Authorization does not follow a redirect to another origin', async () => {
    const port = new URL(target.origin).port;
    await allow(entry(), entry({ origin: `http://localhost:${port}` }));
    const same = await ask(`${target.origin}/api/to-echo`, { headers: { Authorization: 'Bearer crm-token' } });
    assert.equal((JSON.parse(same.body) as { headers: Record<string, string> }).headers.authorization, 'Bearer crm-token');
    const other = await ask(`${target.origin}/api/to-other-origin`, { headers: { Authorization: 'Bearer crm-token' } });
    assert.equal(other.rc, 200, other.body);
    assert.equal((JSON.parse(other.body) as { headers: Record<string, string> }).headers.authorization, undefined);
  });
});

describe('refusals', () => {
  beforeEach(() => allow(entry()));

  test('a method, path or origin the allow-list does not cover → rc 403 without contacting the target', async () => {
    for (const [url, method] of [
      [`${target.origin}/api/echo`, 'POST'],
      [`${target.origin}/private/echo`, 'GET'],
      [`${target.origin}/apix/echo`, 'GET'],
      [`${target.origin}/api/%2e%2e/private/echo`, 'GET'],
      ['http://crm.example.com/api/echo', 'GET'],
      ['ftp://127.0.0.1/api/echo', 'GET'],
      ['http://user:pw@127.0.0.1/api/echo', 'GET'],
    ] as const) {
      const started = Date.now();
      const answer = await ask(url, { method });
      assert.equal(answer.rc, 403, `${method} ${url}`);
      assert.deepEqual(answer.errors, ['403 Error']);
      assert.ok(Date.now() - started < 500, 'answered fast');
    }
  });

  test('an entry for one gadget serves only that gadget', async () => {
    await allow(entry({ specUrl: SPEC }));
    assert.equal((await ask(`${target.origin}/api/echo`, { specUrl: SPEC })).rc, 200);
    assert.equal((await ask(`${target.origin}/api/echo`, { specUrl: 'http://gadgets.example/Other.xml' })).rc, 403);
  });

  test('a private address is refused quickly unless the entry allows it (localhost, 127.0.0.1, metadata)', async () => {
    const port = new URL(target.origin).port;
    await allow(
      entry({ allowPrivate: false }),
      entry({ origin: `http://localhost:${port}`, allowPrivate: false }),
      entry({ origin: 'http://169.254.169.254', pathPrefix: '/', allowPrivate: false }),
      entry({ origin: `http://[::ffff:127.0.0.1]:${port}`, allowPrivate: false }),
    );
    for (const url of [
      `${target.origin}/api/echo`,
      `http://localhost:${port}/api/echo`,
      'http://169.254.169.254/latest/meta-data/',
      `http://[::ffff:127.0.0.1]:${port}/api/echo`,
    ]) {
      const started = Date.now();
      const answer = await ask(url);
      assert.equal(answer.rc, 403, url);
      assert.ok(Date.now() - started < 500, 'answered fast');
    }
  });

  test('a redirect to a target the allow-list does not cover, or to a private address, → rc 403', async () => {
    await allow(
      entry(),
      entry({ origin: `http://localhost:${new URL(target.origin).port}`, allowPrivate: false }),
      entry({ origin: 'http://169.254.169.254', pathPrefix: '/', allowPrivate: false }),
    );
    assert.equal((await ask(`${target.origin}/api/to-private`)).rc, 403);
    assert.equal((await ask(`${target.origin}/api/to-localhost`)).rc, 403);
    assert.equal((await ask(`${target.origin}/api/to-metadata`)).rc, 403);
  });

  test('more than 3 redirects → rc 502', async () => {
    assert.equal((await ask(`${target.origin}/api/loop`)).rc, 502);
  });

  test('a response over the size cap → rc 413; a target that does not answer in time → rc 504', async () => {
    assert.equal((await ask(`${target.origin}/api/big`)).rc, 413);
    const started = Date.now();
    const slow = await ask(`${target.origin}/api/slow`);
    assert.equal(slow.rc, 504);
    assert.deepEqual(slow.errors, ['504 Error']);
    assert.ok(Date.now() - started < 2000);
  });

  test('an allow-listed name that does not resolve, or a closed port → rc 502, fast', async () => {
    await allow(entry({ origin: 'http://no-such-host.invalid' }), entry({ origin: 'http://127.0.0.1:1' }));
    for (const url of ['http://no-such-host.invalid/api/x', 'http://127.0.0.1:1/api/x']) {
      const started = Date.now();
      const answer = await ask(url);
      assert.equal(answer.rc, 502, url);
      assert.ok(Date.now() - started < 1500, 'answered fast');
    }
  });
});
