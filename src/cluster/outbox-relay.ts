import type { JetStreamClient } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import type { ChangeRelay } from '../application/ports/replication.js';
import type { OutboxEvent, Store } from '../application/ports/store.js';
import { CHANGE_SUBJECT, ORIGIN_HEADER } from './change-stream.js';

const BATCH = 500;

export interface OutboxRelayOptions {
  /** How often the relay looks again without being told (after NATS was away, and for orphans). */
  sweepMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Moves this node's committed changes from the outbox to the change stream, oldest first, and deletes
 * them once JetStream has them (each published with its row id as message id, so publishing one twice
 * stores it once). A commit tells it there is work (`kick`); a sweep also runs every `sweepMs`, to catch
 * up after NATS was unreachable and to relay the rows of a node that died before relaying them: a row
 * of another node still there at two sweeps in a row is published by whichever node sees it.
 */
export class OutboxRelay implements ChangeRelay {
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;
  private seenBefore = new Set<number>();
  private readonly sweeper: NodeJS.Timeout;
  private readonly onError: (error: unknown) => void;
  /** Rows published so far, and rows of other nodes among them. */
  relayed = 0;
  orphansRelayed = 0;

  constructor(
    private readonly store: Pick<Store, 'loadOutbox' | 'deleteOutbox'>,
    private readonly js: JetStreamClient,
    private readonly origin: string,
    options: OutboxRelayOptions = {},
  ) {
    this.onError = options.onError ?? (() => {});
    this.sweeper = setInterval(() => this.sweep(), options.sweepMs ?? 1000);
    this.sweeper.unref();
  }

  kick(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.relayOwn()
      .catch(this.onError)
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Stops the sweeps and waits for the relay under way (rows left behind go out with the next start or another node's sweep). */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    await this.running;
  }

  private sweep(): void {
    this.kick();
    void this.relayOrphans().catch(this.onError);
  }

  private async relayOwn(): Promise<void> {
    for (;;) {
      const rows = await this.store.loadOutbox(this.origin, BATCH);
      if (rows.length > 0) await this.publish(rows);
      this.relayed += rows.length;
      if (rows.length < BATCH) return;
    }
  }

  private async relayOrphans(): Promise<void> {
    const rows = (await this.store.loadOutbox(null, BATCH)).filter((r) => r.origin !== this.origin);
    const orphans = rows.filter((r) => this.seenBefore.has(r.id));
    this.seenBefore = new Set(rows.map((r) => r.id));
    if (orphans.length === 0) return;
    await this.publish(orphans);
    this.relayed += orphans.length;
    this.orphansRelayed += orphans.length;
  }

  private async publish(rows: OutboxEvent[]): Promise<void> {
    // One connection keeps the order it sends in, so the rows reach the stream in id order.
    await Promise.all(
      rows.map((row) => {
        const h = headers();
        h.set(ORIGIN_HEADER, row.origin);
        return this.js.publish(CHANGE_SUBJECT, row.payload, { msgID: `outbox-${row.id}`, headers: h });
      }),
    );
    await this.store.deleteOutbox(rows.map((r) => r.id));
  }
}
