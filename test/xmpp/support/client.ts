import type { Element } from './stanzas.js';

export interface ConnectOptions {
  user: string;
  password?: string;
  resource?: string;
  /** Send initial presence (priority 0) once bound; default true. */
  presence?: boolean;
}

/** What the contract suite needs from any XMPP client, whatever library and transport. */
export interface TestClient {
  readonly transport: 'tcp' | 'websocket' | 'bosh';
  /** The full JID the server bound. */
  readonly jid: string;
  readonly received: Element[];
  /** Sends raw XML as is (may be malformed on purpose). */
  sendRaw(xml: string): Promise<void>;
  /** Sends an IQ (which must carry an id) and resolves with the reply. */
  iq(xml: string): Promise<Element>;
  /** Resolves with the first received stanza (past or future) matching, not returned before. */
  waitFor(match: (stanza: Element) => boolean, what: string): Promise<Element>;
  /** Round-trips a ping, so everything the server sent before the answer has arrived. */
  sync(): Promise<void>;
  /** Resolves with the stream error condition when the server ends the stream with one. */
  streamError(): Promise<string>;
  /** Ends the stream cleanly. */
  close(): Promise<void>;
  /** Drops the connection without closing the stream, as a crashed desktop would. */
  kill(): Promise<void>;
}

export class AuthFailure extends Error {
  constructor(readonly condition: string) {
    super(`authentication failed: ${condition}`);
  }
}

/** How long a test waits for what must arrive: a bound for a loaded machine (two test files at a time), not a timing. */
const WAIT_LIMIT_MS = 15_000;

/** Shared bookkeeping for received stanzas and waiters. */
export class Inbox {
  readonly received: Element[] = [];
  private readonly taken = new Set<Element>();
  private readonly waiters: { match: (s: Element) => boolean; resolve: (s: Element) => void }[] = [];
  private sequence = 0;

  push(stanza: Element): void {
    this.received.push(stanza);
    for (const waiter of [...this.waiters]) {
      if (!this.taken.has(stanza) && waiter.match(stanza)) {
        this.taken.add(stanza);
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(stanza);
      }
    }
  }

  waitFor(match: (stanza: Element) => boolean, what: string): Promise<Element> {
    const found = this.received.find((s) => !this.taken.has(s) && match(s));
    if (found) {
      this.taken.add(found);
      return Promise.resolve(found);
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (s: Element) => {
          clearTimeout(timer);
          resolve(s);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no stanza: ${what}; received:\n${this.received.map(String).join('\n')}`));
      }, WAIT_LIMIT_MS);
      this.waiters.push(waiter);
    });
  }

  nextId(prefix: string): string {
    return `${prefix}-${++this.sequence}`;
  }

  replyTo(id: string): (s: Element) => boolean {
    return (s) => s.name === 'iq' && s.attrs.id === id && (s.attrs.type === 'result' || s.attrs.type === 'error');
  }

  /** Sends an IQ with `send` and resolves with its result or error. */
  async request(text: string, send: (text: string) => unknown): Promise<Element> {
    const id = /\sid=['"]([^'"]+)['"]/.exec(text)?.[1];
    if (!id) throw new Error('iq without id');
    const reply = this.waitFor(this.replyTo(id), `reply to ${id}`);
    await send(text);
    return reply;
  }

  /** A ping round trip: everything the server sent before its answer has arrived. */
  async sync(send: (text: string) => unknown): Promise<void> {
    await this.request(pingXml(this.nextId('sync'), 'localhost'), send);
  }
}

export function pingXml(id: string, to?: string): string {
  return `<iq type='get' id='${id}'${to ? ` to='${to}'` : ''}><ping xmlns='urn:xmpp:ping'/></iq>`;
}

export function withTimeout<T>(promise: Promise<T>, what: string, ms = WAIT_LIMIT_MS): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
