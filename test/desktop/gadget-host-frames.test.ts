import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../support/server.js';
import { chromiumMissing, eventually, openDesktop, screenshot, signIn, startDesktop, stopDesktop } from './support/browser.js';
import { connectProbe, frameOf, probe, received, routeGadgets } from './support/gadget-host.js';

// What a gadget asks of its frame (gadget reference §2.3–§2.5, §7.3, §7.4): title, height, the loading
// overlay, reloads, saved prefs, makeRequest through the proxy, views. Layout: support/gadget-host.ts.

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
  await eventually(async () => assert.equal(await probe(page, 6, (fx) => typeof fx.connect), 'function'));
  await connectProbe(page, 2, eventually);
  await connectProbe(page, 3, eventually);
  return { ...desktop, routes, page };
}

const card = (page: Page, mid: number) => page.locator(`[data-testid="gadget"][data-mid="${mid}"]`);
const frameElement = (page: Page, mid: number) => page.locator(`iframe[data-mid="${mid}"]`);
const send = (page: Page, mid: number, message: unknown) => probe(page, mid, (fx, m) => fx.send(m), message);
/** Sends a message that makes the desktop recreate the sender's frame, which may go before the call returns. */
const sendReloading = (page: Page, mid: number, message: unknown) =>
  send(page, mid, message).catch((error: Error) => {
    if (!/detached|context was destroyed/i.test(error.message)) throw error;
  });

test('title, height and the loading overlay follow the gadget', { skip: chromiumMissing }, async () => {
  const { context, watch, page } = await desktopWithGadgets();
  const loading = card(page, 2).getByTestId('gadget-loading');
  assert.equal(await loading.isVisible(), true, 'drawn from creation');
  await send(page, 2, { kind: 'window.title', text: 'Customer <b>lookup</b>' });
  await send(page, 2, { kind: 'window.height', height: 345 });
  await send(page, 2, { kind: 'loading.dismiss' });
  await eventually(async () => assert.equal(await card(page, 2).getByTestId('gadget-title').innerText(), 'Customer <b>lookup</b>'));
  await eventually(async () => assert.equal((await frameElement(page, 2).boundingBox())?.height, 345));
  assert.equal(await loading.count(), 0);
  assert.equal(await frameElement(page, 2).getAttribute('title'), 'Customer <b>lookup</b>');
  await send(page, 2, { kind: 'loading.show' });
  await eventually(async () => assert.equal(await loading.isVisible(), true));
  await send(page, 2, { kind: 'loading.dismiss' });
  await eventually(async () => assert.equal(await loading.count(), 0));
  await screenshot(page, '61-gadget-title-height');
  assert.deepEqual(watch.problems(), []);
  await context.close();
});

test('ContainerServices dialogs: container.dialog draws text over the card; OK closes it, a blocking one waits for null', {
  skip: chromiumMissing,
}, async () => {
  const { context, watch, page } = await desktopWithGadgets();
  const dialog = card(page, 2).getByTestId('gadget-dialog');
  await send(page, 2, { kind: 'container.dialog', dialog: { title: 'Pick', message: 'Which <b>account</b>?', blocking: false } });
  await eventually(async () => assert.equal(await dialog.isVisible(), true));
  assert.equal(await dialog.getByRole('heading').innerText(), 'Pick');
  assert.equal(await dialog.locator('p').innerText(), 'Which <b>account</b>?');
  assert.equal(await card(page, 3).getByTestId('gadget-dialog').count(), 0, 'only the sender’s card');
  await dialog.getByRole('button', { name: 'OK' }).click();
  await eventually(async () => assert.equal(await dialog.count(), 0));
  await send(page, 2, { kind: 'container.dialog', dialog: { title: 'Saving', message: 'Please wait', blocking: true } });
  await eventually(async () => assert.equal(await dialog.isVisible(), true));
  assert.equal(await dialog.getByRole('button').count(), 0);
  await send(page, 2, { kind: 'container.dialog', dialog: null });
  await eventually(async () => assert.equal(await dialog.count(), 0));
  assert.deepEqual(watch.problems(), []);
  await context.close();
});

