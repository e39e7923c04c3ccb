import { type Delivery, HubRouter, MASTER_ID } from '../../../../src/desktop/src/gadgets/hub/router.js';
import { MasterServices } from '../../../../src/desktop/src/gadgets/master/master-services.js';
import type { MasterNotifications, MasterRest, RestAnswer } from '../../../../src/desktop/src/gadgets/master/ports.js';
import type { ProxyRequest, ProxyResponse } from '../../../../src/desktop/src/gadgets/protocol.js';
import { installDom } from './dom.js';
import { ManualClock } from './manual-clock.js';

installDom();

/** An XMPP client stand-in: records subscribe/unsubscribe requests; nodes in `refuse` answer with an error condition. */
export class FakeNotifications implements MasterNotifications {
  readonly requests: string[] = [];
  readonly refuse = new Map<string, string>();

  subscribe(node: string): Promise<void> {
    this.requests.push(`subscribe ${node}`);
    const condition = this.refuse.get(node);
    if (condition === undefined) return Promise.resolve();
    return Promise.reject(Object.assign(new Error(`Could not subscribe ${node}: ${condition}`), { condition }));
  }

  unsubscribe(node: string): Promise<void> {
    this.requests.push(`unsubscribe ${node}`);
    return Promise.resolve();
  }

  resource(): string {
    return 'desktop-0a1b2c';
  }
}

/** A REST stand-in that records each request and answers 202 (GETs answer what `gets` holds). */
export class FakeRest implements MasterRest {
  readonly requests: { method: string; path: string; body?: string; contentType?: string }[] = [];
  readonly proxied: ProxyRequest[] = [];
  readonly gets = new Map<string, string>();

  finesse(method: 'GET' | 'PUT' | 'POST', path: string, body?: string, contentType?: string): Promise<RestAnswer> {
    this.requests.push({ method, path, ...(body === undefined ? {} : { body }), ...(contentType ? { contentType } : {}) });
    if (method === 'GET') {
      const found = this.gets.get(path);
      return Promise.resolve(found === undefined ? { status: 404, body: '' } : { status: 200, body: found });
    }
    return Promise.resolve({ status: 202, body: '' });
  }

  proxy(request: ProxyRequest): Promise<ProxyResponse> {
    this.proxied.push(request);
    return Promise.resolve({ rc: 200, body: '', headers: {}, errors: [] });
  }
}

/** A real HubRouter with two gadgets (g1, g2) whose deliveries are kept, the master services on it. */
export function masterHarness(options: { rest?: MasterRest; notifications?: FakeNotifications; userId?: string } = {}) {
  const delivered: Delivery[] = [];
  let services: MasterServices | null = null;
  const router = new HubRouter({
    deliver: (d) => {
      if (d.clientId === MASTER_ID) services?.deliver(d);
      else delivered.push(d);
    },
  });
  router.connect('g1');
  router.connect('g2');
  const notifications = options.notifications ?? new FakeNotifications();
  const rest = options.rest ?? new FakeRest();
  const clock = new ManualClock();
  const opened: [string, string][] = [];
  const logged: string[] = [];
  services = new MasterServices({
    router,
    notifications,
    rest,
    userId: options.userId ?? 'agentA',
    clock,
    openWindow: (url, name) => opened.push([url, name]),
    log: (message) => logged.push(message),
  });
  /** What gadget `clientId` received, as [topic, data]. */
  const seen = (clientId: string) => delivered.filter((d) => d.clientId === clientId).map((d) => [d.topic, d.data] as const);
  return { router, services, notifications, rest, clock, opened, logged, delivered, seen };
}

/** Lets pending promise callbacks run. */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
