/**
 * Units of the proxy's outbound side: the allow-list check, the address rules, the token buckets, and
 * the fetcher's pinning (a name is resolved once, by the fetcher, and the connection goes to that address).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AllowListEntry } from '../../../src/domain/gadget-allow-list.js';
import { allowListCovers } from '../../../src/domain/gadget-allow-list.js';
import { isPublicAddress, vetHost } from '../../../src/gadgets-proxy/address-rules.js';
import { TokenBuckets } from '../../../src/gadgets-proxy/rate-limits.js';
import { SafeFetcher } from '../../../src/gadgets-proxy/safe-fetcher.js';
import { startTarget } from '../../support/gadget-proxy.js';

const entry = (fields: Partial<AllowListEntry> = {}): AllowListEntry => ({
  origin: 'https://crm.example.com',
  pathPrefix: '/api',
  methods: ['GET'],
  specUrl: null,
  allowPrivate: false,
  forwardCredentials: false,
  ...fields,
});

describe('allowListCovers', () => {
  test('origin, path prefix on segment boundaries, method', () => {
    const list = [entry()];
    assert.equal(allowListCovers(list, 'https://crm.example.com/api', 'GET'), true);
    assert.equal(allowListCovers(list, 'https://CRM.example.com:443/api/x?y=1', 'get'), true);
    assert.equal(allowListCovers(list, 'https://crm.example.com/apix', 'GET'), false);
    assert.equal(allowListCovers(list, 'https://crm.example.com/api/../admin', 'GET'), false);
    assert.equal(allowListCovers(list, 'https://crm.example.com/api/%2e%2e/admin', 'GET'), false);
    assert.equal(allowListCovers(list, 'https://crm.example.com/api%2fx', 'GET'), false);
    assert.equal(allowListCovers(list, 'https://crm.example.com/api/x', 'POST'), false);
    assert.equal(allowListCovers(list, 'http://crm.example.com/api/x', 'GET'), false, 'another scheme is another origin');
    assert.equal(allowListCovers(list, 'https://crm.example.com:8443/api/x', 'GET'), false, 'another port is another origin');
    assert.equal(allowListCovers(list, 'https://u:p@crm.example.com/api/x', 'GET'), false);
  });
  test('an entry for one spec URL serves only that gadget', () => {
    const list = [entry({ specUrl: 'https://gadgets.example/A.xml' })];
    assert.equal(allowListCovers(list, 'https://crm.example.com/api/x', 'GET', 'https://gadgets.example/A.xml'), true);
    assert.equal(allowListCovers(list, 'https://crm.example.com/api/x', 'GET', 'https://gadgets.example/B.xml'), false);
    assert.equal(allowListCovers(list, 'https://crm.example.com/api/x', 'GET'), false);
  });
});

describe('address rules', () => {
  test('only ordinary public unicast addresses pass', () => {
    for (const internal of [
      '127.0.0.1',
      '10.0.0.1',
      '172.16.5.4',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '0.1.2.3',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fc00::1',
      'fd12::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:8.8.8.8',
      '64:ff9b::a00:1',
      'not-an-ip',
    ]) {
      assert.equal(isPublicAddress(internal), false, internal);
    }
    for (const open of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111']) assert.equal(isPublicAddress(open), true, open);
  });
  test('a name with any internal address is refused unless private targets are allowed', async () => {
    const resolve = async () => [
      { address: '93.184.216.34', family: 4 as const },
      { address: '10.0.0.5', family: 4 as const },
    ];
    assert.equal(await vetHost('mixed.example', false, resolve), 'denied');
    assert.deepEqual(await vetHost('mixed.example', true, resolve), { address: '93.184.216.34', family: 4 });
    assert.equal(await vetHost('[::1]', false, resolve), 'denied');
    assert.equal(await vetHost('gone.example', false, async () => Promise.reject(new Error('ENOTFOUND'))), 'unresolved');
  });
});

describe('token buckets', () => {
  test('a burst, then the rate', () => {
    let now = 0;
    const buckets = new TokenBuckets({ perSecond: 2, burst: 3 }, () => now);
    assert.deepEqual(
      [1, 2, 3, 4].map(() => buckets.take('u')),
      [true, true, true, false],
    );
    assert.equal(buckets.take('v'), true, 'each key has its own bucket');
    now = 500;
    assert.equal(buckets.take('u'), true);
    assert.equal(buckets.take('u'), false);
  });
});

describe('the fetcher pins the connection to the address it vetted', () => {
  let target: Awaited<ReturnType<typeof startTarget>>;
  before(async () => {
    target = await startTarget({ '/api/who': (request, _b, response) => response.end(`host ${request.headers.host}`) });
  });
  after(() => target.close());

  test('a name only the fetcher resolves is reached at that address, resolved once', async () => {
    const port = new URL(target.origin).port;
    let resolutions = 0;
    const fetcher = new SafeFetcher({
      allowList: async () => [entry({ origin: `http://pinned.invalid:${port}`, allowPrivate: true })],
      resolve: async () => {
        resolutions++;
        return [{ address: '127.0.0.1', family: 4 }];
      },
    });
    const answer = await fetcher.fetch({ url: `http://pinned.invalid:${port}/api/who`, method: 'GET', headers: {}, body: null, userAuthorization: null });
    assert.equal(answer.rc, 200);
    assert.equal(answer.body, `host pinned.invalid:${port}`);
    assert.equal(resolutions, 1);
  });

  test('the same name resolving to an internal address without allowPrivate is refused before connecting', async () => {
    const port = new URL(target.origin).port;
    const fetcher = new SafeFetcher({
      allowList: async () => [entry({ origin: `http://rebind.invalid:${port}` })],
      resolve: async () => [{ address: '127.0.0.1', family: 4 }],
    });
    const answer = await fetcher.fetch({ url: `http://rebind.invalid:${port}/api/who`, method: 'GET', headers: {}, body: null, userAuthorization: null });
    assert.deepEqual({ rc: answer.rc, verdict: answer.verdict }, { rc: 403, verdict: 'private-address' });
  });

  test("fetchExternal (the spec renderer's port) is a GET checked the same way", async () => {
    const port = new URL(target.origin).port;
    const fetcher = new SafeFetcher({ allowList: async () => [entry({ origin: target.origin, allowPrivate: true })] });
    assert.deepEqual(await fetcher.fetchExternal(`${target.origin}/api/who`), { status: 200, body: `host 127.0.0.1:${port}` });
    assert.deepEqual(await fetcher.fetchExternal(`${target.origin}/other`), { status: 403, body: '' });
  });
});
