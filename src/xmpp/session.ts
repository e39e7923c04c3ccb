import { randomBytes } from 'node:crypto';
import type { Authenticator } from '../accounts/authenticator.js';
import type { Clock, Timer } from '../domain/clock.js';
import type { UserAccount } from '../domain/model.js';
import type { XmppLimits } from '../config.js';
import type { Logger } from '../logging.js';
import { accountJid, isValidResource, parseJid, bareJid as bareOf } from './jid.js';
import { NS } from './namespaces.js';
import { handlePubsubIq } from './pubsub/pubsub-iq.js';
import type { PubsubService } from './pubsub/pubsub-service.js';
import { PlainExchange } from './sasl/plain.js';
import type { SaslExchange, SaslStep } from './sasl/mechanism.js';
import { ScramExchange } from './sasl/scram.js';
import { serverIqPayload } from './server-iq.js';
import type { SessionRegistry } from './session-registry.js';
import { errorReply, streamError } from './stanza-errors.js';
import type { Transport } from './transport.js';
import { Element, attributes, serialize } from './xml/element.js';
import type { StreamErrorCondition } from './xml/stream-parser.js';

export interface SessionContext {
  domain: string;
  clock: Clock;
  logger: Logger;
  authenticator: Authenticator;
  registry: SessionRegistry;
  pubsub: PubsubService;
  limits: XmppLimits;
  requireTls: boolean;
  allowPlainWithoutTls: boolean;
  /** Called once when the session has ended, whatever the reason. */
  onEnded(session: XmppSession): void;
}

const MAX_SASL_FAILURES = 3;

/**
 * One client-to-server XMPP session, whatever the transport: stream negotiation (STARTTLS, SASL,
 * resource binding), then stanza handling (presence, IQs for the server and the pubsub service, message
 * routing between local users). Transports feed it parsed elements and give it a way to send bytes.
 */
export class XmppSession {
  readonly streamId = randomBytes(8).toString('hex');
  account: UserAccount | undefined;
  bareJid = '';
  resource = '';
  fullJid = '';
  available = false;
  priority = 0;
  lastActivity: number;
  pingOutstanding = false;

  private streamOpen = false;
  private authenticated = false;
  private bound = false;
  private ended = false;
  private sasl: SaslExchange | null = null;
  private saslFailures = 0;
  private presence: Element | null = null;
  private authTimer: Timer | null;
  private tokens: number;
  private lastRefill: number;
  private pingSequence = 0;

  constructor(
    private readonly ctx: SessionContext,
    readonly transport: Transport,
  ) {
    this.lastActivity = ctx.clock.now();
    this.lastRefill = this.lastActivity;
    this.tokens = ctx.limits.stanzasPerSecond * 2;
    this.authTimer = ctx.clock.setTimer(ctx.limits.authTimeoutSeconds * 1000, () => {
      this.authTimer = null;
      if (!this.authenticated) this.close('connection-timeout', 'authentication took too long');
    });
  }

  get isEnded(): boolean {
    return this.ended;
  }

  get isAuthenticated(): boolean {
    return this.authenticated;
  }

  /** Any input counts as activity, whitespace keep-alives included. */
  touch(): void {
    this.lastActivity = this.ctx.clock.now();
    this.pingOutstanding = false;
  }

  onStreamOpen(attrs: Record<string, string>): void {
    if (this.ended) return;
    const { domain } = this.ctx;
    this.transport.openStream(this.streamId, domain);
    this.streamOpen = true;
    const to = attrs['to'];
    if (to !== undefined && to.toLowerCase() !== domain) return this.close('host-unknown', `this server serves ${domain}`);
    const version = attrs['version'];
    if (version === undefined || !/^1\.\d+$/.test(version)) return this.close('unsupported-version', 'version 1.0 is required');
    this.send(this.features());
  }

  onStanza(el: Element): void {
    if (this.ended) return;
    if (!this.takeToken()) return this.close('policy-violation', 'too many stanzas per second');
    if (!this.streamOpen) return this.close('bad-format', 'stream not open');
    if (!this.authenticated) return this.negotiate(el);
    const name = el.localName;
    if (name === 'iq') return this.onIq(el);
    if (!this.bound) return this.close('not-authorized', 'bind a resource first');
    if (name === 'presence') return this.onPresence(el);
    if (name === 'message') return this.onMessage(el);
    this.close('unsupported-stanza-type', `unexpected <${el.name}>`);
  }

