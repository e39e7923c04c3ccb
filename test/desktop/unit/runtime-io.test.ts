import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { DesktopEnd, type GadgetPage, openGadget, run, until } from './runtime-harness.js';

// gadgets.io.makeRequest (gadget reference §2.4): the request goes to the desktop as io.request (never
// fetched by the gadget), and the io.response becomes {rc, text, data, headers, errors} per CONTENT_TYPE.

const cleanup: { close(): void }[] = [];
after(() => {
  for (const item of cleanup) item.close();
});

async function setup(content = '') {
  const page = await openGadget({ content });
  cleanup.push(page);
  const desktop = new DesktopEnd(page);
  cleanup.push(desktop);
  desktop.welcome();
  await until(() => page.window.gadgets.Hub.isConnected(), 'the hub to connect');
  return { page, desktop };
}

function requests(desktop: DesktopEnd) {
  return desktop.received.filter((m) => m.kind === 'io.request');
}

/** Sends a request from the gadget, answers it with `reply`, and returns what the callback got. */
async function roundTrip(page: GadgetPage, desktop: DesktopEnd, params: string, reply: { rc: number; body: string; headers?: any; errors?: string[] }) {
  const before = requests(desktop).length;
  run(page, `window.got = undefined; gadgets.io.makeRequest('https://crm.test/x', function (r) { window.got = r }, ${params})`);
  await until(() => requests(desktop).length === before + 1, 'the io.request');
  const { reqId } = requests(desktop).at(-1);
  desktop.send({ kind: 'io.response', reqId, rc: reply.rc, body: reply.body, headers: reply.headers ?? {}, errors: reply.errors ?? [] });
  await until(() => page.window.got !== undefined, 'the callback');
  return page.window.got;
}

test('io: enums and encodeValues', async () => {
  const { page } = await setup();
  const io = page.window.gadgets.io;
  assert.equal(io.RequestParameters.METHOD, 'METHOD');
  assert.equal(io.RequestParameters.GET_FULL_HEADERS, 'GET_FULL_HEADERS');
  assert.equal(io.RequestParameters.NO_CACHE, 'NO_CACHE');
  assert.deepEqual(Object.keys(io.MethodType), ['GET', 'POST', 'PUT', 'DELETE', 'HEAD']);
  assert.deepEqual(Object.keys(io.ContentType), ['TEXT', 'DOM', 'JSON', 'FEED']);
  assert.deepEqual(Object.keys(io.AuthorizationType), ['NONE', 'SIGNED', 'OAUTH', 'OAUTH2']);
  assert.equal(run(page, 'gadgets.io.encodeValues({ a: "x y&z", "b c": 2, u: undefined })'), 'a=x%20y%26z&b%20c=2');
  assert.equal(run(page, 'gadgets.io.encodeValues({ a: "x y" }, true)'), 'a=x y');
});

test('io: a Finesse-style PUT is queued before the channel and sent as one io.request', async () => {
  const { desktop } = await setup(`<script>
    var p = {};
    p[gadgets.io.RequestParameters.METHOD] = gadgets.io.MethodType.PUT;
    p[gadgets.io.RequestParameters.HEADERS] = { Authorization: 'Basic ' + new gadgets.Prefs().getString('authorization'), 'Content-Type': 'application/xml', n: 5 };
    p[gadgets.io.RequestParameters.POST_DATA] = '<User><state>READY</state></User>';
    p[gadgets.io.RequestParameters.CONTENT_TYPE] = gadgets.io.ContentType.DOM;
    gadgets.io.makeRequest('https://desktop.test:8445/finesse/api/User/agent1', function () {}, p);
    gadgets.io.makeRequest('relative/data.json?x=1', function () {}, { METHOD: 'get', POST_DATA: 'ignored', GET_FULL_HEADERS: true });
    gadgets.io.makeRequest('https://crm.test/form', null, { METHOD: 'POST', POST_DATA: { q: 'a b' } });
  </script>`);
  await until(() => requests(desktop).length === 3, 'three requests');
  const [put, get, post] = requests(desktop);
  assert.deepEqual(put, {
    kind: 'io.request',
    reqId: put.reqId,
    url: 'https://desktop.test:8445/finesse/api/User/agent1',
    method: 'PUT',
    headers: { Authorization: 'Basic YWdlbnQ6c2VjcmV0', 'Content-Type': 'application/xml', n: '5' },
    body: '<User><state>READY</state></User>',
    getFullHeaders: false,
  });
  assert.equal(get.url, 'https://desktop.test:8445/3rdpartygadget/files/acme/relative/data.json?x=1', 'relative to the spec URL');
  assert.equal(get.method, 'GET');
  assert.equal(get.body, null, 'a GET carries no body');
  assert.equal(get.getFullHeaders, true);
  assert.equal(post.body, 'q=a%20b');
  assert.equal(new Set([put.reqId, get.reqId, post.reqId]).size, 3);
  assert.ok(desktop.kinds().indexOf('hub.connect') < desktop.kinds().indexOf('io.request'));
});

