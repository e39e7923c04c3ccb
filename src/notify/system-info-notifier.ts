import type { ClusterMember, ClusterMembers } from '../application/ports/cluster-members.js';
import type { ServiceView } from '../application/service-status.js';
import type { Clock } from '../domain/clock.js';
import type { SystemInfoNode, SystemInfoView } from '../finesse/system-info-xml.js';
import { systemInfoXml } from '../finesse/system-info-xml.js';
import { updateXml } from '../finesse/update-xml.js';
import { systemInfoUri } from '../finesse/uris.js';
import type { Publish } from './notifier.js';

export interface SystemInfoSources {
  clock: Clock;
  domain: string;
  /** The live nodes (this one alone without a cluster), with the ports they bound. */
  members: ClusterMembers;
  /** Whether this node is in service, and why not. */
  service: Pick<ServiceView, 'state' | 'reason'>;
}

/**
 * SystemInfo names the nodes as Finesse names its pair: the first two live nodes in node id order are
 * `primaryNode` and `secondaryNode` — the same pair on every node and in every answer while the members
 * stay the same. In a cluster, `openfinesseNodes` lists every live node.
 */
export function systemInfoView({ clock, domain, members, service }: SystemInfoSources): SystemInfoView {
  const nodes = members.list().map((m) => nodeOf(m, members.self));
  return {
    now: clock.now(),
    domain,
    status: service.state,
    statusReason: service.reason,
    primary: nodes[0]!,
    secondary: nodes[1] ?? null,
    nodes: members.clustered ? nodes : null,
  };
}

/**
 * Publishes this node's SystemInfo on the `/finesse/api/SystemInfo` node (every user's, automatically)
 * when its status changes — the node going out of service or back — as Finesse does so that desktops
 * notice a failover. Nodes joining or leaving are not announced (a client reads the list with GET).
 * Looked at every `intervalMs`; returns the stop.
 */
export function startSystemInfoNotifier(sources: SystemInfoSources, publish: Publish, intervalMs = 1_000): () => void {
  let last = signatureOf(systemInfoView(sources));
  const timer = setInterval(() => {
    const view = systemInfoView(sources);
    const signature = signatureOf(view);
    if (signature === last) return;
    last = signature;
    publish(systemInfoUri, updateXml(systemInfoXml(view, 'systemInfo'), 'PUT', '', systemInfoUri));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** What a change is about: the status and its reason. */
function signatureOf(view: SystemInfoView): string {
  return `${view.status}/${view.statusReason}`;
}

function nodeOf({ nodeId, publicHost, ports, startedAt }: ClusterMember, self: string): SystemInfoNode {
  return {
    nodeId,
    host: publicHost,
    httpPort: ports.http,
    httpsPort: ports.https,
    xmppPort: ports.xmpp,
    boshPort: ports.bosh,
    boshTlsPort: ports.boshTls,
    startedAt,
    thisNode: nodeId === self,
  };
}
