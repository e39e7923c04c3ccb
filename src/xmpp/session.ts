import { randomBytes } from 'node:crypto';
import type { Element } from '../xml/element.js';
import { TokenBucket, outputCapExceeded } from './modules/limits.js';
import type { PingableSession } from './modules/ping.js';
import { NS } from './namespaces.js';
import type { Clock, Timer, XmppAccount, XmppLimits } from './ports.js';
import { streamError } from './replies.js';
import type { SessionHandle, StanzaHandler, StreamFeature } from './session-api.js';
import { PHASE_AFTER_STREAM_OPEN, PhaseError, canTransition, isAuthenticated } from './session-phase.js';
import type { SessionPhase } from './session-phase.js';
import type { StreamHandler, Transport } from './transport.js';
import type { StreamErrorCondition } from './xml/stream-parser.js';

/** What every session of one server shares: the modules, built once by the server. */
export interface SessionServices {
  domain: string;
  clock: Clock;
  limits: XmppLimits;
  /** Offered and negotiated before authentication, in this order (STARTTLS, SASL). */
  negotiation: readonly StreamFeature<XmppSession>[];
  /** Offered once authenticated (resource binding, session establishment). */
  boundFeatures: readonly StreamFeature<XmppSession>[];
  /** Handles the IQs of an authenticated session that is not bound yet. */
  onIqBeforeBind: StanzaHandler<XmppSession>;
  /** Handles the stanzas of a bound session, by local name (`iq`, `presence`, `message`). */
  stanzas: ReadonlyMap<string, StanzaHandler<XmppSession>>;
  /** Called once when the session has ended, whatever the reason; `wasBound` if a resource was bound. */
  ended(session: XmppSession, wasBound: boolean): void;
}

/**
 * One client-to-server XMPP session, whatever the transport: one explicit phase (session-phase.ts), the
 * stream header and features, and the dispatch of each element to the stream feature or stanza module
 * that handles it in the current phase. The session itself knows no protocol beyond RFC 6120 framing;
 * the per-connection limits (stanza rate, output queue, authentication time) are enforced here.
 */
export class XmppSession implements SessionHandle, StreamHandler, PingableSession {
  readonly streamId = randomBytes(8).toString('hex');
  account: XmppAccount | undefined;
  bareJid = '';
  resource = '';
  fullJid = '';
  available = false;
  priority = 0;
  presence: Element | null = null;
  lastActivity: number;
  pingOutstanding = false;
  pingSequence = 0;

  private current: SessionPhase = 'opening';
  private authTimer: Timer | null;
  private readonly rate: TokenBucket;

  constructor(
    private readonly services: SessionServices,
    readonly transport: Transport,
  ) {
    const { clock, limits } = services;
    this.lastActivity = clock.now();
    this.rate = new TokenBucket(limits.stanzasPerSecond, this.lastActivity);
    this.authTimer = clock.setTimer(limits.authTimeoutSeconds * 1000, () => {
      this.authTimer = null;
      if (this.current !== 'closed' && !isAuthenticated(this.current)) this.close('connection-timeout', 'authentication took too long');
    });
  }

  get phase(): SessionPhase {
    return this.current;
  }

  get isEnded(): boolean {
    return this.current === 'closed';
  }

  /** Any input counts as activity, whitespace keep-alives included. */
  touch(): void {
    this.lastActivity = this.services.clock.now();
    this.pingOutstanding = false;
  }

  moveTo(phase: SessionPhase): void {
    if (!canTransition(this.current, phase)) throw new PhaseError(this.current, phase);
    this.current = phase;
  }

  onStreamOpen(attributes: Record<string, string>): void {
    const next = PHASE_AFTER_STREAM_OPEN[this.current];
    if (next === null) return;
    const { domain } = this.services;
    this.transport.openStream(this.streamId, domain);
    this.moveTo(next);
    const to = attributes.to;
    if (to !== undefined && to.toLowerCase() !== domain) return this.close('host-unknown', `this server serves ${domain}`);
    const version = attributes.version;
    if (version === undefined || !/^1\.\d+$/.test(version)) return this.close('unsupported-version', 'version 1.0 is required');
    this.send(this.features());
  }

  onStanza(element: Element): void {
    if (this.current === 'closed') return;
    if (!this.rate.take(this.services.clock.now())) return this.close('policy-violation', 'too many stanzas per second');
    switch (this.current) {
      case 'authenticating':
        for (const feature of this.services.negotiation) if (feature.negotiate?.(element, this)) return;
        return this.close('not-authorized', 'authenticate first');
      case 'binding':
        if (element.localName === 'iq') return this.services.onIqBeforeBind(element, this);
        return this.close('not-authorized', 'bind a resource first');
      case 'bound': {
        const handler = this.services.stanzas.get(element.localName);
        if (handler) return handler(element, this);
        return this.close('unsupported-stanza-type', `unexpected <${element.name}>`);
      }
      default:
        return this.close('bad-format', 'stream not open');
    }
  }

  onStreamClose(): void {
    if (this.current === 'closed') return;
    this.transport.close();
    this.end();
  }

  onParseError(condition: StreamErrorCondition, text: string): void {
    this.close(condition, text);
  }

  onTransportClosed(): void {
    this.end();
  }

  send(xml: string): void {
    if (this.current === 'closed') return;
    this.transport.send(xml);
    this.checkQueue();
  }

  deliver(head: string, shared: Buffer): void {
    if (this.current === 'closed') return;
    this.transport.sendParts(head, shared);
    this.checkQueue();
  }

  /** Ends the stream, with a stream error when a condition is given. */
  close(condition?: string, text?: string, abort = false): void {
    if (this.current === 'closed') return;
    if (condition) this.transport.closeWithError(streamError(condition, text), abort);
    else this.transport.close();
    this.end();
  }

  authenticated(account: XmppAccount, bareJid: string): void {
    this.account = account;
    this.bareJid = bareJid;
    this.authTimer?.cancel();
    this.authTimer = null;
    this.moveTo('restarting');
    this.transport.expectRestart();
  }

  bound(resource: string): void {
    this.resource = resource;
    this.fullJid = `${this.bareJid}/${resource}`;
    this.moveTo('bound');
  }

  private features(): string {
    let body = '';
    for (const feature of isAuthenticated(this.current) ? this.services.boundFeatures : this.services.negotiation) body += feature.offer(this);
    return `<stream:features xmlns:stream='${NS.stream}'>${body}</stream:features>`;
  }

  private checkQueue(): void {
    if (outputCapExceeded(this.transport, this.services.limits.maxQueuedBytes)) this.close('policy-violation', 'output queue full', true);
  }

  private end(): void {
    if (this.current === 'closed') return;
    const wasBound = this.current === 'bound';
    this.moveTo('closed');
    this.authTimer?.cancel();
    this.authTimer = null;
    this.services.ended(this, wasBound);
  }
}
