// The library's own bookkeeping of gadgets.Hub subscriptions, so callers can unsubscribe by topic and
// callback (as finesse.js's APIs take them) rather than by the hub's subscription id.
import { callSafely, gadgetsHub } from './gadgets-api.js';

interface Entry {
  topic: string;
  /** What the caller unsubscribes with: its own callback. */
  key: unknown;
  subId: string;
}

export class HubSubscriptions {
  private entries: Entry[] = [];

  /** Subscribes `topic`; `onData(data, topic)` runs for each delivery. Returns the hub's subscription id. */
  add(topic: string, key: unknown, onData: (data: unknown, topic: string) => void): string {
    const subId = gadgetsHub().subscribe(topic, (deliveredTopic, data) => callSafely(onData, data, deliveredTopic));
    this.entries.push({ topic, key, subId });
    return subId;
  }

  /**
   * Drops the subscription with id `topicOrSubId`, or every subscription on that topic (only those made
   * with `key` when one is given). Returns whether anything was dropped.
   */
  remove(topicOrSubId: string, key?: unknown): boolean {
    const dropped = this.entries.filter((entry) => entry.subId === topicOrSubId || (entry.topic === topicOrSubId && (key === undefined || entry.key === key)));
    if (dropped.length === 0) return false;
    this.entries = this.entries.filter((entry) => !dropped.includes(entry));
    const hub = gadgetsHub();
    for (const entry of dropped) hub.unsubscribe(entry.subId);
    return true;
  }
}
