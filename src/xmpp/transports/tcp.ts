import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import type { SecureContext } from 'node:tls';
import { NS } from '../namespaces.js';
import type { StreamHandler, Transport } from '../transport.js';
import type { Element } from '../../xml/element.js';
import { XmlStreamParser } from '../xml/stream-parser.js';
import type { StreamParserLimits } from '../xml/stream-parser.js';

/** Seconds a closed stream waits for the peer to close its side before the socket is destroyed. */
const LINGER_MS = 10_000;

/**
 * RFC 6120 over a TCP connection: `<stream:stream>` framing, STARTTLS. Writes are corked and flushed once
 * per event-loop turn (setImmediate), so every notification produced while the loop handled one batch of
 * I/O leaves in a single writev.
 */
export class TcpTransport implements Transport {
  readonly kind = 'tcp';
  readonly remoteAddress: string;
  secure = false;
  private session!: StreamHandler;
  private readonly parser: XmlStreamParser;
  private headerSent = false;
  private corked = false;
  /** Bytes written since the last flush: still in our cork, not a sign of a slow reader. */
  private bytesThisTurn = 0;
  private closed = false;
  private readonly onData = (chunk: Buffer): void => {
    this.session.touch();
    this.parser.write(chunk);
  };
  private readonly onClose = (): void => {
    this.closed = true;
    this.session.onTransportClosed();
  };
  private readonly onError = (): void => {
    this.socket.destroy();
  };
  private readonly uncork = (): void => {
    this.corked = false;
    this.bytesThisTurn = 0;
    this.socket.uncork();
  };

  constructor(
    private socket: Socket,
    private readonly secureContext: SecureContext | null,
    limits: StreamParserLimits,
  ) {
    this.remoteAddress = socket.remoteAddress ?? 'unknown';
    this.parser = new XmlStreamParser(
      {
        onRoot: (root) => this.onRoot(root),
        onElement: (el) => this.session.onStanza(el),
        onRootClose: () => this.session.onStreamClose(),
        onError: (condition, text) => this.session.onParseError(condition, text),
      },
      limits,
    );
  }

  attach(session: StreamHandler): void {
    this.session = session;
    this.listen(this.socket);
  }

  get canStartTls(): boolean {
    return this.secureContext !== null && !this.secure;
  }

  /** What earlier flushes left unsent because the peer does not read fast enough. */
  get queuedBytes(): number {
    return Math.max(0, this.socket.writableLength - this.bytesThisTurn);
  }

  openStream(streamId: string, domain: string): void {
    this.headerSent = true;
    this.write(
      `<?xml version='1.0'?><stream:stream xmlns='${NS.client}' xmlns:stream='${NS.stream}' id='${streamId}' from='${domain}' version='1.0' xml:lang='en'>`,
    );
  }

  send(xml: string): void {
    this.write(xml);
  }

  sendParts(head: string, shared: Buffer): void {
    if (this.closed || !this.socket.writable) return;
    this.cork();
    this.bytesThisTurn += head.length + shared.length;
    this.socket.write(head);
    this.socket.write(shared);
  }

  expectRestart(): void {
    this.parser.restart();
  }

  startTls(): void {
    if (!this.secureContext) return;
    const raw = this.socket;
    if (this.corked) this.uncork();
    raw.off('data', this.onData).off('close', this.onClose).off('error', this.onError);
    const secure = new TLSSocket(raw, { isServer: true, secureContext: this.secureContext });
    this.socket = secure;
    this.secure = true;
    this.parser.reset();
    raw.on('error', () => secure.destroy());
    this.listen(secure);
  }

  closeWithError(streamError: string, abort = false): void {
    if (this.closed) return;
    if (!this.headerSent) this.openStream('error', 'error');
    this.write(`${streamError}</stream:stream>`);
    if (abort) this.socket.destroy();
    else this.end();
  }

  close(): void {
    if (this.closed) return;
    this.write('</stream:stream>');
    this.end();
  }

  private end(): void {
    this.closed = true;
    this.parser.reset();
    if (this.corked) this.uncork();
    this.socket.end();
    this.socket.setTimeout(LINGER_MS, () => this.socket.destroy());
  }

  private onRoot(root: Element): void {
    if (root.localName !== 'stream' || root.namespace !== NS.stream) return this.session.close('invalid-namespace', 'expected <stream:stream>');
    if (root.attr('xmlns') !== NS.client) return this.session.close('invalid-namespace', 'default namespace must be jabber:client');
    this.session.onStreamOpen(root.attributes);
  }

  private write(data: string): void {
    if (this.closed || !this.socket.writable) return;
    this.cork();
    this.bytesThisTurn += Buffer.byteLength(data);
    this.socket.write(data);
  }

  private cork(): void {
    if (this.corked) return;
    this.corked = true;
    this.socket.cork();
    setImmediate(this.uncork);
  }

  private listen(socket: Socket): void {
    socket.on('data', this.onData).on('close', this.onClose).on('error', this.onError);
  }
}
