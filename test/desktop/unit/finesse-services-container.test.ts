import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agentPrefs, gadgetWindow, plain } from './support/finesse-js-window.js';

const CS = 'finesse.containerservices';

test('ContainerServices: init() returns the same singleton; Topics are the finesse.containerservices.* strings', async () => {
  const g = await gadgetWindow({ prefs: agentPrefs() });
  const ContainerServices = g.finesse.containerservices.ContainerServices;
  assert.equal(ContainerServices.init(), ContainerServices);
  assert.deepEqual(plain(ContainerServices.Topics), {
    ACTIVE_TAB: `${CS}.activeTab`,
    WORKFLOW_ACTION_EVENT: `${CS}.workflowActionEvent`,
    TIMER_TICK_EVENT: `${CS}.timerTickEvent`,
    RELOAD_GADGET_EVENT: `${CS}.reloadGadget`,
    GADGET_VIEW_CHANGED_EVENT: `${CS}.gadgetViewChangedEvent`,
    MAX_AVAILABLE_HEIGHT_CHANGED_EVENT: `${CS}.maxAvailableHeightChangedEvent`,
  });
  g.close();
});

test('ContainerServices used statically, without init and without ClientServices: requests, ids and reloads', async () => {
  const g = await gadgetWindow({ prefs: agentPrefs(), mid: 12, tabId: 'crm' });
  const cs = g.finesse.containerservices.ContainerServices;
  assert.equal(cs.getMyGadgetId(), 12);
  assert.equal(cs.getMyTabId(), 'crm');
  assert.equal(cs.getMyGadgetView(), 'default');
  cs.activateTab('home');
  cs.activateMyTab();
  cs.reloadMyGadget();
  cs.reloadMyGadgetFromUrl('/3rdpartygadget/files/crm/v2.xml');
  cs.showDialog({ title: 'Pick', message: 'Which account?', close: () => {} });
  cs.hideDialog();
  const requests = g.publishedOn(`${CS}.requests`);
  assert.deepEqual(
    requests.map((r) => [r.type, r.data]),
    [
      ['SetActiveTabReq', { id: 'home' }],
      ['SetActiveTabReq', { id: 'crm' }],
      ['ReloadGadgetReq', { gadgetId: 12 }],
      ['ReloadGadgetReq', { gadgetId: 12 }],
    ],
  );
  assert.ok(requests.every((r) => typeof r.invokeID === 'string' && r.invokeID !== ''));
  assert.deepEqual(g.modifiedUrls, ['/3rdpartygadget/files/crm/v2.xml']);
  assert.deepEqual(g.publishedOn('openfinesse.containerservices.dialog'), [
    { action: 'show', gadgetId: 12, options: { title: 'Pick', message: 'Which account?' } },
    { action: 'hide', gadgetId: 12 },
  ]);
  g.close();
});

test('ACTIVE_TAB handlers fire once per hidden→visible transition of the gadget own tab; tabVisible follows', async () => {
  const g = await gadgetWindow({ prefs: agentPrefs(), tabId: 'crm' });
  const cs = g.finesse.containerservices.ContainerServices.init();
  let shown = 0;
  const handler = () => shown++;
  cs.addHandler(cs.Topics.ACTIVE_TAB, handler);
  cs.makeActiveTabReq();
  assert.deepEqual(
    g.publishedOn(`${CS}.requests`).map((r) => r.type),
    ['ActiveTabReq', 'ActiveTabReq'],
    'init asks once, the gadget once more',
  );
  assert.equal(cs.tabVisible(), false);
  const activeTab = (id: string) => g.deliver(`${CS}.activeTab`, id);
  activeTab('home');
  assert.equal(shown, 0);
  activeTab('crm');
  activeTab('crm');
  assert.equal(shown, 1);
  assert.equal(cs.tabVisible(), true);
  activeTab('home');
  assert.equal(cs.tabVisible(), false);
  activeTab('crm');
  assert.equal(shown, 2);
  cs.removeHandler(cs.Topics.ACTIVE_TAB, handler);
  activeTab('home');
  activeTab('crm');
  assert.equal(shown, 2);
  assert.equal(g.subscriptions.filter((s) => s.topic === `${CS}.activeTab`).length, 1, 'one subscription for all handlers');
  g.close();
});

test('a page-area gadget (tab id null) is always visible and sees one ACTIVE_TAB, at the first answer', async () => {
  const g = await gadgetWindow({ prefs: agentPrefs(), tabId: null });
  const cs = g.finesse.containerservices.ContainerServices;
  let shown = 0;
  cs.addHandler(cs.Topics.ACTIVE_TAB, () => shown++);
  assert.equal(cs.tabVisible(), true);
  assert.equal(cs.getMyTabId(), null);
  g.deliver(`${CS}.activeTab`, 'home');
  g.deliver(`${CS}.activeTab`, 'crm');
  assert.equal(shown, 1);
  cs.activateMyTab();
  assert.equal(g.publishedOn(`${CS}.requests`).filter((r) => r.type === 'SetActiveTabReq').length, 0);
  g.close();
});

