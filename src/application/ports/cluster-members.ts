/** The ports a node's clients reach it on, as bound (null: that listener is off). */
export interface MemberPorts {
  http: number | null;
  https: number | null;
  xmpp: number | null;
  bosh: number | null;
  boshTls: number | null;
}

/** A live node as it announces itself to the others. */
export interface ClusterMember {
  nodeId: string;
  /** The host name clients reach the node by. */
  publicHost: string;
  ports: MemberPorts;
  /** When the node started (epoch milliseconds). */
  startedAt: number;
}

/**
 * The live nodes: this one and every other that announced itself lately (a node that stopped or died
 * drops out). One driver for a server that runs alone (itself only), one for a cluster.
 */
export interface ClusterMembers {
  /** Whether other nodes can exist (the server runs in a cluster). */
  readonly clustered: boolean;
  /** This node's id. */
  readonly self: string;
  /** The live nodes, this one always among them, in node id order (code units): the same list on every node. */
  list(): ClusterMember[];
  /**
   * The live nodes and the last nodes seen live since this one started that are gone now (a few dozen
   * at most): a desktop loaded from a node that died is still open somewhere and may come to this one.
   */
  seen(): ClusterMember[];
}

/** Members in node id order (code units, as every node sorts them). */
export function byNodeId(members: ClusterMember[]): ClusterMember[] {
  return members.sort((a, b) => (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0));
}
