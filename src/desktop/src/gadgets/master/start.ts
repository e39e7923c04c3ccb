import type { ConnectionStatus, NotificationClient } from '../../finesse/notifications.js';
import { type Credentials, type FinesseRest, RestError } from '../../finesse/rest.js';
import { PROXY_HEADER, type ProxyRequest, type ProxyResponse } from '../protocol.js';
import type { Delivery, HubRouter } from '../hub/router.js';
import { MasterServices } from './master-services.js';
import type { MasterNotifications, MasterRest, RestAnswer } from './ports.js';

// The link between the desktop session (which owns the XMPP client and the REST credentials) and the gadget
// hub (which the layout host creates): the session attaches itself while signed in and forwards every item
// and status; `startMasterServices(router)` runs the master services on a hub for as long as both exist.

/** What the signed-in session lends the master services. */
export interface MasterSessionLink {
  client: NotificationClient;
  rest: FinesseRest;
  credentials: Credentials;
  userId: string;
  /** The client's state now. */
  status(): ConnectionStatus;
}

/** What the hub host keeps of `startMasterServices`. */
export interface MasterServicesHandle {
  /** Route the router's deliveries to MASTER_ID here; false when they are not the master services'. */
  deliver(delivery: Delivery): boolean;
  stop(): Promise<void>;
}

let session: MasterSessionLink | null = null;
const hubs = new Map<HubRouter, MasterServices | null>();

function basic(creds: Credentials): string {
  const bytes = new TextEncoder().encode(`${creds.id}:${creds.password}`);
  return `Basic ${btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''))}`;
}

function restOf(link: MasterSessionLink): MasterRest {
  return {
    async finesse(method, path, body, contentType): Promise<RestAnswer> {
      try {
        const response = await link.rest.request({ method, path, ...(body === undefined ? {} : { body }), ...(contentType ? { contentType } : {}) });
        return { status: response.status, body: await response.text() };
      } catch (error) {
        if (error instanceof RestError && error.status > 0) return { status: error.status, body: '' };
        throw error;
      }
    },
    async proxy(request: ProxyRequest): Promise<ProxyResponse> {
      const response = await fetch(`${link.rest.base}/openfinesse/gadgets/proxy`, {
        method: 'POST',
        headers: { Authorization: basic(link.credentials), 'Content-Type': 'application/json', [PROXY_HEADER]: '1' },
        body: JSON.stringify(request),
        cache: 'no-store',
        credentials: 'omit',
      });
      if (!response.ok) return { rc: response.status, body: '', headers: {}, errors: [`${response.status} Error`] };
      return (await response.json()) as ProxyResponse;
    },
  };
}

function notificationsOf(client: NotificationClient): MasterNotifications {
  return {
    subscribe: (node) => client.subscribe(node, 'gadgets'),
    unsubscribe: (node) => client.unsubscribe(node, 'gadgets'),
    resource: () => client.resource,
  };
}

function startOn(router: HubRouter, link: MasterSessionLink): void {
  const services = new MasterServices({ router, notifications: notificationsOf(link.client), rest: restOf(link), userId: link.userId });
  hubs.set(router, services);
  services.start(link.status());
}

/** Runs the master services on `router` while a session is signed in (now, or once one is). */
export function startMasterServices(router: HubRouter): MasterServicesHandle {
  if (!hubs.has(router)) {
    hubs.set(router, null);
    if (session) startOn(router, session);
  }
  return {
    deliver: (delivery) => hubs.get(router)?.deliver(delivery) ?? false,
    async stop() {
      const services = hubs.get(router);
      hubs.delete(router);
      await services?.stop();
    },
  };
}

/** Called by the session once its XMPP client exists. */
export function attachMasterSession(link: MasterSessionLink): void {
  session = link;
  for (const [router, previous] of hubs) {
    void previous?.stop();
    startOn(router, link);
  }
}

/** Called by the session after its XMPP client stopped (sign-out, end of session). */
export async function detachMasterSession(): Promise<void> {
  session = null;
  const running = [...hubs.entries()];
  for (const [router] of running) hubs.set(router, null);
  await Promise.all(running.map(([, services]) => services?.stop()));
}

/** The session's NotificationClient `onItem`. */
export function masterItem(node: string, updateXml: string): void {
  for (const services of hubs.values()) void services?.onItem(node, updateXml);
}

/** The session's NotificationClient `onStatus`. */
export function masterStatus(status: ConnectionStatus): void {
  for (const services of hubs.values()) services?.onConnectionStatus(status);
}
