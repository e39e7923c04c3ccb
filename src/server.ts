import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { parse as parseYaml } from 'yaml';
import { Authenticator } from './accounts/authenticator.js';
import type { Credentials } from './accounts/credentials.js';
import { LoginGuard } from './accounts/login-guard.js';
import { AgentService } from './application/agent-service.js';
import type { ServerConfig } from './config.js';
import { DEFAULT_CONFIG } from './config.js';
import type { Clock } from './domain/clock.js';
import { SystemClock } from './domain/clock.js';
import { Directory } from './domain/directory.js';
import { EventBus } from './domain/events.js';
import { createHttpApp } from './http/app.js';
import type { HttpContext, XmppHttpTransports } from './http/context.js';
import { Metrics } from './http/metrics.js';
import { loadTlsMaterial } from './http/tls-certificate.js';
import type { Logger } from './logging.js';
import { createLogger } from './logging.js';
import { DEMO_PLAN } from './provisioning/demo-data.js';
import { parsePlan } from './provisioning/plan.js';
import type { ProvisioningPlan } from './provisioning/plan.js';
import { applyPlan } from './provisioning/provision.js';
import { SqliteStore } from './store/sqlite-store.js';
import { XmppServer } from './xmpp/xmpp-server.js';
import { startNotifier } from './notify/notifier.js';
import { startLostDesktopWatcher } from './application/lost-desktop.js';
import { startDialogNotifier } from './notify/dialog-notifier.js';
import { startQueueNotifier } from './notify/queue-notifier.js';
import { TelephonySimulator } from './telephony/simulator.js';
import { TrafficGenerator } from './telephony/traffic-generator.js';

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

