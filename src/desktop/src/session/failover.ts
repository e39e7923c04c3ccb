import type { ClusterNode, SystemInfo } from '../finesse/model';
import type { ConnectionStatus } from '../finesse/notifications';
import { FinesseRest, type Credentials } from '../finesse/rest';
import { parseSystemInfo } from '../finesse/xml';
import type { SessionCore } from './core';
import type { NodeStatus } from './desktop-state';

/** How long a node has to answer SystemInfo before the desktop tries the next one. */
const PROBE_TIMEOUT_MS = 3_000;
/** Longest wait between two attempts while the desktop looks for a node. */
export const FAILOVER_MAX_BACKOFF_MS = 10_000;
/** How often a connected desktop reads SystemInfo again, to know nodes that joined since. */
const NODES_REFRESH_MS = 60_000;

/** Where the desktop reaches a node: the REST base (empty: the page's own origin) and the notification WebSocket. */
interface Endpoint {
  nodeId: string;
  base: string;
  serviceUrl: string;
}

/**
 * The nodes of a cluster, from SystemInfo (read at sign-in, at each failover and every minute): when the
 * notification connection is lost, each reconnection attempt goes to the next node in turn — the one
 * the desktop was on first, then the others — with the client's backoff (1 s, 2 s, 4 s … at most 10 s).
 * A node is taken when it answers SystemInfo in service with the credentials the desktop holds; the
 * REST base then points at it and the notification client reconnects there, and the session goes on
 * (the lost-desktop count-down of the agent stops on whichever node he comes back to). The page stays
 * the one it was loaded from: the other nodes answer it cross-origin (CORS).
 */
export class NodeFailover {
  private nodes: ClusterNode[] = [];
  /** The node the page came from: reached on its own origin, as before any failover. */
  private pageNode = '';
  private current = '';
  private trying: string | null = null;
  private refreshTimer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly core: SessionCore,
    private readonly creds: Credentials,
    private readonly page: Pick<Location, 'protocol' | 'host'>,
    private readonly onMoved: (from: string, to: string) => void,
  ) {}

  /** Whether the server is a cluster (SystemInfo lists its nodes); a server alone gets no failover. */
  get clustered(): boolean {
    return this.nodes.length > 0;
  }

  /** SystemInfo as read from the page's own node at sign-in. */
  start(system: SystemInfo): void {
    this.nodes = system.nodes;
    this.pageNode = this.current = system.nodes.find((n) => n.thisNode)?.nodeId ?? '';
    this.publish();
    if (!this.clustered) return;
    this.refreshTimer = setInterval(() => {
      if (this.trying === null) void this.refreshNodes();
    }, NODES_REFRESH_MS);
  }

  stop(): void {
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    this.refreshTimer = null;
  }

  /** The notification client's status: which node the next attempt goes to, or none once connected. */
  onStatus(connection: ConnectionStatus): void {
    if (connection.state === 'connected') this.trying = null;
    else if (connection.state === 'reconnecting' && connection.attempt !== undefined) this.trying = this.candidate(connection.attempt)?.nodeId ?? null;
    this.publish();
  }

  /** For the notification client's `chooseServer`: this attempt's node, if it answers in service. */
  async choose(attempt: number): Promise<string | null> {
    const endpoint = this.candidate(attempt);
    if (!endpoint) return null;
    this.trying = endpoint.nodeId;
    this.publish();
    let system: SystemInfo;
    try {
      system = parseSystemInfo(await new FinesseRest(this.creds, endpoint.base).get('/SystemInfo', PROBE_TIMEOUT_MS), Date.now());
    } catch {
      return null;
    }
    // A node out of service (no database, no NATS) takes no changes: another one will, if there is one.
    if (system.status === 'OUT_OF_SERVICE' && this.endpoints().length > 1) return null;
    const from = this.current;
    this.take(endpoint, system);
    if (from !== endpoint.nodeId) this.onMoved(from, endpoint.nodeId);
    return endpoint.serviceUrl;
  }

  private take(endpoint: Endpoint, system: SystemInfo): void {
    if (this.core.rest) this.core.rest.base = endpoint.base;
    this.current = endpoint.nodeId;
    if (system.nodes.length > 0) this.nodes = system.nodes;
    this.core.set({ system });
    this.publish();
  }

  /** The nodes as the current node lists them now. */
  private async refreshNodes(): Promise<void> {
    const rest = this.core.rest;
    if (!rest) return;
    try {
      const system = parseSystemInfo(await rest.get('/SystemInfo', PROBE_TIMEOUT_MS), Date.now());
      if (system.nodes.length > 0) this.nodes = system.nodes;
      this.core.set({ system });
    } catch {
      /* the next failover reads it anyway */
    }
  }

  /** Attempt `attempt` goes to the current node first, then each other node in turn, round and round. */
  private candidate(attempt: number): Endpoint | null {
    const all = this.endpoints();
    if (all.length === 0) return null;
    const own = all.filter((e) => e.nodeId === this.current);
    const order = [...own, ...all.filter((e) => e.nodeId !== this.current)];
    return order[attempt % order.length]!;
  }

  /** Every node the page can reach: one with a listener of the page's own scheme (an HTTPS page cannot use plain HTTP). */
  private endpoints(): Endpoint[] {
    return this.nodes.flatMap((n) => {
      const endpoint = this.endpointOf(n);
      return endpoint ? [endpoint] : [];
    });
  }

  private endpointOf(node: ClusterNode): Endpoint | null {
    const secure = this.page.protocol === 'https:';
    if (node.nodeId === this.pageNode) {
      return { nodeId: node.nodeId, base: '', serviceUrl: `${secure ? 'wss' : 'ws'}://${this.page.host}/ws/` };
    }
    const port = secure ? (node.httpsPort ?? node.boshTlsPort) : (node.httpPort ?? node.boshPort);
    if (port === null || !node.host) return null;
    const host = node.host.includes(':') && !node.host.startsWith('[') ? `[${node.host}]` : node.host;
    return {
      nodeId: node.nodeId,
      base: `${secure ? 'https' : 'http'}://${host}:${port}`,
      serviceUrl: `${secure ? 'wss' : 'ws'}://${host}:${port}/ws/`,
    };
  }

  private publish(): void {
    const node: NodeStatus | null = this.clustered ? { current: this.current, trying: this.trying } : null;
    const before = this.core.state.node;
    if (before?.current === node?.current && before?.trying === node?.trying) return;
    this.core.set({ node });
  }
}
