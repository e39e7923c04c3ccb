import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ContainerHost, parseContainerRequest, serveContainerRequest } from '../../../src/desktop/src/gadgets/host/container-requests.js';

// finesse.containerservices.requests (gadget reference §3.2, §7.3).

function host(): ContainerHost & { selected: string[]; reloaded: number[] } {
  const tabs = ['home', 'myHistory'];
  const h = {
    selected: [] as string[],
    reloaded: [] as number[],
    activeTab: () => 'home',
    hasTab: (id: string) => tabs.includes(id),
    selectTab: (id: string) => void h.selected.push(id),
    reloadGadget: (mid: number) => {
      h.reloaded.push(mid);
      return mid === 7;
    },
  };
  return h;
}

test('container requests: the three types parse; anything else is refused', () => {
  assert.deepEqual(parseContainerRequest({ type: 'ActiveTabReq', data: {}, invokeID: 'i' }), { ok: true, request: { type: 'ActiveTabReq' } });
  assert.deepEqual(parseContainerRequest({ type: 'SetActiveTabReq', data: { id: 'home' } }), { ok: true, request: { type: 'SetActiveTabReq', id: 'home' } });
  assert.deepEqual(parseContainerRequest({ type: 'ReloadGadgetReq', data: { gadgetId: 7 } }), {
    ok: true,
    request: { type: 'ReloadGadgetReq', gadgetId: '7' },
  });
  for (const bad of [
    null,
    'ActiveTabReq',
    { type: 'Nope' },
    { type: 'SetActiveTabReq', data: {} },
    { type: 'SetActiveTabReq', data: { id: 3 } },
    { type: 'ReloadGadgetReq' },
  ]) {
    assert.equal(parseContainerRequest(bad).ok, false, JSON.stringify(bad));
  }
});

test('container requests: ActiveTabReq answers the active tab on the hub', () => {
  const published: [string, unknown][] = [];
  assert.equal(
    serveContainerRequest({ type: 'ActiveTabReq', data: {} }, 3, host(), (t, d) => published.push([t, d])),
    null,
  );
  assert.deepEqual(published, [['finesse.containerservices.activeTab', 'home']]);
});

test('container requests: SetActiveTabReq only for a tab that exists', () => {
  const h = host();
  assert.equal(
    serveContainerRequest({ type: 'SetActiveTabReq', data: { id: 'myHistory' } }, 3, h, () => {}),
    null,
  );
  assert.match(serveContainerRequest({ type: 'SetActiveTabReq', data: { id: 'elsewhere' } }, 3, h, () => {}) ?? '', /no tab/);
  assert.deepEqual(h.selected, ['myHistory']);
});

test("container requests: ReloadGadgetReq only for the sender's own mid, then relayed", () => {
  const h = host();
  const published: [string, unknown][] = [];
  assert.match(serveContainerRequest({ type: 'ReloadGadgetReq', data: { gadgetId: '8' } }, 7, h, (t, d) => published.push([t, d])) ?? '', /only itself/);
  assert.deepEqual(h.reloaded, []);
  assert.equal(
    serveContainerRequest({ type: 'ReloadGadgetReq', data: { gadgetId: '7' } }, 7, h, (t, d) => published.push([t, d])),
    null,
  );
  assert.deepEqual(h.reloaded, [7]);
  assert.deepEqual(published, [['finesse.containerservices.reloadGadget', { gadgetId: '7' }]]);
});
