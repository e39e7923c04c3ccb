import { ManualClock } from '../../../../src/domain/clock.js';
import type { Element } from '../../../../src/xml/element.js';
import { composeSessionServices } from '../../../../src/xmpp/compose.js';
import { LocalBroadcaster } from '../../../../src/xmpp/local-broadcaster.js';
import type { XmppAccount, XmppLimits } from '../../../../src/xmpp/ports.js';
import type { NodeAccess, NodePolicy, StoredSubscription, SubscriptionStore } from '../../../../src/xmpp/pubsub/ports.js';
import { PubsubService } from '../../../../src/xmpp/pubsub/pubsub-service.js';
import type { SaslAuthenticator } from '../../../../src/xmpp/sasl/authenticator.js';
import { XmppSession } from '../../../../src/xmpp/session.js';
import { SessionRegistry } from '../../../../src/xmpp/session-registry.js';
import type { Transport, TransportKind } from '../../../../src/xmpp/transport.js';
import { XmlStreamParser } from '../../../../src/xmpp/xml/stream-parser.js';

/** Parses one stanza as the stream parser would hand it over (inside a jabber:client stream). */
export function stanza(xml: string): Element {
  let result: Element | undefined;
  const parser = new XmlStreamParser(
    {
      onRoot: () => undefined,
      onElement: (el) => (result = el),
      onRootClose: () => undefined,
      onError: (_condition, text) => {
        throw new Error(text);
      },
    },
    { maxStanzaBytes: 1 << 20, maxDepth: 32 },
  );
  parser.write(`<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>${xml}`);
  if (!result) throw new Error(`no complete stanza in ${xml}`);
  return result;
}

/** A transport that records what the session does to it. */
export class FakeTransport implements Transport {
  kind: TransportKind = 'tcp';
  remoteAddress = '192.0.2.1';
  secure = false;
  canStartTls = true;
  queuedBytes = 0;
  readonly sent: string[] = [];
  opened = 0;
  restarts = 0;
  tlsStarts = 0;
  /** null: closed cleanly; a string: the stream error sent; undefined: open. */
  closedWith: string | null | undefined = undefined;
  aborted = false;

  openStream(): void {
    this.opened++;
  }
  send(xml: string): void {
    this.sent.push(xml);
  }
  sendParts(head: string, shared: Buffer): void {
    this.sent.push(head + shared.toString('utf8'));
  }
  expectRestart(): void {
    this.restarts++;
  }
  startTls(): void {
    this.tlsStarts++;
    this.secure = true;
    this.canStartTls = false;
  }
  closeWithError(streamError: string, abort = false): void {
    this.closedWith = streamError;
    this.aborted = abort;
  }
  close(): void {
    this.closedWith = null;
  }
  /** Everything sent so far, and forgets it. */
  take(): string[] {
    return this.sent.splice(0);
  }
}

export const PASSWORD = 'secret';

/** Accounts that exist, each with the password `secret`; PLAIN only (no SCRAM records). */
export class FakeAuthenticator implements SaslAuthenticator {
  readonly outcomes: string[] = [];
  constructor(private readonly loginIds: string[]) {}
  verify(name: string, password: string, options: { ignoreCase?: boolean }): { ok: true; user: XmppAccount } | { ok: false } {
    const user = this.findUser(name, options.ignoreCase);
    return user && password === PASSWORD ? { ok: true, user } : { ok: false };
  }
  findUser(name: string, ignoreCase = false): XmppAccount | undefined {
    const loginId = this.loginIds.find((id) => (ignoreCase ? id.toLowerCase() === name.toLowerCase() : id === name));
    return loginId === undefined ? undefined : { loginId };
  }
  scramCredential(): undefined {
    return undefined;
  }
  isLocked(): boolean {
    return false;
  }
  recordOutcome(user: XmppAccount, ok: boolean): void {
    this.outcomes.push(`${user.loginId} ${ok}`);
  }
}

/** Subscriptions kept in memory, with every call recorded. */
export class MemorySubscriptions implements SubscriptionStore {
  constructor(readonly rows: StoredSubscription[] = []) {}
  loadSubscriptions(): StoredSubscription[] {
    return [...this.rows];
  }
  addSubscription(subscription: StoredSubscription): void {
    this.rows.push(subscription);
  }
  removeSubscription(node: string, jid: string, subid: string): void {
    const i = this.rows.findIndex((r) => r.node === node && r.jid === jid && r.subid === subid);
    if (i >= 0) this.rows.splice(i, 1);
  }
}

