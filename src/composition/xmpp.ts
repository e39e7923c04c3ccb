import type { StoredSubscription } from '../application/ports/store.js';
import type { TlsMaterial } from '../http/tls-certificate.js';
import type { Lifecycle } from '../lifecycle.js';
import { FinesseNodePolicy } from '../notify/finesse-nodes.js';
import { FINESSE_PUBSUB_NAME, finesseContact, notificationPayload } from '../notify/finesse-pubsub.js';
import { startNotifier } from '../notify/notifier.js';
import { XmppServer } from '../xmpp/xmpp-server.js';
import type { Core } from './core.js';

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
      });
      const stopNotifier = startNotifier(bus, (node, update) => commits.afterCommit(() => server.pubsub.publish(node, update)));
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
