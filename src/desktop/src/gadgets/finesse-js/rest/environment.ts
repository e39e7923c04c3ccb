// What the rest objects need from the rest of finesse.js, as an interface, so they never import the services
// part: the services' index.ts calls setRestEnvironment with ClientServices (which subscribes through
// gadgets.Hub and sends requests through gadgets.io.makeRequest).

/** The parts of finesse.gadget.Config the rest objects read (gadget reference §2.3). */
export interface FinesseConfig {
  id?: string;
  authorization?: string;
  authToken?: string;
  systemAuthMode?: string;
  scheme?: string;
  host?: string;
  hostPort?: string | number;
  locale?: string;
  extension?: string;
}

/** What gadgets.io.makeRequest hands its callback (gadget reference §2.4). */
export interface MakeRequestResponse {
  rc: number;
  text: string;
  data?: unknown;
  errors?: string[];
  headers?: Record<string, string[]>;
}

/** gadgets.io.makeRequest parameters by name (`METHOD`, `HEADERS`, `POST_DATA`, `CONTENT_TYPE`). */
export type MakeRequestParams = Record<string, unknown>;

/** Hub data on a `finesse.api.*` topic: the `<Update>` text and, when the master converted it, its object. */
export interface HubUpdate {
  content: string;
  object?: unknown;
}

export interface RestEnvironment {
  config(): FinesseConfig;
  makeRequest(url: string, callback: (response: MakeRequestResponse) => void, params: MakeRequestParams): void;
  subscribe(topic: string, onData: (data: HubUpdate) => void): void;
  unsubscribe(topic: string, onData: (data: HubUpdate) => void): void;
  /** Explicit node subscription for nodes the server does not subscribe by itself (Queue, Team Users; §3.3). */
  subscribeNode?(node: string): void;
}

let current: RestEnvironment | null = null;

export function setRestEnvironment(env: RestEnvironment): void {
  current = env;
}

export function restEnvironment(): RestEnvironment {
  if (!current) throw new Error('finesse.restservices used before finesse.clientservices.ClientServices.init');
  return current;
}