test('reloads: ReloadGadgetReq for its own mid only, container.reload; each reload mints a new nonce; saved prefs come back as up_*', {
  skip: chromiumMissing,
}, async () => {
  const { context, page } = await desktopWithGadgets();
  await send(page, 2, { kind: 'prefs.set', key: 'color', value: 'blue' });
  await send(page, 2, { kind: 'prefs.set', key: 'extension', value: '666' });
  await probe(page, 3, (fx) => fx.send({ kind: 'hub.subscribe', subId: 'r', topic: 'finesse.containerservices.reloadGadget' }));
  await eventually(async () => assert.equal((await received(page, 3)).filter((m) => m.kind === 'hub.ack').length, 2));
  const firstNonce = (await probe(page, 2, (fx) => fx.secrets)).nonce;

  // Gadget 3 may not reload gadget 2.
  await send(page, 3, {
    kind: 'hub.publish',
    topic: 'finesse.containerservices.requests',
    data: { type: 'ReloadGadgetReq', data: { gadgetId: '2' }, invokeID: 'x' },
  });
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await probe(page, 2, (fx) => fx.secrets)).nonce, firstNonce);

  await sendReloading(page, 2, {
    kind: 'hub.publish',
    topic: 'finesse.containerservices.requests',
    data: { type: 'ReloadGadgetReq', data: { gadgetId: '2' }, invokeID: 'y' },
  });
  await eventually(async () => assert.notEqual((await probe(page, 2, (fx) => fx.secrets)).nonce, firstNonce));
  const deliveries = (await received(page, 3)).filter((m) => m.kind === 'hub.deliver');
  assert.deepEqual(deliveries, [{ kind: 'hub.deliver', subId: 'r', topic: 'finesse.containerservices.reloadGadget', data: { gadgetId: '2' } }]);
  const query = new URLSearchParams(await probe(page, 2, (fx) => fx.query));
  assert.equal(query.get('up_color'), 'blue');
  assert.equal(query.get('up_extension'), '1001', 'a container pref cannot be overridden');
  assert.equal(await page.locator('iframe[data-mid="2"]').count(), 1);

  // The reloaded frame connects again with its new nonce; then container.reload.
  await connectProbe(page, 2, eventually);
  const secondNonce = (await probe(page, 2, (fx) => fx.secrets)).nonce;
  await sendReloading(page, 2, { kind: 'container.reload' });
  await eventually(async () => assert.notEqual((await probe(page, 2, (fx) => fx.secrets)).nonce, secondNonce));
  assert.equal(await card(page, 2).getByTestId('gadget-loading').isVisible(), true);

  // modifyUrl: only to a hosted file (or the spec's own origin).
  await connectProbe(page, 2, eventually);
  await send(page, 2, { kind: 'container.modifyUrl', url: '/finesse/api/User/agentA' });
  await new Promise((r) => setTimeout(r, 300));
  assert.match(new URLSearchParams(await probe(page, 2, (fx) => fx.query)).get('url') ?? '', /probe\.xml$/);
  await sendReloading(page, 2, { kind: 'container.modifyUrl', url: '/3rdpartygadget/files/other.xml' });
  await eventually(async () =>
    assert.equal(new URLSearchParams(await probe(page, 2, (fx) => fx.query)).get('url'), `${server.baseUrl}/3rdpartygadget/files/other.xml`),
  );
  assert.equal(await card(page, 2).getByTestId('gadget-title').innerText(), 'other.xml');
  await context.close();
});

test('makeRequest goes to the proxy with the user’s credentials and the proxy header; a failed proxy is rc 502', { skip: chromiumMissing }, async () => {
  const { context, page, routes } = await desktopWithGadgets();
  const io = {
    kind: 'io.request',
    reqId: 'q1',
    url: 'https://api.example.com/x',
    method: 'POST',
    headers: { 'Content-Type': 'text/plain' },
    body: 'a=1',
    getFullHeaders: true,
  };
  await send(page, 2, io);
  await eventually(async () => assert.equal((await received(page, 2)).filter((m) => m.kind === 'io.response').length, 1));
  assert.deepEqual(
    (await received(page, 2)).filter((m) => m.kind === 'io.response'),
    [{ kind: 'io.response', reqId: 'q1', rc: 200, body: 'hello', headers: { 'content-type': ['text/plain'] }, errors: [] }],
  );
  assert.equal(routes.proxyRequests.length, 1);
  const [call] = routes.proxyRequests;
  assert.equal(call!.headers.authorization, `Basic ${Buffer.from('agentA:demo').toString('base64')}`);
  assert.equal(call!.headers['x-openfinesse-desktop'], '1');
  assert.deepEqual(call!.body, {
    mid: 2,
    specUrl: `${server.baseUrl}/3rdpartygadget/files/probe.xml`,
    url: 'https://api.example.com/x',
    method: 'POST',
    headers: { 'Content-Type': 'text/plain' },
    body: 'a=1',
    getFullHeaders: true,
  });

  routes.proxyAnswer = 'fail';
  await send(page, 2, { ...io, reqId: 'q2' });
  await eventually(async () => assert.equal((await received(page, 2)).filter((m) => m.kind === 'io.response').length, 2));
  const failed = (await received(page, 2)).filter((m) => m.kind === 'io.response')[1];
  assert.deepEqual(failed, { kind: 'io.response', reqId: 'q2', rc: 502, body: '', headers: {}, errors: ['502 Error'] });
  await context.close();
});

