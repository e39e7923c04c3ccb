import { WebSocket as WsWebSocket } from 'ws';
import { client as createClient, xml } from '@xmpp/client';
import type { ConnectOptions, TestClient } from './client.js';
import { AuthFailure, Inbox, withTimeout } from './client.js';
import { parseXml } from './stanzas.js';
import type { Element } from './stanzas.js';

// The test server's certificate is self-signed.
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

/** The parts of @xmpp/client's internals (untyped) that the WebSocket swap and `kill` reach. */
interface XmppSocket {
  url: string | null;
  secure: boolean;
  _attachSocket(socket: unknown): void;
}
interface TransportPrototype {
  Socket: new () => XmppSocket;
  socketParameters(service: string): unknown;
}
type TransportClass = (new (...args: never[]) => object) & { prototype: TransportPrototype };

/**
 * @xmpp/websocket opens `new WebSocket(url, ['xmpp'])` with whatever the runtime has as
 * globalThis.WebSocket: none on Node 20, undici's on Node 22 and later, which cannot drop its
 * connection without a close frame. This client's WebSocket transport gets the `ws` package's
 * WebSocket instead, the same on every Node version, whose terminate() destroys the TCP socket at once
 * as a killed browser tab would. Only this client changes: nothing global is replaced. (The server
 * against the runtime's own WebSocket is abrupt-close.test.ts.)
 */
function useWsPackage(entity: { transports: TransportClass[] }): void {
  const index = entity.transports.findIndex((t) => t.prototype.socketParameters('ws://localhost/') !== undefined);
  if (index < 0) throw new Error('@xmpp/client has no WebSocket transport');
  const Transport = entity.transports[index]!;
  class WsPackageSocket extends Transport.prototype.Socket {
    connect(url: string): void {
      // as @xmpp/websocket's own connect, which counts ws:// to a loopback address as secure
      this.url = url;
      this.secure = url.startsWith('wss:') || ['localhost', '127.0.0.1', '[::1]'].includes(new URL(url).hostname);
      this._attachSocket(new WsWebSocket(url, ['xmpp']));
    }
  }
  const WithWsPackage = class extends (Transport as new () => object) {};
  (WithWsPackage.prototype as TransportPrototype).Socket = WsPackageSocket;
  entity.transports[index] = WithWsPackage as TransportClass;
}

/** @xmpp/client over TCP (`xmpp://`, with STARTTLS when offered) or WebSocket (`ws://…/ws/`). */
export async function connectXmppJs(service: string, options: ConnectOptions): Promise<TestClient> {
  const transport = service.startsWith('ws') ? 'websocket' : 'tcp';
  const c = createClient({ service, domain: 'localhost', username: options.user, password: options.password ?? 'demo', resource: options.resource ?? 'test' });
  c.reconnect.stop();
  useWsPackage(c);
  const inbox = new Inbox();
  let streamErrorCondition: ((condition: string) => void) | null = null;
  const streamErrorSeen = new Promise<string>((resolve) => (streamErrorCondition = resolve));
  let saslCondition: string | null = null;
  c.on('error', (err: { name?: string; condition?: string }) => {
    if (err.name === 'StreamError') streamErrorCondition?.(err.condition ?? 'unknown');
    if (err.name === 'SASLError') saslCondition = err.condition ?? 'unknown';
  });
  c.on('stanza', (stanza: unknown) => inbox.push(parseXml(String(stanza))));
  // stream-level elements other than stanzas (stream:error) come as 'element'
  c.on('element', (el: { name: string; toString(): string }) => {
    if (el.name === 'stream:error') {
      const parsed = parseXml(String(el));
      const condition = parsed.children.find((ch): ch is Element => typeof ch !== 'string' && ch.name !== 'text');
      streamErrorCondition?.(condition?.name ?? 'unknown');
    }
  });
  try {
    await withTimeout(c.start(), 'xmpp.js start');
  } catch (err) {
    await c.stop().catch(() => undefined);
    throw new AuthFailure(saslCondition ?? (err as { condition?: string }).condition ?? (err as Error).message);
  }
  if (options.presence !== false) await c.send(xml('presence', {}, xml('priority', {}, '0')));
  const self: TestClient = {
    transport,
    jid: String(c.jid),
    received: inbox.received,
    sendRaw: (text) => c.write(text),
    iq: (text) => inbox.request(text, (t) => c.write(t)),
    waitFor: (match, what) => inbox.waitFor(match, what),
    sync: () => inbox.sync((t) => c.write(t)),
    streamError: () => withTimeout(streamErrorSeen, 'stream error'),
    async close() {
      await withTimeout(c.stop(), 'xmpp.js stop').catch(() => undefined);
    },
    async kill() {
      // WebSocket: the ws package's WebSocket inside @xmpp/websocket's Socket, whose terminate() sends
      // no close frame; TCP after STARTTLS: the TLS socket inside @xmpp/tls's Socket; plain TCP: the net socket.
      type Inner = { terminate?: () => void; destroy?: () => void };
      const socket = (c as unknown as { socket: (Inner & { socket?: Inner | null }) | null }).socket;
      if (socket?.socket?.terminate) socket.socket.terminate();
      else if (socket?.socket?.destroy) socket.socket.destroy();
      else if (socket?.destroy) socket.destroy();
      else throw new Error(`no way to drop this ${transport} connection`);
    },
  };
  return self;
}
