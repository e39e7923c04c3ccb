// finesse.restservices.Queue and Queues (finesse-reference §8.3): statistics kept current from the Queue
// nodes, which need an explicit subscription (gadget reference §3.3).
import { textField } from './fields.js';
import type { RestItemClass } from './rest-collection.js';
import { RestObject } from './rest-object.js';
import { NotifiedSubCollection } from './sub-collection.js';
import { topicOf } from './updates.js';

export class Queue extends RestObject {
  override getRestType(): string {
    return 'Queue';
  }

  override _notificationTopic(): string | null {
    return topicOf(this.getRestUrl());
  }

  override _explicitNode(): boolean {
    return true;
  }

  getName(): string {
    return textField(this._data?.name);
  }

  /** The statistics as received (`callsInQueue`, `agentsReady` … as text). */
  getStatistics(): Record<string, string> {
    const stats = this._data?.statistics;
    if (!stats || typeof stats !== 'object') return {};
    return Object.fromEntries(Object.entries(stats as Record<string, unknown>).map(([k, v]) => [k, textField(v)]));
  }
}

/** The user's queues, `/finesse/api/User/{id}/Queues`. */
export class Queues extends NotifiedSubCollection {
  override getRestType(): string {
    return 'Queues';
  }

  override getRestItemType(): string {
    return 'Queue';
  }

  override getRestItemClass(): RestItemClass {
    return Queue;
  }

  override _explicitNode(): boolean {
    return true;
  }
}
