// Experimental 12.x container extensions (gadget reference §4.4): TaskActivityNotification, PopoverService,
// digital.ChannelService and FinesseToaster. Cisco's hub topics for them are not public, so they travel on
// `openfinesse.containerservices.*` [design]; the desktop may not act on them, and nothing here throws when
// it does not (or when there is no hub at all).
import { callSafely, gadgetPrefs, gadgetsHub, newInvokeId } from '../gadgets-api.js';

const TOPIC = 'openfinesse.containerservices';
export const EXTENSION_TOPICS = Object.freeze({
  taskActivity: `${TOPIC}.taskActivity`,
  taskRequests: `${TOPIC}.taskRequests`,
  popover: `${TOPIC}.popover`,
  channel: `${TOPIC}.channel`,
  toaster: `${TOPIC}.toaster`,
});

const gadgetId = () => String(gadgetPrefs()?.getModuleId() ?? '');

/** JSON copy of gadget data (functions and cycles dropped) so the hub can carry it. */
function plain(value: unknown): unknown {
  try {
    return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  } catch {
    return undefined;
  }
}

function publish(topic: string, data: Record<string, unknown>): void {
  try {
    gadgetsHub().publish(topic, { ...data, gadgetId: gadgetId() });
  } catch (error) {
    console.warn('finesse.js (experimental):', error);
  }
}

export function createTaskActivityNotification() {
  const service = {
    init: (_containerServices?: unknown) => service,
    notifyTaskSelection: (from: unknown, message: unknown) => publish(EXTENSION_TOPICS.taskActivity, { from: plain(from), message: plain(message) }),
    registerForTaskNotifications: (callback: unknown) => {
      if (typeof callback !== 'function') return;
      try {
        gadgetsHub().subscribe(EXTENSION_TOPICS.taskActivity, (_topic, data) => callSafely(callback as (d: unknown) => void, data));
      } catch (error) {
        console.warn('finesse.js (experimental):', error);
      }
    },
    requestCurrentTasks: () => publish(EXTENSION_TOPICS.taskRequests, { type: 'CurrentTasksReq' }),
  };
  return service;
}

export function createPopoverService() {
  const service = {
    init: (_containerServices?: unknown) => service,
    /** Returns the popover id the gadget later dismisses. */
    showPopover: (bannerData?: unknown, timerData?: unknown, actionData?: unknown) => {
      const popoverId = newInvokeId();
      publish(EXTENSION_TOPICS.popover, {
        action: 'show',
        popoverId,
        bannerData: plain(bannerData),
        timerData: plain(timerData),
        actionData: plain(actionData),
      });
      return popoverId;
    },
    dismissPopover: (popoverId: unknown) => publish(EXTENSION_TOPICS.popover, { action: 'dismiss', popoverId: String(popoverId ?? '') }),
  };
  return service;
}

const constants = (names: readonly string[]) => Object.freeze(Object.fromEntries(names.map((name) => [name, name])));

export function createChannelService() {
  const service = {
    STATE_STATUS: constants(['AVAILABLE', 'UNAVAILABLE', 'BUSY']),
    ICON_TYPE: constants(['COLLAB_ICON', 'DATA_ICON']),
    ICON_BADGE_TYPE: constants(['ERROR', 'WARNING', 'INFO', 'NONE']),
    STATUS: constants(['SUCCESS', 'FAILURE']),
    init: (_containerServices?: unknown) => service,
    addChannel: (channelId: unknown, channelData?: unknown) =>
      publish(EXTENSION_TOPICS.channel, { action: 'add', channelId: plain(channelId), channelData: plain(channelData) }),
    updateChannel: (channelId: unknown, channelData?: unknown) =>
      publish(EXTENSION_TOPICS.channel, { action: 'update', channelId: plain(channelId), channelData: plain(channelData) }),
    removeChannel: (channelId: unknown) => publish(EXTENSION_TOPICS.channel, { action: 'remove', channelId: plain(channelId) }),
  };
  return service;
}

export function createFinesseToaster() {
  const toaster = {
    init: (_config?: unknown) => toaster,
    showToaster: (title: unknown, options?: unknown) => publish(EXTENSION_TOPICS.toaster, { title: String(title ?? ''), options: plain(options) }),
  };
  return toaster;
}
