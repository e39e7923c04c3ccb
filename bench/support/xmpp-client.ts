import { connect, type Socket } from 'node:net';

/**
 * A bare-bones XMPP client for load generation: PLAIN over plain TCP, no XML parser. It recognises the
 * few replies it waits for by substring and, once subscribed, only scans incoming bytes for the
 * requestId of each notification.
 */
export class BenchXmppClient {
  private socket!: Socket;
  private buffer = '';
  private waiting: { marker: string; resolve: () => void } | null = null;
  /** Called with the requestId of every notification received, at the moment it was read. */
  onNotification: (requestId: string, at: number) => void = () => undefined;
  private streaming = false;

  constructor(
    private readonly port: number,
    readonly user: string,
    private readonly password: string,
    readonly resource: string,
  ) {}

  get jid(): string {
    return `${this.user.toLowerCase()}@localhost/${this.resource}`;
  }

  async login(): Promise<void> {
    this.socket = connect(this.port, '127.0.0.1');
    this.socket.setNoDelay(true);
    this.socket.setEncoding('utf8');
    this.socket.on('data', (chunk: string) => this.onData(chunk));
    this.socket.on('error', () => undefined);
    await new Promise<void>((resolve) => this.socket.once('connect', () => resolve()));
    const header = `<?xml version='1.0'?><stream:stream to='localhost' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>`;
    await this.exchange(header, '</stream:features>');
    const plain = Buffer.from(`\0${this.user}\0${this.password}`).toString('base64');
    await this.exchange(`<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${plain}</auth>`, '<success');
    await this.exchange(header, '</stream:features>');
    await this.exchange(`<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>${this.resource}</resource></bind></iq>`, "id='b1'");
    await this.exchange(`<presence><priority>0</priority></presence>`, "from='finesse@");
  }

  async subscribe(node: string): Promise<void> {
    await this.exchange(
      `<iq type='set' id='s1' to='pubsub.localhost'><pubsub xmlns='http://jabber.org/protocol/pubsub'><subscribe node='${node}' jid='${this.jid}'/></pubsub></iq>`,
      "id='s1'",
    );
    this.streaming = true;
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
    if (this.waiting && this.buffer.includes(this.waiting.marker)) {
      const { resolve } = this.waiting;
      this.waiting = null;
      this.buffer = '';
      resolve();
    }
  }
}
