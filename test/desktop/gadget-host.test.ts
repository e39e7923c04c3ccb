import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../support/server.js';
import { chromiumMissing, eventually, openDesktop, screenshot, signIn, startDesktop, stopDesktop } from './support/browser.js';
import { connectProbe, frameOf, probe, received, routeGadgets } from './support/gadget-host.js';

// The desktop as the layout host (gadget reference §2.5, §2.7, §6, §7.1–§7.3), in chromium: the layout,
// the sandboxed gadget frames, the handshake and the hub between gadgets. See support/gadget-host.ts for
// the layout (mids 1–6) and the probe gadget.

let server: TestServer;
let browser: Browser;

before(async () => {
  if (!chromiumMissing) ({ server, browser } = await startDesktop());
});
after(() => stopDesktop(server, browser));

async function desktopWithGadgets() {
  const desktop = await openDesktop(browser, server.baseUrl);
  const routes = await routeGadgets(desktop.context);
  const page = desktop.watch.page;
  await signIn(page, server.baseUrl, 'agentA', '1001');
  await eventually(async () => assert.equal(await page.locator('iframe.gadget-iframe').count(), 3));
  await eventually(async () => assert.equal(await probe(page, 6, (fx) => typeof fx.connect), 'function'));
  return { ...desktop, routes, page };
}

const hubMessages = async (page: Page, mid: number, kind: string) => (await received(page, mid)).filter((m) => m.kind === kind);

test('the layout renders: page area with call control, tabs with their labels, built-ins and sandboxed gadget frames', { skip: chromiumMissing }, async () => {
  const { context, watch, page } = await desktopWithGadgets();
  assert.deepEqual(await page.getByRole('tab').allInnerTexts(), ['CRM', 'Home']);
  assert.equal(await page.getByRole('tab', { name: 'CRM' }).getAttribute('aria-selected'), 'true');
  assert.equal(await page.getByTestId('agent-state').count(), 1, 'call control is the page area');
  assert.equal(await page.getByRole('heading', { name: 'Queue statistics' }).isVisible(), true);
  assert.equal(await page.getByRole('heading', { name: 'Recent calls' }).isVisible(), false, 'on the Home tab, not shown yet');
  assert.match(await page.locator('.brand-line').innerText(), /Acme desk/);

  const frames = page.locator('iframe.gadget-iframe');
  for (let i = 0; i < 3; i++) {
    assert.equal(await frames.nth(i).getAttribute('sandbox'), 'allow-scripts allow-forms allow-popups allow-popups-to-escape-sandbox allow-downloads');
    assert.equal(await frames.nth(i).getAttribute('name'), null, 'the secrets leave the attribute once loaded');
  }
  assert.deepEqual(await frames.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.mid)), ['2', '3', '6']);
  assert.deepEqual((await page.getByTestId('gadget-title').allInnerTexts()).slice(0, 2), ['probe.xml', 'probe.xml']);

  const secrets = await probe(page, 2, (fx) => fx.secrets);
  assert.equal(secrets.authorization, Buffer.from('agentA:demo').toString('base64'));
  assert.equal(secrets.id, 'agentA');
  assert.equal(secrets.authToken, '');
  assert.equal(secrets.tabId, 'crm');
  assert.match(secrets.nonce, /^[0-9a-f]{32}$/);
  assert.notEqual((await probe(page, 3, (fx) => fx.secrets)).nonce, secrets.nonce);
  assert.equal((await probe(page, 6, (fx) => fx.secrets)).tabId, 'home');

  const query = new URLSearchParams(await probe(page, 2, (fx) => fx.query));
  assert.equal(query.get('url'), `${server.baseUrl}/3rdpartygadget/files/probe.xml`);
  assert.equal(query.get('mid'), '2');
  assert.equal(query.get('lang'), 'en');
  assert.equal(query.get('up_extension'), '1001');
  assert.equal(query.get('up_host'), '127.0.0.1');
  assert.equal(query.get('up_teamName') !== null, true);
  for (const secret of ['up_authorization', 'up_id', 'up_authToken']) assert.equal(query.get(secret), null);
  assert.doesNotMatch(await probe(page, 2, (fx) => fx.query), /demo/);

  assert.equal(await probe(page, 2, (fx) => fx.parentDocument), 'SecurityError', 'a gadget cannot read the desktop');
  assert.equal(await probe(page, 2, (fx) => fx.ownStorage), 'SecurityError', 'an opaque origin has no storage');
  await screenshot(page, '60-gadget-layout');
  assert.deepEqual(watch.problems(), []);
  await context.close();
});

