import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { TestServer } from '../support/server.js';
import { chromiumMissing, routeNotificationSockets, startDesktop, stopDesktop, eventually, openDesktop, screenshot, signIn } from './support/browser.js';

let server: TestServer;
let browser: Browser;

before(async () => {
  if (!chromiumMissing) ({ server, browser } = await startDesktop({ lostDesktopDetectSeconds: 1, lostDesktopGraceSeconds: 1 }));
});
after(() => stopDesktop(server, browser));

test('a desktop cut off long enough to be signed out (reason 255) says so when it comes back', { skip: chromiumMissing }, async () => {
  const { context, watch } = await openDesktop(browser, server.baseUrl);
  const page = watch.page;
  let blocked = false;
  const sockets = await routeNotificationSockets(context, () => blocked);
  // While the notification channel is down the desktop polls REST; the browser logs each refused WebSocket.
  watch.expectConsoleErrors(/WebSocket/);
  await signIn(page, server.baseUrl, 'agentA', '1001');
  await eventually(async () => assert.equal(await page.locator('[data-connection]').getAttribute('data-connection'), 'connected'));

  // The network goes away for longer than detect + grace (2 s here); the server signs agentA out (255).
  blocked = true;
  await sockets[0]!.close({ code: 1001, reason: 'network down' });
  await eventually(async () => assert.equal(await page.locator('[data-connection]').getAttribute('data-connection'), 'reconnecting'));
  await screenshot(page, '15-connection-lost');
  await new Promise((r) => setTimeout(r, 3000));
  blocked = false;
  await eventually(async () => assert.equal(await page.getByRole('heading', { name: 'You have been signed out' }).count(), 1), 20_000);
  assert.match(await page.locator('.signed-out-reason').innerText(), /connection .* was lost/);
  assert.equal(await page.locator('.signed-out-reason').getAttribute('data-reason-code'), '255');
  await screenshot(page, '16-signed-out-connection-lost');
  assert.deepEqual(watch.problems(), []);
  await context.close();
});
