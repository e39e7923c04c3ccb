import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { parse as parseYaml } from 'yaml';
import { Authenticator } from './accounts/authenticator.js';
import type { Credentials } from './accounts/credentials.js';
import { LoginGuard } from './accounts/login-guard.js';
import { AccessPolicy } from './application/access-policy.js';
import { AgentService } from './application/agent-service.js';
import { startLostDesktopWatcher } from './application/lost-desktop.js';
import { QueueCatalogue } from './application/queue-catalogue.js';
import type { ServerConfig, ServerConfigInput } from './config.js';
import { resolveConfig } from './config.js';
import type { Clock } from './domain/clock.js';
import { SystemClock } from './domain/clock.js';
import { Directory } from './domain/directory.js';
import { EventBus } from './domain/events.js';
import { HttpAccess } from './http/access.js';
import { createHttpApp } from './http/app.js';
import type { HttpServices } from './http/app.js';
import { Metrics } from './http/metrics.js';
import { loadTlsMaterial } from './http/tls-certificate.js';
import { Lifecycle } from './lifecycle.js';
import type { Logger } from './logging.js';
import { createLogger } from './logging.js';
import { startDialogNotifier } from './notify/dialog-notifier.js';
import { FinesseNodePolicy } from './notify/finesse-nodes.js';
import { FINESSE_PUBSUB_NAME, finesseContact, notificationPayload } from './notify/finesse-pubsub.js';
import { startNotifier } from './notify/notifier.js';
import { startQueueNotifier } from './notify/queue-notifier.js';
import { DEMO_PLAN } from './provisioning/demo-data.js';
import { parsePlan } from './provisioning/plan.js';
import type { ProvisioningPlan } from './provisioning/plan.js';
import { applyPlan } from './provisioning/provision.js';
import { SqliteStore } from './store/sqlite-store.js';
import { TelephonySimulator } from './telephony/simulator.js';
import { TrafficGenerator } from './telephony/traffic-generator.js';
import { XmppServer } from './xmpp/xmpp-server.js';

export interface ServerDependencies {
  clock?: Clock;
  logger?: Logger;
}

export interface BoundPorts {
  http: number | null;
  https: number | null;
  xmpp: number | null;
  bosh: number | null;
  boshTls: number | null;
}

export interface RunningServer {
  config: ServerConfig;
  ports: BoundPorts;
  directory: Directory;
  agents: AgentService;
  bus: EventBus;
  store: SqliteStore;
  clock: Clock;
  logger: Logger;
  telephony: TelephonySimulator;
  traffic: TrafficGenerator;
  xmpp: XmppServer;
  close(): Promise<void>;
}

const HTTP_LISTENERS: [keyof BoundPorts, keyof ServerConfig, string, boolean][] = [
  ['http', 'httpPort', '--http-port', false],
  ['https', 'httpsPort', '--https-port', true],
  ['bosh', 'boshPort', '--bosh-port', false],
  ['boshTls', 'boshTlsPort', '--bosh-tls-port', true],
];

/**
 * Opens the store, provisions, and binds every listener that is not off, in that order. When a step
 * fails, what was started is stopped again and the returned promise rejects with a StartupError.
 */
