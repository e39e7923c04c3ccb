import { ChangeOutbox } from '../application/change-outbox.js';
import type { CommitQueue } from '../application/commit-queue.js';
import type { Store } from '../application/ports/store.js';
import { ensureChangeStream } from '../cluster/change-stream.js';
import { OutboxRelay } from '../cluster/outbox-relay.js';
import type { Lifecycle } from '../lifecycle.js';
import type { Logger } from '../logging.js';
import type { ClusterNode } from './cluster.js';

/** The outgoing half of replication: the outbox this node records its changes in, and its relay. */
export interface ChangeFeed {
  outbox: ChangeOutbox;
  relay: OutboxRelay;
}

/** In a cluster: the change stream exists, and this node's relay moves its committed outbox rows into it. */
export async function startChangeFeed(
  life: Lifecycle,
  cluster: ClusterNode | null,
  store: Store,
  commits: CommitQueue,
  logger: Logger,
): Promise<ChangeFeed | null> {
  if (!cluster) return null;
  const { connection, nodeId } = cluster;
  await life.start('change stream', () => ensureChangeStream(connection.jsm));
  const relay = await life.start(
    'outbox relay',
    () => {
      const relay = new OutboxRelay(store, connection.js, nodeId, {
        onError: (err) => logger.warn({ event: 'cluster.relay_failed', err }, 'committed changes could not be relayed yet; retrying'),
      });
      relay.kick(); // what an earlier run of this node left behind
      return relay;
    },
    (r) => r.close(),
  );
  return { outbox: new ChangeOutbox(commits, relay, nodeId), relay };
}
