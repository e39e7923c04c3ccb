import type { WebSocket } from 'ws';
import { NS } from '../namespaces.js';
import type { StreamHandler, Transport } from '../transport.js';
import type { Element } from '../../xml/element.js';
import { XmlStreamParser } from '../xml/stream-parser.js';
import type { StreamParserLimits } from '../xml/stream-parser.js';

/**
 * RFC 7395: one complete element per text frame, the stream opened and closed by `<open/>` and
 * `<close/>` in the framing namespace. Frames are fed to one parser inside a synthetic root; a frame
 * that ends anywhere but between two elements (inside a tag, an attribute, an entity or an element) is
 * refused rather than joined with the next.
 */
export class WebSocketTransport implements Transport {
  readonly kind = 'websocket';
  readonly canStartTls = false;
  private session!: StreamHandler;
  private readonly parser: XmlStreamParser;
  private closed = false;

  constructor(
    private readonly ws: WebSocket,
    readonly remoteAddress: string,
    readonly secure: boolean,
    limits: StreamParserLimits,
  ) {
    this.parser = new XmlStreamParser(
      {
        onRoot: () => undefined,
        onElement: (el) => this.onElement(el),
        onRootClose: () => undefined,
        onError: (condition, text) => this.session.onParseError(condition, text),
      },
      limits,
    );
    this.parser.write('<frames>');
  }

  attach(session: StreamHandler): void {
    this.session = session;
    this.ws.on('message', (data, isBinary) => {
      session.touch();
      if (isBinary) return session.close('bad-format', 'text frames only');
      this.parser.write(Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data));
      if (!this.parser.atElementBoundary && !this.parser.hasFailed) session.close('bad-format', 'a frame must hold whole elements');
    });
    this.ws.on('close', () => {
      this.closed = true;
      session.onTransportClosed();
    });
    this.ws.on('error', () => this.ws.terminate());
  }

  get queuedBytes(): number {
    return this.ws.bufferedAmount;
  }

  openStream(streamId: string, domain: string): void {
    this.send(`<open xmlns='${NS.framing}' id='${streamId}' from='${domain}' version='1.0' xml:lang='en'/>`);
  }

  send(xml: string): void {
    if (this.closed) return;
    this.ws.send(xml);
  }

  sendParts(head: string, shared: Buffer): void {
    if (this.closed) return;
    this.ws.send(Buffer.concat([Buffer.from(head), shared]), { binary: false });
  }

  expectRestart(): void {}

  startTls(): void {}

  closeWithError(streamError: string, abort = false): void {
    if (this.closed) return;
    if (abort) {
      this.closed = true;
      this.ws.terminate();
      return;
    }
    this.send(streamError);
    this.close();
  }

  close(): void {
    if (this.closed) return;
    this.send(`<close xmlns='${NS.framing}'/>`);
    this.closed = true;
    this.ws.close(1000);
  }

  private onElement(el: Element): void {
    if (el.attr('xmlns') === NS.framing) {
      if (el.localName === 'open') return this.session.onStreamOpen(el.attributes);
      if (el.localName === 'close') return this.session.onStreamClose();
    }
    this.session.onStanza(el);
  }
}
