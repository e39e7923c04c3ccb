import { HubError, type HubErrorName, type HubResult, ok, refused } from './errors.js';
import { isJsonValue, jsonSize } from './json-value.js';
import { defaultPolicy, type HubPolicy } from './policy.js';
import { isValidPattern, isValidTopic, topicMatches } from './topics.js';

// The OpenAjax hub router the desktop (the master) runs for its gadgets (gadget reference §2.6, §3.1,
// §7.3). Pure: no DOM, no timers. Gadgets are clients named by a client id; the desktop itself is the
// client MASTER_ID, which the policy never checks. Deliveries go out through one callback, in a single
// FIFO: every matching subscription in subscription order, so each client sees messages in publish
// order, even when a delivery callback publishes again (its message queues behind the current one).

export const MASTER_ID = 'openfinesse.master';

export interface Delivery {
  clientId: string;
  subId: string;
  topic: string;
  data: unknown;
}

export type DenialKind = 'publish' | 'subscribe';

export interface Denial {
  clientId: string;
  kind: DenialKind;
  /** The topic or pattern refused. */
  topic: string;
  error: HubErrorName;
  reason: 'policy' | 'payload' | 'limit';
}

export interface HubLimits {
  /** Subscriptions one gadget may hold (default 500). */
  maxSubscriptionsPerClient?: number;
  /** Largest gadget payload, in characters of its JSON text (default 1 MiB). */
  maxPayloadChars?: number;
}

export interface HubRouterOptions {
  deliver: (delivery: Delivery) => void;
  policy?: HubPolicy;
  limits?: HubLimits;
  /** Told of every refusal the policy or a cap causes (§7.3: log denials). */
  onDenied?: (denial: Denial) => void;
}

interface Subscription {
  clientId: string;
  subId: string;
  pattern: string;
}

const key = (clientId: string, subId: string) => `${clientId}\u0000${subId}`;

export class HubRouter {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly clients = new Map<string, Set<string>>();
  private readonly outbox: Delivery[] = [];
  private draining = false;
  private nextSubId = 1;
  private readonly policy: HubPolicy;
  private readonly maxSubscriptions: number;
  private readonly maxPayload: number;

  constructor(private readonly options: HubRouterOptions) {
    this.policy = options.policy ?? defaultPolicy();
    this.maxSubscriptions = options.limits?.maxSubscriptionsPerClient ?? 500;
    this.maxPayload = options.limits?.maxPayloadChars ?? 1024 * 1024;
    this.clients.set(MASTER_ID, new Set());
  }

  /** Registers a gadget. A client id already connected is a Duplicate. */
  connect(clientId: string): HubResult {
    if (typeof clientId !== 'string' || clientId === '') return refused(HubError.BadParameters);
    if (this.clients.has(clientId)) return refused(HubError.Duplicate);
    this.clients.set(clientId, new Set());
    return ok(undefined);
  }

  isConnected(clientId: string): boolean {
    return this.clients.has(clientId);
  }

  /** Drops a gadget and all its subscriptions; messages still queued for it are not delivered. */
  disconnect(clientId: string): void {
    if (clientId === MASTER_ID) return;
    const subIds = this.clients.get(clientId);
    if (!subIds) return;
    for (const subId of subIds) this.subscriptions.delete(key(clientId, subId));
    this.clients.delete(clientId);
  }

  /**
   * Subscribes `clientId` with `pattern`. The subscription id is the client's own (a HubClient returns
   * it synchronously, before the router answers) or, when omitted, one the router mints.
   */
  subscribe(clientId: string, pattern: string, subId?: string): HubResult<string> {
    const subIds = this.clients.get(clientId);
    if (!subIds) return refused(HubError.Disconnected);
    if (!isValidPattern(pattern) || (subId !== undefined && (typeof subId !== 'string' || subId === ''))) {
      return refused(HubError.BadParameters);
    }
    const id = subId ?? this.mintSubId(clientId);
    if (subIds.has(id)) return refused(HubError.Duplicate);
    if (clientId !== MASTER_ID) {
      if (!this.policy.canSubscribe(clientId, pattern)) return this.deny(clientId, 'subscribe', pattern, 'policy');
      if (subIds.size >= this.maxSubscriptions) return this.deny(clientId, 'subscribe', pattern, 'limit');
    }
    subIds.add(id);
    this.subscriptions.set(key(clientId, id), { clientId, subId: id, pattern });
    return ok(id);
  }

  unsubscribe(clientId: string, subId: string): HubResult {
    const subIds = this.clients.get(clientId);
    if (!subIds) return refused(HubError.Disconnected);
    if (!subIds.delete(subId)) return refused(HubError.NoSubscription);
    this.subscriptions.delete(key(clientId, subId));
    return ok(undefined);
  }

  /** Publishes `data` on `topic` for `clientId` (MASTER_ID for the desktop, which no policy restricts). */
  publish(clientId: string, topic: string, data: unknown): HubResult {
    if (!this.clients.has(clientId)) return refused(HubError.Disconnected);
    if (!isValidTopic(topic) || !isJsonValue(data)) return refused(HubError.BadParameters);
    if (clientId !== MASTER_ID) {
      if (!this.policy.canPublish(clientId, topic)) return this.deny(clientId, 'publish', topic, 'policy');
      if (jsonSize(data) > this.maxPayload) return this.deny(clientId, 'publish', topic, 'payload');
    }
    for (const sub of this.subscriptions.values()) {
      if (topicMatches(sub.pattern, topic)) this.outbox.push({ clientId: sub.clientId, subId: sub.subId, topic, data });
    }
    this.drain();
    return ok(undefined);
  }

  /** Whether any subscription would receive a message on `topic` (e.g. run the timer tick only then). */
  hasSubscribers(topic: string): boolean {
    if (!isValidTopic(topic)) return false;
    for (const sub of this.subscriptions.values()) if (topicMatches(sub.pattern, topic)) return true;
    return false;
  }

  /** The subscriptions a client holds, in subscription order. */
  subscriptionsOf(clientId: string): { subId: string; pattern: string }[] {
    const subIds = this.clients.get(clientId);
    if (!subIds) return [];
    return [...subIds].map((subId) => ({ subId, pattern: this.subscriptions.get(key(clientId, subId))!.pattern }));
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    const failures: unknown[] = [];
    for (let next = this.outbox.shift(); next; next = this.outbox.shift()) {
      // A subscription dropped after the publish (unsubscribe, disconnect) receives nothing more.
      if (!this.subscriptions.has(key(next.clientId, next.subId))) continue;
      try {
        this.options.deliver(next);
      } catch (error) {
        failures.push(error); // one failing receiver must not starve the others
      }
    }
    this.draining = false;
    if (failures.length > 0) throw failures[0];
  }

  private mintSubId(clientId: string): string {
    const subIds = this.clients.get(clientId)!;
    let id: string;
    do id = `sub${this.nextSubId++}`;
    while (subIds.has(id));
    return id;
  }

  private deny<T>(clientId: string, kind: DenialKind, topic: string, reason: Denial['reason']): HubResult<T> {
    const error = HubError.NotAllowed;
    this.options.onDenied?.({ clientId, kind, topic, error, reason });
    return refused(error);
  }
}
