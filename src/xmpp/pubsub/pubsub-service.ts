import { randomBytes } from 'node:crypto';
import { escapeXml } from '../../xml/escape.js';
import { accountJid, bareJid, parseJid } from '../jid.js';
import { NS } from '../namespaces.js';
import type { XmppAccount } from '../ports.js';
import type { Broadcaster, NodePolicy, StoredSubscription, SubscriptionStore } from './ports.js';

export interface Subscription {
  node: string;
  jid: string;
  subid: string;
}

export type SubscribeResult =
  /** `durable`, when the store gives one, settles once the change is persisted. */
  { ok: true; subscription: Subscription; durable?: Promise<void> } | { ok: false; condition: string; pubsubCondition?: string };

/** Subscription id reported for the subscriptions the server makes itself. */
export const AUTOMATIC_SUBID = 'automatic';

export interface PubsubServiceOptions {
  /** The accounts' domain; the service is `pubsub.<domain>`. */
  domain: string;
  policy: NodePolicy;
  subscriptions: SubscriptionStore;
  broadcaster: Broadcaster;
  clock: { now(): number };
  /** The item payload (XML) a publication carries, from what `publish` is given; default: as given. */
  encodePayload?: (published: string) => string;
  /** The service's name in discovery. */
  name?: string;
}

/** An explicit subscriber of one node, with the head of its deliveries built once. */
interface Subscriber {
  subid: string;
  /** Null when the stored JID does not parse: kept and listed, never delivered to. */
  bare: string | null;
  resource: string;
  head: string;
}

/**
 * A XEP-0060 service at `pubsub.<domain>` with leaf nodes it does not create or configure itself: the
 * node policy says who may subscribe and who is subscribed without asking, explicit subscriptions are
 * kept in the subscription store, and the broadcaster carries publications to the subscribers. A
 * publication's bytes are built once; each delivery only adds a short head naming the recipient.
 */
export class PubsubService {
  readonly jid: string;
  readonly name: string;
  readonly policy: NodePolicy;
  private readonly domain: string;
  private readonly store: SubscriptionStore;
  private readonly broadcaster: Broadcaster;
  private readonly clock: { now(): number };
  private readonly encodePayload: (published: string) => string;
  private readonly explicit = new Map<string, Map<string, Subscriber>>();
  private readonly itemPrefix = randomBytes(6).toString('hex');
  private readonly headStart: string;
  private sequence = 0;
  private deliveries = 0;

  constructor(options: PubsubServiceOptions) {
    this.domain = options.domain;
    this.jid = `pubsub.${options.domain}`;
    this.name = options.name ?? 'Publish-Subscribe';
    this.policy = options.policy;
    this.store = options.subscriptions;
    this.broadcaster = options.broadcaster;
    this.clock = options.clock;
    this.encodePayload = options.encodePayload ?? ((published) => published);
    this.headStart = `<message from='${this.jid}' to='`;
    for (const s of this.store.loadSubscriptions()) this.remember(s.node, s.jid, s.subid);
  }

  /** Deliveries made since start, for metrics and the benchmark. */
  get deliveryCount(): number {
    return this.deliveries;
  }

  subscribe(account: XmppAccount, nodeName: string, jidText: string): SubscribeResult {
    const jid = this.ownJid(account, jidText);
    if (jid === null) return { ok: false, condition: 'bad-request', pubsubCondition: 'invalid-jid' };
    const access = this.policy.access(nodeName, account);
    if (access === 'item-not-found' || access === 'forbidden') return { ok: false, condition: access };
    if (access === 'automatic') return { ok: true, subscription: { node: nodeName, jid, subid: AUTOMATIC_SUBID } };
    const existing = this.explicit.get(nodeName)?.get(jid);
    if (existing) return { ok: true, subscription: { node: nodeName, jid, subid: existing.subid } };
    const subid = randomBytes(12).toString('hex');
    const durable = this.store.addSubscription({ node: nodeName, jid, subid, createdAt: this.clock.now() });
    this.remember(nodeName, jid, subid);
    return { ok: true, subscription: { node: nodeName, jid, subid }, ...(durable ? { durable } : {}) };
  }

  unsubscribe(account: XmppAccount, nodeName: string, jidText: string, subid: string | undefined): SubscribeResult {
    const jid = this.ownJid(account, jidText);
    if (jid === null) return { ok: false, condition: 'bad-request', pubsubCondition: 'invalid-jid' };
    const subscribers = this.explicit.get(nodeName);
    const current = subscribers?.get(jid)?.subid;
    if (current === undefined) {
      // A subscription that exists can always be removed, even after its owner lost sight of the node.
      const access = this.policy.access(nodeName, account);
      if (access === 'automatic') return { ok: true, subscription: { node: nodeName, jid, subid: subid ?? AUTOMATIC_SUBID } };
      if (access === 'explicit') return { ok: false, condition: 'unexpected-request', pubsubCondition: 'not-subscribed' };
      return { ok: false, condition: access };
    }
    if (subid !== undefined && subid !== current) return { ok: false, condition: 'not-acceptable', pubsubCondition: 'invalid-subid' };
    const durable = this.store.removeSubscription(nodeName, jid, current);
    subscribers!.delete(jid);
    if (subscribers!.size === 0) this.explicit.delete(nodeName);
    return { ok: true, subscription: { node: nodeName, jid, subid: current }, ...(durable ? { durable } : {}) };
  }

