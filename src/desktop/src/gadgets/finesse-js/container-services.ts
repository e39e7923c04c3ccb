// finesse.containerservices.ContainerServices (gadget reference §4.2, §3.2, §3.4): one object that works both
// after `init()` and called statically, since gadgets do both. It starts itself on first use: subscribes the
// master's activeTab topic and asks for the active tab, so ACTIVE_TAB handlers fire once per hidden→visible
// transition of the gadget's own tab (a page-area gadget, whose tab id is null, is always visible and sees
// one transition, at the first answer).
import { GadgetViewChangedEvent, MaxAvailableHeightChangedEvent, TimerTickEvent, WorkflowActionEvent } from './container-events.js';
import { callSafely, gadgetPrefs, gadgetsApi, gadgetsHub, newInvokeId } from './gadgets-api.js';
import { HubSubscriptions } from './hub-subscriptions.js';

export const Topics = Object.freeze({
  ACTIVE_TAB: 'finesse.containerservices.activeTab',
  WORKFLOW_ACTION_EVENT: 'finesse.containerservices.workflowActionEvent',
  TIMER_TICK_EVENT: 'finesse.containerservices.timerTickEvent',
  RELOAD_GADGET_EVENT: 'finesse.containerservices.reloadGadget',
  GADGET_VIEW_CHANGED_EVENT: 'finesse.containerservices.gadgetViewChangedEvent',
  MAX_AVAILABLE_HEIGHT_CHANGED_EVENT: 'finesse.containerservices.maxAvailableHeightChangedEvent',
});

const REQUESTS = 'finesse.containerservices.requests';
/** [design] The desktop draws container dialogs for gadgets; Cisco's topic is not public. */
export const DIALOG_TOPIC = 'openfinesse.containerservices.dialog';

type Callback = (...args: unknown[]) => unknown;

/** How a topic's payload reaches the gadget's callback; undefined = not for this gadget. */
function wrapperFor(topic: string, myGadgetId: () => string): (data: unknown) => unknown[] | undefined {
  switch (topic) {
    case Topics.WORKFLOW_ACTION_EVENT:
      return (data) => [new WorkflowActionEvent(data)];
    case Topics.TIMER_TICK_EVENT:
      return (data) => [new TimerTickEvent(data)];
    case Topics.GADGET_VIEW_CHANGED_EVENT:
      return (data) => {
        const event = new GadgetViewChangedEvent(data);
        const target = event.getGadgetId();
        return target === undefined || target === myGadgetId() ? [event] : undefined;
      };
    case Topics.MAX_AVAILABLE_HEIGHT_CHANGED_EVENT:
      return (data) => [new MaxAvailableHeightChangedEvent(data)];
    default:
      return (data) => [data];
  }
}

/** Only JSON-like option values cross to the desktop (a dialog's callbacks cannot). */
function plainOptions(options: unknown): Record<string, string | number | boolean> {
  const plain: Record<string, string | number | boolean> = {};
  if (typeof options !== 'object' || options === null) return plain;
  for (const [key, value] of Object.entries(options)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') plain[key] = value;
  }
  return plain;
}

export function createContainerServices() {
  const subscriptions = new HubSubscriptions();
  const activeTabHandlers: Callback[] = [];
  let started = false;
  let visible = false;

  const myTabId = (): string | null => {
    const tabId = gadgetsApi()?.openfinesse?.tabId;
    return typeof tabId === 'string' && tabId !== '' ? tabId : null;
  };

  const myGadgetId = (): string => String(gadgetPrefs()?.getModuleId() ?? '');
  /** The mid as a number (Finesse documents getMyGadgetId as a Number), or as given when not numeric. */
  const gadgetIdValue = (): number | string => {
    const id = myGadgetId();
    return /^\d+$/.test(id) ? Number(id) : id;
  };

  function request(type: string, data: Record<string, unknown>): void {
    gadgetsHub().publish(REQUESTS, { type, data, invokeID: newInvokeId() });
  }

  function onActiveTab(activeTab: unknown): void {
    const tabId = myTabId();
    const nowVisible = tabId === null || String(activeTab) === tabId;
    const becameVisible = nowVisible && !visible;
    visible = nowVisible;
    if (becameVisible) for (const handler of [...activeTabHandlers]) callSafely(handler);
  }

  function start(): void {
    if (started) return;
    started = true;
    gadgetsHub().subscribe(Topics.ACTIVE_TAB, (_topic, data) => onActiveTab(data));
    request('ActiveTabReq', {});
  }

  function addHandler(topic: string, callback: unknown): void {
    if (typeof callback !== 'function') return;
    start();
    if (topic === Topics.ACTIVE_TAB) {
      activeTabHandlers.push(callback as Callback);
      return;
    }
    const wrap = wrapperFor(topic, myGadgetId);
    subscriptions.add(topic, callback, (data) => {
      const args = wrap(data);
      if (args) (callback as Callback)(...args);
    });
  }

  function removeHandler(topic: string, callback: unknown): void {
    if (topic === Topics.ACTIVE_TAB) {
      const index = activeTabHandlers.indexOf(callback as Callback);
      if (index >= 0) activeTabHandlers.splice(index, 1);
      return;
    }
    subscriptions.remove(topic, callback);
  }

  function reloadMyGadget(): void {
    request('ReloadGadgetReq', { gadgetId: gadgetIdValue() });
  }

  const services = {
    Topics,
    init: (..._ignored: unknown[]) => {
      start();
      return services;
    },
    addHandler,
    removeHandler,
    makeActiveTabReq: () => {
      start();
      request('ActiveTabReq', {});
    },
    tabVisible: (): boolean => myTabId() === null || visible,
    activateTab: (tabId: unknown) => request('SetActiveTabReq', { id: String(tabId) }),
    activateMyTab: () => {
      const tabId = myTabId();
      if (tabId !== null) request('SetActiveTabReq', { id: tabId });
    },
    getMyTabId: myTabId,
    getMyGadgetId: gadgetIdValue,
    getMyGadgetView: (): string => gadgetsApi()?.views?.getCurrentView?.()?.getName() ?? 'default',
    reloadMyGadget,
    reloadMyGadgetFromUrl: (url: unknown) => {
      const runtime = gadgetsApi()?.openfinesse;
      if (typeof url !== 'string' || url === '' || typeof runtime?.modifyUrl !== 'function') return;
      runtime.modifyUrl(url);
      reloadMyGadget();
    },
    showDialog: (options?: unknown) => gadgetsHub().publish(DIALOG_TOPIC, { action: 'show', gadgetId: gadgetIdValue(), options: plainOptions(options) }),
    hideDialog: () => gadgetsHub().publish(DIALOG_TOPIC, { action: 'hide', gadgetId: gadgetIdValue() }),
  };
  return services;
}

export type ContainerServicesApi = ReturnType<typeof createContainerServices>;
