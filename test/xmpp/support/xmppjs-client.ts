import { WebSocket as WsWebSocket } from 'ws';
import { client as createClient, xml } from '@xmpp/client';
import type { ConnectOptions, TestClient } from './client.js';
import { AuthFailure, Inbox, withTimeout } from './client.js';
import { parseXml } from './stanzas.js';
import type { Element } from './stanzas.js';

// Node 20 has no global WebSocket; @xmpp/websocket expects one. The test server's certificate is self-signed.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WsWebSocket;
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

/** @xmpp/client over TCP (`xmpp://`, with STARTTLS when offered) or WebSocket (`ws://…/ws/`). */
export async function connectXmppJs(service: string, options: ConnectOptions): Promise<TestClient> {
  const transport = service.startsWith('ws') ? 'websocket' : 'tcp';
  const c = createClient({ service, domain: 'localhost', username: options.user, password: options.password ?? 'demo', resource: options.resource ?? 'test' });
  c.reconnect.stop();
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
      const socket = (c as unknown as { socket: { socket?: { destroy?: () => void; terminate?: () => void }; destroy?: () => void } }).socket;
      if (socket.socket?.terminate) socket.socket.terminate();
      else if (socket.socket?.destroy) socket.socket.destroy();
      else socket.destroy?.();
    },
  };
  return self;
}
