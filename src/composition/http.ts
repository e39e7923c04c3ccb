import type { FastifyInstance } from 'fastify';
import type { ClusterMembers } from '../application/ports/cluster-members.js';
import { HttpAccess } from '../http/access.js';
import { createHttpApp } from '../http/app.js';
import { answerForwarded } from '../http/leader-forwarding.js';
import { ClusterOrigins } from '../http/cross-origin.js';
import type { HttpServices } from '../http/app.js';
import type { TlsMaterial } from '../http/tls-certificate.js';
import type { Lifecycle } from '../lifecycle.js';
import type { XmppServer } from '../xmpp/xmpp-server.js';
import type { ClusterFigures } from './cluster.js';
import { clusterHealth } from './cluster.js';
import type { Core } from './core.js';
import type { LeaderRole } from './leadership.js';
import type { StartedTelephony } from './telephony.js';
import type { TeamMessages } from '../application/team-messages.js';
import { gadgetServices } from './gadgets.js';

export interface BoundPorts {
  http: number | null;
  https: number | null;
  xmpp: number | null;
  bosh: number | null;
  boshTls: number | null;
}

const HTTP_LISTENERS = [
  ['http', 'httpPort', '--http-port', false],
  ['https', 'httpsPort', '--https-port', true],
  ['bosh', 'boshPort', '--bosh-port', false],
  ['boshTls', 'boshTlsPort', '--bosh-tls-port', true],
] as const;

/** Binds every HTTP listener that is not off; each serves the REST APIs, BOSH and WebSocket alike. */
export async function startHttpListeners(life: Lifecycle, services: HttpServices, core: Core, tls: TlsMaterial, ports: BoundPorts): Promise<void> {
  const { config } = core;
  for (const [name, key, flag, secure] of HTTP_LISTENERS) {
    const port = config[key];
    if (port === null) continue;
    const listening = await life.start(
      `${name} listener (${flag} ${port})`,
      () => listen(createHttpApp(services, { tls: secure ? tls : null, maxBodyBytes: config.maxBodyBytes }), port, config.host),
      (l) => l.app.close(),
    );
    ports[name] = listening.port;
  }
}

/**
 * In a cluster, the requests other nodes forward to this one (for the phone system while it leads) are
 * served by an app of its own that listens on no socket, through the same routes and checks.
 */
export async function serveForwardedRequests(life: Lifecycle, services: HttpServices, core: Core, role: LeaderRole): Promise<void> {
  const requests = role.requests;
  if (!requests) return;
  const app = createHttpApp(services, { tls: null, maxBodyBytes: core.config.maxBodyBytes });
  await life.start(
    'forwarded requests',
    async () => {
      await app.ready();
      return requests.serve((request) => answerForwarded(app, request));
    },
    async (stop) => {
      stop();
      await app.close();
    },
  );
}

/** This node among the others: who leads, how to reach it, the members, and the figures health reports. */
export interface ClusterServices extends Omit<ClusterFigures, 'leadership'> {
  role: LeaderRole;
  members: ClusterMembers;
}

/** What each HTTP surface is given: only the services it uses. */
export function httpServices(
  core: Core,
  phone: StartedTelephony,
  xmpp: XmppServer,
  ports: BoundPorts,
  cluster: ClusterServices,
  teamMessages: TeamMessages,
): HttpServices {
  const { directory, agents, authenticator, metrics, logger, clock, queues, policy, store, config, startedAt } = core;
  const syncStore = (): Promise<void> => core.commits.barrier();
  const { members, role } = cluster;
  const { leadership, requests } = role;
  const crossOrigin = new ClusterOrigins(members);
  const gadgets = gadgetServices(core, crossOrigin);
  return {
    finesse: {
      directory,
      agents,
      commands: core.commits,
      authenticator,
      metrics,
      logger,
      clock,
      telephony: phone.telephony,
      queues,
      policy,
      access: new HttpAccess(policy, directory),
      syncStore,
      domain: config.domain,
      members,
      service: core.service,
      reasonCodeAdmin: core.reasonCodeAdmin,
      wrapUpReasonAdmin: core.wrapUpReasonAdmin,
      teamMessages,
      phoneBookAdmin: core.phoneBookAdmin,
      contactAdmin: core.contactAdmin,
      phoneBookReads: core.phoneBookReads,
      workflowActionAdmin: core.workflowActionAdmin,
      workflowAdmin: core.workflowAdmin,
      workflowReads: core.workflowReads,
      mediaPropertiesLayoutAdmin: core.mediaPropertiesLayoutAdmin,
      layoutConfigAdmin: core.layoutConfigAdmin,
      layoutReads: core.layoutReads,
    },
    control: {
      authenticator,
      metrics,
      logger,
      syncStore,
      service: core.service,
      // Read your writes: the changes acknowledged before this request are committed before they are read.
      audit: async (query) => {
        await syncStore();
        return store.loadAudit(query);
      },
      provisioning: { users: core.userAdmin, teams: core.teamAdmin },
      gadgetFiles: gadgets.fileAdmin,
      gadgetAllowList: core.gadgetAllowList,
      callControl: {
        world: phone.telephony,
        traffic: phone.telephony.traffic,
        // Read your writes: the calls that ended before this request are committed before they are read.
        history: async (since, limit) => {
          await syncStore();
          return store.loadCallRecords(since, limit);
        },
      },
    },
    operations: {
      metrics,
      health: () => ({
        uptimeSeconds: Math.round((clock.now() - startedAt) / 1000),
        service: { status: core.service.state, reason: core.service.reason },
        users: directory.allUsers().length,
        ports: { ...ports },
        store: store.description,
        cluster: clusterHealth(core.cluster, members, { ...cluster, leadership }),
      }),
    },
    leader: requests && {
      nodeId: config.nodeId,
      serves: () => phone.telephony.serves(),
      leader: () => leadership.leader,
      requests,
      maxBodyBytes: config.maxBodyBytes,
      metrics,
      logger,
    },
    xmpp,
    gadgets: gadgets.surface,
    gadgetProxy: { authenticator, metrics, logger, proxy: core.gadgetProxy, listenerPorts: () => listenerPorts(ports) },
    crossOrigin,
    requests: { metrics, logger },
  };
}

/** The ports this node's plain and TLS listeners are bound to (the proxy's own origins). */
function listenerPorts(ports: BoundPorts): { http: number[]; https: number[] } {
  return {
    http: [ports.http, ports.bosh].filter((p) => p !== null),
    https: [ports.https, ports.boshTls].filter((p) => p !== null),
  };
}

async function listen(app: FastifyInstance, port: number, host: string): Promise<{ app: FastifyInstance; port: number }> {
  try {
    await app.listen({ port, host });
  } catch (error) {
    await app.close();
    throw error;
  }
  const address = app.server.address();
  return { app, port: typeof address === 'object' && address ? address.port : port };
}
