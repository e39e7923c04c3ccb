import type { QueueCatalogue } from '../application/queue-catalogue.js';
import type { AgentStatus, UserAccount } from '../domain/model.js';
import { hasRole } from '../domain/model.js';
import type { Queue } from '../domain/queue.js';

interface ReadyEntry {
  loginId: string;
  /** When he became READY. */
  since: number;
  /** His place among users, which breaks ties (the directory's order). */
  rank: number;
}

/**
 * The agents of each queue, and the READY ones in longest-available order (READY the longest first, ties
 * in directory order), kept up to date from every agent status change so routing never scans all users.
 */
export class QueueMembers {
  private readonly membersByQueue = new Map<string, string[]>();
  private readonly queuesOf = new Map<string, Queue[]>();
  private readonly readyByQueue = new Map<string, ReadyEntry[]>();
  private readonly readyEntry = new Map<string, ReadyEntry>();
  private readonly rank = new Map<string, number>();

  constructor(private readonly queues: QueueCatalogue) {}

  /** Takes note of a user's status; a user seen for the first time becomes a member of his queues. */
  statusChanged(user: UserAccount, status: AgentStatus): void {
    const queues = this.queuesOf.get(user.loginId) ?? this.join(user);
    const previous = this.readyEntry.get(user.loginId);
    const since = status.stateChangeTime ?? 0;
    const ready = status.state === 'READY' && status.extension !== null;
    if (previous && ready && previous.since === since) return;
    if (previous) {
      this.readyEntry.delete(user.loginId);
      for (const queue of queues) removeEntry(this.readyByQueue.get(queue.id)!, previous);
    }
    if (!ready) return;
    const entry: ReadyEntry = { loginId: user.loginId, since, rank: this.rank.get(user.loginId)! };
    this.readyEntry.set(user.loginId, entry);
    for (const queue of queues) insertEntry(this.readyByQueue.get(queue.id)!, entry);
  }

  /** Agents who are members of the queue (through their team or by name). */
  membersOf(queue: Queue): readonly string[] {
    return this.membersByQueue.get(queue.id) ?? [];
  }

  /** READY members of the queue, READY the longest first. */
  readyIn(queue: Queue): string[] {
    return (this.readyByQueue.get(queue.id) ?? []).map((e) => e.loginId);
  }

  /** The member READY the longest who is free to take a call. */
  longestAvailable(queue: Queue, isFree: (loginId: string) => boolean): string | undefined {
    for (const entry of this.readyByQueue.get(queue.id) ?? []) if (isFree(entry.loginId)) return entry.loginId;
    return undefined;
  }

  private join(user: UserAccount): Queue[] {
    this.rank.set(user.loginId, this.rank.size);
    const queues = hasRole(user, 'Agent') ? this.queues.membershipOf(user) : [];
    this.queuesOf.set(user.loginId, queues);
    for (const queue of queues) {
      if (!this.membersByQueue.has(queue.id)) {
        this.membersByQueue.set(queue.id, []);
        this.readyByQueue.set(queue.id, []);
      }
      this.membersByQueue.get(queue.id)!.push(user.loginId);
    }
    return queues;
  }
}

function before(a: ReadyEntry, b: ReadyEntry): boolean {
  return a.since < b.since || (a.since === b.since && a.rank < b.rank);
}

function positionOf(entries: readonly ReadyEntry[], entry: ReadyEntry): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (before(entries[mid]!, entry)) low = mid + 1;
    else high = mid;
  }
  return low;
}

function insertEntry(entries: ReadyEntry[], entry: ReadyEntry): void {
  entries.splice(positionOf(entries, entry), 0, entry);
}

function removeEntry(entries: ReadyEntry[], entry: ReadyEntry): void {
  const index = positionOf(entries, entry);
  if (entries[index] === entry) entries.splice(index, 1);
}
