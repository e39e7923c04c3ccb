import type { Clock } from '../domain/clock.js';
import type { EventBus } from '../domain/events.js';
import type { Queue } from '../domain/queue.js';

/** Tells the queue statistics publishers that something a queue's statistics depend on changed. */
export class QueueSignals {
  constructor(
    private readonly bus: EventBus,
    private readonly clock: Clock,
  ) {}

  changed(queue: Queue): void {
    this.bus.publish([{ type: 'QueueChanged', at: this.clock.now(), queueId: queue.id }]);
  }
}