test('handshake: a wrong nonce, another frame’s nonce and a replay are ignored; the right one gets a port once', { skip: chromiumMissing }, async () => {
  const { context, page } = await desktopWithGadgets();
  const nonceOf3 = (await probe(page, 3, (fx) => fx.secrets)).nonce;
  await probe(page, 2, (fx) => fx.hello('0'.repeat(32)));
  await probe(page, 2, (fx, nonce) => fx.hello(nonce, 3), nonceOf3);
  await probe(page, 2, (fx, nonce) => fx.hello(nonce), nonceOf3);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(await probe(page, 2, (fx) => fx.welcomes), 0);

  await probe(page, 2, (fx) => fx.connect());
  await eventually(async () => assert.equal(await probe(page, 2, (fx) => fx.welcomes), 1));
  await probe(page, 2, (fx) => fx.connect());
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(await probe(page, 2, (fx) => fx.welcomes), 1, 'the nonce is spent');

  await probe(page, 3, (fx, nonce) => fx.hello(nonce), nonceOf3);
  await eventually(async () => assert.equal(await probe(page, 3, (fx) => fx.welcomes), 1), 3000);

  // Invalid messages on the port are dropped; the channel stays usable.
  await probe(page, 2, (fx) => fx.send({ kind: 'hub.subscribe', topic: 'a' }));
  await probe(page, 2, (fx) => fx.send({ kind: 'window.height', height: 'tall' }));
  await probe(page, 2, (fx) => fx.send({ kind: 'hub.connect' }));
  await eventually(async () => assert.deepEqual(await hubMessages(page, 2, 'hub.ack'), [{ kind: 'hub.ack', op: 'connect', ok: true }]));
  await context.close();
});

test('hub: messages between two gadgets flow through the router; a master-owned topic is refused', { skip: chromiumMissing }, async () => {
  const { context, page } = await desktopWithGadgets();
  await connectProbe(page, 2, eventually);
  await connectProbe(page, 3, eventually);
  await probe(page, 2, (fx) => fx.send({ kind: 'hub.subscribe', subId: 's1', topic: 'acme.**' }));
  await probe(page, 2, (fx) => fx.send({ kind: 'hub.subscribe', subId: 's2', topic: 'finesse.api.User.agentA' }));
  await eventually(async () => assert.equal((await hubMessages(page, 2, 'hub.ack')).length, 3));
  assert.deepEqual((await hubMessages(page, 2, 'hub.ack')).slice(1), [
    { kind: 'hub.ack', op: 'subscribe', subId: 's1', ok: true },
    { kind: 'hub.ack', op: 'subscribe', subId: 's2', ok: true },
  ]);

  await probe(page, 3, (fx) => fx.send({ kind: 'hub.publish', topic: 'acme.news', data: { n: 1, text: '<b>hi</b>' } }));
  await probe(page, 3, (fx) => fx.send({ kind: 'hub.publish', topic: 'finesse.api.User.agentA', data: { content: '<Update/>' } }));
  await probe(page, 3, (fx) => fx.send({ kind: 'hub.publish', topic: 'acme.after' }));
  await eventually(async () => assert.equal((await hubMessages(page, 2, 'hub.deliver')).length, 2));
  assert.deepEqual(await hubMessages(page, 2, 'hub.deliver'), [
    { kind: 'hub.deliver', subId: 's1', topic: 'acme.news', data: { n: 1, text: '<b>hi</b>' } },
    { kind: 'hub.deliver', subId: 's1', topic: 'acme.after', data: undefined },
  ]);
  assert.deepEqual(await hubMessages(page, 3, 'hub.error'), [{ kind: 'hub.error', topic: 'finesse.api.User.agentA', error: 'OpenAjax.hub.Error.NotAllowed' }]);

  await probe(page, 2, (fx) => fx.send({ kind: 'hub.unsubscribe', subId: 's1' }));
  await eventually(async () => assert.equal((await hubMessages(page, 2, 'hub.ack')).length, 4));
  await probe(page, 3, (fx) => fx.send({ kind: 'hub.publish', topic: 'acme.late', data: 1 }));
  await new Promise((r) => setTimeout(r, 200));
  assert.equal((await hubMessages(page, 2, 'hub.deliver')).length, 2, 'nothing after unsubscribing');
  await context.close();
});

