import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { digest, hmac, saltedPassword } from '../../src/accounts/credentials.js';

/**
 * A bare-bones XMPP client for load generation: PLAIN over plain TCP, no XML parser. It recognises the
 * few replies it waits for by substring and, once subscribed, only scans incoming bytes for the
 * requestId of each notification.
 */
export class BenchXmppClient {
  private socket!: Socket;
  private buffer = '';
  private waiting: { marker: string; test?: () => boolean; resolve: () => void } | null = null;
  private rawHandler: ((chunk: string, at: number) => void) | null = null;
  /** Called with the requestId of every notification received, at the moment it was read. */
  onNotification: (requestId: string, at: number) => void = () => undefined;
  private streaming = false;
  private keepBuffer = false;

  constructor(
    private readonly port: number,
    readonly user: string,
    private readonly password: string,
    readonly resource: string,
    private readonly options: {
      localAddress?: string;
      mechanism?: 'PLAIN' | 'SCRAM-SHA-256';
      /** What login waits for after its initial presence; openfinesse's `finesse@` presence by default. */
      presenceMarker?: string;
    } = {},
  ) {}

  get jid(): string {
    return `${this.user.toLowerCase()}@localhost/${this.resource}`;
  }

  async login(): Promise<void> {
    this.socket = connect({ port: this.port, host: '127.0.0.1', ...(this.options.localAddress ? { localAddress: this.options.localAddress } : {}) });
    this.socket.setNoDelay(true);
    this.socket.setEncoding('utf8');
    this.socket.on('data', (chunk: string) => this.onData(chunk));
    this.socket.on('error', () => undefined);
    await new Promise<void>((resolve) => this.socket.once('connect', () => resolve()));
    const header = `<?xml version='1.0'?><stream:stream to='localhost' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>`;
    await this.exchange(header, '</stream:features>');
    if (this.options.mechanism === 'SCRAM-SHA-256') await this.scram();
    else {
      const plain = Buffer.from(`\0${this.user}\0${this.password}`).toString('base64');
      await this.exchange(`<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${plain}</auth>`, '<success');
    }
    await this.exchange(header, '</stream:features>');
    await this.exchange(`<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>${this.resource}</resource></bind></iq>`, "id='b1'");
    await this.exchange(`<presence><priority>0</priority></presence>`, this.options.presenceMarker ?? "from='finesse@");
  }

  /** RFC 5802 client side, the proof computed here as a real client would. */
  private async scram(): Promise<void> {
    const mech = 'SCRAM-SHA-256';
    const clientNonce = randomBytes(18).toString('base64');
    const clientFirstBare = `n=${this.user},r=${clientNonce}`;
    const first = Buffer.from(`n,,${clientFirstBare}`).toString('base64');
    const challenge = await this.exchangeText(
      `<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='${mech}'>${first}</auth>`,
      /<challenge[^>]*>([^<]*)<\/challenge>/,
    );
    const serverFirst = Buffer.from(challenge, 'base64').toString();
    const fields = Object.fromEntries(serverFirst.split(',').map((kv) => [kv[0], kv.slice(2)]));
    const salted = saltedPassword(mech, this.password, Buffer.from(fields.s!, 'base64'), Number(fields.i));
    const clientKey = hmac(mech, salted, 'Client Key');
    const withoutProof = `c=biws,r=${fields.r}`;
    const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
    const signature = hmac(mech, digest(mech, clientKey), authMessage);
    const proof = Buffer.from(clientKey.map((b, i) => b ^ signature[i]!)).toString('base64');
    const final = Buffer.from(`${withoutProof},p=${proof}`).toString('base64');
    await this.exchange(`<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>${final}</response>`, '<success');
  }

  private async exchangeText(data: string, pattern: RegExp): Promise<string> {
    const marker = data.includes('<auth') ? '</challenge>' : '>';
    await this.exchangeKeeping(data, marker);
    const match = pattern.exec(this.buffer);
    this.buffer = '';
    if (!match) throw new Error(`${this.user}: unexpected ${this.buffer.slice(0, 200)}`);
    return match[1]!;
  }