/**
 * Node rules for tests: `/own/{loginId}` is automatic for that account, `/open/*` explicit for everyone,
 * `/secret` forbidden, `/everyone` automatic for all available accounts; anything else does not exist.
 */
export class FakePolicy implements NodePolicy {
  access(node: string, account: XmppAccount): NodeAccess {
    if (node === `/own/${account.loginId}` || node === '/everyone') return 'automatic';
    if (node.startsWith('/open/')) return 'explicit';
    if (node === '/secret' || node.startsWith('/own/')) return 'forbidden';
    return 'item-not-found';
  }
  visibleTo(account: XmppAccount): string[] {
    return [...this.automaticFor(account), '/open/a'];
  }
  automaticFor(account: XmppAccount): string[] {
    return [`/own/${account.loginId}`, '/everyone'];
  }
  automaticAudience(node: string): readonly string[] | 'all-available' {
    if (node === '/everyone') return 'all-available';
    return node.startsWith('/own/') ? [node.slice('/own/'.length)] : [];
  }
}

export const LIMITS: XmppLimits = {
  maxStanzaBytes: 65536,
  maxDepth: 32,
  authTimeoutSeconds: 30,
  idleTimeoutSeconds: 300,
  stanzasPerSecond: 100,
  maxConnectionsPerIp: 100,
  maxBoshSessions: 100,
  maxQueuedBytes: 1 << 20,
  pendingMaxItems: 10,
  pendingMaxBytes: 1 << 16,
  pendingMaxAgeSeconds: 60,
};

export interface Stack {
  clock: ManualClock;
  registry: SessionRegistry<XmppSession>;
  broadcaster: LocalBroadcaster<XmppSession>;
  pubsub: PubsubService;
  authenticator: FakeAuthenticator;
  ended: XmppSession[];
  /** A new session on a fake transport. */
  connect(transport?: FakeTransport): { session: XmppSession; transport: FakeTransport };
  /** A session taken through stream open, PLAIN and bind; with initial presence unless told otherwise. */
  login(loginId: string, resource: string, options?: { presence?: boolean }): { session: XmppSession; transport: FakeTransport };
}

/** The whole session stack of one server, as XmppServer composes it, without any socket. */
export function stack(options: { limits?: Partial<XmppLimits>; requireTls?: boolean; allowPlainWithoutTls?: boolean } = {}): Stack {
  const clock = new ManualClock(1_000_000);
  const limits = { ...LIMITS, ...options.limits };
  const registry = new SessionRegistry<XmppSession>();
  const broadcaster = new LocalBroadcaster(registry, clock, {
    maxItems: limits.pendingMaxItems,
    maxBytes: limits.pendingMaxBytes,
    maxAgeMs: limits.pendingMaxAgeSeconds * 1000,
  });
  const pubsub = new PubsubService({
    domain: 'example.test',
    policy: new FakePolicy(),
    subscriptions: new MemorySubscriptions(),
    broadcaster,
    clock,
    name: 'Notifications',
  });
  const authenticator = new FakeAuthenticator(['alice', 'bob', 'Carol']);
  const ended: XmppSession[] = [];
  const services = composeSessionServices({
    domain: 'example.test',
    clock,
    limits,
    authenticator,
    requireTls: options.requireTls ?? false,
    allowPlainWithoutTls: options.allowPlainWithoutTls ?? true,
    registry,
    broadcaster,
    pubsub,
    name: 'test-server',
    serviceContact: 'service@example.test',
    ended: (session) => ended.push(session),
  });
  const connect = (transport = new FakeTransport()) => ({ session: new XmppSession(services, transport), transport });
  const login = (loginId: string, resource: string, opts: { presence?: boolean } = {}) => {
    const { session, transport } = connect();
    session.onStreamOpen({ to: 'example.test', version: '1.0' });
    session.onStanza(stanza(plainAuth(loginId)));
    session.onStreamOpen({ to: 'example.test', version: '1.0' });
    session.onStanza(stanza(`<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>${resource}</resource></bind></iq>`));
    if (opts.presence ?? true) session.onStanza(stanza('<presence/>'));
    transport.take();
    return { session, transport };
  };
  return { clock, registry, broadcaster, pubsub, authenticator, ended, connect, login };
}

export function plainAuth(loginId: string, password = PASSWORD): string {
  return `<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${Buffer.from(`\0${loginId}\0${password}`).toString('base64')}</auth>`;
}
