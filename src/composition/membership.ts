import type { ClusterMember, ClusterMembers } from '../application/ports/cluster-members.js';
import { LocalMembers } from '../cluster/local-members.js';
import { NatsMembers } from '../cluster/nats-members.js';
import type { Lifecycle } from '../lifecycle.js';
import type { Core } from './core.js';
import type { BoundPorts } from './http.js';

/** The members the HTTP surfaces read, and the step that makes this node one of them. */
export interface Membership {
  members: ClusterMembers;
  /** Announces this node (once its listeners are bound); it leaves first when the server stops. */
  join(life: Lifecycle): Promise<void>;
}

/**
 * In a cluster, the members in NATS (this node announced under its id, public host and bound ports);
 * alone, just this node — whose public host is `--public-host` or else the Finesse domain, what
 * SystemInfo has always named.
 */
export function membership(core: Core, ports: BoundPorts): Membership {
  const { config, cluster, logger, startedAt } = core;
  const me = (publicHost: string) => (): ClusterMember => ({ nodeId: config.nodeId, publicHost, ports: { ...ports }, startedAt });
  if (!cluster) return { members: new LocalMembers(me(config.publicHost ?? config.domain)), join: async () => {} };
  const members = new NatsMembers(cluster.connection.js, me(cluster.publicHost), {
    onError: (err) => logger.warn({ event: 'cluster.membership_failed', err }, 'could not announce this node or read the others yet; retrying'),
  });
  return {
    members,
    join: (life) =>
      life.start(
        'cluster membership',
        () => members.start(),
        () => members.close(),
      ),
  };
}
