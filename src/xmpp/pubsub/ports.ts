import type { XmppAccount } from '../ports.js';

/**
 * How an account may subscribe to a node: `automatic` nodes are subscribed by the server itself,
 * `explicit` ones need a subscribe request. A node the account may not see is `forbidden` whether or not
 * it exists; `item-not-found` says the node does not exist (to those allowed to learn that).
 */
export type NodeAccess = 'automatic' | 'explicit' | 'forbidden' | 'item-not-found';

/**
 * The node rules of one deployment (Prosody's "access model" and node configuration, as one port): who
 * may subscribe to what, and who is subscribed without asking. The service itself knows no node names.
 */
export interface NodePolicy {
  access(node: string, account: XmppAccount): NodeAccess;
  /** The nodes `account` may subscribe to (its automatic ones included), for service discovery. */
  visibleTo(account: XmppAccount): string[];
  /** The nodes the account's bare JID is subscribed to automatically. */
  automaticFor(account: XmppAccount): string[];
  /**
   * Who receives a publication on `node` without an explicit subscription: the bare JIDs of the accounts
   * with these loginIds, every bare JID with an available resource (`all-available`), or nobody (empty).
   */
  automaticAudience(node: string): readonly string[] | 'all-available';
}

/** An explicit subscription as it is persisted. */
export interface StoredSubscription {
  node: string;
  jid: string;
  subid: string;
  createdAt: number;
}

/** Where explicit subscriptions survive a restart (the SQLite store in openfinesse). */
export interface SubscriptionStore {
  loadSubscriptions(): StoredSubscription[];
  /** Resolves (when it returns a promise) once the change is durable; the request is answered then. */
  addSubscription(subscription: StoredSubscription): Promise<void> | void;
  removeSubscription(node: string, jid: string, subid: string): Promise<void> | void;
}

/**
 * Hands one publication to its recipients. `head` names the recipient and differs per delivery; `shared`
 * is the rest of the stanza, built once per publication. Returns how many sessions it was handed to.
 * The local implementation delivers to the sessions of this process; a cluster one would also forward.
 */
export interface Broadcaster {
  deliverToBare(bareJid: string, head: string, shared: Buffer): number;
  deliverToFull(bareJid: string, resource: string, head: string, shared: Buffer): number;
  /** The bare JIDs with at least one available resource. */
  availableBareJids(): Iterable<string>;
}
