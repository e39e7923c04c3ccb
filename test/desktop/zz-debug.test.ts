import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startDesktop, stopDesktop, openDesktop, signIn, eventually } from './support/browser.js';
import { gadgetFrame, hosted, installGadgets, setDefaultLayout, logOf } from './support/gadgets.js';

test('debug', async () => {
  const { server, browser } = await startDesktop();
  installGadgets(server, 'e2e-async-error', 'e2e-user');
  await setDefaultLayout(server.baseUrl, [{ id: 'g', label: 'G', gadgets: [hosted('e2e-async-error', 'AsyncError.xml'), hosted('e2e-user', 'User.xml')] }]);
  const { watch } = await openDesktop(browser, server.baseUrl);
  const page = watch.page;
  const msgs: string[] = [];
  page.on('console', (m) => msgs.push(`${m.type()} ${m.text()}`));
  await signIn(page, server.baseUrl, 'agentA', '1001');
  const f = await gadgetFrame(page, 'e2e-async-error');
  await eventually(async () => assert.match(await logOf(f), /loaded/), 10000);
  await page.waitForTimeout(1000);
  await f.evaluate(() => { (window as any).gadgets.Hub.subscribe('finesse.api.**', (t: string, d: any) => { document.getElementById('log')!.textContent += 'HUB ' + t + ' ' + JSON.stringify(d).slice(0, 600) + '\n'; }); });
  await page.waitForTimeout(300);
  await f.locator('#invalid').click();
  await page.waitForTimeout(4000);
  console.log('LOG', await logOf(f));
  console.log('USER', await logOf(await gadgetFrame(page, 'e2e-user')));
  console.log('TITLES', await page.getByTestId('gadget-title').allTextContents());
  console.log(await page.getByTestId('gadget').first().evaluate((e) => e.outerHTML.slice(0, 1500)));
  console.log(msgs.join('\n'));
  await stopDesktop(server, browser);
});