  onStreamClose(): void {
    if (this.ended) return;
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
    if (this.ended) return;
    this.transport.send(xml);
    this.checkQueue();
  }

  deliver(head: string, shared: Buffer): void {
    if (this.ended) return;
    this.transport.sendParts(head, shared);
    this.checkQueue();
  }

  /** Ends the stream, with a stream error when a condition is given. */
  close(condition?: string, text?: string, abort = false): void {
    if (this.ended) return;
    if (condition) this.transport.closeWithError(streamError(condition, text), abort);
    else this.transport.close();
    this.end();
  }

  /** XEP-0199 ping from the server, to tell a live client from a dead connection. */
  ping(): void {
    if (!this.bound || this.pingOutstanding) return;
    this.pingOutstanding = true;
    this.send(`<iq type='get' from='${this.ctx.domain}' to='${escapeAttr(this.fullJid)}' id='ping-${++this.pingSequence}'><ping xmlns='${NS.ping}'/></iq>`);
  }

  private checkQueue(): void {
    if (this.transport.queuedBytes > this.ctx.limits.maxQueuedBytes) this.close('policy-violation', 'output queue full', true);
  }

  private takeToken(): boolean {
    const now = this.ctx.clock.now();
    const rate = this.ctx.limits.stanzasPerSecond;
    this.tokens = Math.min(rate * 2, this.tokens + ((now - this.lastRefill) * rate) / 1000);
    this.lastRefill = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.authTimer?.cancel();
    this.authTimer = null;
    if (this.bound) {
      if (this.available) this.broadcastOwn(`<presence type='unavailable' from='${escapeAttr(this.fullJid)}'`, '');
      this.ctx.registry.unbind(this);
    }
    this.ctx.onEnded(this);
  }

  // --- negotiation -------------------------------------------------------------------------------

  private tlsRequiredHere(): boolean {
    return this.ctx.requireTls && this.transport.kind === 'tcp' && !this.transport.secure;
  }

  private features(): string {
    let body = '';
    if (!this.authenticated) {
      if (this.transport.canStartTls && !this.transport.secure) {
        body += `<starttls xmlns='${NS.tls}'>${this.ctx.requireTls ? '<required/>' : ''}</starttls>`;
      }
      if (!this.tlsRequiredHere()) {
        body += `<mechanisms xmlns='${NS.sasl}'><mechanism>SCRAM-SHA-256</mechanism><mechanism>SCRAM-SHA-1</mechanism>`;
        if (this.plainAllowed()) body += '<mechanism>PLAIN</mechanism>';
        body += '</mechanisms>';
      }
    } else {
      body += `<bind xmlns='${NS.bind}'/><session xmlns='${NS.session}'><optional/></session>`;
    }
    return `<stream:features xmlns:stream='${NS.stream}'>${body}</stream:features>`;
  }

  private plainAllowed(): boolean {
    return this.transport.secure || this.ctx.allowPlainWithoutTls;
  }

  private negotiate(el: Element): void {
    const ns = el.attr('xmlns');
    if (el.localName === 'starttls' && ns === NS.tls) {
      if (!this.transport.canStartTls || this.transport.secure) {
        this.send(`<failure xmlns='${NS.tls}'/>`);
        return this.close();
      }
      this.send(`<proceed xmlns='${NS.tls}'/>`);
      this.streamOpen = false;
      this.transport.startTls();
      return;
    }
    if (ns !== NS.sasl) return this.close('not-authorized', 'authenticate first');
    if (this.tlsRequiredHere()) {
      this.send(`<failure xmlns='${NS.sasl}'><encryption-required/></failure>`);
      return this.close('policy-violation', 'STARTTLS is required');
    }
    if (el.localName === 'auth') {
      const exchange = this.createExchange(el.attr('mechanism') ?? '');
      if (!exchange) return this.saslFailure('invalid-mechanism');
      this.sasl = exchange;
      const text = el.text().trim();
      const initial = text === '' ? null : text === '=' ? Buffer.alloc(0) : decodeBase64(text);
      if (initial === undefined) return this.saslFailure('incorrect-encoding');
      return this.saslStep(initial === null ? { kind: 'challenge', data: Buffer.alloc(0) } : exchange.respond(initial));
    }
    if (el.localName === 'response') {
      if (!this.sasl) return this.saslFailure('malformed-request');
      const text = el.text().trim();
      const data = text === '' || text === '=' ? Buffer.alloc(0) : decodeBase64(text);
      if (data === undefined) return this.saslFailure('incorrect-encoding');
      return this.saslStep(this.sasl.respond(data));
    }
    if (el.localName === 'abort') return this.saslFailure('aborted');
    this.close('not-authorized', 'authenticate first');
  }

