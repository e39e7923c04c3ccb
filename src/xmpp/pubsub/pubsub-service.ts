import { randomBytes } from 'node:crypto';
import type { Clock } from '../../domain/clock.js';
import type { UserAccount } from '../../domain/model.js';
import { escapeText, escapeXml } from '../../finesse/xml-escape.js';
import type { Store } from '../../store/store.js';
import { accountJid, bareJid, parseJid } from '../jid.js';
import { NS } from '../namespaces.js';
import type { SessionRegistry } from '../session-registry.js';
import { parseNode } from './nodes.js';
import type { FinesseNodes } from './nodes.js';

export interface Subscription {
  node: string;
  jid: string;
  subid: string;
}

export type SubscribeResult = { ok: true; subscription: Subscription } | { ok: false; condition: string; pubsubCondition?: string };

/** Subscription id reported for the subscriptions the server makes itself. */
export const AUTOMATIC_SUBID = 'automatic';

/**
 * The pubsub service at `pubsub.<domain>`: the node rules of Finesse, explicit subscriptions kept in the
 * store, and fan-out of publications. A publication's bytes are built once; each delivery only adds a
 * short head naming the recipient.
 */
export class PubsubService {
  readonly jid: string;
  private readonly explicit = new Map<string, Map<string, string>>();
  private readonly itemPrefix = randomBytes(6).toString('hex');
  private sequence = 0;
  private deliveries = 0;

  constructor(
    private readonly domain: string,
    readonly nodes: FinesseNodes,
    private readonly store: Store,
    private readonly registry: SessionRegistry,
    private readonly clock: Clock,
  ) {
    this.jid = `pubsub.${domain}`;
    for (const s of store.loadSubscriptions()) this.remember(s.node, s.jid, s.subid);
  }

  /** Deliveries made since start, for metrics and the benchmark. */
  get deliveryCount(): number {
    return this.deliveries;
  }

  subscribe(account: UserAccount, nodeName: string, jidText: string): SubscribeResult {
    const jid = this.ownJid(account, jidText);
    if (jid === null) return { ok: false, condition: 'bad-request', pubsubCondition: 'invalid-jid' };
    const access = this.nodes.access(nodeName, account);
    if (access === 'item-not-found' || access === 'forbidden') return { ok: false, condition: access };
    if (access === 'automatic') return { ok: true, subscription: { node: nodeName, jid, subid: AUTOMATIC_SUBID } };
    const existing = this.explicit.get(nodeName)?.get(jid);
    if (existing) return { ok: true, subscription: { node: nodeName, jid, subid: existing } };
    const subid = randomBytes(12).toString('hex');
    this.store.addSubscription({ node: nodeName, jid, subid, createdAt: this.clock.now() });
    this.remember(nodeName, jid, subid);
    return { ok: true, subscription: { node: nodeName, jid, subid } };
  }

  unsubscribe(account: UserAccount, nodeName: string, jidText: string, subid: string | undefined): SubscribeResult {
    const jid = this.ownJid(account, jidText);
    if (jid === null) return { ok: false, condition: 'bad-request', pubsubCondition: 'invalid-jid' };
    const subscribers = this.explicit.get(nodeName);
    const current = subscribers?.get(jid);
    if (current === undefined) {
      // A subscription that exists can always be removed, even after its owner lost sight of the node.
      const access = this.nodes.access(nodeName, account);
      if (access === 'automatic') return { ok: true, subscription: { node: nodeName, jid, subid: subid ?? AUTOMATIC_SUBID } };
      if (access === 'explicit') return { ok: false, condition: 'unexpected-request', pubsubCondition: 'not-subscribed' };
      return { ok: false, condition: access };
    }
    if (subid !== undefined && subid !== current) return { ok: false, condition: 'not-acceptable', pubsubCondition: 'invalid-subid' };
    this.store.removeSubscription(nodeName, jid, current);
    subscribers!.delete(jid);
    if (subscribers!.size === 0) this.explicit.delete(nodeName);
    return { ok: true, subscription: { node: nodeName, jid, subid: current } };
  }

  /** The account's subscriptions (explicit ones for any of its JIDs, plus the automatic ones). */
  subscriptionsOf(account: UserAccount, nodeFilter?: string): Subscription[] {
    const bare = accountJid(account.loginId, this.domain);
    const result: Subscription[] = [];
    for (const node of this.nodes.automaticFor(account)) {
      result.push({ node, jid: bare, subid: AUTOMATIC_SUBID });
    }
    for (const [node, subscribers] of this.explicit) {
      for (const [jid, subid] of subscribers) {
        if (jid === bare || jid.startsWith(`${bare}/`)) result.push({ node, jid, subid });
      }
    }
    return nodeFilter === undefined ? result : result.filter((s) => s.node === nodeFilter);
  }

  /** Publishes one `<Update>` document on a node to every subscriber that is available now. */
  publish(nodeName: string, updateXml: string): number {
    const node = parseNode(nodeName);
    const itemId = `${this.itemPrefix}-${(++this.sequence).toString(36)}`;
    const escapedNode = escapeXml(nodeName);
    const shared = Buffer.from(
      `__${itemId}'><event xmlns='${NS.pubsubEvent}'><items node='${escapedNode}'><item id='${itemId}'>` +
        `<notification xmlns='${NS.pubsub}'>${escapeText(updateXml)}</notification></item></items></event></message>`,
    );
    const headStart = `<message from='${this.jid}' to='`;
    let count = 0;
    const deliverTo = (jid: string): void => {
      const escapedJid = escapeXml(jid);
      const head = `${headStart}${escapedJid}' id='${escapedNode}__${escapedJid}`;
      const parsed = parseJid(jid);
      if (!parsed) return;
      count += parsed.resource
        ? this.registry.deliverToFull(bareJid(parsed), parsed.resource, head, shared)
        : this.registry.deliverToBare(jid, head, shared);
    };
    if (node?.kind === 'user' || node?.kind === 'userDialogs') deliverTo(accountJid(node.loginId, this.domain));
    else if (node?.kind === 'systemInfo') for (const jid of this.registry.availableBareJids()) deliverTo(jid);
    const subscribers = this.explicit.get(nodeName);
    if (subscribers) for (const jid of subscribers.keys()) deliverTo(jid);
    this.deliveries += count;
    return count;
  }

  /** The subscription JID as the account may use it: its own bare or full JID, localpart case-folded. */
  private ownJid(account: UserAccount, jidText: string): string | null {
    const parsed = parseJid(jidText);
    if (!parsed || parsed.domain !== this.domain || parsed.local !== account.loginId.toLowerCase()) return null;
    return parsed.resource ? `${bareJid(parsed)}/${parsed.resource}` : bareJid(parsed);
  }

  private remember(node: string, jid: string, subid: string): void {
    let subscribers = this.explicit.get(node);
    if (!subscribers) this.explicit.set(node, (subscribers = new Map()));
    subscribers.set(jid, subid);
  }
}
