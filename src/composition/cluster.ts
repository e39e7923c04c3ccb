import type { ClusterMember, ClusterMembers } from '../application/ports/cluster-members.js';
import type { Leadership } from '../application/ports/leadership.js';
import { ClusterConnection } from '../cluster/nats-connection.js';
import { natsLocation, parseNatsUrl } from '../cluster/nats-url.js';
import type { ServerConfig } from '../config.js';
import type { Lifecycle } from '../lifecycle.js';
import { StartupError } from '../lifecycle.js';
import type { Logger } from '../logging.js';
import { storeSpecOf } from '../store/spec.js';

/** This node in its cluster: who it is, how clients reach it, and its connection to NATS. */
export interface ClusterNode {
  nodeId: string;
  publicHost: string;
  connection: ClusterConnection;
}

/** What `/openfinesse/health` says about the cluster (null when the server runs alone). */
export interface ClusterHealth {
  nodeId: string;
  publicHost: string;
  /** The NATS URL without credentials. */
  url: string;
  connected: boolean;
  /** The live nodes, this one included, in node id order. */
  members: ClusterMember[];
  /** The node that leads the phone system and runs the timers, as far as this node knows. */
  leader: string | null;
  /** Changes in the stream this node has not read yet. */
  streamLag: number;
  /** Durable timers waiting to fire in the cluster (the scheduler's backlog). */
  timersPending: number;
}

/** What the cluster's health reads besides the connection and the members. */
export interface ClusterFigures {
  leadership: Leadership;
  replication: { readonly lag: number } | null;
  timers: { readonly pending: number };
}

const step = (url: string): string => `cluster (${natsLocation(url)})`;

/** Refuses, before anything starts, a cluster whose nodes could not share the store. */
export function requireSharedStore(config: ServerConfig): void {
  if (!config.cluster || storeSpecOf(config.store, config.dataDir).kind === 'postgres') return;
  throw new StartupError(
    step(config.cluster),
    '--cluster needs --store postgres://…: the nodes share one PostgreSQL database, an SQLite file belongs to one node',
  );
}

/** With `--cluster`, connects to NATS (stopped last but the store); without it, there is no cluster. */
export async function startCluster(life: Lifecycle, config: ServerConfig, logger: Logger): Promise<ClusterNode | null> {
  const url = config.cluster;
  if (!url) return null;
  const nodeId = config.nodeId;
  const connection = await life.start(
    step(url),
    () => ClusterConnection.open({ address: parseNatsUrl(url), name: nodeId }),
    (c) => c.close(),
  );
  const location = connection.address.location;
  logger.info({ event: 'cluster.connected', nodeId, url: location, server: connection.nc.getServer() }, 'connected to NATS');
  connection.onChange(({ connected, server }) => {
    if (connected) logger.info({ event: 'cluster.reconnected', nodeId, url: location, server }, 'connected to NATS again');
    else logger.warn({ event: 'cluster.disconnected', nodeId, url: location, server }, 'lost the connection to NATS; reconnecting');
  });
  return { nodeId, publicHost: config.publicHost ?? nodeId, connection };
}

export function clusterHealth(node: ClusterNode | null, members: ClusterMembers, figures: ClusterFigures): ClusterHealth | null {
  if (!node) return null;
  return {
    nodeId: node.nodeId,
    publicHost: node.publicHost,
    url: node.connection.address.location,
    connected: node.connection.connected,
    members: members.list(),
    leader: figures.leadership.leader,
    streamLag: figures.replication?.lag ?? 0,
    timersPending: figures.timers.pending,
  };
}
