import type { CommitQueue } from './commit-queue.js';
import type { ChangeRelay, ReplicatedChange } from './ports/replication.js';

/**
 * Where a node of a cluster records what it changes for the other nodes: a row of the outbox, written in
 * the transaction of the command that made the change, and handed to the relay once it is committed.
 * A change that was acknowledged therefore reaches the other nodes even when this node dies right after.
 */
export class ChangeOutbox {
  constructor(
    private readonly commits: CommitQueue,
    private readonly relay: ChangeRelay,
    readonly origin: string,
  ) {}

  record(change: ReplicatedChange, at: number): void {
    this.commits.write({ kind: 'outbox', at, origin: this.origin, payload: JSON.stringify(change) });
    this.commits.afterCommit(() => this.relay.kick());
  }
}
