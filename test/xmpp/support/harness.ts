import { EventEmitter } from 'node:events';
import { ManualClock } from '../../../src/domain/clock.js';
import { XmppServer } from '../../../src/xmpp/xmpp-server.js';
import { freshServer } from '../../support/fresh.js';
import type { TestServer } from '../../support/server.js';
import { connectBosh } from './bosh-client.js';
import type { ConnectOptions, TestClient } from './client.js';
import { withTimeout } from './client.js';
import { connectSlixmpp } from './slixmpp-client.js';
import { connectXmppJs } from './xmppjs-client.js';

/**
 * Availability changes as the XMPP server announces them. Observed on the class, because the running
 * server does not hand out its XmppServer (yet); nothing about the behaviour is replaced.
 */
const presenceEvents = new EventEmitter();
const originalEmit = XmppServer.prototype.emit;
XmppServer.prototype.emit = function (this: XmppServer, event: string | symbol, ...args: unknown[]): boolean {
  if (event === 'available' || event === 'unavailable') presenceEvents.emit(event, ...args);
  return originalEmit.call(this, event, ...args);
};

export function presenceEvent(event: 'available' | 'unavailable', loginId: string): Promise<void> {
  return withTimeout(
    new Promise<void>((resolve) => {
      const listener = (id: string): void => {
        if (id !== loginId) return;
        presenceEvents.off(event, listener);
        resolve();
      };
      presenceEvents.on(event, listener);
    }),
    `${event} ${loginId}`,
  );
}

export interface TransportUnderTest {
  name: string;
  connect(server: TestServer, options: ConnectOptions): Promise<TestClient>;
  /** Manual-clock seconds the server needs to notice a silently dropped client (BOSH: inactivity). */
  lossDetectionSeconds: number;
}

export const TRANSPORTS: TransportUnderTest[] = [
  {
    name: 'TCP with STARTTLS (@xmpp/client)',
    connect: (server, options) => connectXmppJs(`xmpp://127.0.0.1:${server.ports.xmpp}`, options),
    lossDetectionSeconds: 0,
  },
  {
    name: 'WebSocket (@xmpp/client)',
    connect: (server, options) => connectXmppJs(`ws://127.0.0.1:${server.ports.http}/ws/`, options),
    lossDetectionSeconds: 0,
  },
  {
    name: 'BOSH (raw XEP-0124 client)',
    connect: (server, options) => connectBosh(`http://127.0.0.1:${server.ports.bosh}/http-bind/`, options),
    lossDetectionSeconds: 60,
  },
  {
    name: 'TCP without TLS (slixmpp)',
    connect: (server, options) => connectSlixmpp(server.ports.xmpp!, options),
    lossDetectionSeconds: 0,
  },
];

export interface XmppTestServer extends TestServer {
  manualClock: ManualClock;
}

/** A demo server with REST on HTTP, XMPP on TCP and BOSH on free ports, timers on a manual clock. */
export async function startXmppServer(config: Parameters<typeof freshServer>[0] = {}): Promise<XmppTestServer> {
  const clock = new ManualClock(Date.now());
  const server = await freshServer({ xmppPort: 0, boshPort: 0, httpsPort: null, ...config }, clock);
  return Object.assign(server, { manualClock: clock });
}

/** Closes every client, ignoring the ones already gone. */
export async function closeAll(clients: TestClient[]): Promise<void> {
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
}
