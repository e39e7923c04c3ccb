import { $iq, $pres, Strophe } from 'strophe.js';
import type { ConnectionStatus } from './connection-state';
import type { Update } from './model';
import { child, children, parseNotification } from './xml';

const NS_PUBSUB = 'http://jabber.org/protocol/pubsub';
const NS_PUBSUB_EVENT = 'http://jabber.org/protocol/pubsub#event';
const NS_PING = 'urn:xmpp:ping';
const PING_INTERVAL_MS = 10_000;
const PING_TIMEOUT_MS = 8_000;
const MAX_BACKOFF_MS = 30_000;

type Connection = InstanceType<typeof Strophe.Connection>;

/** A pubsub request the server answered with an error stanza (`condition`: its defined condition, or 'timeout'). */
export class PubsubError extends Error {
  constructor(
    readonly condition: string,
    message: string,
  ) {
    super(message);
    this.name = 'PubsubError';
  }
}

/** Who holds an explicit subscription: the desktop itself, or the gadgets through the master services. */
export type SubscriptionHolder = 'desktop' | 'gadgets';

export type { ConnectionState, ConnectionStatus } from './connection-state';

export interface NotificationOptions {
  /** ws(s)://host:port/ws/ of the server that served the page: where the first connection goes */
  serviceUrl: string;
  /**
   * Before each reconnection attempt: the service URL to reconnect to, or null to skip this attempt
   * (wait for the next one). Without it every attempt goes back to the same URL.
   */
  chooseServer?(attempt: number): Promise<string | null>;
  /** Longest wait between two reconnection attempts (30 s by default). */
  maxBackoffMs?: number;
  bareJid: string;
  password: string;
  resource: string;
  pubsubDomain: string;
  onUpdate(update: Update): void;
  /**
   * Every pubsub item beside onUpdate: its node and the `<Update>` document's XML text exactly as carried
   * (the notification's escaped text; a server that sends it inline gets it serialized).
   */
  onItem?(node: string, updateXml: string): void;
  onStatus(status: ConnectionStatus): void;
  /** After every successful (re)connection, once presence is sent and explicit nodes are re-subscribed. */
  onConnected(reconnected: boolean): void;
}

/** The `<Update>` document of a pubsub `<notification>` as text: its escaped payload, or the inline element serialized. */
function updateText(notification: Element): string {
  const inline = notification.firstElementChild;
  if (inline && inline.localName === 'Update') return new XMLSerializer().serializeToString(inline);
  return notification.textContent?.trim() ?? '';
}