  private createExchange(mechanism: string): SaslExchange | null {
    const { authenticator, domain } = this.ctx;
    if (mechanism === 'SCRAM-SHA-256' || mechanism === 'SCRAM-SHA-1') return new ScramExchange(mechanism, authenticator, domain);
    if (mechanism === 'PLAIN' && this.plainAllowed()) return new PlainExchange(authenticator, domain);
    return null;
  }

  private saslStep(step: SaslStep): void {
    if (step.kind === 'challenge') {
      this.send(`<challenge xmlns='${NS.sasl}'>${step.data.length ? step.data.toString('base64') : '='}</challenge>`);
      return;
    }
    if (step.kind === 'failure') return this.saslFailure(step.condition, step.text);
    this.sasl = null;
    this.authenticated = true;
    this.account = step.user;
    this.bareJid = accountJid(step.user.loginId, this.ctx.domain);
    this.authTimer?.cancel();
    this.authTimer = null;
    this.streamOpen = false;
    this.transport.expectRestart();
    this.send(`<success xmlns='${NS.sasl}'>${step.data ? step.data.toString('base64') : ''}</success>`);
  }

  private saslFailure(condition: string, text?: string): void {
    this.sasl = null;
    const textXml = text ? `<text>${text}</text>` : '';
    this.send(`<failure xmlns='${NS.sasl}'><${condition}/>${textXml}</failure>`);
    if (++this.saslFailures >= MAX_SASL_FAILURES) this.close('policy-violation', 'too many failed authentication attempts');
  }

  // --- stanzas -----------------------------------------------------------------------------------

  private onIq(iq: Element): void {
    const type = iq.attr('type');
    const id = iq.attr('id');
    if (id === undefined || (type !== 'get' && type !== 'set' && type !== 'result' && type !== 'error')) {
      return this.reply(errorReply(iq, undefined, this.replyTo(), 'bad-request'));
    }
    if (type === 'result' || type === 'error') return; // answers to our pings, or stray replies
    const payload = iq.elements()[0];
    if (!this.bound) {
      if (type === 'set' && payload?.localName === 'bind' && payload.attr('xmlns') === NS.bind) return this.bind(iq, payload);
      return this.reply(errorReply(iq, undefined, this.replyTo(), 'not-authorized'));
    }
    if (payload?.localName === 'bind' && payload.attr('xmlns') === NS.bind) return this.reply(errorReply(iq, undefined, this.fullJid, 'not-allowed'));
    const to = iq.attr('to');
    const { domain, pubsub } = this.ctx;
    const target = to === undefined ? null : parseJid(to);
    if (to !== undefined && target === null) return this.reply(errorReply(iq, undefined, this.fullJid, 'jid-malformed'));
    if (target === null || (target.local === '' && target.domain === domain && target.resource === '')) {
      return this.answer(iq, serverIqPayload(iq, to === undefined ? 'account' : 'server', domain), to);
    }
    if (target.local === '' && target.domain === pubsub.jid && target.resource === '') {
      const outcome = handlePubsubIq(iq, this.account!, pubsub);
      if ('payload' in outcome) return this.reply(resultIq(id, pubsub.jid, this.fullJid, outcome.payload));
      const extra = outcome.pubsubCondition ? `<${outcome.pubsubCondition} xmlns='${NS.pubsubErrors}'/>` : '';
      return this.reply(errorReply(iq, pubsub.jid, this.fullJid, outcome.error, extra));
    }
    if (bareOf(target) === this.bareJid && target.resource === '') return this.answer(iq, serverIqPayload(iq, 'account', domain), to);
    this.reply(errorReply(iq, to, this.fullJid, 'service-unavailable'));
  }

  private answer(iq: Element, payload: string | undefined, from: string | undefined): void {
    if (payload === undefined) return this.reply(errorReply(iq, from, this.fullJid, 'service-unavailable'));
    this.reply(resultIq(iq.attr('id')!, from, this.fullJid, payload));
  }

  private reply(xml: string): void {
    this.send(xml);
  }

