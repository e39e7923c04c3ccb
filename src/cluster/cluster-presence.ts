import { EventEmitter } from 'node:events';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { PresenceSource } from '../application/lost-desktop.js';

const SUBJECT = 'openfinesse.presence';
const HELLO_SUBJECT = 'openfinesse.presence.hello';

/** One node's news about one user's notification sessions: the first became available, or the last went. */
interface PresenceNews {
  node: string;
  loginId: string;
  available: boolean;
}

type Listener = (loginId: string) => void;

/**
 * Who has an available notification session anywhere in the cluster, as the lost-desktop watcher needs
 * it: a user is `available` when his first session appears on any node and `unavailable` when his last
 * one anywhere goes — told only to the node where it went, so exactly one node counts down to the
 * sign-out, and any node where he comes back within the grace period stops it there. Each node publishes
 * its own users' comings and goings on NATS; a node that starts asks the others for theirs.
 */
export class ClusterPresence implements PresenceSource {
  private readonly events = new EventEmitter();
  private readonly local = new Set<string>();
  private readonly remote = new Map<string, Set<string>>();
  private readonly subscriptions: Subscription[] = [];
  private readonly onLocalAvailable = (loginId: string): void => this.localChange(loginId, true);
  private readonly onLocalUnavailable = (loginId: string): void => this.localChange(loginId, false);

  constructor(
    private readonly nc: NatsConnection,
    private readonly node: string,
    private readonly sessions: PresenceSource,
  ) {
    sessions.on('available', this.onLocalAvailable);
    sessions.on('unavailable', this.onLocalUnavailable);
    this.subscriptions.push(nc.subscribe(SUBJECT, { callback: (_error, message) => this.receive(message.string()) }));
    this.subscriptions.push(nc.subscribe(HELLO_SUBJECT, { callback: (_error, message) => this.greet(message.string()) }));
    nc.publish(HELLO_SUBJECT, node);
  }

  on(event: 'available' | 'unavailable', listener: Listener): unknown {
    return this.events.on(event, listener);
  }

  off(event: 'available' | 'unavailable', listener: Listener): unknown {
    return this.events.off(event, listener);
  }

  /** Whether the user has an available session on any node, as far as this node knows. */
  isAvailable(loginId: string): boolean {
    return this.local.has(loginId) || (this.remote.get(loginId)?.size ?? 0) > 0;
  }

  /**
   * A node that died took its sessions without a word: forgets them, and returns the users who thereby
   * have no available session anywhere (for the leader to start their count-downs).
   */
  dropNode(node: string): string[] {
    const lost: string[] = [];
    for (const [loginId, nodes] of this.remote) {
      if (!nodes.delete(node)) continue;
      if (nodes.size === 0) this.remote.delete(loginId);
      if (!this.isAvailable(loginId)) lost.push(loginId);
    }
    return lost;
  }

  close(): void {
    this.sessions.off('available', this.onLocalAvailable);
    this.sessions.off('unavailable', this.onLocalUnavailable);
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }

  private localChange(loginId: string, available: boolean): void {
    const before = this.isAvailable(loginId);
    if (available) this.local.add(loginId);
    else this.local.delete(loginId);
    this.publish(loginId, available);
    if (available && !before) this.events.emit('available', loginId);
    if (!available && !this.isAvailable(loginId)) this.events.emit('unavailable', loginId);
  }

  private receive(text: string): void {
    const news = parseNews(text);
    if (!news || news.node === this.node) return;
    let nodes = this.remote.get(news.loginId);
    if (news.available) {
      if (!nodes) this.remote.set(news.loginId, (nodes = new Set()));
      nodes.add(news.node);
      // Back on another node: a count-down this node runs for him stops.
      this.events.emit('available', news.loginId);
    } else if (nodes) {
      nodes.delete(news.node);
      if (nodes.size === 0) this.remote.delete(news.loginId);
    }
  }

  /** A node that just started asks who is available: this node tells it about its own users. */
  private greet(node: string): void {
    if (node === this.node) return;
    for (const loginId of this.local) this.publish(loginId, true);
  }

  private publish(loginId: string, available: boolean): void {
    const news: PresenceNews = { node: this.node, loginId, available };
    this.nc.publish(SUBJECT, JSON.stringify(news));
  }
}

function parseNews(text: string): PresenceNews | null {
  try {
    const value = JSON.parse(text) as PresenceNews;
    return typeof value?.node === 'string' && typeof value.loginId === 'string' && typeof value.available === 'boolean' ? value : null;
  } catch {
    return null;
  }
}
