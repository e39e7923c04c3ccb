import type { Store, StoreWrite } from './ports/store.js';
import { Pacing } from './pacing.js';
import { WriteRefused } from './ports/store.js';

/** What one command changed: its writes, what to do once they are durable, and who waits for them. */
interface Group {
  writes: StoreWrite[];
  afterCommit: (() => void)[];
  resolve(): void;
  reject(error: unknown): void;
  done: Promise<void>;
}

/** The outcome of committing one batch of groups: settles once, rejects only when the store failed. */
interface Outcome {
  promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

const DURABLE = Promise.resolve();

function outcome(): Outcome {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/**
 * The unit of work of every command, and the group commit of all of them. A command runs synchronously
 * against the in-memory model (`run`); the writes it makes are queued, and what it tells the world
 * (notifications) waits in `afterCommit`. On the next turn of the event loop every queued group is
 * committed in one transaction; once it is durable the groups' after-commit work runs in the order the
 * commands ran, and each command's promise resolves. A group whose write the database refuses is left
 * out: its promise rejects with the refusal, its notifications are never sent, and the rest commit
 * without it. Nothing is acknowledged or published before it is durable.
 */
export class CommitQueue {
  private queued: Group[] = [];
  /** The outcome of the batch being queued, and of the one being committed. */
  private queuedOutcome: Outcome | null = null;
  private inflightOutcome: Outcome | null = null;
  /** What `barrier` answers until the queued batch is taken: built once per batch, not per call. */
  private queuedBarrier: Promise<void> | null = null;
  private current: Group | null = null;
  private ambient: Group | null = null;
  private flushing: Promise<void> | null = null;
  private scheduled = false;
  private closed = false;
  private readonly pacing: Pacing;

  constructor(
    private readonly store: Store,
    private readonly onFailure: (error: unknown, writes: number) => void = () => {},
    /** A batch is durable: how long the store took (transaction and disk flush), and how many writes it held. */
    private readonly onCommitted: (seconds: number, writes: number) => void = () => {},
    /**
     * Under load a batch is taken no sooner than this after the one before (0: as soon as the one before is
     * durable), so that each carries more commands: for a database whose every transaction costs it CPU.
     */
    pacingMs = 0,
  ) {
    this.pacing = new Pacing(pacingMs);
  }

  /** Runs `command` as one unit of work; the promise settles when its writes are durable (or refused). */
  run<T>(command: () => T): { result: T; committed: Promise<void> } {
    if (this.current) return { result: command(), committed: this.current.done };
    const group = this.newGroup();
    this.current = group;
    try {
      const result = command();
      this.enqueue(group);
      return { result, committed: group.done };
    } catch (error) {
      // A refused command changes nothing: whatever it queued before throwing is dropped.
      group.resolve();
      throw error;
    } finally {
      this.current = null;
    }
  }

  /** Queues a write for the running command (or for the changes of this event-loop turn outside any command). */
  write(write: StoreWrite): void {
    this.groupForNow().writes.push(write);
  }

  /** Work to do once the running command's writes are durable: in command order, after all earlier ones. */
  afterCommit(work: () => void): void {
    this.groupForNow().afterCommit.push(work);
  }

  /**
   * Resolves when everything queued so far is durable; rejects when the store failed to commit some of it
   * (a write the database refused belongs to its own command, which reports it, so it does not count).
   */
  barrier(): Promise<void> {
    if (this.queuedOutcome) {
      this.queuedBarrier ??= this.inflightOutcome
        ? Promise.all([this.inflightOutcome.promise, this.queuedOutcome.promise]).then(() => undefined)
        : this.queuedOutcome.promise;
      return this.queuedBarrier;
    }
    return this.inflightOutcome?.promise ?? DURABLE;
  }

  /** Commits what is queued and stops taking work. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.queued.length > 0 || this.ambient || this.flushing) {
      if (this.flushing) await this.flushing;
      else await this.flush();
    }
  }

  private groupForNow(): Group {
    if (this.current) return this.current;
    if (!this.ambient) {
      this.ambient = this.newGroup();
      this.enqueue(this.ambient);
    }
    return this.ambient;
  }

  private newGroup(): Group {
    const { promise: done, resolve, reject } = outcome();
    return { writes: [], afterCommit: [], resolve, reject, done };
  }

  private enqueue(group: Group): void {
    this.queued.push(group);
    this.queuedOutcome ??= outcome();
    // Later work outside a command must follow this group, not join an earlier one.
    if (group !== this.ambient) this.ambient = null;
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.flushing) {
      await this.flushing;
      if (this.queued.length > 0 && !this.scheduled) return this.flush();
      return;
    }
    this.flushing = this.pauseThenCommit().finally(() => {
      this.flushing = null;
      this.inflightOutcome = null;
    });
    await this.flushing;
    if (this.queued.length > 0 && !this.scheduled) await this.flush();
  }

  /** Waits out the pacing (commands keep joining the queued batch meanwhile), then commits that batch. */
  private async pauseThenCommit(): Promise<void> {
    if (!this.closed) await this.pacing.pause();
    const groups = this.queued;
    const batch = this.queuedOutcome;
    this.queued = [];
    this.queuedOutcome = null;
    this.queuedBarrier = null;
    this.ambient = null;
    if (groups.length === 0 || !batch) return;
    this.inflightOutcome = batch;
    this.pacing.started();
    await this.commitGroups(groups, batch);
  }

  private async commitGroups(groups: Group[], batch: Outcome): Promise<void> {
    let remaining = groups;
    for (;;) {
      const writes = remaining.flatMap((g) => g.writes);
      try {
        if (writes.length > 0) {
          const started = performance.now();
          await this.store.commit(writes);
          this.onCommitted((performance.now() - started) / 1000, writes.length);
        }
        break;
      } catch (error) {
        if (!(error instanceof WriteRefused)) {
          this.onFailure(error, writes.length);
          for (const group of remaining) group.reject(error);
          batch.reject(error);
          return;
        }
        const refused = groupOfWrite(remaining, error.index);
        refused.reject(error);
        remaining = remaining.filter((g) => g !== refused);
      }
    }
    for (const group of remaining) {
      for (const work of group.afterCommit) work();
      group.resolve();
    }
    batch.resolve();
  }
}

function groupOfWrite(groups: Group[], index: number): Group {
  let offset = 0;
  for (const group of groups) {
    if (index < offset + group.writes.length) return group;
    offset += group.writes.length;
  }
  return groups.at(-1)!;
}
