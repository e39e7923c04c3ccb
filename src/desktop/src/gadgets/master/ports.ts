import type { ProxyRequest, ProxyResponse } from '../protocol.js';

// What the master services need from the desktop, injectable so that they run (and are tested) without a
// browser session: the XMPP client, the REST API with the user's credentials, the makeRequest proxy, a
// window opener and the clock.

/** The desktop's one XMPP connection. */
export interface MasterNotifications {
  /** Explicit pubsub subscription; rejects (with a `condition`, when the server sent one) on refusal. */
  subscribe(node: string): Promise<void>;
  unsubscribe(node: string): Promise<void>;
  /** The session's XMPP resource. */
  resource(): string;
}

export interface RestAnswer {
  status: number;
  body: string;
}

/** The REST API of the server that serves the desktop, with the signed-in user's credentials. */
export interface MasterRest {
  /** A request to `/finesse/api<path>`; any HTTP status answers (a network failure rejects). */
  finesse(method: 'GET' | 'PUT' | 'POST', path: string, body?: string, contentType?: string): Promise<RestAnswer>;
  /** `POST /openfinesse/gadgets/proxy`. */
  proxy(request: ProxyRequest): Promise<ProxyResponse>;
}

export type TimerHandle = unknown;

export interface MasterClock {
  now(): number;
  setInterval(fn: () => void, ms: number): TimerHandle;
  clearInterval(handle: TimerHandle): void;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const browserClock: MasterClock = {
  now: () => Date.now(),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Opens a browser window (`window.open`). */
export type WindowOpener = (url: string, windowName: string) => void;

/** Where the master services report what went wrong (console by default). */
export type MasterLog = (message: string, error?: unknown) => void;
