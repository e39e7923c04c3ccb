import type { Clock, Timer } from '../domain/clock.js';
import type { EventBus } from '../domain/events.js';
import type { Queue, QueueStatistics } from '../domain/queue.js';
import { queueXml } from '../finesse/queue-xml.js';
import { updateXml } from '../finesse/update-xml.js';
import { queueUri } from '../finesse/uris.js';
import type { Publish } from './notifier.js';

export interface QueueSource {
  findQueue(queueId: string): Queue | undefined;
  queueStatistics(queueId: string): QueueStatistics;
}

/** Finesse sends queue statistics at most this often (reference §9.2). */
export const QUEUE_NOTIFICATION_INTERVAL_MS = 10_000;

/**
 * PUT on `/finesse/api/Queue/{id}` when a queue's statistics changed, at most once per interval per
 * queue: the first change after a quiet interval goes out at once, later ones are gathered until the
 * interval has passed. Nothing is sent when the statistics end up as they were last sent.
 */
export function startQueueNotifier(
  bus: EventBus,
  clock: Clock,
  queues: QueueSource,
  publish: Publish,
  intervalMs = QUEUE_NOTIFICATION_INTERVAL_MS,
): () => void {
  const lastSentAt = new Map<string, number>();
  const lastSent = new Map<string, string>();
  const timers = new Map<string, Timer>();

  const send = (queueId: string): void => {
    const queue = queues.findQueue(queueId);
    if (!queue) return;
    const data = queueXml(queue, queues.queueStatistics(queueId), 'queue');
    if (lastSent.get(queueId) === data) return;
    lastSent.set(queueId, data);
    lastSentAt.set(queueId, clock.now());
    const source = queueUri(queueId);
    publish(source, updateXml(data, 'PUT', '', source));
  };

  const unsubscribe = bus.subscribe((event) => {
    if (event.type !== 'QueueChanged' || timers.has(event.queueId)) return;
    const since = clock.now() - (lastSentAt.get(event.queueId) ?? -Infinity);
    if (since >= intervalMs) {
      send(event.queueId);
      return;
    }
    timers.set(
      event.queueId,
      clock.setTimer(intervalMs - since, () => {
        timers.delete(event.queueId);
        send(event.queueId);
      }),
    );
  });
  return () => {
    unsubscribe();
    for (const t of timers.values()) t.cancel();
    timers.clear();
  };
}
