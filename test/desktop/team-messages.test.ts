/**
 * Team messages in the web desktop (chromium): a supervisor sends one from his desktop's form, the team's
 * agents see it live as a banner (another team's agent does not), it goes when it is deleted, and a short
 * one goes by itself when it expires. A message already there at sign-in is shown too.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { request } from '../support/http.js';
import type { TestServer } from '../support/server.js';
import { createTeamMessage } from '../support/team-messages.js';
import { chromiumMissing, startDesktop, stopDesktop, eventually, openDesktop, screenshot, signIn } from './support/browser.js';

let server: TestServer;
let browser: Browser;

before(async () => {
  if (!chromiumMissing) ({ server, browser } = await startDesktop());
});
after(() => stopDesktop(server, browser));

const shown = (page: Page): Promise<string[]> => page.getByTestId('team-message').locator('.team-message-text').allInnerTexts();

async function signedIn(id: string, extension: string) {
  const desktop = await openDesktop(browser, server.baseUrl);
  const page = desktop.watch.page;
  await signIn(page, server.baseUrl, id, extension);
  await eventually(async () => assert.equal(await page.locator('[data-connection]').getAttribute('data-connection'), 'connected'));
  return desktop;
}

test('a supervisor messages his team: the agent sees it live, then not once deleted; a short message leaves when it expires', {
  skip: chromiumMissing,
}, async () => {
  const waiting = await createTeamMessage(server.baseUrl, 'admin', 600, 'Already there at sign-in', ['1']);
  const agent = await signedIn('agentA', '1001');
  const other = await signedIn('agentC', '1004');
  const sup = await signedIn('supervisorA', '1003');
  const a = agent.watch.page;
  const s = sup.watch.page;
  await eventually(async () => assert.deepEqual(await shown(a), ['Already there at sign-in']));

  // The form is the stock supervisor layout's Team Message tab.
  await s.getByRole('tab', { name: 'Team Message' }).click();
  await s.getByLabel('Message', { exact: true }).fill('Huddle at 10 <in room 2> & bring notes');
  await s.getByLabel('Show for').selectOption('300');
  await s.getByRole('button', { name: 'Send message' }).click();
  await eventually(async () => assert.deepEqual(await shown(a), ['Already there at sign-in', 'Huddle at 10 <in room 2> & bring notes']));
  await eventually(async () => assert.deepEqual(await shown(s), ['Already there at sign-in', 'Huddle at 10 <in room 2> & bring notes']));
  assert.match(await a.getByTestId('team-message').nth(1).innerText(), /Sara Adams/);
  await screenshot(a, '40-team-message');
  assert.deepEqual(await shown(other.watch.page), []);

  const id = (await a.getByTestId('team-message').nth(1).getAttribute('data-id')) ?? '';
  assert.equal((await request(server.baseUrl, 'DELETE', `/finesse/api/TeamMessage/${id}`, { user: 'supervisorA' })).status, 200);
  assert.equal((await request(server.baseUrl, 'DELETE', `/finesse/api/TeamMessage/${waiting}`, { user: 'admin' })).status, 200);
  await eventually(async () => assert.deepEqual(await shown(a), []));

  // Two seconds on the server's real clock: the server's DELETE (or the desktop's own timer) removes it.
  await createTeamMessage(server.baseUrl, 'supervisorA', 2, 'Gone in two seconds', ['1']);
  await eventually(async () => assert.deepEqual(await shown(a), ['Gone in two seconds']));
  await eventually(async () => assert.deepEqual(await shown(a), []), 6000);

  for (const d of [agent, other, sup]) assert.deepEqual(d.watch.problems(), []);
  for (const d of [agent, other, sup]) await d.context.close();
});
