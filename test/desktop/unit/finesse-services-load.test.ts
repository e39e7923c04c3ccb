import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JSDOM } from 'jsdom';
import { agentPrefs, gadgetWindow } from './support/finesse-js-window.js';

test('finesse.js: every namespace of §4.1 exists synchronously at load, and no other global is defined', async () => {
  const bare = new JSDOM('<!DOCTYPE html><html><body></body></html>', { runScripts: 'outside-only' });
  const baseline = new Set(Object.keys(bare.window));
  bare.window.close();
  const g = await gadgetWindow({ prefs: agentPrefs() });
  const f = g.finesse;
  assert.equal(typeof f.gadget.Config, 'object');
  assert.equal(f.container.Config, f.gadget.Config);
  assert.equal(typeof f.clientservices.ClientServices.init, 'function');
  assert.equal(typeof f.cslogger.ClientLogger.log, 'function');
  assert.equal(typeof f.restservices, 'object');
  assert.equal(typeof f.utilities.Utilities, 'object');
  assert.equal(typeof f.utilities.I18n.getString, 'function');
  assert.equal(typeof f.containerservices.ContainerServices.addHandler, 'function');
  assert.deepEqual(Object.keys(f.modules), []);
  const added = Object.keys(g.window).filter((key) => !baseline.has(key));
  assert.deepEqual(added.sort(), ['finesse', 'gadgets']);
  g.close();
});

test('finesse.js: a gadget re-declaring `var finesse = finesse || {}` keeps the library', async () => {
  const g = await gadgetWindow({ prefs: agentPrefs() });
  const services = g.finesse.clientservices.ClientServices;
  g.window.eval('var finesse = finesse || {}; finesse.modules = finesse.modules || {}; finesse.modules.Mine = { ok: true };');
  assert.equal(g.window.finesse.clientservices.ClientServices, services);
  assert.equal(g.window.eval('finesse.modules.Mine.ok'), true);
  assert.equal(g.window.eval('typeof finesse.gadget.Config.host'), 'string');
  g.close();
});

test('finesse.js: Config is filled once from gadgets.Prefs; clientDriftInMillis is an int; no id before init', async () => {
  const g = await gadgetWindow({ prefs: agentPrefs() });
  const c = g.finesse.gadget.Config;
  assert.equal(c.authorization, Buffer.from('agentA:demo').toString('base64'));
  assert.equal(c.host, 'localhost');
  assert.equal(c.hostPort, '8082');
  assert.equal(c.scheme, 'http');
  assert.equal(c.restHost, 'localhost');
  assert.equal(c.locale, 'en_US');
  assert.equal(c.extension, '1001');
  assert.equal(c.teamName, 'Team A');
  assert.equal(c.xmppDomain, 'openfinesse.local');
  assert.equal(c.pubsubDomain, 'pubsub.openfinesse.local');
  assert.equal(c.compatibilityMode, 'false');
  assert.equal(c.clientDriftInMillis, -250);
  assert.equal(c.id, undefined);
  g.close();
});

test('finesse.js: outside a container every Config field is still present (empty), and loading does not throw', async () => {
  const g = await gadgetWindow({ noGadgets: true });
  const c = g.finesse.gadget.Config;
  assert.equal(c.host, '');
  assert.equal(c.authorization, '');
  assert.equal(c.clientDriftInMillis, 0);
  g.close();
});

test('I18n.getString falls back to the gadget message bundle (getMsg), empty when missing', async () => {
  const g = await gadgetWindow({ prefs: agentPrefs(), messages: { greeting: 'Hello <b>agent</b>' } });
  assert.equal(g.finesse.utilities.I18n.getString('greeting'), 'Hello <b>agent</b>');
  assert.equal(g.finesse.utilities.I18n.getString('absent'), '');
  g.close();
});

for (const order of ['finesse.js first', 'MessageDisplay.js first'] as const) {
  test(`MessageDisplay merges into window.finesse (${order}) and shows/hides a banner at the top of the body`, async () => {
    const g = await gadgetWindow({ prefs: agentPrefs(), withMessageDisplay: true, messageDisplayFirst: order === 'MessageDisplay.js first' });
    const f = g.window.finesse;
    assert.equal(typeof f.utilities.Utilities, 'object');
    assert.equal(typeof f.clientservices.ClientServices.init, 'function');
    const display = f.utilities.MessageDisplay;
    display.showBannerError('Could not <load> the CRM');
    const banner = g.window.document.body.firstElementChild as HTMLElement;
    assert.equal(banner.getAttribute('role'), 'alert');
    assert.equal(banner.textContent, 'Could not <load> the CRM');
    assert.equal(banner.querySelector('load'), null);
    assert.equal(banner.hidden, false);
    display.showBannerError('Second error');
    assert.equal(g.window.document.querySelectorAll('[role=alert]').length, 1);
    assert.equal(banner.textContent, 'Second error');
    display.hideBanner();
    assert.equal(banner.hidden, true);
    assert.equal(g.window.document.getElementById('content')?.textContent, 'gadget');
    g.close();
  });
}
