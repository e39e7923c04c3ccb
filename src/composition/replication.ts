import { consumeChanges } from '../cluster/change-consumer.js';
import type { Lifecycle } from '../lifecycle.js';
import { applyReplicatedChange, startChangeRecorder } from '../notify/change-replication.js';
import type { XmppServer } from '../xmpp/xmpp-server.js';
import type { Core } from './core.js';

/**
 * In a cluster: every change this node commits is recorded for the others (agent statuses here, pubsub
 * subscriptions where they are made), and the changes the others commit come in from the stream, update
 * this node's model and reach this node's own sessions. Without a cluster, nothing.
 */
export async function startReplication(life: Lifecycle, core: Core, xmpp: XmppServer, since: Date): Promise<{ readonly lag: number } | null> {
  const { cluster, changes, logger, metrics } = core;
  if (!cluster || !changes) return null;
  const configuration = {
    reload: () => {
      core.configurationChanges
        .reload()
        .then(() => logger.debug({ event: 'configuration.reloaded_for_peer' }, 'configuration changed on another node: read again'))
        .catch((err: unknown) => logger.error({ event: 'configuration.reload_failed', err }, 'the configuration could not be read again'));
    },
  };
  await life.start(
    'change recorder',
    () => startChangeRecorder(core.bus, changes.outbox, core.statuses),
    (stop) => stop(),
  );
  const consumer = await life.start(
    'change consumer',
    () =>
      consumeChanges(
        cluster.connection.js,
        cluster.nodeId,
        since,
        (change, from) => {
          if (!applyReplicatedChange(change, core.agents, xmpp.pubsub, configuration)) {
            logger.debug({ event: 'cluster.change_stale', from, loginId: change.agent?.loginId }, 'a change older than the one known was dropped');
          }
        },
        (err) => logger.error({ event: 'cluster.change_failed', err }, 'a change from another node could not be applied'),
      ),
    (c) => c.close(),
  );
  const { relay } = changes;
  metrics.observeReplication({
    relayed: () => relay.relayed,
    orphansRelayed: () => relay.orphansRelayed,
    received: () => consumer.received,
    lag: () => consumer.lag,
  });
  return consumer;
}
