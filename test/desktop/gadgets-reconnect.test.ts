import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { setState } from '../support/http.js';
import type { TestServer } from '../support/server.js';
import { chromiumMissing, routeNotificationSockets, eventually, openDesktop, signIn, startDesktop, stopDesktop } from './support/browser.js';
import { gadgetFrame, hosted, installGadgets, logOf, setDefaultLayout, waitForLog } from './support/gadgets.js';

// The desktop loses its notification WebSocket and reconnects: the gadget hears of it through
// ClientServices, is not reloaded, and keeps receiving the user's updates afterwards.

let server: TestServer;
let browser: Browser;

before(async () => {
  if (chromiumMissing) return;
  ({ server, browser } = await startDesktop());
  installGadgets(server, 'e2e-reconnect');
  await setDefaultLayout(server.baseUrl, [{ id: 'live', label: 'Live', gadgets: [hosted('e2e-reconnect', 'Reconnect.xml')] }]);
});
after(() => stopDesktop(server, browser));

test('a gadget survives the desktop reconnecting', { skip: chromiumMissing }, async () => {
  const { context, watch } = await openDesktop(browser, server.baseUrl);
  const page = watch.page;
  const sockets = await routeNotificationSockets(context);
  watch.expectConsoleErrors(/WebSocket/);
  await signIn(page, server.baseUrl, 'supervisorB', '1006');
  await eventually(async () => assert.equal(await page.locator('[data-connection]').getAttribute('data-connection'), 'connected'));
  const frame = await gadgetFrame(page, 'e2e-reconnect');
  await waitForLog(frame, /loaded state=NOT_READY/);
  await waitForLog(frame, /connected/);
  // The document the gadget runs in must stay the same one: mark it.
  await frame.evaluate(() => ((window as unknown as { marker: string }).marker = 'same document'));

  await sockets[0]!.close({ code: 1001, reason: 'network blip' });
  await eventually(async () => assert.equal(await page.locator('[data-connection]').getAttribute('data-connection'), 'connected'), 20_000);
  await eventually(async () => assert.ok(sockets.length >= 2, 'the desktop opened a new WebSocket'), 20_000);
  await waitForLog(frame, /disconnected[\s\S]*connected/, 20_000);

  assert.equal((await setState(server.baseUrl, 'supervisorB', 'supervisorB', '<User><state>READY</state></User>')).status, 202);
  await waitForLog(frame, /state=READY/);
  assert.equal(await frame.evaluate(() => (window as unknown as { marker?: string }).marker), 'same document');
  assert.equal((await logOf(frame)).match(/loaded state=/g)?.length, 1, 'the gadget was not reloaded');
  await context.close();
});
