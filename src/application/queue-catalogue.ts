import type { Queue } from '../domain/queue.js';
import { isQueueMember } from '../domain/queue.js';
import type { UserAccount } from '../domain/model.js';

/** The configured ACD queues, loaded before anything that routes calls or shows queues is built. */
export class QueueCatalogue {
  private readonly byId = new Map<string, Queue>();
  private readonly byDialedNumber = new Map<string, Queue>();

  constructor(queues: readonly Queue[]) {
    for (const queue of queues) {
      this.byId.set(queue.id, queue);
      for (const number of queue.dialedNumbers) this.byDialedNumber.set(number, queue);
    }
  }

  all(): Queue[] {
    return [...this.byId.values()];
  }

  find(queueId: string): Queue | undefined {
    return this.byId.get(queueId);
  }

  findByDialedNumber(number: string): Queue | undefined {
    return this.byDialedNumber.get(number);
  }

  /** The queues the user is a member of (through his team or individually). */
  membershipOf(user: UserAccount): Queue[] {
    return this.all().filter((queue) => isQueueMember(queue, user));
  }
}
