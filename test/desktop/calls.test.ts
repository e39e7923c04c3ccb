import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { request } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { chromiumMissing, ensureDesktopBuilt, eventually, launchBrowser, openDesktop, screenshot, signIn } from './support/browser.js';

let server: TestServer;
let browser: Browser;

before(async () => {
  if (chromiumMissing) return;
  ensureDesktopBuilt();
  server = await startTestServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The control API plays the outside world: a customer calls agentA's extension. */
async function ring(to: string, from: string, callVariables: Record<string, string> = {}): Promise<void> {
  const r = await request(server.baseUrl, 'POST', '/openfinesse/api/calls', {
    user: 'admin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from, to, callVariables }),
  });
  assert.equal(r.status, 201, r.body);
}

test('a call rings agentA: answer, hold, retrieve, drop, wrap-up reason, then it is in recent calls; the supervisor can monitor', { skip: chromiumMissing }, async () => {
  const agent = await openDesktop(browser, server.baseUrl);
  const sup = await openDesktop(browser, server.baseUrl);
  const a = agent.watch.page;
  const s = sup.watch.page;
  const agentState = a.getByTestId('agent-state');
  const card = a.getByTestId('dialog').first();
  const dialogState = card.getByTestId('dialog-state');

  await signIn(a, server.baseUrl, 'agentA', '1001');
  await eventually(async () => assert.equal(await a.locator('[data-connection]').getAttribute('data-connection'), 'connected'));
  await signIn(s, server.baseUrl, 'supervisorA', '1003');
  await eventually(async () => assert.equal(await s.locator('[data-connection]').getAttribute('data-connection'), 'connected'));
  await a.getByLabel('Change state').selectOption('READY');
  await eventually(async () => assert.equal(await agentState.getAttribute('data-state'), 'READY'));

  await ring('1001', '5551234', { callVariable1: 'Chuck', callVariable2: 'Gold customer' });
  await eventually(async () => assert.equal(await dialogState.getAttribute('data-state'), 'ALERTING'));
  assert.match(await card.innerText(), /Incoming call from 5551234/);
  await screenshot(a, '20-call-ringing');

  await card.getByRole('button', { name: 'Answer', exact: true }).click();
  await eventually(async () => assert.equal(await dialogState.getAttribute('data-state'), 'ACTIVE'));
  await eventually(async () => assert.equal(await agentState.getAttribute('data-state'), 'TALKING'));
  assert.match(await card.innerText(), /Chuck/);
  assert.match(await card.innerText(), /Gold customer/);
  await screenshot(a, '21-call-active');

  // The supervisor sees agentA talking and can silently monitor the call.
  const row = s.locator('table.team tr[data-agent="agentA"]');
  await eventually(async () => assert.equal(await row.getAttribute('data-state'), 'TALKING'));
  await s.getByRole('button', { name: 'Monitor: Alice Archer' }).click();
  await eventually(async () => assert.equal(await s.getByRole('button', { name: 'Barge in: Alice Archer' }).count(), 1));
  await screenshot(s, '22-supervisor-monitoring');
  const monitorCard = s.getByTestId('dialog').first();
  await monitorCard.getByRole('button', { name: 'Drop', exact: true }).click();
  await eventually(async () => assert.equal(await s.getByTestId('dialog').count(), 0));

  await card.getByRole('button', { name: 'Hold', exact: true }).click();
  await eventually(async () => assert.equal(await dialogState.getAttribute('data-state'), 'HELD'));
  await eventually(async () => assert.equal(await agentState.getAttribute('data-state'), 'HOLD'));
  await screenshot(a, '23-call-held');

  await card.getByRole('button', { name: 'Retrieve', exact: true }).click();
  await eventually(async () => assert.equal(await dialogState.getAttribute('data-state'), 'ACTIVE'));
  await eventually(async () => assert.equal(await agentState.getAttribute('data-state'), 'TALKING'));

  await card.getByRole('button', { name: 'Drop', exact: true }).click();
  await eventually(async () => assert.equal(await dialogState.getAttribute('data-state'), 'WRAP_UP'));
  await eventually(async () => assert.match(String(await agentState.getAttribute('data-state')), /^WORK/));
  await card.getByLabel('Wrap-up reason').selectOption('Sales Inquiry');
  await eventually(async () => assert.equal(await card.getByLabel('Wrap-up reason').inputValue(), 'Sales Inquiry'));
  await screenshot(a, '24-wrap-up');

  // Leaving wrap-up ends the call on the desktop; it goes to the recent calls.
  await a.getByLabel('Change state').selectOption('READY');
  await eventually(async () => assert.equal(await agentState.getAttribute('data-state'), 'READY'));
  await eventually(async () => assert.equal(await a.getByTestId('dialog').count(), 0));
  await eventually(async () => assert.match(await a.getByTestId('recent-calls').innerText(), /5551234/));
  await screenshot(a, '25-recent-calls');

  for (const w of [agent.watch, sup.watch]) assert.deepEqual(w.problems(), []);
  await agent.context.close();
  await sup.context.close();
});
