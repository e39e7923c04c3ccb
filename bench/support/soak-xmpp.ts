import { connect, type Socket } from 'node:net';
import WebSocket from 'ws';

export type WaitResult = 'match' | 'closed' | 'timeout';

const NS_STREAM = 'http://etherx.jabber.org/streams';
const NS_FRAMING = 'urn:ietf:params:xml:ns:xmpp-framing';
export const STREAM_HEADER = `<stream:stream to='localhost' xmlns='jabber:client' xmlns:stream='${NS_STREAM}' version='1.0'>`;
export const WS_OPEN = `<open xmlns='${NS_FRAMING}' to='localhost' version='1.0'/>`;

export const plainAuth = (user: string, password: string): string =>
  `<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${Buffer.from(`\0${user}\0${password}`).toString('base64')}</auth>`;
export const bindIq = (id: string, resource: string): string =>
  `<iq type='set' id='${id}'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>${resource}</resource></bind></iq>`;
export const pingIq = (id: string): string => `<iq type='get' id='${id}'><ping xmlns='urn:xmpp:ping'/></iq>`;
/** An IQ reply with this id, whatever the quotes and attribute order. */
export const replyTo = (id: string): RegExp => new RegExp(`<iq\\b[^>]*\\bid=['"]${id}['"]`);

/**
 * Text received on one XMPP connection (TCP bytes or WebSocket frames alike), with a wait for a pattern
 * that also ends when the connection closes or the time runs out. Every chunk is also shown to
 * `onText`, which counts what the soak looks for in all server output (internal-server-error).
 */
abstract class TextConnection {
  protected text = '';
  closed = false;
  /** What the last successful wait matched. */
  lastMatch = '';
  private waiter: { pattern: RegExp | null; resolve: (r: WaitResult) => void; timer: NodeJS.Timeout } | null = null;
  private closeWaiters: (() => void)[] = [];

  constructor(private readonly onText: (text: string) => void) {}

  protected received(chunk: string): void {
    this.onText(chunk);
    this.text += chunk;
    if (this.text.length > 1 << 20) this.text = this.text.slice(-(1 << 16));
    this.check();
  }

  protected closedNow(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.waiter) this.settle('closed');
    for (const w of this.closeWaiters.splice(0)) w();
  }

  /** Resolves when `pattern` has been received (the text up to it is then dropped). */
  wait(pattern: RegExp | null, timeoutMs: number): Promise<WaitResult> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle('timeout'), timeoutMs);
      this.waiter = { pattern, resolve, timer };
      this.check();
      if (this.waiter && this.closed) this.settle('closed');
    });
  }

  /** Resolves true when the connection closes within `timeoutMs`. */
  waitClosed(timeoutMs: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.closeWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  private check(): void {
    if (!this.waiter?.pattern) return;
    const match = this.waiter.pattern.exec(this.text);
    if (!match) return;
    this.lastMatch = match[0];
    this.text = this.text.slice(match.index + match[0].length);
    this.settle('match');
  }

  private settle(result: WaitResult): void {
    const waiter = this.waiter;
    if (!waiter) return;
    this.waiter = null;
    clearTimeout(waiter.timer);
    waiter.resolve(result);
  }

  abstract write(data: string): void;
  abstract destroy(): void;
}

/** XMPP over a plain TCP socket. */
export class TcpConnection extends TextConnection {
  private readonly socket: Socket;

  constructor(port: number, onText: (text: string) => void, localAddress?: string) {
    super(onText);
    this.socket = connect({ port, host: '127.0.0.1', ...(localAddress ? { localAddress } : {}) });
    this.socket.setNoDelay(true);
    this.socket.setEncoding('utf8');
    this.socket.on('data', (chunk: string) => this.received(chunk));
    this.socket.on('error', () => undefined);
    this.socket.on('close', () => this.closedNow());
  }

  write(data: string): void {
    if (!this.closed) this.socket.write(data);
  }

  /** Half-closes: the server reads everything written, then sees the end of the stream. */
  end(): void {
    if (!this.closed) this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** Stream, PLAIN, restart, bind; false when any step is not answered as expected. */
  async login(user: string, password: string, resource: string, timeoutMs = 10_000): Promise<boolean> {
    this.write(`<?xml version='1.0'?>${STREAM_HEADER}`);
    if ((await this.wait(/<\/stream:features>/, timeoutMs)) !== 'match') return false;
    this.write(plainAuth(user, password));
    if ((await this.wait(/<success\b|<failure\b/, timeoutMs)) !== 'match' || this.lastMatch !== '<success') return false;
    this.write(STREAM_HEADER);
    if ((await this.wait(/<\/stream:features>/, timeoutMs)) !== 'match') return false;
    this.write(bindIq('bind1', resource));
    return (await this.wait(replyTo('bind1'), timeoutMs)) === 'match';
  }
}

/** XMPP over a WebSocket (RFC 7395): one element per text frame. */
export class WsConnection extends TextConnection {
  private readonly ws: WebSocket;
  /** HTTP status of a refused upgrade, when the server answered one. */
  refusedStatus: number | null = null;
  readonly opened: Promise<boolean>;

  constructor(port: number, onText: (text: string) => void) {
    super(onText);
    this.ws = new WebSocket(`ws://127.0.0.1:${port}/ws/`, 'xmpp', { perMessageDeflate: false });
    this.opened = new Promise((resolve) => {
      this.ws.once('open', () => resolve(true));
      this.ws.once('close', () => resolve(false));
      this.ws.once('unexpected-response', (_req, res) => {
        this.refusedStatus = res.statusCode ?? 0;
        res.resume();
        this.ws.terminate();
        resolve(false);
      });
    });
    this.ws.on('message', (data) =>
      this.received(
        Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8'),
      ),
    );
    this.ws.on('error', () => undefined);
    this.ws.on('close', () => this.closedNow());
  }

  write(data: string): void {
    if (!this.closed && this.ws.readyState === WebSocket.OPEN) this.ws.send(data);
  }

  /** Starts the closing handshake after everything sent so far. */
  end(): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close(1000);
  }

  destroy(): void {
    this.ws.terminate();
  }

  async login(user: string, password: string, resource: string, timeoutMs = 10_000): Promise<boolean> {
    if (!(await this.opened)) return false;
    this.write(WS_OPEN);
    if ((await this.wait(/<\/stream:features>/, timeoutMs)) !== 'match') return false;
    this.write(plainAuth(user, password));
    if ((await this.wait(/<success\b|<failure\b/, timeoutMs)) !== 'match' || this.lastMatch !== '<success') return false;
    this.write(WS_OPEN);
    if ((await this.wait(/<\/stream:features>/, timeoutMs)) !== 'match') return false;
    this.write(bindIq('bind1', resource));
    return (await this.wait(replyTo('bind1'), timeoutMs)) === 'match';
  }
}
