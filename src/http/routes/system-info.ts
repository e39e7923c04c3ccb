import type { FastifyInstance } from 'fastify';
import type { ClusterMember, ClusterMembers } from '../../application/ports/cluster-members.js';
import type { ServiceView } from '../../application/service-status.js';
import type { Clock } from '../../domain/clock.js';
import type { SystemInfoNode } from '../../finesse/system-info-xml.js';
import { systemInfoXml } from '../../finesse/system-info-xml.js';
import { requireActor } from '../authenticate.js';
import { sendXml } from '../errors.js';

export interface SystemInfoDeps {
  clock: Clock;
  domain: string;
  /** The live nodes (this one alone without a cluster), with the ports they bound. */
  members: ClusterMembers;
  /** Whether this node is in service, and why not. */
  service: ServiceView;
}

/**
 * SystemInfo names the nodes as Finesse names its pair: the first two live nodes in node id order are
 * `primaryNode` and `secondaryNode` — the same pair on every node and in every answer while the members
 * stay the same. In a cluster, `openfinesseNodes` lists every live node.
 */
export function registerSystemInfoRoute(app: FastifyInstance, ctx: SystemInfoDeps): void {
  app.get('/SystemInfo', async (request, reply) => {
    requireActor(request);
    const { members } = ctx;
    const nodes = members.list().map((m) => nodeOf(m, members.self));
    return sendXml(
      reply,
      200,
      systemInfoXml({
        now: ctx.clock.now(),
        domain: ctx.domain,
        status: ctx.service.state,
        statusReason: ctx.service.reason,
        primary: nodes[0]!,
        secondary: nodes[1] ?? null,
        nodes: members.clustered ? nodes : null,
      }),
    );
  });
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
