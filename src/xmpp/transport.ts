import type { Element } from '../xml/element.js';
import type { StreamErrorCondition } from './xml/stream-parser.js';

export type TransportKind = 'tcp' | 'bosh' | 'websocket';

/**
 * What a session needs from the connection beneath it. Each transport frames the stream its own way
 * (stream header, WebSocket `<open/>`, BOSH `<body/>`); the session only ever hands over whole stanzas.
 */
export interface Transport {
  readonly kind: TransportKind;
  readonly remoteAddress: string;
  /** Whether the bytes travel inside TLS (STARTTLS done, or an HTTPS/WSS listener). */
  readonly secure: boolean;
  /** Whether STARTTLS can be offered now. */
  readonly canStartTls: boolean;
  /** Bytes accepted for sending but not yet handed to the operating system. */
  readonly queuedBytes: number;
  /** Answers the client's stream open (again after each restart). */
  openStream(streamId: string, domain: string): void;
  /** Queues one complete top-level element; writes are batched. */
  send(xml: string): void;
  /** Queues one element given as a per-recipient head plus bytes shared by all recipients. */
  sendParts(head: string, shared: Buffer): void;
  /** The client will open a new stream on the same connection (after SASL success). */
  expectRestart(): void;
  /** Switches to TLS after `<proceed/>` was sent; only when `canStartTls`. */
  startTls(): void;
  /**
   * Sends `<stream:error>` (already serialized), ends the stream and closes the connection. With `abort`
   * queued output is dropped and the connection destroyed at once (for peers that stopped reading).
   */
  closeWithError(streamError: string, abort?: boolean): void;
  /** Ends the stream cleanly and closes the connection. */
  close(): void;
}

/**
 * What a transport tells the stream above it — the only thing transports know of sessions. Every
 * transport reports the same events: stream opened (header, `<open/>`, or a BOSH session creation or
 * restart), each top-level element, stream closed, bad input, connection gone.
 */
export interface StreamHandler {
  /** Any input counts as activity, whitespace keep-alives included. */
  touch(): void;
  onStreamOpen(attributes: Record<string, string>): void;
  onStanza(element: Element): void;
  onStreamClose(): void;
  onParseError(condition: StreamErrorCondition, text: string): void;
  onTransportClosed(): void;
  /** Ends the stream, with a stream error when a condition is given. */
  close(condition?: string, text?: string, abort?: boolean): void;
}