export async function startServer(partial: ServerConfigInput = {}, deps: ServerDependencies = {}): Promise<RunningServer> {
  const config = resolveConfig(partial);
  const clock = deps.clock ?? new SystemClock();
  const logger = deps.logger ?? createLogger(config.logLevel);
  const startedAt = clock.now();
  const life = new Lifecycle();

  const plan = await life.start('provisioning file', () => readPlan(config));
  const store = await life.start(
    'store',
    () => {
      mkdirSync(config.dataDir, { recursive: true });
      return new SqliteStore(join(config.dataDir, 'openfinesse.db'));
    },
    (s) => s.close(),
  );
  await life.start('provisioning', () => provision(store, config, plan, logger));

  const directory = new Directory();
  const credentials = loadDirectory(store, directory);
  const queues = new QueueCatalogue(store.loadQueues());
  const policy = new AccessPolicy(directory, queues);
  const bus = new EventBus((error, event) => logger.error({ event: 'bus.listener_failed', domainEvent: event.type, err: error }, 'event listener failed'));
  const metrics = new Metrics();
  const authenticator = new Authenticator(directory, { credentialsOf: (id) => credentials.get(id) }, new LoginGuard(clock, config.lockout));
  const requireReasonCodes = config.requireReasonCodes || plan?.settings.requireReasonCodes === true;
  const agents = await life.start(
    'agent service',
    () => new AgentService(directory, store, bus, clock, { requireReasonCodes }),
    (a) => a.close(),
  );
  bus.subscribe((event) => {
    if (event.type === 'UserChanged') metrics.stateChanges.inc({ state: event.user.status.state });
  });
  const tls = await life.start('TLS certificate', () => loadTlsMaterial(config.dataDir, config.domain, config.tlsCert, config.tlsKey));
  const ports: BoundPorts = { http: null, https: null, xmpp: null, bosh: null, boshTls: null };

  const xmppServer = await life
    .start(
      'XMPP notification service',
      () => {
        const server = new XmppServer({
          domain: config.domain,
          clock,
          logger,
          authenticator,
          tls,
          requireTls: config.xmppRequireTls,
          allowPlainWithoutTls: config.xmppAllowPlainWithoutTls,
          limits: config.xmppLimits,
          pubsub: {
            policy: new FinesseNodePolicy(policy, directory, queues),
            subscriptions: store,
            name: FINESSE_PUBSUB_NAME,
            encodePayload: notificationPayload,
          },
          serviceContact: finesseContact(config.domain),
        });
        const stopNotifier = startNotifier(bus, server, config.domain);
        const stopLostDesktop = startLostDesktopWatcher(server, agents, clock, config);
        metrics.observeXmpp({
          sessions: () => server.sessionCount,
          boundSessions: () => server.registry.size,
          deliveries: () => server.pubsub.deliveryCount,
          pendingDropped: () => server.broadcaster.pendingDropped,
        });
        return { server, stop: () => (stopLostDesktop(), stopNotifier(), server.close()) };
      },
      (x) => x.stop(),
    )
    .then((x) => x.server);
  if (config.xmppPort !== null) {
    ports.xmpp = await life.start(`XMPP listener (--xmpp-port ${config.xmppPort})`, () => xmppServer.listen(config.xmppPort!, config.host));
  }

  const { telephony, traffic } = await life.start(
    'telephony',
    () => {
      const simulator = new TelephonySimulator(directory, agents, bus, clock, store, queues, policy, config.telephony);
      const generator = new TrafficGenerator(simulator, clock);
      const publish = (node: string, update: string): void => void xmppServer.pubsub.publish(node, update);
      const stopDialogNotifier = startDialogNotifier(bus, publish);
      const stopQueueNotifier = startQueueNotifier(
        bus,
        clock,
        { findQueue: (id) => queues.find(id), queueStatistics: (id) => simulator.queueStatistics(id) },
        publish,
      );
      return { telephony: simulator, traffic: generator, stop: () => (generator.stop(), stopQueueNotifier(), stopDialogNotifier(), simulator.close()) };
    },
    (t) => t.stop(),
  );

  const access = new HttpAccess(policy, directory);
  const syncStore = (): Promise<void> => store.sync();
  const http: HttpServices = {
    finesse: {
      directory,
      agents,
      authenticator,
      metrics,
      logger,
      clock,
      telephony,
      queues,
      policy,
      access,
      syncStore,
      domain: config.domain,
      startedAt,
      boundPorts: () => ({ ...ports }),
    },
    control: {
      authenticator,
      metrics,
      logger,
      syncStore,
      callControl: { world: telephony, traffic, history: (since, limit) => store.loadCallRecords(since, limit) },
    },
    operations: {
      metrics,
      health: () => ({ uptimeSeconds: Math.round((clock.now() - startedAt) / 1000), users: directory.allUsers().length, ports: { ...ports } }),
    },
    xmpp: xmppServer,
    requests: { metrics, logger },
  };
  for (const [name, key, flag, secure] of HTTP_LISTENERS) {
    const port = config[key] as number | null;
    if (port === null) continue;
    ports[name] = await life
      .start(
        `${name} listener (${flag} ${port})`,
        () => listenHttp(createHttpApp(http, { tls: secure ? tls : null, maxBodyBytes: config.maxBodyBytes }), port, config.host),
        (l) => l.app.close(),
      )
      .then((l) => l.port);
  }
  // WebSocket sessions live on the HTTP listeners' sockets: they end before the listeners close.
  await life.start(
    'XMPP sessions',
    () => undefined,
    () => xmppServer.close(),
  );

  const readyLine = { event: 'ready', ready: true, domain: config.domain, host: config.host, ports, dataDir: config.dataDir };
  if (logger.isLevelEnabled('info') || logger.level === 'silent') logger.info(readyLine, 'ready');
  else process.stdout.write(`${JSON.stringify({ level: 30, time: new Date().toISOString(), service: 'openfinesse', ...readyLine, msg: 'ready' })}\n`);

  return {
    config,
    ports,
    directory,
    agents,
    bus,
    store,
    clock,
    logger,
    telephony,
    traffic,
    xmpp: xmppServer,
    async close() {
      await life.stop((step, err) => logger.error({ event: 'stop.failed', step, err }, 'a service failed to stop'));
      logger.info({ event: 'stopped' }, 'stopped');
    },
  };
}