/** Opens the store, provisions, and binds every listener that is not off. */
export async function startServer(partial: Partial<ServerConfig> = {}, deps: ServerDependencies = {}): Promise<RunningServer> {
  const config: ServerConfig = { ...DEFAULT_CONFIG, ...partial, xmppLimits: { ...DEFAULT_CONFIG.xmppLimits, ...partial.xmppLimits } };
  const clock = deps.clock ?? new SystemClock();
  const logger = deps.logger ?? createLogger(config.logLevel);
  const startedAt = clock.now();

  mkdirSync(config.dataDir, { recursive: true });
  const store = new SqliteStore(join(config.dataDir, 'openfinesse.db'));
  const plan = readPlan(config);
  const credentials = new Map<string, Credentials>();
  const storedCredentials = (loginId: string): Credentials | undefined => store.loadUsers().find((u) => u.account.loginId === loginId)?.credentials;
  if (plan) {
    const result = applyPlan(store, plan, storedCredentials);
    logger.info({ event: 'provisioning.applied', source: config.configFile, ...result }, 'configuration applied');
  }
  if (config.demo && store.isEmpty()) {
    const result = applyPlan(store, DEMO_PLAN, () => undefined);
    logger.info({ event: 'provisioning.demo', ...result }, 'demo data loaded');
  }
  if (config.demo && store.loadQueues().length === 0) {
    // A demo store created before queues existed gains the demo queues.
    for (const q of DEMO_PLAN.queues) {
      store.saveQueue({ id: q.id, name: q.name, dialedNumbers: q.dialedNumbers, teamIds: q.teams, agentIds: q.agents, ringNoAnswerSeconds: q.ringNoAnswerSeconds, maxQueueTimeSeconds: q.maxQueueTimeSeconds });
    }
  }

  const directory = new Directory();
  for (const team of store.loadTeams()) directory.putTeam(team);
  for (const rc of store.loadReasonCodes()) directory.putReasonCode(rc);
  for (const w of store.loadWrapUpReasons()) directory.putWrapUpReason(w);
  for (const u of store.loadUsers()) {
    directory.putUser(u.account, u.status);
    credentials.set(u.account.loginId, u.credentials);
  }

  const bus = new EventBus((error, event) => logger.error({ event: 'bus.listener_failed', domainEvent: event.type, err: error }, 'event listener failed'));
  const metrics = new Metrics();
  const guard = new LoginGuard(clock, config.lockout);
  const authenticator = new Authenticator(directory, { credentialsOf: (id) => credentials.get(id) }, guard);
  const requireReasonCodes = config.requireReasonCodes || plan?.settings.requireReasonCodes === true;
  const agents = new AgentService(directory, store, bus, clock, { requireReasonCodes });
  bus.subscribe((event) => {
    if (event.type === 'UserChanged') metrics.stateChanges.inc({ state: event.user.status.state });
  });

  const tls = await loadTlsMaterial(config.dataDir, config.domain, config.tlsCert, config.tlsKey);
  const ports: BoundPorts = { http: null, https: null, xmpp: null, bosh: null, boshTls: null };
  const closers: (() => Promise<void>)[] = [];

  // --- XMPP notification service ---
  // The phone system is created after the XMPP server (its bus listeners must follow the notifier's).
  let queueSource: TelephonySimulator | undefined;
  const xmppServer = new XmppServer({
    domain: config.domain,
    clock,
    logger,
    authenticator,
    directory,
    store,
    tls,
    requireTls: config.xmppRequireTls,
    allowPlainWithoutTls: config.xmppAllowPlainWithoutTls,
    limits: config.xmppLimits,
    queues: { findQueue: (id) => queueSource?.findQueue(id), queues: () => queueSource?.queues() ?? [] },
  });
  const stopNotifier = startNotifier(bus, xmppServer, config.domain);
  const stopLostDesktop = startLostDesktopWatcher(xmppServer, agents, clock, config);
  closers.push(async () => {
    stopLostDesktop();
    stopNotifier();
    await xmppServer.close();
  });
  if (config.xmppPort !== null) ports.xmpp = await xmppServer.listen(config.xmppPort, config.host);
  metrics.observeXmpp({ sessions: () => xmppServer.sessionCount, boundSessions: () => xmppServer.registry.size, deliveries: () => xmppServer.pubsub.deliveryCount });
  const xmpp: XmppHttpTransports | null = xmppServer;
  // --- end XMPP ---

  // --- telephony ---
  const telephony = new TelephonySimulator(directory, agents, bus, clock, store, store.loadQueues(), config.telephony);
  queueSource = telephony;
  agents.useCallFacts((loginId) => telephony.callFactsOf(loginId));
  const traffic = new TrafficGenerator(telephony, clock);
  const publish = (node: string, update: string): void => {
    xmppServer.pubsub.publish(node, update);
  };
  const stopDialogNotifier = startDialogNotifier(bus, publish);
  const stopQueueNotifier = startQueueNotifier(bus, clock, telephony, publish);
  closers.push(async () => {
    traffic.stop();
    stopQueueNotifier();
    stopDialogNotifier();
    telephony.close();
  });
  // --- end telephony ---

  const ctx: HttpContext = {
    directory,
    agents,
    authenticator,
    metrics,
    logger,
    clock,
    domain: config.domain,
    startedAt,
    boundPorts: () => ({ ...ports }),
    xmpp,
    telephony,
    callControl: { world: telephony, traffic, history: (since, limit) => store.loadCallRecords(since, limit) },
    syncStore: () => store.sync(),
    health: () => ({ uptimeSeconds: Math.round((clock.now() - startedAt) / 1000), users: directory.allUsers().length, ports: { ...ports } }),
  };

  const apps: FastifyInstance[] = [];
  const listeners: [keyof BoundPorts, number | null, boolean][] = [
    ['http', config.httpPort, false],
    ['https', config.httpsPort, true],
    ['bosh', config.boshPort, false],
    ['boshTls', config.boshTlsPort, true],
  ];
  try {
    for (const [name, port, secure] of listeners) {
      if (port === null) continue;
      const app = createHttpApp(ctx, { tls: secure ? tls : null, maxBodyBytes: config.maxBodyBytes });
      if (xmpp) {
        app.server.on('upgrade', (req, socket, head) => {
          if ((req.url ?? '').startsWith('/ws')) xmpp.handleWebSocketUpgrade(req, socket, head);
          else socket.destroy();
        });
      }
      await app.listen({ port, host: config.host });
      apps.push(app);
      const address = app.server.address();
      ports[name] = typeof address === 'object' && address ? address.port : port;
    }
  } catch (error) {
    await Promise.allSettled(apps.map((a) => a.close()));
    store.close();
    throw error;
  }

  const readyLine = { event: 'ready', ready: true, domain: config.domain, host: config.host, ports, dataDir: config.dataDir };
  if (logger.isLevelEnabled('info') || logger.level === 'silent') logger.info(readyLine, 'ready');
  else process.stdout.write(`${JSON.stringify({ level: 30, time: new Date().toISOString(), service: 'openfinesse', ...readyLine, msg: 'ready' })}\n`);

  let closing: Promise<void> | null = null;
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
    close() {
      closing ??= (async () => {
        for (const close of closers) await close();
        await Promise.allSettled(apps.map((a) => a.close()));
        agents.close();
        store.close();
        logger.info({ event: 'stopped' }, 'stopped');
      })();
      return closing;
    },
  };
}

function readPlan(config: ServerConfig): ProvisioningPlan | null {
  if (!config.configFile) return null;
  return parsePlan(parseYaml(readFileSync(config.configFile, 'utf8')));
}
