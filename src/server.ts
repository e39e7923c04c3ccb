import type { AgentService } from './application/agent-service.js';
import type { GadgetChanges } from './application/gadget-changes.js';
import type { LayoutConfigAdmin } from './application/layout-config-admin.js';
import type { BoundPorts } from './composition/http.js';
import { httpServices, serveForwardedRequests, startHttpListeners } from './composition/http.js';
import type { ClusterNode } from './composition/cluster.js';
import { requireSharedStore, startCluster } from './composition/cluster.js';
import { startCore } from './composition/core.js';
import { startLeadership } from './composition/leadership.js';
import { startLostDesktops } from './composition/lost-desktops.js';
import { membership } from './composition/membership.js';
import { startReplication } from './composition/replication.js';
import { startStore } from './composition/store.js';
import { startTeamMessages } from './composition/team-messages.js';
import { startTelephony } from './composition/telephony.js';
import { startXmpp } from './composition/xmpp.js';
import type { ServerConfig, ServerConfigInput } from './config.js';
import { resolveConfig } from './config.js';
import type { Clock } from './domain/clock.js';
import { SystemClock } from './domain/clock.js';
import type { Directory } from './domain/directory.js';
import type { EventBus } from './domain/events.js';
import { loadTlsMaterial } from './http/tls-certificate.js';
import { startSystemInfoNotifier } from './notify/system-info-notifier.js';
import { Lifecycle } from './lifecycle.js';
import type { Logger } from './logging.js';
import { createLogger } from './logging.js';
import type { Store } from './application/ports/store.js';
import type { TelephonyHost } from './composition/telephony.js';
import type { XmppServer } from './xmpp/xmpp-server.js';

export type { BoundPorts } from './composition/http.js';

export interface ServerDependencies {
  clock?: Clock;
  logger?: Logger;
  /** Under `openfinesse gadget serve`: the feed desktops long-poll to reload changed gadgets. */
  gadgetChanges?: GadgetChanges;
}

/** How long a desktop's poll of the gadget change feed waits for a change. */
const GADGET_CHANGES_POLL_MS = 25_000;

export interface RunningServer {
  config: ServerConfig;
  ports: BoundPorts;
  directory: Directory;
  agents: AgentService;
  bus: EventBus;
  store: Store;
  /** This node in its cluster, or null without `--cluster`. */
  cluster: ClusterNode | null;
  clock: Clock;
  logger: Logger;
  /** The phone system (in a cluster it runs on the leader only). */
  telephony: TelephonyHost;
  xmpp: XmppServer;
  /** The desktop layouts (default and per team), changed as an administrator would. */
  layoutConfig: LayoutConfigAdmin;
  /** Reads users, teams, reason codes and wrap-up reasons from the store again (SIGHUP). */
  reloadConfiguration(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the services in order — store and provisioning, the cluster connection, the core, the notification service, the phone
 * system, the HTTP listeners — and stops them in reverse. When a step fails, what was started is stopped
 * again and the returned promise rejects with a StartupError naming the step.
 */
export async function startServer(partial: ServerConfigInput = {}, deps: ServerDependencies = {}): Promise<RunningServer> {
  // Other nodes' changes are read from a moment before this node loads its state, so none falls between.
  const loadingSince = new Date(Date.now() - 1000);
  const config = resolveConfig(partial);
  const clock = deps.clock ?? new SystemClock();
  const logger = deps.logger ?? createLogger(config.logLevel);
  const life = new Lifecycle();
  const ports: BoundPorts = { http: null, https: null, xmpp: null, bosh: null, boshTls: null };

  requireSharedStore(config);
  const loaded = await startStore(life, config, logger);
  const cluster = await startCluster(life, config, logger);
  const core = await startCore(life, loaded, cluster, config, clock, logger);
  const tls = await life.start('TLS certificate', () => loadTlsMaterial(config.dataDir, config.domain, config.tlsCert, config.tlsKey));
  const xmpp = await startXmpp(life, core, tls);
  const xmppPort = config.xmppPort;
  if (xmppPort !== null) ports.xmpp = await life.start(`XMPP listener (--xmpp-port ${xmppPort})`, () => xmpp.listen(xmppPort, config.host));
  const replication = await startReplication(life, core, xmpp, loadingSince);
  const role = await startLeadership(life, cluster, config.nodeId, core.service, logger);
  core.agents.leadTimers(role.leadership.leads);
  role.leadership.onChange((leads) => core.agents.leadTimers(leads));
  const { members, join } = membership(core, ports);
  const timers = await startLostDesktops(life, core, xmpp, role.leadership, members);
  const phone = await startTelephony(life, core, xmpp, role.leadership);
  const teamMessages = await startTeamMessages(life, core, xmpp, timers);
  const services = httpServices(core, phone, xmpp, ports, { role, members, replication, timers }, teamMessages);
  if (deps.gadgetChanges) services.gadgetChanges = { changes: deps.gadgetChanges, pollMs: GADGET_CHANGES_POLL_MS };
  await serveForwardedRequests(life, services, core, role);
  await startHttpListeners(life, services, core, tls, ports);
  // WebSocket sessions live on the HTTP listeners' sockets: they end before the listeners close.
  await life.start(
    'XMPP sessions',
    () => undefined,
    () => xmpp.close(),
  );
  // Announced once it can be reached; the first to go when the node stops.
  await join(life);
  await life.start(
    'SystemInfo notifications',
    () => startSystemInfoNotifier({ clock, domain: config.domain, members, service: core.service }, (node, update) => xmpp.pubsub.publish(node, update)),
    (stop) => stop(),
  );
  announceReady(logger, {
    event: 'ready',
    ready: true,
    domain: config.domain,
    host: config.host,
    ports,
    dataDir: config.dataDir,
    store: core.store.description,
    ...(cluster ? { cluster: { nodeId: cluster.nodeId, url: cluster.connection.address.location } } : {}),
  });

  const { directory, agents, bus, store } = core;
  return {
    ...{ config, ports, directory, agents, bus, store, cluster, clock, logger, xmpp },
    layoutConfig: core.layoutConfigAdmin,
    ...phone,
    async reloadConfiguration() {
      try {
        // Through the configuration unit of work: no change is overtaken, and users created or enabled behind
        // our back continue from their agent status versions.
        await core.configurationChanges.reload();
        logger.info(
          { event: 'configuration.reloaded', users: directory.allUsers().length, teams: directory.allTeams().length },
          'configuration reloaded from the store',
        );
      } catch (err) {
        logger.error({ event: 'configuration.reload_failed', err }, 'configuration could not be reloaded');
      }
    },
    async close() {
      await life.stop((step, err) => logger.error({ event: 'stop.failed', step, err }, 'a service failed to stop'));
      logger.info({ event: 'stopped' }, 'stopped');
    },
  };
}

/** The one line supervisors wait for, written even when the log level would hide it. */
function announceReady(logger: Logger, line: Record<string, unknown>): void {
  if (logger.isLevelEnabled('info') || logger.level === 'silent') logger.info(line, 'ready');
  else process.stdout.write(`${JSON.stringify({ level: 30, time: new Date().toISOString(), service: 'openfinesse', ...line, msg: 'ready' })}\n`);
}