function readPlan(config: ServerConfig): ProvisioningPlan | null {
  if (!config.configFile) return null;
  return parsePlan(parseYaml(readFileSync(config.configFile, 'utf8')));
}

/** Demo data goes into a new (empty) store first; the provisioning file is then applied on top. */
function provision(store: SqliteStore, config: ServerConfig, plan: ProvisioningPlan | null, logger: Logger): void {
  if (config.demo && store.isEmpty()) {
    const result = applyPlan(store, DEMO_PLAN, () => undefined);
    logger.info({ event: 'provisioning.demo', ...result }, 'demo data loaded');
  }
  if (config.demo && store.loadQueues().length === 0) {
    // A demo store created before queues existed gains the demo queues.
    for (const q of DEMO_PLAN.queues) {
      store.saveQueue({
        id: q.id,
        name: q.name,
        dialedNumbers: q.dialedNumbers,
        teamIds: q.teams,
        agentIds: q.agents,
        ringNoAnswerSeconds: q.ringNoAnswerSeconds,
        maxQueueTimeSeconds: q.maxQueueTimeSeconds,
      });
    }
  }
  if (plan) {
    const storedCredentials = (loginId: string): Credentials | undefined => store.loadUsers().find((u) => u.account.loginId === loginId)?.credentials;
    const result = applyPlan(store, plan, storedCredentials);
    logger.info({ event: 'provisioning.applied', source: config.configFile, ...result }, 'configuration applied');
  }
}

function loadDirectory(store: SqliteStore, directory: Directory): Map<string, Credentials> {
  const credentials = new Map<string, Credentials>();
  for (const team of store.loadTeams()) directory.putTeam(team);
  for (const rc of store.loadReasonCodes()) directory.putReasonCode(rc);
  for (const w of store.loadWrapUpReasons()) directory.putWrapUpReason(w);
  for (const u of store.loadUsers()) {
    directory.putUser(u.account, u.status);
    credentials.set(u.account.loginId, u.credentials);
  }
  return credentials;
}

async function listenHttp(app: FastifyInstance, port: number, host: string): Promise<{ app: FastifyInstance; port: number }> {
  try {
    await app.listen({ port, host });
  } catch (error) {
    await app.close();
    throw error;
  }
  const address = app.server.address();
  return { app, port: typeof address === 'object' && address ? address.port : port };
}
