import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { bootstrapFor, DesktopEnd, type GadgetPage, openGadget, run, until } from './runtime-harness.js';
import { loadingTimeoutSeconds } from '../../../src/desktop/src/gadgets/runtime/window-views.js';

// gadgets.window, gadgets.views, gadgets.loadingindicator and the private gadgets.openfinesse (gadget
// reference §2.5, §3.4): each becomes a container message on the channel, queued until it is up.

const cleanup: { close(): void }[] = [];
after(() => {
  for (const item of cleanup) item.close();
});

async function connected(page: GadgetPage) {
  const desktop = new DesktopEnd(page);
  cleanup.push(desktop);
  desktop.welcome();
  await until(() => page.window.gadgets.Hub.isConnected(), 'the hub to connect');
  return desktop;
}

async function open(options: Parameters<typeof openGadget>[0] = {}) {
  const page = await openGadget({
    beforeParse(window) {
      Object.defineProperty(window.HTMLHtmlElement.prototype, 'scrollHeight', { configurable: true, get: () => 432.4 });
    },
    ...options,
  });
  cleanup.push(page);
  return page;
}

test('window: adjustHeight measures or parses, clamps, and is queued before the channel in call order', async () => {
  const page = await open({
    content: `<script>
      gadgets.window.adjustHeight();
      gadgets.window.adjustHeight(30);
      gadgets.window.adjustHeight('1000');
      gadgets.window.adjustHeight('800px');
      gadgets.window.adjustHeight(NaN);
      gadgets.window.adjustHeight('tall');
      gadgets.window.adjustHeight(-5);
      gadgets.window.adjustHeight(1e9);
      gadgets.window.adjustHeight(99.9);
      gadgets.window.setTitle('Acme <b>CRM</b>');
      gadgets.window.setTitle(42);
    </script>`,
  });
  await until(() => page.window.document.readyState === 'complete', 'load');
  const desktop = await connected(page);
  const sent = desktop.received.filter((m) => m.kind === 'window.height' || m.kind === 'window.title');
  assert.deepEqual(
    sent.map((m) => (m.kind === 'window.height' ? m.height : m.text)),
    ['Acme', 433, 30, 1000, 800, 433, 433, 0, 10000, 99, 'Acme <b>CRM</b>', '42'],
  );
  const dims = run(page, 'gadgets.window.getViewportDimensions()');
  assert.equal(typeof dims.width, 'number');
  assert.equal(typeof dims.height, 'number');
});

test('views: the current view comes from the bootstrap, changes with views.changed, navigate is sent', async () => {
  const page = await open({ bootstrap: bootstrapFor({ view: 'default', views: ['default', 'canvas'] }) });
  assert.equal(run(page, 'gadgets.views.getCurrentView().getName()'), 'default');
  assert.deepEqual(Object.keys(run(page, 'gadgets.views.getSupportedViews()')), ['default', 'canvas']);
  assert.equal(run(page, 'gadgets.views.getSupportedViews().canvas.getName()'), 'canvas');
  assert.equal(run(page, 'gadgets.views.ViewType.CANVAS'), 'canvas');
  run(
    page,
    'gadgets.views.requestNavigateTo("canvas"); gadgets.views.requestNavigateTo(gadgets.views.getSupportedViews()["default"]); gadgets.views.requestNavigateTo("")',
  );
  const desktop = await connected(page);
  await until(() => desktop.kinds().filter((k) => k === 'views.navigate').length === 2, 'navigate messages');
  assert.deepEqual(
    desktop.received.filter((m) => m.kind === 'views.navigate').map((m) => m.view),
    ['canvas', 'default'],
  );
  desktop.send({ kind: 'views.changed', view: 'canvas' });
  await until(() => run(page, 'gadgets.views.getCurrentView().getName()') === 'canvas', 'the view change');
  desktop.send({ kind: 'views.changed', view: '' });
  desktop.send({ kind: 'views.changed' });
  desktop.send({ kind: 'views.changed', view: 'default' });
  await until(() => run(page, 'gadgets.views.getCurrentView().getName()') === 'default', 'the second view change');
  assert.equal(page.console.filter((line) => /ignored a message of kind views.changed/.test(line.text)).length, 2);
});

test('loadingindicator: the load event dismisses it unless manual-dismiss; the loading-timeout, dismiss and showLoading are sent', async () => {
  const auto = await open();
  await until(() => auto.window.document.readyState === 'complete', 'load');
  const autoDesktop = await connected(auto);
  await until(() => autoDesktop.kinds().includes('loading.dismiss'), 'the automatic dismiss');
  assert.equal(autoDesktop.kinds().filter((k) => k === 'loading.dismiss').length, 1);

  assert.ok(!autoDesktop.kinds().includes('loading.timeout'), 'no loading-timeout in the spec, none sent');
  const manual = await open({ bootstrap: bootstrapFor({ features: { loadingindicator: { 'manual-dismiss': 'true', 'loading-timeout': '25' } } }) });
  await until(() => manual.window.document.readyState === 'complete', 'load');
  const manualDesktop = await connected(manual);
  assert.ok(!manualDesktop.kinds().includes('loading.dismiss'));
  run(manual, 'gadgets.loadingindicator.showLoading(); gadgets.loadingindicator.dismiss()');
  await until(() => manualDesktop.kinds().includes('loading.dismiss'), 'the manual dismiss');
  assert.deepEqual(
    manualDesktop.kinds().filter((k) => k.startsWith('loading.')),
    ['loading.timeout', 'loading.show', 'loading.dismiss'],
  );
  assert.deepEqual(
    manualDesktop.received.find((m) => m.kind === 'loading.timeout'),
    { kind: 'loading.timeout', seconds: 25 },
  );
});

test('openfinesse: dialog, modifyUrl and reload reach the desktop', async () => {
  const page = await open();
  const desktop = await connected(page);
  run(
    page,
    'gadgets.openfinesse.dialog({title: "T", message: "M", blocking: false}); gadgets.openfinesse.dialog(null); gadgets.openfinesse.modifyUrl("https://desktop.test:8445/3rdpartygadget/files/b.xml"); gadgets.openfinesse.reload()',
  );
  await until(() => desktop.kinds().includes('container.reload'), 'reload');
  assert.deepEqual(
    desktop.received.filter((m) => m.kind.startsWith('container.')),
    [
      { kind: 'container.dialog', dialog: { title: 'T', message: 'M', blocking: false } },
      { kind: 'container.dialog', dialog: null },
      { kind: 'container.modifyUrl', url: 'https://desktop.test:8445/3rdpartygadget/files/b.xml' },
      { kind: 'container.reload' },
    ],
  );
});

test('loadingindicator: loading-timeout is whole positive seconds, anything else is left to the desktop default', () => {
  assert.equal(loadingTimeoutSeconds('25'), 25);
  assert.equal(loadingTimeoutSeconds('7.9'), 7);
  for (const bad of [undefined, '', '0', '-3', 'soon', ['5']]) assert.equal(loadingTimeoutSeconds(bad), undefined, String(bad));
});