test('views.navigate canvas maximises the gadget within its tab, tells it, and publishes gadgetViewChangedEvent', { skip: chromiumMissing }, async () => {
  const { context, page } = await desktopWithGadgets();
  await send(page, 3, { kind: 'hub.subscribe', subId: 'v', topic: 'finesse.containerservices.gadgetViewChangedEvent' });
  await eventually(async () => assert.equal((await received(page, 3)).filter((m) => m.kind === 'hub.ack').length, 2));
  await send(page, 2, { kind: 'views.navigate', view: 'canvas' });
  await eventually(async () => assert.equal(await card(page, 2).getAttribute('data-view'), 'canvas'));
  assert.equal(await card(page, 3).isVisible(), false);
  assert.equal(await page.getByRole('heading', { name: 'Queue statistics' }).isVisible(), false);
  await eventually(async () =>
    assert.deepEqual(
      (await received(page, 2)).filter((m) => m.kind === 'views.changed'),
      [{ kind: 'views.changed', view: 'canvas' }],
    ),
  );
  const events = (await received(page, 3)).filter((m) => m.kind === 'hub.deliver').map((m) => m.data as Record<string, unknown>);
  assert.equal(events.length, 1);
  assert.equal(events[0]!.gadgetId, '2');
  assert.equal(events[0]!.tabId, 'crm');
  assert.equal(events[0]!.view, 'canvas');
  assert.equal(typeof events[0]!.maxAvailableHeight, 'number');
  await screenshot(page, '62-gadget-canvas');

  await send(page, 2, { kind: 'views.navigate', view: 'home' });
  await eventually(async () => assert.equal(await card(page, 3).isVisible(), true));
  assert.equal(await card(page, 2).getAttribute('data-view'), 'default');
  await context.close();
});

test('a gadget that never dismisses its loading overlay gets a Retry after 10 s, which recreates it', { skip: chromiumMissing }, async () => {
  const desktop = await openDesktop(browser, server.baseUrl);
  await routeGadgets(desktop.context);
  const page = desktop.watch.page;
  await signIn(page, server.baseUrl, 'agentA', '1001');
  await eventually(async () => assert.equal(await probe(page, 2, (fx) => typeof fx.connect), 'function'));
  const nonce = (await probe(page, 2, (fx) => fx.secrets)).nonce;
  const retry = card(page, 2).getByRole('button', { name: 'Retry' });
  await eventually(async () => assert.equal(await retry.isVisible(), true), 12_000);
  await screenshot(page, '63-gadget-retry');
  await retry.click();
  await eventually(async () => assert.notEqual((await probe(page, 2, (fx) => fx.secrets)).nonce, nonce));
  assert.equal(await card(page, 2).getByText('Loading…').isVisible(), true);
  assert.equal(frameOf(page, 2).isDetached(), false);
  await desktop.context.close();
});

test('the spec’s loading-timeout (loading.timeout) replaces the 10 s before Retry', { skip: chromiumMissing }, async () => {
  const { context, watch, page } = await desktopWithGadgets();
  await send(page, 3, { kind: 'loading.show' });
  const started = Date.now();
  await send(page, 3, { kind: 'loading.timeout', seconds: 2 });
  const retry = card(page, 3).getByRole('button', { name: 'Retry' });
  await eventually(async () => assert.equal(await retry.isVisible(), true), 6_000);
  const waited = Date.now() - started;
  assert.ok(waited >= 1_500 && waited < 6_000, `Retry after ${waited} ms`);
  assert.deepEqual(watch.problems(), []);
  await context.close();
});
