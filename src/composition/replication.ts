import { consumeChanges } from '../cluster/change-consumer.js';
import { ensureChangeStream } from '../cluster/change-stream.js';
import { OutboxRelay } from '../cluster/outbox-relay.js';
import type { Lifecycle } from '../lifecycle.js';
import { applyReplicatedChange, startChangeRecorder } from '../notify/change-replication.js';
import type { XmppServer } from '../xmpp/xmpp-server.js';
import type { Core } from './core.js';

/**
 * In a cluster: every change this node commits also goes into the outbox, in the same transaction, and
 * from there through the change stream to the other nodes; the changes they commit come in from the
 * stream, update this node's model and reach this node's own sessions. Without a cluster, nothing.
 */
export async function startReplication(life: Lifecycle, core: Core, xmpp: XmppServer, since: Date): Promise<void> {
  const node = core.cluster;
  if (!node) return;
  const { connection, nodeId } = node;
  const { logger, metrics } = core;
  await life.start('change stream', () => ensureChangeStream(connection.jsm));
  const relay = await life.start(
    'outbox relay',
    () => {
      const relay = new OutboxRelay(core.store, connection.js, nodeId, {
        onError: (err) => logger.warn({ event: 'cluster.relay_failed', err }, 'committed changes could not be relayed yet; retrying'),
      });
      relay.kick(); // what an earlier run of this node left behind
      return relay;
    },
    (r) => r.close(),
  );
  await life.start(
    'change recorder',
    () => startChangeRecorder(core.bus, core.commits, core.statuses, relay, nodeId),
    (stop) => stop(),
  );
  const consumer = await life.start(
    'change consumer',
    () =>
      consumeChanges(
        connection.js,
        nodeId,
        since,
        (change, from) => {
          if (!applyReplicatedChange(change, core.agents, (n, update) => xmpp.pubsub.publish(n, update))) {
            logger.debug({ event: 'cluster.change_stale', from, loginId: change.agent?.loginId }, 'a change older than the one known was dropped');
          }
        },
        (err) => logger.error({ event: 'cluster.change_failed', err }, 'a change from another node could not be applied'),
      ),
    (c) => c.close(),
  );
  metrics.observeReplication({ relayed: () => relay.relayed, orphansRelayed: () => relay.orphansRelayed, received: () => consumer.received });
}