/** The WebSocket URL of the notification service on the listener that served this page. */
export function defaultServiceUrl(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/`;
}

/**
 * The Finesse Notification Service client: Strophe over WebSocket, initial presence with priority 0,
 * XEP-0199 pings every 10 s, reconnection with exponential backoff, and explicit pubsub subscriptions
 * (full JID) that are renewed after every reconnection.
 */
export class NotificationClient {
  private conn: Connection | null = null;
  private generation = 0;
  private attempts = 0;
  private serviceUrl: string;
  private everConnected = false;
  private stopped = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private missedPings = 0;
  /** Explicit nodes and who holds each: one XMPP subscription per node, dropped when its last holder lets go. */
  private readonly nodes = new Map<string, Set<SubscriptionHolder>>();
  private status: ConnectionStatus = { state: 'connecting' };
  private readonly onOnline = () => {
    if (this.status.state !== 'reconnecting' || !this.retryTimer) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    void this.retry(this.status.attempt ?? 0);
  };

  constructor(private readonly options: NotificationOptions) {
    Strophe.setLogLevel(Strophe.LogLevel.FATAL);
    this.serviceUrl = options.serviceUrl;
  }

  get connected(): boolean {
    return this.status.state === 'connected';
  }

  /** The XMPP resource of this session (the `resourceID` gadgets ask for). */
  get resource(): string {
    return this.options.resource;
  }

  get fullJid(): string {
    return `${this.options.bareJid}/${this.options.resource}`;
  }

  start(): void {
    this.stopped = false;
    window.addEventListener('online', this.onOnline);
    this.connectNow();
  }

  /** Resolves when connected, or rejects after `timeoutMs` (the client keeps trying in the background). */
  waitConnected(timeoutMs: number): Promise<void> {
    if (this.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const timer = setInterval(() => {
        if (this.connected) {
          clearInterval(timer);
          resolve();
        } else if (this.stopped || this.status.state === 'failed' || Date.now() - started > timeoutMs) {
          clearInterval(timer);
          reject(new Error(this.status.detail ?? 'The notification service did not answer'));
        }
      }, 50);
    });
  }

  /**
   * Subscribes this connection (full JID) to an explicit node and remembers it for reconnections. A node
   * another holder already has is not subscribed twice. Rejects with a PubsubError when the server refuses.
   */
  async subscribe(node: string, holder: SubscriptionHolder = 'desktop'): Promise<void> {
    const holders = this.nodes.get(node);
    if (holders) {
      holders.add(holder);
      return;
    }
    this.nodes.set(node, new Set([holder]));
    if (this.connected) await this.pubsubIq('subscribe', node);
  }

  /** Lets go of a node for `holder`; the XMPP subscription ends with its last holder. */
  async unsubscribe(node: string, holder: SubscriptionHolder = 'desktop'): Promise<void> {
    const holders = this.nodes.get(node);
    if (!holders?.delete(holder) || holders.size > 0) return;
    this.nodes.delete(node);
    if (this.connected) await this.pubsubIq('unsubscribe', node).catch(() => undefined);
  }

  /** Unsubscribes every explicit node, sends unavailable presence and closes the stream. */
  async stop(): Promise<void> {
    for (const node of [...this.nodes.keys()]) {
      this.nodes.delete(node);
      if (this.connected) await this.pubsubIq('unsubscribe', node).catch(() => undefined);
    }
    this.stopped = true;
    window.removeEventListener('online', this.onOnline);
    this.clearTimers();
    const conn = this.conn;
    this.conn = null;
    this.generation++;
    if (conn) {
      try {
        conn.send($pres({ type: 'unavailable' }));
        conn.flush();
        conn.disconnect('signed out');
      } catch {
        /* already closed */
      }
    }
    this.setStatus({ state: 'stopped' });
  }

  /** Best effort on page unload: nothing can be awaited, so stanzas are only written out. */
  leave(): void {
    const conn = this.conn;
    if (!conn || !this.connected) return;
    try {
      for (const node of this.nodes.keys()) conn.send(this.pubsubStanza('unsubscribe', node));
      conn.flush();
    } catch {
      /* closing anyway */
    }
  }

  private connectNow(): void {
    if (this.stopped) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const generation = ++this.generation;
    const previous = this.conn;
    if (previous) {
      try {
        previous.disconnect('reconnecting');
      } catch {
        /* ignore */
      }
    }
    this.setStatus({ state: this.everConnected ? 'reconnecting' : 'connecting', detail: this.status.detail });
    const conn = new Strophe.Connection(this.serviceUrl);
    this.conn = conn;
    conn.connect(this.fullJid, this.options.password, (status: number, condition?: string | null) => {
      if (generation !== this.generation) return;
      this.onConnectStatus(conn, status, condition ?? undefined);
    });
  }

  private onConnectStatus(conn: Connection, status: number, condition: string | undefined): void {
    const S = Strophe.Status;
    switch (status) {
      case S.CONNECTED:
        void this.onConnected(conn);
        break;
      case S.AUTHFAIL:
        this.stopped = true;
        this.clearTimers();
        this.setStatus({ state: 'failed', detail: 'The notification service refused the credentials' });
        break;
      case S.CONNFAIL:
      case S.ERROR:
      case S.CONNTIMEOUT:
        this.status.detail = condition ? `Connection failed (${condition})` : 'Connection failed';
        break;
      case S.DISCONNECTED:
        this.scheduleReconnect();
        break;
      default:
        break;
    }
  }

  private async onConnected(conn: Connection): Promise<void> {
    const generation = this.generation;
    conn.addHandler((stanza) => this.onMessage(stanza), null, 'message', null);
    conn.addHandler((iq) => this.onPing(conn, iq), NS_PING, 'iq', 'get');
    conn.send($pres().c('priority').t('0'));
    const reconnected = this.everConnected;
    this.everConnected = true;
    this.attempts = 0;
    this.missedPings = 0;
    this.setStatus({ state: 'connected' });
    this.startPings(conn, generation);
    for (const node of [...this.nodes.keys()]) await this.pubsubIq('subscribe', node).catch(() => undefined);
    if (generation === this.generation) this.options.onConnected(reconnected);
  }

  private onPing(conn: Connection, iq: Element): boolean {
    conn.send($iq({ type: 'result', id: iq.getAttribute('id') ?? '', to: iq.getAttribute('from') ?? '' }));
    return true;
  }

  private onMessage(stanza: Element): boolean {
    for (const event of children(stanza, 'event')) {
      if (event.namespaceURI !== NS_PUBSUB_EVENT) continue;
      for (const items of children(event, 'items')) {
        const node = items.getAttribute('node') ?? '';
        for (const item of children(items, 'item')) {
          const notification = child(item, 'notification');
          if (!notification) continue;
          let update: Update | null = null;
          try {
            update = parseNotification(node, notification);
            if (update) this.options.onUpdate(update);
          } catch (error) {
            console.warn('openfinesse: could not decode a notification', error);
          }
          // The gadgets get the item even when the desktop's own handling of it failed.
          if (update && this.options.onItem) this.options.onItem(node, updateText(notification));
        }
      }
    }
    return true;
  }

  private startPings(conn: Connection, generation: number): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      if (generation !== this.generation) return;
      const ping = $iq({ type: 'get', to: this.options.bareJid.split('@')[1] ?? '' }).c('ping', { xmlns: NS_PING });
      conn.sendIQ(
        ping,
        () => {
          this.missedPings = 0;
        },
        (stanza) => {
          if (stanza !== null) return; // an error reply still proves the stream is alive
          this.missedPings++;
          if (this.missedPings >= 2 && generation === this.generation) {
            this.status.detail = 'The server stopped answering';
            this.scheduleReconnect();
          }
        },
        PING_TIMEOUT_MS,
      );
    }, PING_INTERVAL_MS);
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retryTimer) return;
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
    this.generation++;
    const attempt = this.attempts++;
    const base = Math.min(this.options.maxBackoffMs ?? MAX_BACKOFF_MS, 1000 * 2 ** Math.min(attempt, 16));
    const delay = Math.round(base / 2 + (Math.random() * base) / 2);
    const retryAt = Date.now() + delay;
    this.setStatus({ state: 'reconnecting', retryAt, attempt, detail: this.status.detail ?? 'Connection lost' });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.retry(attempt);
    }, delay);
  }

  /** One reconnection attempt: to the server `chooseServer` names (none this time: wait for the next attempt). */
  private async retry(attempt: number): Promise<void> {
    const choose = this.options.chooseServer;
    if (choose) {
      const generation = this.generation;
      const url = await choose(attempt).catch(() => null);
      if (this.stopped || generation !== this.generation || this.retryTimer) return;
      if (url === null) return this.scheduleReconnect();
      this.serviceUrl = url;
    }
    this.connectNow();
  }

  private pubsubStanza(verb: 'subscribe' | 'unsubscribe', node: string) {
    return $iq({ type: 'set', to: this.options.pubsubDomain }).c('pubsub', { xmlns: NS_PUBSUB }).c(verb, { node, jid: this.fullJid });
  }

  private pubsubIq(verb: 'subscribe' | 'unsubscribe', node: string): Promise<void> {
    const conn = this.conn;
    if (!conn) return Promise.reject(new Error('not connected'));
    return new Promise((resolve, reject) => {
      conn.sendIQ(
        this.pubsubStanza(verb, node),
        () => resolve(),
        (error) => {
          const condition = error?.querySelector('error > *')?.localName ?? 'timeout';
          reject(new PubsubError(condition, `Could not ${verb} ${node}: ${condition}`));
        },
        10_000,
      );
    });
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.retryTimer = null;
    this.pingTimer = null;
  }

  private setStatus(status: ConnectionStatus): void {
    this.status = status;
    this.options.onStatus({ ...status });
  }
}
