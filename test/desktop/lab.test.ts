import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { request } from '../support/http.js';
import type { TestServer } from '../support/server.js';
import { chromiumMissing, startDesktop, stopDesktop, eventually, openDesktop, screenshot, signIn } from './support/browser.js';

// The supervisor lab (reference §10.2) replayed in two browser windows against the real server:
// REST and XMPP over WebSocket exactly as the desktop uses them, no stubs.

let server: TestServer;
let browser: Browser;

before(async () => {
  if (!chromiumMissing) ({ server, browser } = await startDesktop());
});
after(() => stopDesktop(server, browser));

test('lab: supervisorA watches agentA go READY, sets him NOT_READY, signs him out; both windows follow live', { skip: chromiumMissing }, async () => {
  const agent = await openDesktop(browser, server.baseUrl);
  const sup = await openDesktop(browser, server.baseUrl);
  const a = agent.watch.page;
  const s = sup.watch.page;
  const agentState = a.getByTestId('agent-state');
  const row = s.locator('table.team tr[data-agent="agentA"]');

  // 1. agentA signs in on extension 1001: NOT_READY, notifications live.
  await signIn(a, server.baseUrl, 'agentA', '1001');
  await eventually(async () => assert.equal(await agentState.getAttribute('data-state'), 'NOT_READY'));
  await eventually(async () => assert.equal(await a.locator('[data-connection]').getAttribute('data-connection'), 'connected'));
  await screenshot(a, '01-agent-signed-in');

  // 2. supervisorA signs in and sees agentA in the team table.
  await signIn(s, server.baseUrl, 'supervisorA', '1003');
  await eventually(async () => assert.equal(await s.locator('[data-connection]').getAttribute('data-connection'), 'connected'));
  await eventually(async () => assert.equal(await row.getAttribute('data-state'), 'NOT_READY'));
  assert.match(await row.innerText(), /Alice Archer/);
  assert.match(await row.innerText(), /1001/);
  await screenshot(s, '02-supervisor-sees-agent');
  // Readable on a narrow window too: one column, nothing wider than the screen (tables scroll inside their card).
  await s.setViewportSize({ width: 390, height: 844 });
  assert.ok(await s.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no horizontal scrolling at 390 px');
  await screenshot(s, '02-supervisor-narrow');
  await s.setViewportSize({ width: 1280, height: 720 });
  const supervisorNavigations = sup.watch.navigations;

  // The team node is subscribed with this window's full JID; closing the team view unsubscribes it.
  const teamSubscriptions = () =>
    server.xmpp.pubsub.subscriptionsOf(server.directory.requireUser('supervisorA'), '/finesse/api/Team/1/Users').map((x) => x.jid);
  assert.deepEqual(
    teamSubscriptions().map((jid) => jid.toLowerCase().replace(/\/desktop-[0-9a-f]+$/, '/desktop-*')),
    ['supervisora@localhost/desktop-*'],
  );
  const queueSubscriptions = () => server.xmpp.pubsub.subscriptionsOf(server.directory.requireUser('supervisorA'), '/finesse/api/Queue/1').map((x) => x.jid);
  await eventually(async () => assert.equal(queueSubscriptions().length, 1, 'the queue statistics node of team 1 is followed'));
  await s.getByRole('button', { name: 'Close team view' }).click();
  await eventually(async () => assert.deepEqual(teamSubscriptions(), []));
  await eventually(async () => assert.deepEqual(queueSubscriptions(), [], 'closing the team view unsubscribes the queue nodes too'));
  await s.getByRole('button', { name: 'Open team view' }).click();
  await eventually(async () => assert.equal(teamSubscriptions().length, 1));
  await eventually(async () => assert.equal(await row.getAttribute('data-state'), 'NOT_READY'));

  // 3. agentA goes READY; the supervisor's table follows without a reload.
  await a.getByLabel('Change state').selectOption('READY');
  await eventually(async () => assert.equal(await agentState.getAttribute('data-state'), 'READY'));
  await eventually(async () => assert.equal(await row.getAttribute('data-state'), 'READY'));
  await screenshot(a, '03-agent-ready');
  await screenshot(s, '03-supervisor-sees-ready');

  // 4. supervisorA sets agentA NOT_READY: reason "Supervisor Initiated" (999) on both sides.
  await s.getByRole('button', { name: 'Not Ready: Alice Archer' }).click();
  await eventually(async () => assert.equal(await agentState.getAttribute('data-state'), 'NOT_READY'));
  await eventually(async () => assert.match(await a.getByTestId('agent-reason').innerText(), /Supervisor Initiated/));
  await eventually(async () => assert.equal(await row.getAttribute('data-state'), 'NOT_READY'));
  assert.match(await row.innerText(), /Supervisor Initiated/);
  await screenshot(a, '04-agent-not-ready-by-supervisor');
  await screenshot(s, '04-supervisor-set-not-ready');

  // 5. supervisorA signs agentA out: agentA's window shows the signed-out screen with the reason.
  await s.getByRole('button', { name: 'Sign out: Alice Archer' }).click();
  await eventually(async () => assert.equal(await a.getByRole('heading', { name: 'You have been signed out' }).count(), 1));
  assert.match(await a.locator('.signed-out-reason').innerText(), /supervisor signed you out/i);
  await eventually(async () => assert.equal(await row.getAttribute('data-state'), 'LOGOUT'));
  await screenshot(a, '05-agent-signed-out-by-supervisor');
  await screenshot(s, '05-supervisor-signed-agent-out');
  assert.equal(sup.watch.navigations, supervisorNavigations, 'the supervisor page was never reloaded');
  assert.equal(await a.evaluate(() => sessionStorage.getItem('openfinesse.session')), null, 'no credentials left after sign-out');

  // 6. supervisorA signs out: back to the sign-in form, and the server has him LOGOUT.
  await s.getByRole('button', { name: 'Sign out', exact: true }).click();
  await eventually(async () => assert.equal(await s.getByRole('button', { name: 'Sign in', exact: true }).count(), 1));
  await screenshot(s, '06-supervisor-signed-out');
  const me = await request(server.baseUrl, 'GET', '/finesse/api/User/supervisorA', { user: 'supervisorA' });
  assert.match(me.body, /<state>LOGOUT<\/state>/);
  assert.deepEqual(teamSubscriptions(), [], 'no team subscription left behind');

  for (const w of [agent.watch, sup.watch]) assert.deepEqual(w.problems(), []);
  for (const w of [agent.watch, sup.watch]) {
    assert.equal(await w.page.evaluate(() => Object.keys(localStorage).length), 0, 'nothing in localStorage');
  }
  await agent.context.close();
  await sup.context.close();
});