  /** A subscription made elsewhere (another node of a cluster) and already persisted: delivered to here too. */
  adoptSubscription(subscription: StoredSubscription): void {
    this.remember(subscription.node, subscription.jid, subscription.subid);
  }

  /** A subscription removed elsewhere: this one, if it is still the same. */
  forgetSubscription({ node, jid, subid }: { node: string; jid: string; subid: string }): void {
    const subscribers = this.explicit.get(node);
    if (subscribers?.get(jid)?.subid !== subid) return;
    subscribers.delete(jid);
    if (subscribers.size === 0) this.explicit.delete(node);
  }

  /** The account's subscriptions (explicit ones for any of its JIDs, plus the automatic ones). */
  subscriptionsOf(account: XmppAccount, nodeFilter?: string): Subscription[] {
    const bare = accountJid(account.loginId, this.domain);
    const result: Subscription[] = [];
    for (const node of this.policy.automaticFor(account)) result.push({ node, jid: bare, subid: AUTOMATIC_SUBID });
    for (const [node, subscribers] of this.explicit) {
      for (const [jid, { subid }] of subscribers) {
        if (jid === bare || jid.startsWith(`${bare}/`)) result.push({ node, jid, subid });
      }
    }
    return nodeFilter === undefined ? result : result.filter((s) => s.node === nodeFilter);
  }

  /** Publishes one item on a node to every subscriber that is available now; returns the deliveries. */
  publish(nodeName: string, published: string): number {
    return this.publishPayload(nodeName, this.encodePayload(published));
  }

  /** Publishes an item whose payload the publisher encoded itself (what `encodePayload` would have made). */
  publishPayload(nodeName: string, payload: string): number {
    const itemId = `${this.itemPrefix}-${(++this.sequence).toString(36)}`;
    const escapedNode = escapeXml(nodeName);
    const shared = Buffer.from(
      `__${itemId}'><event xmlns='${NS.pubsubEvent}'><items node='${escapedNode}'><item id='${itemId}'>` + `${payload}</item></items></event></message>`,
    );
    let count = 0;
    const audience = this.policy.automaticAudience(nodeName);
    if (audience === 'all-available') for (const bare of this.broadcaster.availableBareJids()) count += this.deliverAutomatic(bare, escapedNode, shared);
    else for (const loginId of audience) count += this.deliverAutomatic(accountJid(loginId, this.domain), escapedNode, shared);
    const subscribers = this.explicit.get(nodeName);
    if (subscribers) {
      for (const s of subscribers.values()) {
        if (s.bare === null) continue;
        count += s.resource ? this.broadcaster.deliverToFull(s.bare, s.resource, s.head, shared) : this.broadcaster.deliverToBare(s.bare, s.head, shared);
      }
    }
    this.deliveries += count;
    return count;
  }

  /** Delivers to a bare JID subscribed without asking; the head is built per delivery. */
  private deliverAutomatic(bare: string, escapedNode: string, shared: Buffer): number {
    if (parseJid(bare) === null) return 0; // an account id no JID can carry
    const escapedJid = escapeXml(bare);
    return this.broadcaster.deliverToBare(bare, `${this.headStart}${escapedJid}' id='${escapedNode}__${escapedJid}`, shared);
  }

  /** The subscription JID as the account may use it: its own bare or full JID, localpart case-folded. */
  private ownJid(account: XmppAccount, jidText: string): string | null {
    const parsed = parseJid(jidText);
    if (!parsed || parsed.domain !== this.domain || parsed.local !== account.loginId.toLowerCase()) return null;
    return parsed.resource ? `${bareJid(parsed)}/${parsed.resource}` : bareJid(parsed);
  }

  private remember(node: string, jid: string, subid: string): void {
    let subscribers = this.explicit.get(node);
    if (!subscribers) this.explicit.set(node, (subscribers = new Map()));
    const parsed = parseJid(jid);
    const escapedJid = escapeXml(jid);
    subscribers.set(jid, {
      subid,
      bare: parsed ? bareJid(parsed) : null,
      resource: parsed?.resource ?? '',
      head: `${this.headStart}${escapedJid}' id='${escapeXml(node)}__${escapedJid}`,
    });
  }
}
