import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { withTimeout } from './client.js';

export const STREAM_OPEN = `<?xml version='1.0'?><stream:stream to='localhost' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>`;
const SASL = 'urn:ietf:params:xml:ns:xmpp-sasl';

/**
 * A raw XMPP client over TCP for tests that need to see or send exact bytes: what arrives is kept as
 * text and read with regular expressions, in order.
 */
export class RawXmpp {
  private buffer = '';
  private waiters: (() => void)[] = [];
  /** Resolves when the server has closed the connection (or it was destroyed). */
  readonly closed: Promise<void>;
  private resolveClosed!: () => void;
  isClosed = false;

  private constructor(private socket: Socket) {
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    this.listen(socket);
  }

  static async connect(port: number): Promise<RawXmpp> {
    const socket = connect({ port, host: '127.0.0.1' });
    await withTimeout(new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject)), 'tcp connect');
    return new RawXmpp(socket);
  }

  get raw(): Socket {
    return this.socket;
  }

  /** Everything received and not yet consumed by `read`. */
  get unread(): string {
    return this.buffer;
  }

  send(text: string): void {
    if (!this.socket.destroyed) this.socket.write(text);
  }

  /** Opens the stream and returns the features text. */
  async open(): Promise<string> {
    this.send(STREAM_OPEN);
    return (await this.read(/<stream:features[^>]*\/>|<stream:features[\s\S]*?<\/stream:features>/, 'stream features'))[0];
  }

  /** Waits for the pattern in the unread text; consumes everything up to the end of the match. */
  async read(pattern: RegExp, what = String(pattern)): Promise<RegExpExecArray> {
    return withTimeout(
      (async () => {
        for (;;) {
          const match = pattern.exec(this.buffer);
          if (match) {
            this.buffer = this.buffer.slice(match.index + match[0].length);
            return match;
          }
          if (this.isClosed) throw new Error(`closed before ${what}; unread: ${this.buffer}`);
          await new Promise<void>((resolve) => this.waiters.push(resolve));
        }
      })(),
      `${what}; unread: ${this.buffer.slice(0, 500)}`,
    );
  }

  /** The condition of the stream error the server ended the stream with. */
  async streamError(): Promise<string> {
    const m = await this.read(/<stream:error[^>]*>\s*<([a-z-]+)/, 'stream error');
    return m[1]!;
  }

  async startTls(): Promise<void> {
    this.send(`<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>`);
    await this.read(/<proceed[^>]*\/>/, 'proceed');
    const plain = this.socket;
    plain.removeAllListeners('data');
    const secure = tlsConnect({ socket: plain, rejectUnauthorized: false, servername: 'localhost' });
    await withTimeout(new Promise<void>((resolve, reject) => secure.once('secureConnect', resolve).once('error', reject)), 'tls handshake');
    this.socket = secure;
    this.listen(secure);
  }

  /** SASL PLAIN; resolves with the server's answer element name and condition. */
  async plain(user: string, password = 'demo'): Promise<{ outcome: string; condition?: string }> {
    this.send(`<auth xmlns='${SASL}' mechanism='PLAIN'>${Buffer.from(`\0${user}\0${password}`).toString('base64')}</auth>`);
    return this.saslOutcome();
  }

  /** A full SCRAM exchange (RFC 5802, no channel binding). */
  async scram(mechanism: 'SCRAM-SHA-1' | 'SCRAM-SHA-256', user: string, password = 'demo'): Promise<{ outcome: string; condition?: string }> {
    const hash = mechanism === 'SCRAM-SHA-1' ? 'sha1' : 'sha256';
    const clientNonce = randomBytes(18).toString('base64');
    const bare = `n=${user},r=${clientNonce}`;
    this.send(`<auth xmlns='${SASL}' mechanism='${mechanism}'>${Buffer.from(`n,,${bare}`).toString('base64')}</auth>`);
    const step = await this.read(/<(challenge|failure)[^>]*>([\s\S]*?)<\/\1>/, 'scram challenge');
    if (step[1] === 'failure') return { outcome: 'failure', condition: /<([a-z-]+)\/>/.exec(step[2]!)?.[1] };
    const serverFirst = Buffer.from(step[2]!, 'base64').toString('utf8');
    const fields = Object.fromEntries(serverFirst.split(',').map((kv) => [kv[0], kv.slice(2)]));
    const salted = pbkdf2Sync(password, Buffer.from(fields.s!, 'base64'), Number(fields.i), hash === 'sha1' ? 20 : 32, hash);
    const clientKey = createHmac(hash, salted).update('Client Key').digest();
    const storedKey = createHash(hash).update(clientKey).digest();
    const withoutProof = `c=${Buffer.from('n,,').toString('base64')},r=${fields.r}`;
    const signature = createHmac(hash, storedKey).update(`${bare},${serverFirst},${withoutProof}`).digest();
    const proof = Buffer.from(clientKey.map((b, i) => b ^ signature[i]!));
    this.send(`<response xmlns='${SASL}'>${Buffer.from(`${withoutProof},p=${proof.toString('base64')}`).toString('base64')}</response>`);
    return this.saslOutcome();
  }

  /** After SASL success: restart, bind, and optionally send initial presence. Returns the bound JID. */
  async bind(resource: string, presence = true): Promise<string> {
    await this.open();
    this.send(`<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>${resource}</resource></bind></iq>`);
    const jid = (await this.read(/<jid>([^<]+)<\/jid>/, 'bound jid'))[1]!;
    if (presence) this.send(`<presence><priority>0</priority></presence>`);
    return jid;
  }

  /** Connect, PLAIN, bind (and presence) in one go. */
  static async login(port: number, user: string, resource: string, presence = true): Promise<RawXmpp> {
    const raw = await RawXmpp.connect(port);
    await raw.open();
    const auth = await raw.plain(user);
    if (auth.outcome !== 'success') throw new Error(`login ${user}: ${auth.condition}`);
    await raw.bind(resource, presence);
    return raw;
  }

  destroy(): void {
    this.socket.destroy();
  }

  private async saslOutcome(): Promise<{ outcome: string; condition?: string }> {
    const m = await this.read(/<(success|failure)[^>]*?(\/>|>([\s\S]*?)<\/\1>)/, 'sasl outcome');
    if (m[1] === 'success') return { outcome: 'success' };
    return { outcome: 'failure', condition: /<([a-z-]+)\/>/.exec(m[3] ?? '')?.[1] };
  }

  private listen(socket: Socket): void {
    const decoder = new StringDecoder('utf8');
    socket.on('data', (chunk: Buffer) => {
      this.buffer += decoder.write(chunk);
      this.wake();
    });
    socket.on('close', () => {
      this.isClosed = true;
      this.resolveClosed();
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}
