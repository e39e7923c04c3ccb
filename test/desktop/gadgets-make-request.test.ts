import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { request } from '../support/http.js';
import type { TestServer } from '../support/server.js';
import { chromiumMissing, eventually, openDesktop, signIn, startDesktop, stopDesktop } from './support/browser.js';
import { gadgetFrame, hosted, installGadgets, setDefaultLayout, waitForLog } from './support/gadgets.js';

// gadgets.io.makeRequest from a gadget: the server's own /finesse/api answers in-process; the control API,
// private addresses (even allow-listed ones without allowPrivate) and origins nobody allow-listed are
// refused at once, through the error callback.

let server: TestServer;
let browser: Browser;

before(async () => {
  if (chromiumMissing) return;
  ({ server, browser } = await startDesktop());
  installGadgets(server, 'e2e-make-request');
  await setDefaultLayout(server.baseUrl, [{ id: 'requests', label: 'Requests', gadgets: [hosted('e2e-make-request', 'MakeRequest.xml')] }]);
  const entry = (origin: string) => ({ origin, pathPrefix: '/', methods: ['GET'], specUrl: null, allowPrivate: false, forwardCredentials: false });
  const r = await request(server.baseUrl, 'PUT', '/openfinesse/api/gadgets/allowlist', {
    user: 'admin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ entries: [entry('http://10.1.2.3')] }),
  });
  assert.equal(r.status, 200, r.body);
});
after(() => stopDesktop(server, browser));

/** One result line of the fixture: `name rc=… errors=… ms=… body=…`. */
function resultOf(log: string, name: string): { rc: number; errors: string; ms: number; body: string } {
  const match = new RegExp(`^${name} rc=(\\d+) errors=(.+?) ms=(\\d+) body=(.*)$`, 'm').exec(log);
  assert.ok(match, `no result for ${name} in\n${log}`);
  return { rc: Number(match[1]), errors: match[2]!, ms: Number(match[3]), body: match[4]! };
}

test('makeRequest reaches /finesse/api in-process and is refused, fast, for the control API, private addresses and other origins', {
  skip: chromiumMissing,
}, async () => {
  const { context, watch } = await openDesktop(browser, server.baseUrl);
  const page = watch.page;
  await signIn(page, server.baseUrl, 'supervisorA', '1003');
  await eventually(async () => assert.equal(await page.locator('[data-connection]').getAttribute('data-connection'), 'connected'));
  const frame = await gadgetFrame(page, 'e2e-make-request');
  await waitForLog(frame, /ready/);
  await frame.locator('#run').click();
  // The requests run at once: their lines come in whatever order the answers do.
  const names = ['finesse-api', 'control-api', 'private', 'metadata', 'not-allow-listed'];
  const log = await waitForLog(frame, new RegExp(names.map((name) => `(?=[\\s\\S]*^${name} rc=)`).join(''), 'm'));

  const own = resultOf(log, 'finesse-api');
  assert.equal(own.rc, 200);
  assert.equal(own.errors, 'none');
  assert.match(own.body, /<User>/);
  for (const name of names.slice(1)) {
    const refused = resultOf(log, name);
    assert.equal(refused.rc, 403, `${name}: ${JSON.stringify(refused)}`);
    assert.equal(refused.errors, '403 Error', name);
    assert.ok(refused.ms < 2000, `${name} took ${refused.ms} ms`);
  }
  // The gadget's requests never leave the server: the browser itself asked nothing of those addresses.
  assert.deepEqual(watch.foreignRequests, []);
  await context.close();
});
