import type { MasterNotifications } from './ports.js';

// Explicit XMPP subscriptions gadgets ask for (SubscribeNodeReq / UnsubscribeNodeReq, gadget reference
// §3.3), counted per node: the first request subscribes, the last release unsubscribes. The user's own
// User and Dialogs nodes are subscribed by the server (finesse-reference §9.2): requests for them succeed
// without an XMPP request.

export class NodeSubscriptions {
  private readonly counts = new Map<string, number>();
  /** Per node, the XMPP request under way, so requests for one node run one after the other. */
  private readonly pending = new Map<string, Promise<unknown>>();

  constructor(
    private readonly notifications: MasterNotifications,
    private readonly userId: string,
  ) {}

  isServerSubscribed(node: string): boolean {
    const own = `/finesse/api/User/${this.userId}`;
    return node === own || node === `${own}/Dialogs`;
  }

  count(node: string): number {
    return this.counts.get(node) ?? 0;
  }

  /** Counts one more holder; rejects (counting nothing) when the server refuses the subscription. */
  subscribe(node: string): Promise<void> {
    if (this.isServerSubscribed(node)) return Promise.resolve();
    return this.serialize(node, async () => {
      const count = this.count(node);
      if (count === 0) await this.notifications.subscribe(node);
      this.counts.set(node, count + 1);
    });
  }

  /** Drops one holder; the XMPP subscription ends with the last. A node nobody holds is no error. */
  unsubscribe(node: string): Promise<void> {
    if (this.isServerSubscribed(node)) return Promise.resolve();
    return this.serialize(node, async () => {
      const count = this.count(node);
      if (count === 0) return;
      if (count > 1) {
        this.counts.set(node, count - 1);
        return;
      }
      this.counts.delete(node);
      await this.notifications.unsubscribe(node);
    });
  }

  /** Releases every node still held (when the services stop). */
  async releaseAll(): Promise<void> {
    const nodes = [...this.counts.keys()];
    this.counts.clear();
    await Promise.all(nodes.map((node) => this.notifications.unsubscribe(node).catch(() => undefined)));
  }

  private serialize(node: string, work: () => Promise<void>): Promise<void> {
    const previous = this.pending.get(node) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.pending.set(node, next);
    const clear = () => {
      if (this.pending.get(node) === next) this.pending.delete(node);
    };
    next.then(clear, clear);
    return next;
  }
}
