import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { setState } from '../support/http.js';
import type { TestServer } from '../support/server.js';
import { chromiumMissing, routeNotificationSockets, startDesktop, stopDesktop, eventually, openDesktop, screenshot, signIn } from './support/browser.js';

let server: TestServer;
let browser: Browser;

before(async () => {
  if (!chromiumMissing) ({ server, browser } = await startDesktop({ lockout: { maxFailures: 3, lockMs: 60_000 } }));
});
after(() => stopDesktop(server, browser));

const skip = { skip: chromiumMissing };
const errorText = (page: Page) => page.locator('.form-error').innerText();
const connection = (page: Page) => page.locator('[data-connection]').getAttribute('data-connection');

test('sign-in errors are told apart: wrong password, missing extension, extension in use, locked account', skip, async () => {
  const { context, watch } = await openDesktop(browser, server.baseUrl);
  const page = watch.page;
  // The browser itself logs every 4xx answer; those are the point of this test.
  watch.expectConsoleErrors(/Failed to load resource: the server responded with a status of 40[01]/);

  await signIn(page, server.baseUrl, 'agentB', '1002', 'wrong');
  await eventually(async () => assert.equal(await errorText(page), 'The ID or password is not correct.'));
  await screenshot(page, '10-sign-in-wrong-password');

  await signIn(page, server.baseUrl, 'agentB', '');
  await eventually(async () => assert.equal(await errorText(page), 'Enter your extension.'));

  assert.equal((await setState(server.baseUrl, 'agentA', 'agentA', '<User><state>LOGIN</state><extension>1001</extension></User>')).status, 202);
  await signIn(page, server.baseUrl, 'agentB', '1001');
  await eventually(async () => assert.match(await errorText(page), /Extension 1001 is in use/));
  await screenshot(page, '11-sign-in-extension-in-use');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('openfinesse.session')), null);

  for (let i = 0; i < 3; i++) {
    await signIn(page, server.baseUrl, 'agentC', '1004', 'wrong');
    await eventually(async () => assert.match(await errorText(page), /not correct|locked/));
  }
  await signIn(page, server.baseUrl, 'agentC', '1004', 'demo');
  await eventually(async () => assert.match(await errorText(page), /locked/));
  await screenshot(page, '12-sign-in-locked');
  assert.deepEqual(watch.problems(), []);
  await setState(server.baseUrl, 'agentA', 'agentA', '<User><state>LOGOUT</state></User>');
  await context.close();
});

test('keyboard only: sign in, change state; every control has a name; the session survives a reload but not the tab', skip, async () => {
  const { context, watch } = await openDesktop(browser, server.baseUrl);
  const page = watch.page;
  await page.goto(`${server.baseUrl}/`);
  await page.waitForFunction(() => document.activeElement?.id === 'signin-id'); // the ID field takes the focus
  await page.keyboard.type('supervisorB');
  await page.keyboard.press('Tab');
  await page.keyboard.type('demo');
  await page.keyboard.press('Tab');
  await page.keyboard.type('1005');
  await page.keyboard.press('Enter');
  await eventually(async () => assert.equal(await page.getByTestId('agent-state').getAttribute('data-state'), 'NOT_READY'));
  await eventually(async () => assert.equal(await connection(page), 'connected'));

  let reached = false;
  for (let i = 0; i < 10 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.id === 'state-select');
  }
  assert.ok(reached, 'the state menu is reachable with Tab');
  await page.locator('#state-select').selectOption('READY');
  await eventually(async () => assert.equal(await page.getByTestId('agent-state').getAttribute('data-state'), 'READY'));

  const unnamed = await page.evaluate(() =>
    [...document.querySelectorAll('button, input, select, a[href]')]
      .filter((el) => {
        const labelled = (el as HTMLInputElement).labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
        return !labelled && !(el.textContent ?? '').trim();
      })
      .map((el) => el.outerHTML.slice(0, 80)),
  );
  assert.deepEqual(unnamed, []);

  const stored = await page.evaluate(() => ({ session: sessionStorage.getItem('openfinesse.session'), local: Object.keys(localStorage) }));
  assert.ok(stored.session, 'credentials kept for the tab');
  assert.deepEqual(stored.local, []);
  await page.reload();
  await eventually(async () => assert.equal(await page.getByTestId('agent-state').getAttribute('data-state'), 'READY'));
  await eventually(async () => assert.equal(await connection(page), 'connected'));

  const other = await context.newPage(); // a new tab has its own sessionStorage: sign-in form
  await other.goto(`${server.baseUrl}/desktop/`);
  await eventually(async () => assert.equal(await other.getByRole('button', { name: 'Sign in', exact: true }).count(), 1));
  await other.close();

  await page.getByRole('button', { name: 'Sign out', exact: true }).click(); // READY → NOT_READY → LOGOUT
  await eventually(async () => assert.equal(await page.getByRole('button', { name: 'Sign in', exact: true }).count(), 1));
  assert.deepEqual(watch.problems(), []);
  await context.close();
});

test('a dropped notification connection is shown, retried with backoff, and what was missed is read again', skip, async () => {
  const { context, watch } = await openDesktop(browser, server.baseUrl);
  const page = watch.page;
  const sockets = await routeNotificationSockets(context);
  await signIn(page, server.baseUrl, 'agentB', '1002');
  await eventually(async () => assert.equal(await connection(page), 'connected'));
  assert.equal(sockets.length, 1);

  // The network drops; meanwhile agentB goes READY from another client.
  await sockets[0]!.close({ code: 1001, reason: 'network drop' });
  await eventually(async () => assert.equal(await connection(page), 'reconnecting'));
  await screenshot(page, '13-reconnecting');
  assert.equal((await setState(server.baseUrl, 'agentB', 'agentB', '<User><state>READY</state></User>')).status, 202);

  await eventually(async () => assert.equal(await connection(page), 'connected'), 10_000);
  assert.ok(sockets.length >= 2, 'a new WebSocket was opened');
  await eventually(async () => assert.equal(await page.getByTestId('agent-state').getAttribute('data-state'), 'READY'));
  await screenshot(page, '14-reconnected');
  assert.deepEqual(watch.problems(), []);
  await context.close();
});