test('container services: activeTab on every switch and on request; SetActiveTabReq only to a tab that exists', { skip: chromiumMissing }, async () => {
  const { context, page } = await desktopWithGadgets();
  await connectProbe(page, 2, eventually);
  await connectProbe(page, 3, eventually);
  await probe(page, 2, (fx) => fx.send({ kind: 'hub.subscribe', subId: 'tab', topic: 'finesse.containerservices.activeTab' }));
  await eventually(async () => assert.equal((await hubMessages(page, 2, 'hub.ack')).length, 2));
  const tabs = async () => (await hubMessages(page, 2, 'hub.deliver')).map((m) => m.data);
  const request = (type: string, data: unknown) =>
    probe(page, 3, (fx, arg) => fx.send({ kind: 'hub.publish', topic: 'finesse.containerservices.requests', data: arg }), { type, data, invokeID: type });

  await request('ActiveTabReq', {});
  await eventually(async () => assert.deepEqual(await tabs(), ['crm']));
  await page.getByRole('tab', { name: 'Home' }).click();
  await eventually(async () => assert.deepEqual(await tabs(), ['crm', 'home']));
  assert.equal(await page.getByRole('heading', { name: 'Recent calls' }).isVisible(), true);

  await request('SetActiveTabReq', { id: 'crm' });
  await eventually(async () => assert.equal(await page.getByRole('tab', { name: 'CRM' }).getAttribute('aria-selected'), 'true'));
  await eventually(async () => assert.deepEqual(await tabs(), ['crm', 'home', 'crm']));
  await request('SetActiveTabReq', { id: 'nowhere' });
  await request('ActiveTabReq', {});
  await eventually(async () => assert.deepEqual(await tabs(), ['crm', 'home', 'crm', 'crm']));
  assert.equal(await page.getByRole('tab', { name: 'CRM' }).getAttribute('aria-selected'), 'true');

  // A gadget cannot announce a tab switch itself.
  await probe(page, 3, (fx) => fx.send({ kind: 'hub.publish', topic: 'finesse.containerservices.activeTab', data: 'home' }));
  await eventually(async () => assert.equal((await hubMessages(page, 3, 'hub.error')).length, 1));
  assert.deepEqual(await tabs(), ['crm', 'home', 'crm', 'crm']);
  assert.equal(frameOf(page, 2).isDetached(), false);

  // A window resize tells the gadgets how much room a maximised gadget has.
  await probe(page, 2, (fx) => fx.send({ kind: 'hub.subscribe', subId: 'h', topic: 'finesse.containerservices.maxAvailableHeightChangedEvent' }));
  await eventually(async () => assert.equal((await hubMessages(page, 2, 'hub.ack')).length, 3));
  await page.setViewportSize({ width: 1280, height: 900 });
  await eventually(async () => assert.ok((await hubMessages(page, 2, 'hub.deliver')).some((m) => m.subId === 'h')));
  const height = (await hubMessages(page, 2, 'hub.deliver')).filter((m) => m.subId === 'h').at(-1)!.data as { maxAvailableHeight: number };
  assert.ok(height.maxAvailableHeight > 0 && height.maxAvailableHeight < 900, String(height.maxAvailableHeight));
  await context.close();
});
