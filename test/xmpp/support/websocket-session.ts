import { pathToFileURL } from 'node:url';
import { withTimeout } from './client.js';

/**
 * A bare XMPP session over WebSocket (RFC 7395: subprotocol `xmpp`, one element per text frame,
 * `<open/>` in the framing namespace), on any WHATWG-style WebSocket: the runtime's own
 * globalThis.WebSocket or the `ws` package's. What arrives is kept as text and read with regular
 * expressions, in order.
 *
 * Run as a program (`node --import tsx websocket-session.ts URL USER RESOURCE`) it logs in with the
 * runtime's own WebSocket, prints `ready JID` once its initial presence has been processed, and idles
 * until it is killed. That is how a test drops a native WebSocket without a close frame, as a killed
 * browser tab does: the WebSocket API has no way to, only the process's end closes the TCP connection.
 */

const FRAMING = 'urn:ietf:params:xml:ns:xmpp-framing';
const SASL = 'urn:ietf:params:xml:ns:xmpp-sasl';

export interface WebSocketLike {
  readonly protocol: string;
  send(data: string): void;
  close(): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export type WebSocketClass<T extends WebSocketLike = WebSocketLike> = new (url: string, protocols: string[]) => T;

/** Connects, authenticates with SASL PLAIN, binds, and sends initial presence (priority 0). */
export async function loginOverWebSocket<T extends WebSocketLike>(
  WebSocketImpl: WebSocketClass<T>,
  url: string,
  user: string,
  resource: string,
  password = 'demo',
): Promise<{ socket: T; jid: string }> {
  const socket = new WebSocketImpl(url, ['xmpp']);
  let unread = '';
  let closed = false;
  let wake = (): void => undefined;
  socket.addEventListener('message', (event) => {
    unread += String(event.data);
    wake();
  });
  socket.addEventListener('close', () => {
    closed = true;
    wake();
  });
  socket.addEventListener('error', () => undefined);
  const read = async (pattern: RegExp, what: string): Promise<RegExpExecArray> => {
    for (;;) {
      const match = pattern.exec(unread);
      if (match) {
        unread = unread.slice(match.index + match[0].length);
        return match;
      }
      if (closed) throw new Error(`closed before ${what}; unread: ${unread}`);
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  const open = (): void => socket.send(`<open xmlns='${FRAMING}' to='localhost' version='1.0'/>`);
  const features = /<stream:features[^>]*\/>|<stream:features[\s\S]*?<\/stream:features>/;

  const session = (async () => {
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve());
      socket.addEventListener('close', () => reject(new Error(`WebSocket to ${url} closed before it opened`)));
    });
    if (socket.protocol !== 'xmpp') throw new Error(`subprotocol ${JSON.stringify(socket.protocol)}, not xmpp`);
    open();
    await read(features, 'stream features');
    socket.send(`<auth xmlns='${SASL}' mechanism='PLAIN'>${Buffer.from(`\0${user}\0${password}`).toString('base64')}</auth>`);
    const outcome = await read(/<(success|failure)[\s\S]*?(\/>|<\/\1>)/, 'SASL outcome');
    if (outcome[1] !== 'success') throw new Error(`login ${user}: ${outcome[0]}`);
    open();
    await read(features, 'stream features after SASL');
    socket.send(`<iq type='set' id='bind' xmlns='jabber:client'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>${resource}</resource></bind></iq>`);
    const jid = (await read(/<jid>([^<]+)<\/jid>/, 'bound JID'))[1]!;
    socket.send(`<presence xmlns='jabber:client'><priority>0</priority></presence>`);
    // the server handles stanzas in order: once the ping is answered, the presence has been processed
    socket.send(`<iq type='get' id='ready' to='localhost' xmlns='jabber:client'><ping xmlns='urn:xmpp:ping'/></iq>`);
    const answer = (await read(/<iq\b[^>]*\bid=['"]ready['"][^>]*>/, 'ping answer'))[0];
    if (!/\btype=['"]result['"]/.test(answer)) throw new Error(`ping answered with ${answer}`);
    return jid;
  })();
  try {
    return { socket, jid: await withTimeout(session, `XMPP login over WebSocket as ${user}`) };
  } catch (err) {
    socket.close();
    throw err;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [url, user, resource] = process.argv.slice(2);
  const Native = (globalThis as { WebSocket?: WebSocketClass }).WebSocket;
  if (!url || !user || !resource) throw new Error('usage: websocket-session.ts URL USER RESOURCE');
  if (!Native) throw new Error(`Node ${process.version} has no WebSocket here (Node 20 needs --experimental-websocket)`);
  const { jid } = await loginOverWebSocket(Native, url, user, resource);
  process.stdout.write(`ready ${jid}\n`);
  setInterval(() => undefined, 60_000); // idle, connected, until killed
}
