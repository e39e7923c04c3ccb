// The parts of the container runtime's `gadgets.*` (gadget reference §2) that finesse.js calls. The runtime
// is a separate classic script loaded before finesse.js; it is looked up on every use, never captured at
// load, so a test or a late runtime sees the current object.

/** OpenAjax Hub 2.0 HubClient as `gadgets.Hub` exposes it (§2.6). */
export interface HubClient {
  subscribe(
    topic: string,
    onData: (topic: string, data: unknown, subscriberData?: unknown) => void,
    scope?: unknown,
    onComplete?: (subId: string, success: boolean, error?: string) => void,
  ): string;
  unsubscribe(subId: string, onComplete?: (subId: string, success: boolean, error?: string) => void): void;
  publish(topic: string, data: unknown): void;
}

export interface GadgetPrefs {
  getString(key: string): string;
  getInt(key: string): number;
  getMsg(key: string): string;
  getModuleId(): number | string;
}

/** What gadgets.io.makeRequest hands its callback (§2.4). */
export interface IoResponse {
  rc: number;
  text: string;
  data?: unknown;
  errors?: string[];
  headers?: Record<string, string[]>;
}

/**
 * The runtime's private extension for finesse.js [design]: the layout tab the gadget sits in (null on the
 * page area and in the header) and the `container.modifyUrl` channel message (§3.4 Reload).
 */
export interface OpenFinesseRuntime {
  tabId?: string | null;
  modifyUrl?(url: string): void;
}

export interface GadgetsApi {
  Prefs?: new () => GadgetPrefs;
  Hub?: HubClient;
  io?: { makeRequest(url: string, callback: (response: IoResponse) => void, params?: Record<string, unknown>): void };
  views?: { getCurrentView?(): { getName(): string } | undefined };
  openfinesse?: OpenFinesseRuntime;
}

export function gadgetsApi(): GadgetsApi | undefined {
  const value = (globalThis as { gadgets?: unknown }).gadgets;
  return typeof value === 'object' && value !== null ? (value as GadgetsApi) : undefined;
}

/** `new gadgets.Prefs()`, or undefined outside a gadget container. */
export function gadgetPrefs(): GadgetPrefs | undefined {
  const Prefs = gadgetsApi()?.Prefs;
  if (typeof Prefs !== 'function') return undefined;
  try {
    return new Prefs();
  } catch {
    return undefined;
  }
}

/** `gadgets.Hub`; throws when the page has no container runtime (nothing could be delivered anyway). */
export function gadgetsHub(): HubClient {
  const hub = gadgetsApi()?.Hub;
  if (!hub || typeof hub.publish !== 'function') throw new Error('finesse.js: gadgets.Hub is not available (not inside a gadget container)');
  return hub;
}

/** A fresh id for `invokeID` fields: random, so two gadget copies never share one. */
export function newInvokeId(): string {
  const bytes = new Uint8Array(16);
  const crypto = (globalThis as { crypto?: Crypto }).crypto;
  if (crypto?.getRandomValues) crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Runs a gadget's callback without letting its exception break the library's own bookkeeping. */
export function callSafely(fn: (...args: never[]) => unknown, ...args: unknown[]): void {
  try {
    (fn as (...a: unknown[]) => unknown)(...args);
  } catch (error) {
    console.error('finesse.js: a gadget handler threw', error);
  }
}
