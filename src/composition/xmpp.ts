import { AddressConnections } from '../application/address-connections.js';
import type { ConnectionAdmission } from '../application/ports/connection-admission.js';
import type { StoredSubscription } from '../application/ports/store.js';
import { NatsConnectionCap } from '../cluster/nats-connection-cap.js';
import type { TlsMaterial } from '../http/tls-certificate.js';
import type { Lifecycle } from '../lifecycle.js';
import { FinesseNodePolicy } from '../notify/finesse-nodes.js';
import { FINESSE_PUBSUB_NAME, finesseContact, notificationPayload } from '../notify/finesse-pubsub.js';
import { startNotifier } from '../notify/notifier.js';
import { XmppServer } from '../xmpp/xmpp-server.js';
import type { Core } from './core.js';

/** In a cluster, the cap on connections from one address is the cluster's (NATS); alone, the server's own. */
async function startConnectionCap(life: Lifecycle, core: Core): Promise<ConnectionAdmission> {
  const { cluster, config, clock, logger } = core;
  if (!cluster) return new AddressConnections(config.xmppLimits.maxConnectionsPerIp);
  return life.start(
    'connection cap',
    async () => {
      const cap = new NatsConnectionCap(cluster.connection.js, {
        nodeId: cluster.nodeId,
        limit: config.xmppLimits.maxConnectionsPerIp,
        clock,
        onError: (err) =>
          logger.warn(
            { event: 'cluster.connection_cap_unshared', err },
            "connections per address cannot be shared through NATS; counting this node's and the others' last known",
          ),
      });
      await cap.start();
      return cap;
    },
    (cap) => cap.close(),
  );
}

/** The notification service with the Finesse node rules and its user notifications. */
export async function startXmpp(life: Lifecycle, core: Core, tls: TlsMaterial): Promise<XmppServer> {
  const { config, clock, logger, bus, metrics, directory, queues, policy, commits } = core;
  const subscriptions = {
    loadSubscriptions: () => core.subscriptions,
    addSubscription: (subscription: StoredSubscription) => {
      commits.write({ kind: 'subscriptionAdded', subscription });
      core.changes?.outbox.record({ publications: [], subscription: { added: subscription } }, clock.now());
      return commits.barrier();
    },
    removeSubscription: (node: string, jid: string, subid: string) => {
      commits.write({ kind: 'subscriptionRemoved', node, jid, subid });
      core.changes?.outbox.record({ publications: [], subscription: { removed: { node, jid, subid } } }, clock.now());
      return commits.barrier();
    },
  };
  const admission = await startConnectionCap(life, core);
  const { server } = await life.start(
    'XMPP notification service',
    () => {
      const server = new XmppServer({
        domain: config.domain,
        clock,
        logger,
        authenticator: core.authenticator,
        tls,
        requireTls: config.xmppRequireTls,
        allowPlainWithoutTls: config.xmppAllowPlainWithoutTls,
        limits: config.xmppLimits,
        pubsub: {
          policy: new FinesseNodePolicy(policy, directory, queues),
          subscriptions,
          name: FINESSE_PUBSUB_NAME,
          encodePayload: notificationPayload,
        },
        serviceContact: finesseContact(config.domain),
        admission,
      });
      const stopNotifier = startNotifier(bus, (node, payload) => commits.afterCommit(() => server.pubsub.publishPayload(node, payload)));
      metrics.observeXmpp({
        sessions: () => server.sessionCount,
        boundSessions: () => server.registry.size,
        deliveries: () => server.pubsub.deliveryCount,
        pendingDropped: () => server.broadcaster.pendingDropped,
      });
      const stop = (): Promise<void> => {
        stopNotifier();
        return server.close();
      };
      return { server, stop };
    },
    (x) => x.stop(),
  );
  return server;
}
