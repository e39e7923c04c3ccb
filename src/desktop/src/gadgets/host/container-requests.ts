// The requests gadgets publish on `finesse.containerservices.requests` (gadget reference §3.2, §7.3):
// `{type, data, invokeID}` with ActiveTabReq {}, SetActiveTabReq {id}, ReloadGadgetReq {gadgetId}.

export const CONTAINER_REQUESTS_TOPIC = 'finesse.containerservices.requests';
export const ACTIVE_TAB_TOPIC = 'finesse.containerservices.activeTab';
export const RELOAD_GADGET_TOPIC = 'finesse.containerservices.reloadGadget';
export const VIEW_CHANGED_TOPIC = 'finesse.containerservices.gadgetViewChangedEvent';
export const MAX_HEIGHT_CHANGED_TOPIC = 'finesse.containerservices.maxAvailableHeightChangedEvent';

export type ContainerRequest = { type: 'ActiveTabReq' } | { type: 'SetActiveTabReq'; id: string } | { type: 'ReloadGadgetReq'; gadgetId: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The request in a `finesse.containerservices.requests` payload, or why it is none. */
export function parseContainerRequest(value: unknown): { ok: true; request: ContainerRequest } | { ok: false; reason: string } {
  if (!isRecord(value)) return { ok: false, reason: 'not an object' };
  const data = isRecord(value.data) ? value.data : {};
  switch (value.type) {
    case 'ActiveTabReq':
      return { ok: true, request: { type: 'ActiveTabReq' } };
    case 'SetActiveTabReq':
      if (typeof data.id !== 'string' || data.id === '') return { ok: false, reason: 'SetActiveTabReq needs data.id' };
      return { ok: true, request: { type: 'SetActiveTabReq', id: data.id } };
    case 'ReloadGadgetReq': {
      const gadgetId = typeof data.gadgetId === 'number' ? String(data.gadgetId) : data.gadgetId;
      if (typeof gadgetId !== 'string' || gadgetId === '') return { ok: false, reason: 'ReloadGadgetReq needs data.gadgetId' };
      return { ok: true, request: { type: 'ReloadGadgetReq', gadgetId } };
    }
    default:
      return { ok: false, reason: `unknown request type ${String(value.type)}` };
  }
}

/** What the desktop lets container-service requests do. */
export interface ContainerHost {
  activeTab(): string | null;
  hasTab(id: string): boolean;
  selectTab(id: string): void;
  /** Recreates the gadget instance `mid`; false when there is none. */
  reloadGadget(mid: number): boolean;
}

/**
 * Carries out a request gadget `senderMid` published; answers go out through `publish` (as the master).
 * Returns why a request was refused, or null.
 */
export function serveContainerRequest(
  payload: unknown,
  senderMid: number,
  host: ContainerHost,
  publish: (topic: string, data: unknown) => void,
): string | null {
  const parsed = parseContainerRequest(payload);
  if (!parsed.ok) return parsed.reason;
  const { request } = parsed;
  switch (request.type) {
    case 'ActiveTabReq':
      publish(ACTIVE_TAB_TOPIC, host.activeTab() ?? '');
      return null;
    case 'SetActiveTabReq':
      if (!host.hasTab(request.id)) return `no tab ${request.id}`;
      host.selectTab(request.id);
      return null;
    case 'ReloadGadgetReq':
      if (request.gadgetId !== String(senderMid)) return `gadget ${senderMid} may reload only itself, not ${request.gadgetId}`;
      if (!host.reloadGadget(senderMid)) return `no gadget ${senderMid}`;
      publish(RELOAD_GADGET_TOPIC, { gadgetId: request.gadgetId });
      return null;
  }
}
