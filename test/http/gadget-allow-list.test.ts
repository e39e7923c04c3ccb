/**
 * The gadget allow-list API (`GET|PUT /openfinesse/api/gadgets/allowlist`, administrators only): the
 * list is replaced as a whole, normalised, audited, and refused entry by entry (400 naming the field, with
 * nothing changed); layouts may then name the absolute gadget URLs it covers for GET.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { putAllowList } from '../support/gadget-proxy.js';
import { basic, request } from '../support/http.js';
import { desktopLayout, layoutConfigBody, teamLayoutConfigBody } from '../support/layouts.js';
import type { TestServer } from '../support/server.js';
import { startTestServer } from '../support/server.js';

let server: TestServer;
let base = '';
before(async () => {
  server = await startTestServer();
  base = server.baseUrl;
});
after(() => server.stop());

const read = async (user = 'admin') => {
  const response = await fetch(`${base}/openfinesse/api/gadgets/allowlist`, { headers: { authorization: basic(user) } });
  return { status: response.status, json: (await response.json()) as { entries?: unknown[]; error?: { type: string; message: string; data: string } } };
};
const CRM = { origin: 'https://crm.example.com', pathPrefix: '/api/', methods: ['GET', 'POST'], allowPrivate: false, forwardCredentials: false, specUrl: null };

describe('the allow-list API', () => {
  test('empty at first; a PUT replaces it and answers it normalised', async () => {
    assert.deepEqual((await read()).json, { entries: [] });
    const response = await putAllowList(base, [
      { origin: 'HTTPS://CRM.Example.com:443/', pathPrefix: '/api/', methods: ['GET', 'POST', 'GET'] },
      { origin: 'http://intranet.local:8080', methods: ['PUT'], specUrl: 'http://gadgets.example/A.xml', allowPrivate: true, forwardCredentials: true },
    ]);
    assert.equal(response.status, 200);
    const expected = [
      CRM,
      {
        origin: 'http://intranet.local:8080',
        pathPrefix: '/',
        methods: ['PUT'],
        specUrl: 'http://gadgets.example/A.xml',
        allowPrivate: true,
        forwardCredentials: true,
      },
    ];
    assert.deepEqual(((await response.json()) as { entries: unknown[] }).entries, expected);
    assert.deepEqual((await read()).json.entries, expected);
  });

  const BAD: [string, unknown, RegExp][] = [
    ['an origin with a path', { origin: 'https://crm.example.com/api', methods: ['GET'] }, /entries\[0\]\.origin/],
    ['a non-http origin', { origin: 'ftp://crm.example.com', methods: ['GET'] }, /entries\[0\]\.origin/],
    ['no origin', { methods: ['GET'] }, /entries\[0\]\.origin/],
    ['a relative path prefix', { origin: 'https://a.example', pathPrefix: 'api', methods: ['GET'] }, /entries\[0\]\.pathPrefix/],
    ['a dot segment in the prefix', { origin: 'https://a.example', pathPrefix: '/api/../x', methods: ['GET'] }, /entries\[0\]\.pathPrefix/],
    ['an unknown method', { origin: 'https://a.example', methods: ['PATCH'] }, /entries\[0\]\.methods/],
    ['no method', { origin: 'https://a.example', methods: [] }, /entries\[0\]\.methods/],
    ['a relative spec URL', { origin: 'https://a.example', methods: ['GET'], specUrl: '/x.xml' }, /entries\[0\]\.specUrl/],
    ['a non-boolean flag', { origin: 'https://a.example', methods: ['GET'], allowPrivate: 'yes' }, /entries\[0\]\.allowPrivate/],
    ['an unknown field', { origin: 'https://a.example', methods: ['GET'], port: 80 }, /entries\[0\] has an unknown field port/],
    ['not an object', 'https://a.example', /entries\[0\] must be an object/],
  ];
  for (const [what, bad, message] of BAD) {
    test(`${what} → 400 naming the field, nothing changed`, async () => {
      const before = (await read()).json;
      const response = await putAllowList(base, [bad]);
      assert.equal(response.status, 400);
      const { error } = (await response.json()) as { error: { type: string; message: string; data: string } };
      assert.equal(error.type, 'Invalid Input');
      assert.match(error.message, message);
      assert.equal(error.data, 'entries');
      assert.deepEqual((await read()).json, before);
    });
  }

  test('a second, bad entry refuses the whole list', async () => {
    const before = (await read()).json;
    const response = await putAllowList(base, [CRM, { origin: 'https://b.example', methods: ['NOPE'] }]);
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { error: { message: string } }).error.message, /entries\[1\]\.methods/);
    assert.deepEqual((await read()).json, before);
  });

  test('non-administrators are refused, reading or writing', async () => {
    for (const user of ['agentA', 'supervisorA']) {
      assert.equal((await read(user)).status, 401);
      assert.equal((await putAllowList(base, [], user)).status, 401);
    }
    assert.equal((await fetch(`${base}/openfinesse/api/gadgets/allowlist`)).status, 401);
  });

  test('a change is audited with the list before and after', async () => {
    await putAllowList(base, [CRM]);
    const response = await fetch(`${base}/openfinesse/api/audit?resource=gadgets/allowlist&limit=1`, { headers: { authorization: basic('admin') } });
    const [last] = ((await response.json()) as { entries: { actor: string; action: string; after: { entries: unknown[] } }[] }).entries;
    assert.equal(last!.actor, 'admin');
    assert.equal(last!.action, 'update');
    assert.deepEqual(last!.after.entries, [CRM]);
  });
});

describe('layouts naming absolute gadget URLs', () => {
  const put = (xml: string) => request(base, 'PUT', '/finesse/api/LayoutConfig/default', { user: 'admin', body: layoutConfigBody(xml) });
  const putTeam = (xml: string) => request(base, 'PUT', '/finesse/api/Team/1/LayoutConfig', { user: 'admin', body: teamLayoutConfigBody('false', xml) });

  test('refused until the allow-list covers the URL for GET, then accepted', async () => {
    const url = 'https://crm.example.com/api/gadgets/Crm.xml?v=2';
    await putAllowList(base, []);
    const refused = await put(desktopLayout([url]));
    assert.equal(refused.status, 400, refused.body);
    assert.match(refused.body, /allow-list/);
    assert.equal((await putTeam(desktopLayout([url]))).status, 400);

    await putAllowList(base, [{ ...CRM, methods: ['POST'] }]);
    assert.equal((await put(desktopLayout([url]))).status, 400, 'covered for POST only');

    await putAllowList(base, [CRM]);
    assert.equal((await put(desktopLayout([url]))).status, 200);
    assert.equal((await putTeam(desktopLayout([url]))).status, 200);
    assert.equal((await put(desktopLayout(['https://crm.example.com/other/Crm.xml']))).status, 400, 'outside the path prefix');
    assert.equal((await put(desktopLayout(['https://evil.example/api/Crm.xml']))).status, 400, 'another origin');
  });

  test('an entry for one spec URL lets a layout name that very gadget', async () => {
    const url = 'https://gadgets.example.com/one/One.xml';
    await putAllowList(base, [{ origin: 'https://gadgets.example.com', methods: ['GET'], specUrl: url }]);
    assert.equal((await put(desktopLayout([url]))).status, 200);
    assert.equal((await put(desktopLayout(['https://gadgets.example.com/one/Two.xml']))).status, 400);
  });
});
