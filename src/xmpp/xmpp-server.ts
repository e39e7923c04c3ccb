import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { createSecureContext } from 'node:tls';
import type { SecureContext, TLSSocket } from 'node:tls';
import { WebSocketServer } from 'ws';
import { composeSessionServices } from './compose.js';
import { LocalBroadcaster } from './local-broadcaster.js';
import { KeepAlive } from './modules/ping.js';
import type { Clock, ConnectionAdmission, Logger, XmppLimits } from './ports.js';
import type { NodePolicy, SubscriptionStore } from './pubsub/ports.js';
import { PubsubService } from './pubsub/pubsub-service.js';
import { streamError } from './replies.js';
import type { SaslAuthenticator } from './sasl/authenticator.js';
import { XmppSession } from './session.js';
import type { SessionServices } from './session.js';
import { SessionRegistry } from './session-registry.js';
import type { StreamHandler, Transport } from './transport.js';
import { BoshService } from './transports/bosh.js';
import { TcpTransport } from './transports/tcp.js';
import { WebSocketTransport } from './transports/websocket.js';

export interface PubsubOptions {
  /** Who may subscribe to which node, and who is subscribed without asking. */
  policy: NodePolicy;
  /** Where explicit subscriptions are kept. */
  subscriptions: SubscriptionStore;
  /** The service's name in discovery. */
  name?: string;
  /** The item payload a publication carries, from what `publish` is given; default: as given. */
  encodePayload?: (published: string) => string;
}

export interface XmppServerOptions {
  domain: string;
  clock: Clock;
  logger: Logger;
  /** Checks SASL credentials (PLAIN, SCRAM) and keeps the lockout count. */
  authenticator: SaslAuthenticator;
  /** Key and certificate for STARTTLS on TCP; null disables STARTTLS. */
  tls: { key: string | Buffer; cert: string | Buffer } | null;
  requireTls: boolean;
  allowPlainWithoutTls: boolean;
  limits: XmppLimits;
  pubsub: PubsubOptions;
  /** The server's name in discovery; default `openfinesse`. */
  name?: string;
  /** A bare JID every user sees available, which greets each newly available resource; default none. */
  serviceContact?: string | null;
  /** Who counts the connections from each address against the cap (`limits.maxConnectionsPerIp`, this server's or a cluster's). */
  admission: ConnectionAdmission;
}

const WEBSOCKET_PATHS = new Set(['/ws', '/ws/']);

/**
 * The XMPP server: client-to-server sessions over TCP, BOSH and WebSocket, put together from the stream
 * features, the IQ router and the modules, with a pubsub component at `pubsub.<domain>`. Emits
 * `available` / `unavailable` with a loginId when an account gains its first or loses its last
 * available resource.
 */
export class XmppServer extends EventEmitter {
  readonly pubsub: PubsubService;
  readonly registry = new SessionRegistry<XmppSession>();
  /** Delivers publications to the sessions of this process, keeping some for not yet available ones. */
  readonly broadcaster: LocalBroadcaster<XmppSession>;
  private readonly sessions = new Set<XmppSession>();
  private readonly admission: ConnectionAdmission;
  private readonly sockets = new Set<Socket>();
  private readonly secureContext: SecureContext | null;
  private readonly services: SessionServices;
  private readonly bosh: BoshService;
  private readonly wss: WebSocketServer;
  private readonly keepAlive: KeepAlive<XmppSession>;
  private tcpServer: Server | null = null;
  private closed = false;

  constructor(private readonly options: XmppServerOptions) {
    super();
    const { domain, clock, limits } = options;
    this.broadcaster = new LocalBroadcaster(this.registry, clock, {
      maxItems: limits.pendingMaxItems,
      maxBytes: limits.pendingMaxBytes,
      maxAgeMs: limits.pendingMaxAgeSeconds * 1000,
    });
    this.admission = options.admission;
    this.secureContext = options.tls ? createSecureContext({ key: options.tls.key, cert: options.tls.cert }) : null;
    this.pubsub = new PubsubService({ domain, ...options.pubsub, broadcaster: this.broadcaster, clock });
    this.registry.on('available', (loginId: string) => this.emit('available', loginId));
    this.registry.on('unavailable', (loginId: string) => this.emit('unavailable', loginId));
    this.services = composeSessionServices({
      ...options,
      registry: this.registry,
      broadcaster: this.broadcaster,
      pubsub: this.pubsub,
      name: options.name ?? 'openfinesse',
      serviceContact: options.serviceContact ?? null,
      ended: (session) => this.onSessionEnded(session),
    });
    this.bosh = new BoshService({
      clock,
      limits,
      maxSessions: limits.maxBoshSessions,
      createSession: (transport) => this.startSession(transport),
    });
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: limits.maxStanzaBytes * 4,
      handleProtocols: (protocols) => (protocols.has('xmpp') ? 'xmpp' : false),
    });
    this.keepAlive = new KeepAlive(domain, clock, limits.idleTimeoutSeconds, () => this.sessions);
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  listen(port: number, host: string): Promise<number> {
    const server = createServer((socket) => this.onTcpConnection(socket));
    server.on('error', (err) => this.options.logger.error({ err }, 'xmpp listener error'));
    this.tcpServer = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  handleBoshRequest(req: IncomingMessage, res: ServerResponse): void {
    this.bosh.handle(req, res, (req.socket as TLSSocket).encrypted === true);
  }

  handleWebSocketUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const path = (req.url ?? '').split('?')[0]!;
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    if (this.closed || !WEBSOCKET_PATHS.has(path) || !offered.includes('xmpp')) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const remoteAddress = req.socket.remoteAddress ?? 'unknown';
    const secure = (req.socket as TLSSocket).encrypted === true;
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const transport = new WebSocketTransport(ws, remoteAddress, secure, this.options.limits);
      const session = this.startSession(transport);
      if (!session) {
        ws.close(1013, 'too many connections');
        return;
      }
      transport.attach(session);
    });
  }

  /** Ends every session with a stream close and stops listening. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.keepAlive.stop();
    for (const session of [...this.sessions]) session.close('system-shutdown');
    this.bosh.close();
    const server = this.tcpServer;
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (const socket of this.sockets) socket.destroy();
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private onTcpConnection(socket: Socket): void {
    socket.on('error', () => socket.destroy());
    if (this.closed) return void socket.destroy();
    socket.setNoDelay(true);
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    const transport = new TcpTransport(socket, this.secureContext, this.options.limits);
    const session = this.startSession(transport);
    if (!session) {
      socket.resume(); // nothing reads a refused socket: drop what arrives so that the peer's close is seen
      socket.end(
        `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>${streamError('policy-violation', 'too many connections')}</stream:stream>`,
      );
      return;
    }
    transport.attach(session);
  }

  private startSession(transport: Transport): StreamHandler | null {
    if (this.closed) return null;
    if (!this.admission.admit(transport.remoteAddress)) return null;
    const session = new XmppSession(this.services, transport);
    this.sessions.add(session);
    return session;
  }

  private onSessionEnded(session: XmppSession): void {
    if (!this.sessions.delete(session)) return;
    this.admission.release(session.transport.remoteAddress);
  }
}