  private replyTo(): string {
    return this.fullJid || this.bareJid || this.ctx.domain;
  }

  private bind(iq: Element, bindEl: Element): void {
    const requested = bindEl.child('resource')?.text().trim() ?? '';
    if (requested !== '' && !isValidResource(requested)) return this.reply(errorReply(iq, undefined, this.bareJid, 'bad-request'));
    this.resource = requested || `openfinesse-${randomBytes(6).toString('hex')}`;
    this.fullJid = `${this.bareJid}/${this.resource}`;
    this.bound = true;
    const previous = this.ctx.registry.bind(this, this.bareJid, this.resource);
    previous?.close('conflict', 'replaced by a new session');
    this.reply(resultIq(iq.attr('id')!, undefined, this.fullJid, `<bind xmlns='${NS.bind}'><jid>${escapeText(this.fullJid)}</jid></bind>`));
  }

  private onPresence(presence: Element): void {
    const type = presence.attr('type');
    const to = presence.attr('to');
    if (to !== undefined) {
      if (type === 'probe') this.answerProbe(to);
      return; // directed presence and subscription requests have no roster to act on
    }
    if (type === undefined) {
      const priority = Number.parseInt(presence.child('priority')?.text() ?? '0', 10);
      this.priority = Number.isFinite(priority) ? Math.max(-128, Math.min(127, priority)) : 0;
      this.presence = presence;
      const wasAvailable = this.available;
      this.ctx.registry.markAvailable(this);
      this.broadcastOwn(`<presence from='${escapeAttr(this.fullJid)}'`, childrenXml(presence));
      if (!wasAvailable) this.send(`<presence from='finesse@${this.ctx.domain}' to='${escapeAttr(this.fullJid)}'/>`);
      this.ctx.registry.deliverPending(this);
      return;
    }
    if (type === 'unavailable') {
      if (!this.available) return;
      this.broadcastOwn(`<presence type='unavailable' from='${escapeAttr(this.fullJid)}'`, childrenXml(presence));
      this.ctx.registry.markUnavailable(this);
      this.presence = null;
    }
  }

  /** Sends this resource's presence to every available resource of the same account, itself included. */
  private broadcastOwn(head: string, children: string): void {
    for (const other of this.ctx.registry.resourcesOf(this.bareJid)) {
      if (!other.available && other !== this) continue;
      other.send(`${head} to='${escapeAttr(other.fullJid)}'${children ? `>${children}</presence>` : '/>'}`);
    }
  }

  private answerProbe(to: string): void {
    const target = parseJid(to);
    const me = escapeAttr(this.fullJid);
    if (!target) return;
    const bare = bareOf(target);
    if (bare === this.bareJid) {
      for (const own of this.ctx.registry.resourcesOf(this.bareJid)) {
        if (own.available) this.send(`<presence from='${escapeAttr(own.fullJid)}' to='${me}'>${childrenXml(own.presence)}</presence>`);
      }
      return;
    }
    if (bare === `finesse@${this.ctx.domain}`) return this.send(`<presence from='${escapeAttr(bare)}' to='${me}'/>`);
    this.send(`<presence type='unavailable' from='${escapeAttr(bare)}' to='${me}'/>`);
  }

  private onMessage(message: Element): void {
    const to = message.attr('to');
    const target = to === undefined ? null : parseJid(to);
    if (!target || target.local === '') return;
    const recipients = target.resource
      ? [this.ctx.registry.find(bareOf(target), target.resource)]
      : [...this.ctx.registry.resourcesOf(bareOf(target))].filter((s) => s.available && s.priority >= 0);
    const { xmlns: _ignored, ...attrs } = message.attrs;
    const stamped = new Element(message.name, { ...attrs, from: this.fullJid });
    stamped.children.push(...message.children);
    const xml = serialize(stamped);
    for (const session of recipients) session?.send(xml);
  }
}

function resultIq(id: string, from: string | undefined, to: string, payload: string): string {
  const head = `<iq type='result'${attributes({ id, from, to })}`;
  return payload ? `${head}>${payload}</iq>` : `${head}/>`;
}

function childrenXml(el: Element | null): string {
  if (!el) return '';
  let out = '';
  for (const c of el.children) out += typeof c === 'string' ? escapeText(c) : serialize(c);
  return out;
}

function decodeBase64(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  return Buffer.from(text, 'base64');
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/'/g, '&apos;').replace(/</g, '&lt;');
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
