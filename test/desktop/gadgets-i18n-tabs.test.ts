import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { TestServer } from '../support/server.js';
import { chromiumMissing, eventually, openDesktop, signIn, startDesktop, stopDesktop } from './support/browser.js';
import { gadgetFrame, hosted, installGadgets, logOf, setDefaultLayout, waitForLog } from './support/gadgets.js';

// Hangman substitution and message bundles in the rendered gadget, and ACTIVE_TAB when the agent switches
// to the tab a gadget sits on.

let server: TestServer;
let browser: Browser;

before(async () => {
  if (chromiumMissing) return;
  ({ server, browser } = await startDesktop());
  installGadgets(server, 'e2e-i18n', 'e2e-tab');
  await setDefaultLayout(server.baseUrl, [
    { id: 'words', label: 'Words', gadgets: [hosted('e2e-i18n', 'I18n.xml')] },
    { id: 'second', label: 'Second tab', gadgets: [hosted('e2e-tab', 'Tab.xml')] },
  ]);
});
after(() => stopDesktop(server, browser));

test('hangman and message bundles render: __MSG_, __UP_, __MODULE_ID__, __BIDI_, getMsg and I18n with fallback', { skip: chromiumMissing }, async () => {
  const { context, watch } = await openDesktop(browser, server.baseUrl);
  const page = watch.page;
  await signIn(page, server.baseUrl, 'agentC', '1005');
  const frame = await gadgetFrame(page, 'e2e-i18n');
  const log = await waitForLog(frame, /color=/);
  assert.equal(await frame.locator('#greeting').textContent(), 'Hello from the English bundle');
  assert.match((await frame.locator('#module').textContent()) ?? '', /^mid=\d+ dir=ltr start=left$/);
  assert.equal(await frame.locator('#color').textContent(), 'teal');
  assert.match(log, /getMsg greeting=Hello from the English bundle/);
  assert.match(log, /getMsg farewell=Goodbye from the default bundle/);
  assert.match(log, /I18n farewell=Goodbye from the default bundle/);
  assert.match(log, /color=teal lang=en mid=\d+/);
  // The spec's title comes from the bundle too, and the library loaded from __UP_scheme__://__UP_host__:__UP_hostPort__.
  await eventually(async () => assert.equal(await page.getByTestId('gadget-title').filter({ hasText: 'Bundled title' }).count(), 1));
  assert.deepEqual(watch.problems(), []);
  await context.close();
});

test('ACTIVE_TAB fires when the agent switches to the gadget tab, once per switch', { skip: chromiumMissing }, async () => {
  const { context, watch } = await openDesktop(browser, server.baseUrl);
  const page = watch.page;
  await signIn(page, server.baseUrl, 'agentC', '1005');
  await eventually(async () => assert.equal(await page.locator('[data-connection]').getAttribute('data-connection'), 'connected'));
  const frame = await gadgetFrame(page, 'e2e-tab');
  await waitForLog(frame, /ready myTab=second/);
  await page.waitForTimeout(500);
  assert.doesNotMatch(await logOf(frame), /ACTIVE_TAB/, 'the first tab is showing');

  await page.getByRole('tab', { name: 'Second tab' }).click();
  await waitForLog(frame, /ACTIVE_TAB 1 visible=true myTab=second/);
  await page.getByRole('tab', { name: 'Words' }).click();
  await page.waitForTimeout(300);
  assert.doesNotMatch(await logOf(frame), /ACTIVE_TAB 2/);
  await page.getByRole('tab', { name: 'Second tab' }).click();
  await waitForLog(frame, /ACTIVE_TAB 2 visible=true/);
  assert.deepEqual(watch.problems(), []);
  await context.close();
});
