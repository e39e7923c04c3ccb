import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { request } from '../support/http.js';
import type { TestServer } from '../support/server.js';
import { chromiumMissing, startDesktop, stopDesktop, eventually, openDesktop, screenshot, signIn } from './support/browser.js';

let server: TestServer;
let browser: Browser;

before(async () => {
  if (!chromiumMissing) ({ server, browser } = await startDesktop());
});
after(() => stopDesktop(server, browser));

/** The control API plays the outside world: a customer calls agentA's extension. */
async function ring(to: string, from: string, callVariables: Record<string, string> = {}): Promise<void> {
  const r = await request(server.baseUrl, 'POST', '/openfinesse/api/calls', {
    user: 'admin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from, to, callVariables }),
  });
  assert.equal(r.status, 201, r.body);
}

test('a call rings agentA: answer, hold, retrieve, drop, wrap-up reason, then it is in recent calls; the supervisor can monitor', {
  skip: chromiumMissing,
}, async () => {
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

  // Not Ready during a call is a pending state until the call ends.
  await a.getByLabel('Change state').selectOption('NOT_READY');
  await eventually(async () => assert.match(await a.getByTestId('pending-state').innerText(), /Pending: Not Ready/));
  assert.equal(await agentState.getAttribute('data-state'), 'TALKING');

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
  // Recent calls are on the stock layout's My History tab.
  await a.getByRole('tab', { name: 'My History' }).click();
  await eventually(async () => assert.match(await a.getByTestId('recent-calls').innerText(), /5551234/));
  await screenshot(a, '25-recent-calls');

  for (const w of [agent.watch, sup.watch]) assert.deepEqual(w.problems(), []);
  await agent.context.close();
  await sup.context.close();
});

test('consult and transfer between two desktops, DTMF keypad, and an outbound call from the dial pad', { skip: chromiumMissing }, async () => {
  const first = await openDesktop(browser, server.baseUrl);
  const second = await openDesktop(browser, server.baseUrl);
  const a = first.watch.page;
  const b = second.watch.page;
  await signIn(a, server.baseUrl, 'agentA', '1001');
  await signIn(b, server.baseUrl, 'agentB', '1002');
  for (const p of [a, b]) await eventually(async () => assert.equal(await p.locator('[data-connection]').getAttribute('data-connection'), 'connected'));
  await b.getByLabel('Change state').selectOption('READY');
  await eventually(async () => assert.equal(await b.getByTestId('agent-state').getAttribute('data-state'), 'READY'));

  // A customer calls agentA (NOT_READY agents still get direct calls to their extension).
  await ring('1001', '5559876');
  const customerCall = a.getByTestId('dialog').filter({ hasText: '5559876' });
  await customerCall.getByRole('button', { name: 'Answer', exact: true }).click();
  await eventually(async () => assert.equal(await customerCall.getByTestId('dialog-state').getAttribute('data-state'), 'ACTIVE'));

  // Consult agentB: the customer is held, agentB's phone rings; he answers.
  await customerCall.getByLabel('Consult or transfer to').fill('1002');
  await customerCall.getByRole('button', { name: 'Consult', exact: true }).click();
  await eventually(async () => assert.equal(await customerCall.getByTestId('dialog-state').getAttribute('data-state'), 'HELD'));
  const consultAtB = b.getByTestId('dialog').first();
  await consultAtB.getByRole('button', { name: 'Answer', exact: true }).click();
  await eventually(async () => assert.equal(await consultAtB.getByTestId('dialog-state').getAttribute('data-state'), 'ACTIVE'));
  await screenshot(a, '30-consulting');

  // agentA completes the transfer: the customer is now agentB's call.
  await customerCall.getByRole('button', { name: 'Transfer', exact: true }).click();
  await eventually(async () =>
    assert.equal(
      await a
        .getByTestId('dialog')
        .filter({ has: a.locator('[data-state="ACTIVE"], [data-state="HELD"]') })
        .count(),
      0,
    ),
  );
  const transferred = b.getByTestId('dialog').filter({ hasText: '5559876' });
  await eventually(async () => assert.equal(await transferred.getByTestId('dialog-state').getAttribute('data-state'), 'ACTIVE'));
  await screenshot(b, '31-transferred');

  // agentB sends tones, then ends the call.
  await transferred.getByRole('button', { name: 'Keypad', exact: true }).click();
  await transferred.getByRole('button', { name: 'Send tone 5' }).click();
  await transferred.getByRole('button', { name: 'Drop', exact: true }).click();
  await eventually(async () =>
    assert.equal((await transferred.count()) === 0 || (await transferred.getByTestId('dialog-state').getAttribute('data-state')) !== 'ACTIVE', true),
  );

  // agentA dials out from the dial pad: a busy number fails and can be dropped.
  await a.getByLabel('Change state').selectOption('NOT_READY');
  await eventually(async () => assert.equal(await a.getByTestId('agent-state').getAttribute('data-state'), 'NOT_READY'));
  await eventually(async () => assert.equal(await a.getByTestId('dialog').count(), 0));
  await a.getByLabel('Number', { exact: true }).fill('5550100');
  await a.getByRole('button', { name: 'Call', exact: true }).click();
  const out = a.getByTestId('dialog').first();
  await eventually(async () => assert.equal(await out.getByTestId('dialog-state').getAttribute('data-state'), 'FAILED'), 8000);
  assert.match(await out.innerText(), /Call to 5550100/);
  await screenshot(a, '32-outbound-busy');
  await out.getByRole('button', { name: 'Drop', exact: true }).click();
  await eventually(async () => assert.equal(await a.getByTestId('dialog').count(), 0));
  await a.getByRole('tab', { name: 'My History' }).click();
  await eventually(async () => assert.match(await a.getByTestId('recent-calls').innerText(), /5550100/));

  for (const w of [first.watch, second.watch]) assert.deepEqual(w.problems(), []);
  await first.context.close();
  await second.context.close();
});

