import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { JSDOM } from 'jsdom';
import { bootstrapFor, type GadgetPage, openGadget, run, SECRETS, until } from './runtime-harness.js';

// The gadget runtime's start (gadget reference §2.1, §7.2): the secrets in window.name are read and
// cleared before gadget code runs, the bootstrap is read, and only `gadgets` and `osapi` are added.

const pages: GadgetPage[] = [];
after(() => {
  for (const page of pages) page.close();
});
async function open(...args: Parameters<typeof openGadget>) {
  const page = await openGadget(...args);
  pages.push(page);
  return page;
}

test('runtime start: window.name is empty before the first gadget script runs, and the secrets reach the prefs', async () => {
  const page = await open({ content: '<script>window.nameSeen = window.name; window.auth = new gadgets.Prefs().getString("authorization")</script>' });
  assert.equal(page.window.nameSeen, '');
  assert.equal(page.window.name, '');
  assert.equal(page.window.auth, SECRETS.authorization);
  assert.equal(run(page, 'new gadgets.Prefs().getString("id")'), 'agent1');
  assert.equal(run(page, 'gadgets.openfinesse.tabId'), 'home');
});

test('runtime start: only gadgets and osapi become globals', async () => {
  const bare = new JSDOM('<!DOCTYPE html><html><head></head><body></body></html>', { runScripts: 'dangerously', url: 'https://gadgets.test:8446/x' });
  const baseline = new Set(Object.getOwnPropertyNames(bare.window));
  bare.window.close();
  const page = await open();
  const added = Object.getOwnPropertyNames(page.window).filter((name) => !baseline.has(name));
  assert.deepEqual(added.sort(), ['gadgets', 'osapi']);
  assert.deepEqual(Object.keys(page.window.gadgets).sort(), [
    'Hub',
    'HubSettings',
    'Prefs',
    'io',
    'json',
    'loadingindicator',
    'openfinesse',
    'util',
    'views',
    'window',
  ]);
  assert.deepEqual(Object.keys(page.window.osapi), []);
  assert.deepEqual(Object.keys(page.window.gadgets.openfinesse).sort(), ['modifyUrl', 'reload', 'tabId']);
  assert.equal(page.window.gadgets.HubSettings.onConnect, undefined);
  assert.deepEqual({ ...page.window.gadgets.HubSettings.params }, {});
  assert.equal(page.window.gadgets.Hub.isConnected(), false);
});

test('runtime start: the hello goes to the parent with the desktop origin, after the onload handlers', async () => {
  const page = await open({
    beforeParse(window) {
      const parent = window.parent as unknown as { postMessage: (m: unknown, o: string) => void };
      const post = parent.postMessage;
      parent.postMessage = (m, o) => {
        (window as any).helloPosted = true;
        post(m, o);
      };
    },
    content: '<script>gadgets.util.registerOnLoadHandler(function () { window.helloCountInHandler = window.helloPosted ? 1 : 0 })</script>',
  });
  assert.equal(page.hellos.length, 1);
  assert.deepEqual({ ...page.hellos[0]!.message }, { kind: 'openfinesse.hello', mid: 7, nonce: 'n-123' });
  assert.equal(page.hellos[0]!.targetOrigin, 'https://desktop.test:8445');
  assert.equal(page.window.helloCountInHandler, 0);
});

test('runtime start: without secrets every API exists, nothing is posted, and the console says why', async () => {
  for (const name of ['', 'not json', JSON.stringify({ nonce: 'x' }), JSON.stringify({ ...SECRETS, tabId: 5 })]) {
    const page = await open({
      name,
      content: `<script>
        gadgets.window.adjustHeight(100); gadgets.window.setTitle('t'); new gadgets.Prefs().set('color', 'red');
        gadgets.Hub.subscribe('acme.x', function () {}); gadgets.Hub.publish('acme.x', 1);
        gadgets.io.makeRequest('https://crm.test/', function () {});
        window.auth = new gadgets.Prefs().getString('authorization');
      </script>`,
    });
    assert.equal(page.window.name, '');
    assert.equal(page.window.auth, '');
    assert.equal(page.hellos.length, 0);
    assert.equal(page.window.gadgets.Hub.isConnected(), false);
    assert.ok(page.console.some((line) => line.level === 'warn' && /not opened by the desktop/.test(line.text)));
    assert.ok(!page.console.some((line) => line.level === 'jsdomError'), JSON.stringify(page.console));
  }
});

test('runtime start: without the bootstrap element the APIs work from defaults and the hub stays away', async () => {
  const page = await open({ bootstrap: null, search: '?mid=3&lang=de&country=DE' });
  assert.equal(page.hellos.length, 0);
  assert.equal(run(page, 'gadgets.views.getCurrentView().getName()'), 'default');
  assert.equal(run(page, 'gadgets.util.hasFeature("pubsub-2")'), false);
  assert.equal(run(page, 'new gadgets.Prefs().getMsg("hello")'), '');
});

test('runtime start: a bootstrap without a desktop origin never posts', async () => {
  const page = await open({ bootstrap: bootstrapFor({ desktopOrigin: '' }) });
  await until(() => page.window.document.readyState === 'complete', 'load');
  assert.equal(page.hellos.length, 0);
});
