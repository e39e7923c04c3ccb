import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { TestServer } from '../support/server.js';
import { chromiumMissing, eventually, openDesktop, screenshot, signIn, startDesktop, stopDesktop } from './support/browser.js';
import { gadgetFrame, hosted, installGadgets, setDefaultLayout, waitForLog } from './support/gadgets.js';

// Two gadgets on one tab talk over a custom hub topic; each runs in its own opaque origin, so neither
// reaches the desktop's DOM nor the other's, not even with HTML one injects into the other.

let server: TestServer;
let browser: Browser;

before(async () => {
  if (chromiumMissing) return;
  ({ server, browser } = await startDesktop());
  installGadgets(server, 'e2e-hub-a', 'e2e-hub-b');
  await setDefaultLayout(server.baseUrl, [{ id: 'chat', label: 'Chat', gadgets: [hosted('e2e-hub-a', 'HubA.xml'), hosted('e2e-hub-b', 'HubB.xml')] }]);
});
after(() => stopDesktop(server, browser));

test('two gadgets talk over a custom topic and cannot reach the desktop or each other', { skip: chromiumMissing }, async () => {
  const { context, watch } = await openDesktop(browser, server.baseUrl);
  const page = watch.page;
  await signIn(page, server.baseUrl, 'agentB', '1002');
  await eventually(async () => assert.equal(await page.locator('[data-connection]').getAttribute('data-connection'), 'connected'));
  const a = await gadgetFrame(page, 'e2e-hub-a');
  const b = await gadgetFrame(page, 'e2e-hub-b');
  await waitForLog(b, /B ready/);
  const probes = await waitForLog(a, /cookie: \w+/);
  assert.match(probes, /parent document: SecurityError/);
  assert.match(probes, /top location: SecurityError/);
  assert.match(probes, /other gadget document: SecurityError/);
  assert.match(probes, /local storage: SecurityError/);
  assert.doesNotMatch(probes, /reachable/);
  await waitForLog(a, /A subscribed true/);

  await a.locator('#send').click();
  await waitForLog(b, /B got A: 12 chars/);
  await waitForLog(a, /A saw own message: A/);
  await waitForLog(a, /A got ack: B read A/);

  // HTML sent over the topic runs inside B only: the desktop stays out of reach.
  const attack = `<img src="x" onerror="try { parent.document.title = 'owned'; } catch (e) { document.getElementById('log').textContent += 'injected: ' + e.name + '\\n'; }">`;
  await a.locator('#text').fill(attack);
  await a.locator('#send').click();
  await waitForLog(b, /injected: SecurityError/);
  assert.notEqual(await page.title(), 'owned');
  await screenshot(page, '62-gadgets-hub-isolation');
  watch.expectConsoleErrors(/Failed to load resource|ERR_|Blocked/);
  assert.deepEqual(watch.problems(), []);
  await context.close();
});