test('the call card shows the call variables with the layout of the agent’s team (a CUSTOM MediaPropertiesLayout)', { skip: chromiumMissing }, async () => {
  const admin = (method: string, path: string, body: string) => request(server.baseUrl, method, `/finesse/api${path}`, { user: 'admin', body });
  const created = await admin(
    'POST',
    '/MediaPropertiesLayout',
    '<MediaPropertiesLayout><name>Support desk</name><header><entry><displayName>Customer name</displayName><mediaProperty>callVariable1</mediaProperty></entry></header>' +
      '<column><entry><displayName>Service tier</displayName><mediaProperty>callVariable2</mediaProperty></entry></column>' +
      '<column><entry><displayName>Ticket</displayName><mediaProperty>user.ticket</mediaProperty></entry></column></MediaPropertiesLayout>',
  );
  assert.equal(created.status, 200, created.body);
  const uri = new URL(created.headers.get('location') ?? '').pathname;
  assert.equal((await admin('PUT', '/Team/2/MediaPropertiesLayout', `<MediaPropertiesLayout><uri>${uri}</uri></MediaPropertiesLayout>`)).status, 200);

  const desktop = await openDesktop(browser, server.baseUrl);
  const page = desktop.watch.page;
  await signIn(page, server.baseUrl, 'agentC', '1004');
  await eventually(async () => assert.equal(await page.locator('[data-connection]').getAttribute('data-connection'), 'connected'));
  await ring('1004', '5554321', { callVariable1: 'Dana', callVariable2: 'Platinum', 'user.ticket': 'T-42' });
  const card = page.getByTestId('dialog').first();
  await eventually(async () => assert.match(await card.innerText(), /Customer name\s+Dana/));
  const text = await card.innerText();
  assert.match(text, /Service tier\s+Platinum/);
  assert.match(text, /Ticket\s+T-42/);
  // Only the layout's fields: none of the DEFAULT layout's labels.
  assert.doesNotMatch(text, /Call Variable 3|Dialed Number/);

  assert.deepEqual(desktop.watch.problems(), []);
  await desktop.context.close();
});