test('io: TEXT, JSON, DOM and FEED replies', async () => {
  const { page, desktop } = await setup();
  const headers = { 'content-type': ['application/json'], 'x-a': ['1', '2'] };
  const text = await roundTrip(page, desktop, '{}', { rc: 200, body: 'plain', headers });
  assert.deepEqual(JSON.parse(JSON.stringify(text)), { rc: 200, text: 'plain', data: 'plain', headers, errors: [] });

  const json = await roundTrip(page, desktop, '{ CONTENT_TYPE: "JSON" }', { rc: 200, body: '{"a":[1,{"b":null}]}' });
  assert.deepEqual(JSON.parse(JSON.stringify(json.data)), { a: [1, { b: null }] });

  const dom = await roundTrip(page, desktop, '{ CONTENT_TYPE: gadgets.io.ContentType.DOM }', { rc: 202, body: '<User><state>READY</state></User>' });
  assert.equal(dom.rc, 202);
  assert.equal(dom.data.documentElement.nodeName, 'User');
  assert.equal(dom.data.getElementsByTagName('state')[0].textContent, 'READY');

  const feed = await roundTrip(page, desktop, '{ CONTENT_TYPE: "FEED" }', { rc: 200, body: '<feed/>' });
  assert.equal(feed.data, '<feed/>');

  const empty = await roundTrip(page, desktop, '{ CONTENT_TYPE: "DOM", METHOD: "PUT" }', { rc: 202, body: '' });
  assert.deepEqual([empty.rc, empty.data, [...empty.errors]], [202, null, []], 'an empty body is no parse failure');
});

test('io: parse failures become rc 500, error statuses carry errors, 3xx is text', async () => {
  const { page, desktop } = await setup();
  const badJson = await roundTrip(page, desktop, '{ CONTENT_TYPE: "JSON" }', { rc: 200, body: '{nope' });
  assert.deepEqual([badJson.rc, badJson.data, [...badJson.errors], badJson.text], [500, null, ['500 Error'], '{nope']);

  const badXml = await roundTrip(page, desktop, '{ CONTENT_TYPE: "DOM" }', { rc: 200, body: '<a><b></a>' });
  assert.deepEqual([badXml.rc, badXml.data, [...badXml.errors]], [500, null, ['500 Error']]);

  const notFound = await roundTrip(page, desktop, '{ CONTENT_TYPE: "JSON" }', { rc: 404, body: 'missing', errors: ['404 Error'] });
  assert.deepEqual([notFound.rc, notFound.data, [...notFound.errors], notFound.text], [404, null, ['404 Error'], 'missing']);

  const denied = await roundTrip(page, desktop, '{}', { rc: 403, body: '' });
  assert.deepEqual([...denied.errors], ['403 Error'], 'errors are filled when the desktop sent none');

  const redirect = await roundTrip(page, desktop, '{ CONTENT_TYPE: "JSON" }', { rc: 302, body: 'moved' });
  assert.deepEqual([redirect.rc, redirect.data, [...redirect.errors]], [302, 'moved', []]);
});

test('io: unknown methods and unparsable URLs are answered at once; stray or malformed responses are ignored', async () => {
  const { page, desktop } = await setup();
  run(page, 'window.r1 = undefined; gadgets.io.makeRequest("https://crm.test/", function (r) { window.r1 = r }, { METHOD: "PATCH" })');
  run(page, 'window.r2 = undefined; gadgets.io.makeRequest("http://[bad", function (r) { window.r2 = r })');
  await until(() => page.window.r1 !== undefined && page.window.r2 !== undefined, 'the immediate errors');
  assert.deepEqual([page.window.r1.rc, [...page.window.r1.errors]], [405, ['405 Error']]);
  assert.deepEqual([page.window.r2.rc, [...page.window.r2.errors]], [400, ['400 Error']]);
  assert.equal(requests(desktop).length, 0);

  run(page, 'window.count = 0; gadgets.io.makeRequest("https://crm.test/", function () { window.count++ })');
  await until(() => requests(desktop).length === 1, 'the request');
  const { reqId } = requests(desktop)[0];
  desktop.send({ kind: 'io.response', reqId: 'other', rc: 200, body: 'x', headers: {}, errors: [] });
  desktop.send({ kind: 'io.response', reqId, rc: '200', body: 'x', headers: {}, errors: [] });
  desktop.send({ kind: 'io.response', reqId, rc: 200, body: 'x', headers: { a: 'not a list' }, errors: [] });
  desktop.send({ kind: 'io.response', reqId, rc: 200, body: 'x', headers: {}, errors: [] });
  desktop.send({ kind: 'io.response', reqId, rc: 200, body: 'again', headers: {}, errors: [] });
  await until(() => page.window.count === 1, 'the one callback');
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(page.window.count, 1);
  assert.equal(page.console.filter((line) => /ignored a message of kind io.response/.test(line.text)).length, 2);
});

test('io: SIGNED and OAUTH requests go out unsigned with a console warning', async () => {
  const { page, desktop } = await setup();
  run(page, 'gadgets.io.makeRequest("https://crm.test/", function () {}, { AUTHORIZATION: "SIGNED" })');
  await until(() => requests(desktop).length === 1, 'the request');
  assert.ok(page.console.some((line) => line.level === 'warn' && /AUTHORIZATION SIGNED is not supported/.test(line.text)));
});
