import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CONTAINER_PREF_NAMES,
  MAX_SAVED_PREFS,
  containerPrefs,
  desktopAsksNoCache,
  readSavedPrefs,
  renderUrl,
  savePref,
} from '../../../src/desktop/src/gadgets/host/container-prefs.js';
import { planInstances } from '../../../src/desktop/src/gadgets/host/instances.js';
import { mayModifyUrl, stockLayout, tabLabel } from '../../../src/desktop/src/gadgets/host/layout.js';
import { parseEffectiveLayout } from '../../../src/desktop/src/gadgets/host/layout-json.js';

// Container prefs, saved prefs, render URLs and the layout rules of the desktop host (gadget reference §2.3, §6, §7.3).

class MemoryStorage {
  private readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

const context = {
  location: { protocol: 'https:', hostname: 'finesse.example.com', port: '' },
  extension: '1001',
  teamId: '1',
  teamName: 'Sales',
  xmppDomain: 'finesse.example.com',
  pubsubDomain: 'pubsub.finesse.example.com',
  clockSkewMs: -1234.4,
};

test('container prefs: every non-secret pref of §2.3, the port explicit, no secrets', () => {
  const prefs = containerPrefs(context);
  assert.deepEqual(Object.keys(prefs).sort(), [...CONTAINER_PREF_NAMES].sort());
  assert.equal(prefs.hostPort, '443');
  assert.equal(prefs.scheme, 'https');
  assert.equal(prefs.localhostPort, '8082');
  assert.equal(prefs.clientDriftInMillis, '-1234');
  assert.equal(prefs.locale, 'en_US');
  assert.equal(prefs.compatibilityMode, 'false');
  assert.equal(containerPrefs({ ...context, location: { protocol: 'http:', hostname: 'h', port: '8443' } }).localhostPort, '8443');
  for (const secret of ['authorization', 'authToken', 'id']) assert.equal(secret in prefs, false);
});

test('saved prefs: per (user, spec URL, occurrence); container prefs and bad names refused; capped', () => {
  const storage = new MemoryStorage() as unknown as Storage;
  const slot = { user: 'agentA', specUrl: 'https://d/3rdpartygadget/files/a.xml', occurrence: 0 };
  assert.equal(savePref(storage, slot, 'color', 'blue'), null);
  assert.deepEqual(readSavedPrefs(storage, slot), { color: 'blue' });
  assert.deepEqual(readSavedPrefs(storage, { ...slot, occurrence: 1 }), {});
  assert.deepEqual(readSavedPrefs(storage, { ...slot, user: 'agentB' }), {});
  assert.match(savePref(storage, slot, 'extension', '9') ?? '', /container pref/);
  assert.match(savePref(storage, slot, 'authorization', 'x') ?? '', /container pref/);
  assert.match(savePref(storage, slot, 'bad name', 'x') ?? '', /not a valid/);
  for (let i = 1; i < MAX_SAVED_PREFS; i++) assert.equal(savePref(storage, slot, `k${i}`, 'v'), null);
  assert.match(savePref(storage, slot, 'one-too-many', 'v') ?? '', /at most/);
  assert.equal(savePref(storage, slot, 'color', 'red'), null, 'an existing pref may still change');
  storage.setItem('openfinesse.gadget-prefs:["agentA","x",0]', 'not json');
  assert.deepEqual(readSavedPrefs(storage, { ...slot, specUrl: 'x' }), {});
});

test('render URL: the order and names of buildRenderUrl', () => {
  const url = renderUrl('https://d/3rdpartygadget/files/a.xml?x=1', 4, 'default', { host: 'd', color: 'a b' });
  assert.equal(url, '/gadgets/ifr?url=https%3A%2F%2Fd%2F3rdpartygadget%2Ffiles%2Fa.xml%3Fx%3D1&mid=4&lang=en&country=US&up_host=d&up_color=a+b');
  assert.match(renderUrl('https://d/a.xml', 1, 'canvas', {}), /&view=canvas$/);
  assert.match(renderUrl('https://d/a.xml', 1, 'default', { host: 'd' }, true), /&up_host=d&nocache=1$/);
});

test('nocache on the desktop URL asks for freshly read gadget specs', () => {
  assert.equal(desktopAsksNoCache('?nocache'), true);
  assert.equal(desktopAsksNoCache('?nocache=1&x=2'), true);
  assert.equal(desktopAsksNoCache('?nocache=0'), false);
  assert.equal(desktopAsksNoCache(''), false);
});

test('tab labels: known resource keys in English, anything else literally', () => {
  assert.equal(tabLabel('finesse.container.tabs.agent.homeLabel'), 'Home');
  assert.equal(tabLabel('finesse.container.tabs.supervisor.myHistoryLabel'), 'My History');
  assert.equal(tabLabel('finesse.container.tabs.supervisor.teamMessageLabel'), 'Team Message');
  assert.equal(tabLabel('finesse.container.tabs.agent.unknownLabel'), 'finesse.container.tabs.agent.unknownLabel');
  assert.equal(tabLabel('CRM'), 'CRM');
});

test('modifyUrl: hosted files on the desktop origin or the spec’s own origin only', () => {
  const d = 'https://d';
  assert.equal(mayModifyUrl('/3rdpartygadget/files/b.xml', 'https://d/3rdpartygadget/files/a.xml', d), 'https://d/3rdpartygadget/files/b.xml');
  assert.equal(mayModifyUrl('b.xml?x=1', 'https://d/3rdpartygadget/files/a.xml', d), 'https://d/3rdpartygadget/files/b.xml?x=1');
  assert.equal(mayModifyUrl('https://g.example/other.xml', 'https://g.example/a.xml', d), 'https://g.example/other.xml');
  assert.equal(mayModifyUrl('/finesse/api/User/1001', 'https://d/3rdpartygadget/files/a.xml', d), null);
  assert.equal(mayModifyUrl('/3rdpartygadget/files/%2e%2e/x', 'https://d/3rdpartygadget/files/a.xml', d), null);
  assert.equal(mayModifyUrl('https://evil.example/a.xml', 'https://d/3rdpartygadget/files/a.xml', d), null);
  assert.equal(mayModifyUrl('javascript:alert(1)', 'https://d/3rdpartygadget/files/a.xml', d), null);
  assert.equal(mayModifyUrl('https://u:p@g.example/a.xml', 'https://g.example/a.xml', d), null);
  assert.equal(mayModifyUrl('https://d/desktop/', 'https://g.example/a.xml', d), null);
});

test('effective layout: well-formed JSON passes, anything off is refused', () => {
  const stock = stockLayout('Supervisor');
  assert.deepEqual(parseEffectiveLayout(JSON.parse(JSON.stringify(stock))), stock);
  const broken = [
    null,
    { ...stock, role: 'Admin' },
    { ...stock, tabs: [{ ...stock.tabs[0], columns: [[{ url: 'x', builtIn: 'nope', id: null, maxRows: null }]] }] },
    { ...stock, tabs: [stock.tabs[0], stock.tabs[0]] },
    { ...stock, page: [{ url: '', builtIn: null, id: null, maxRows: null }] },
    { ...stock, header: { left: [] } },
  ];
  for (const value of broken) assert.equal(parseEffectiveLayout(value), null, JSON.stringify(value)?.slice(0, 60));
});

test('instances: unique mids in layout order, occurrences per spec URL', () => {
  const g = (url: string) => ({ url, builtIn: null, id: null, maxRows: null });
  const layout = {
    ...stockLayout('Agent'),
    page: [g('/3rdpartygadget/files/a.xml')],
    tabs: [
      { id: 't', label: 'T', icon: null, columns: [[g('/3rdpartygadget/files/a.xml')], [g('/3rdpartygadget/files/b.xml'), g('/3rdpartygadget/files/a.xml')]] },
    ],
  };
  const planned = planInstances(layout);
  assert.deepEqual(
    planned.map((i) => [i.mid, i.tabId, i.gadget.url.slice(-5), i.occurrence]),
    [
      [1, null, 'a.xml', 0],
      [2, 't', 'a.xml', 1],
      [3, 't', 'b.xml', 0],
      [4, 't', 'a.xml', 2],
    ],
  );
});