test('addHandler wraps payloads in WorkflowActionEvent, TimerTickEvent, GadgetViewChangedEvent, MaxAvailableHeightChangedEvent', async () => {
  const g = await gadgetWindow({ prefs: agentPrefs(), mid: 3 });
  const cs = g.finesse.containerservices.ContainerServices;
  const events = { workflow: [] as any[], tick: [] as any[], view: [] as any[], height: [] as any[], reload: [] as any[] };
  const onWorkflow = (e: any) => events.workflow.push(e);
  cs.addHandler(cs.Topics.WORKFLOW_ACTION_EVENT, onWorkflow);
  cs.addHandler(cs.Topics.TIMER_TICK_EVENT, (e: any) => events.tick.push(e));
  cs.addHandler(cs.Topics.GADGET_VIEW_CHANGED_EVENT, (e: any) => events.view.push(e));
  cs.addHandler(cs.Topics.MAX_AVAILABLE_HEIGHT_CHANGED_EVENT, (e: any) => events.height.push(e));
  cs.addHandler(cs.Topics.RELOAD_GADGET_EVENT, (e: any) => events.reload.push(e));
  g.deliver(`${CS}.workflowActionEvent`, {
    uri: '/finesse/api/WorkflowAction/4',
    name: 'Pop CRM',
    type: 'BROWSER_POP',
    handledBy: 'OTHER',
    params: [
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow parameter names its variable this way
      { name: 'path', value: 'https://crm/?ani=${callVariable1}', expandedValue: 'https://crm/?ani=5551234' },
      { name: 'windowName', value: 'crm', expandedValue: 'crm' },
    ],
    actionVariables: [{ name: 'callVariable1', node: '//Dialog/mediaProperties/callvariables', type: 'SYSTEM', testValue: '1', actualValue: '5551234' }],
  });
  const w = events.workflow[0];
  assert.ok(w instanceof g.finesse.containerservices.WorkflowActionEvent);
  assert.deepEqual([w.getName(), w.getType(), w.getHandledBy(), w.getUri()], ['Pop CRM', 'BROWSER_POP', 'OTHER', '/finesse/api/WorkflowAction/4']);
  assert.equal(w.getHandledBy(), g.finesse.containerservices.WorkflowActionEvent.HandledBy.OTHER);
  assert.equal(w.getParams().path.expandedValue, 'https://crm/?ani=5551234');
  assert.equal(w.getParams().windowName.value, 'crm');
  assert.equal(w.getActionVariables().callVariable1.actualValue, '5551234');
  g.deliver(`${CS}.timerTickEvent`, { dateQueued: Date.UTC(2026, 0, 2, 3, 4, 5), tickFrequency: 1000 });
  assert.equal(events.tick[0].getDateQueued().toISOString(), '2026-01-02T03:04:05.000Z');
  assert.equal(events.tick[0].getTimerTickFrequency(), 1000);
  g.deliver(`${CS}.gadgetViewChangedEvent`, { gadgetId: '3', tabId: 'home', maxAvailableHeight: 640, view: 'canvas' });
  g.deliver(`${CS}.gadgetViewChangedEvent`, { gadgetId: '4', tabId: 'home', maxAvailableHeight: 640, view: 'canvas' });
  assert.equal(events.view.length, 1, 'another gadget view change is not ours');
  assert.deepEqual(
    [events.view[0].getGadgetId(), events.view[0].getTabId(), events.view[0].getMaxAvailableHeight(), events.view[0].getView()],
    ['3', 'home', 640, 'canvas'],
  );
  g.deliver(`${CS}.maxAvailableHeightChangedEvent`, { maxAvailableHeight: 512 });
  assert.equal(events.height[0].getMaxAvailableHeight(), 512);
  g.deliver(`${CS}.reloadGadget`, { gadgetId: 3 });
  assert.deepEqual(plain(events.reload), [{ gadgetId: 3 }]);
  cs.removeHandler(cs.Topics.WORKFLOW_ACTION_EVENT, onWorkflow);
  assert.equal(g.deliver(`${CS}.workflowActionEvent`, { name: 'again' }), 0);
  g.close();
});

test('event getters tolerate missing fields', async () => {
  const g = await gadgetWindow({ prefs: agentPrefs() });
  const { WorkflowActionEvent, TimerTickEvent, MaxAvailableHeightChangedEvent } = g.finesse.containerservices;
  const w = new WorkflowActionEvent(undefined);
  assert.equal(w.getName(), undefined);
  assert.deepEqual(plain(w.getParams()), {});
  assert.ok(new TimerTickEvent({}).getDateQueued() instanceof g.window.Date);
  assert.equal(new MaxAvailableHeightChangedEvent(null).getMaxAvailableHeight(), undefined);
  g.close();
});