  /** Starts scanning for notifications without subscribing to anything (automatic nodes). */
  listen(): void {
    this.streaming = true;
    this.buffer = '';
  }

  async subscribe(node: string): Promise<void> {
    const reply = await this.iq(
      `<iq type='set' id='s1' to='pubsub.localhost'><pubsub xmlns='http://jabber.org/protocol/pubsub'><subscribe node='${node}' jid='${this.jid}'/></pubsub></iq>`,
      's1',
    );
    if (reply.type !== 'result') throw new Error(`${this.jid}: subscribe to ${node} refused: ${reply.stanza.slice(0, 300)}`);
    this.streaming = true;
    this.buffer = '';
  }

  /**
   * Sends an IQ and resolves with its reply's type and text (up to the end of the IQ, or the first 2 kB
   * of it), whatever the order of the attributes and the quotes the server uses.
   */
  async iq(data: string, id: string): Promise<{ type: string; stanza: string }> {
    const head = new RegExp(`<iq\\b[^>]*\\bid=['"]${id}['"][^>]*>`);
    this.keepBuffer = true;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.user}/${this.resource}: no reply to iq ${id}; got ${this.buffer.slice(-300)}`)), 30_000);
      this.waiting = {
        marker: '',
        test: () => {
          const match = head.exec(this.buffer);
          if (!match) return false;
          const rest = this.buffer.slice(match.index);
          return /\/>$/.test(match[0]) || rest.includes('</iq>');
        },
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      this.socket.write(data);
      this.check();
    });
    const match = head.exec(this.buffer)!;
    const rest = this.buffer.slice(match.index);
    const end = /\/>$/.test(match[0]) ? match[0].length : rest.indexOf('</iq>') + 5;
    const stanza = rest.slice(0, Math.min(end, 2048));
    this.buffer = '';
    return { type: /\btype=['"]([a-z]+)['"]/.exec(match[0])?.[1] ?? '', stanza };
  }

  /** Writes raw bytes without waiting for anything (a publisher's IQs). */
  send(data: string): void {
    this.socket.write(data);
  }

  /**
   * Hands every chunk read from now on to `handler` instead of the requestId scanner (nothing is buffered):
   * a publisher counting its IQ replies.
   */
  listenRaw(handler: (chunk: string, at: number) => void): void {
    this.rawHandler = handler;
    this.buffer = '';
  }

  async unsubscribe(node: string): Promise<void> {
    this.streaming = false;
    await this.exchange(
      `<iq type='set' id='u1' to='pubsub.localhost'><pubsub xmlns='http://jabber.org/protocol/pubsub'><unsubscribe node='${node}' jid='${this.jid}'/></pubsub></iq>`,
      "id='u1'",
    );
  }

  close(): void {
    this.socket.end('</stream:stream>');
    this.socket.destroy();
  }

  private exchangeKeeping(data: string, marker: string): Promise<void> {
    this.keepBuffer = true;
    return this.exchange(data, marker);
  }

  private exchange(data: string, marker: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.user}/${this.resource}: no ${marker}; got ${this.buffer.slice(-300)}`)), 30_000);
      this.waiting = {
        marker,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      this.socket.write(data);
      this.check();
    });
  }

  private onData(chunk: string): void {
    const at = performance.now();
    if (this.rawHandler) {
      this.rawHandler(chunk, at);
      return;
    }
    this.buffer += chunk;
    if (this.streaming) {
      const pattern = /requestId&gt;([^&]*)&lt;\/requestId/g;
      let match: RegExpExecArray | null;
      let consumed = 0;
      while ((match = pattern.exec(this.buffer))) {
        this.onNotification(match[1]!, at);
        consumed = pattern.lastIndex;
      }
      this.buffer = this.buffer.slice(consumed).slice(-512);
    }
    this.check();
  }

  private check(): void {
    if (this.waiting && (this.waiting.test ? this.waiting.test() : this.buffer.includes(this.waiting.marker))) {
      const { resolve } = this.waiting;
      this.waiting = null;
      if (!this.keepBuffer) this.buffer = '';
      this.keepBuffer = false;
      resolve();
    }
  }
}
