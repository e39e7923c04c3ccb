import type { LeaderRequests } from '../application/ports/leader-requests.js';
import type { Leadership } from '../application/ports/leadership.js';
import type { ServiceView } from '../application/service-status.js';
import { SoleLeadership } from '../application/ports/leadership.js';
import { NatsLeaderLease } from '../cluster/nats-leader-lease.js';
import { NatsLeaderRequests } from '../cluster/nats-leader-requests.js';
import type { Lifecycle } from '../lifecycle.js';
import type { Logger } from '../logging.js';
import type { ClusterNode } from './cluster.js';

/** Who leads, and (in a cluster) the way other nodes' requests reach the leader. */
export interface LeaderRole {
  leadership: Leadership;
  requests: LeaderRequests | null;
}

/**
 * Who runs the phone system and the timers: alone, this node; in a cluster, the holder of the lease in
 * NATS (tried at once, then every 2 s). Stopping gives the lease up, so another node takes over at once.
 */
export async function startLeadership(
  life: Lifecycle,
  cluster: ClusterNode | null,
  nodeId: string,
  service: Pick<ServiceView, 'acceptsWrites'>,
  logger: Logger,
): Promise<LeaderRole> {
  if (!cluster) return { leadership: new SoleLeadership(nodeId), requests: null };
  const lease = new NatsLeaderLease(cluster.connection.js, nodeId, {
    onError: (err) => logger.warn({ event: 'cluster.lease_failed', err }, 'could not renew or take the leader lease; retrying'),
    // A node out of service (its database or NATS away) must not run calls and timers it cannot commit.
    eligible: () => service.acceptsWrites,
  });
  lease.onChange((leads) => {
    if (leads) logger.info({ event: 'cluster.leading', nodeId }, 'this node leads the phone system and the timers');
    else logger.warn({ event: 'cluster.following', nodeId }, 'this node no longer leads the phone system');
  });
  const leadership = await life.start(
    'leader lease',
    async () => {
      await lease.start();
      return lease;
    },
    (l) => l.close(),
  );
  return { leadership, requests: new NatsLeaderRequests(cluster.connection.nc, nodeId) };
}
