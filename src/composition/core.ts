import { Authenticator } from '../accounts/authenticator.js';
import { AccessPolicy } from '../application/access-policy.js';
import { AccountEffects } from '../application/account-effects.js';
import { AgentService } from '../application/agent-service.js';
import { AgentStatusWriter } from '../application/agent-status-writer.js';
import { CommitQueue } from '../application/commit-queue.js';
import { ConfigurationChanges } from '../application/configuration-changes.js';
import { QueueCatalogue } from '../application/queue-catalogue.js';
import { ContactAdmin } from '../application/contact-admin.js';
import { LayoutConfigAdmin } from '../application/layout-config-admin.js';
import { GadgetAllowListAdmin } from '../application/gadget-allow-list-admin.js';
import { GadgetProxyAudit } from '../application/gadget-proxy-audit.js';
import { GadgetProxy } from '../gadgets-proxy/gadget-proxy.js';
import { SafeFetcher } from '../gadgets-proxy/safe-fetcher.js';
import { LayoutReads } from '../application/layout-reads.js';
import { MediaPropertiesLayoutAdmin } from '../application/media-properties-layout-admin.js';
import { PhoneBookAdmin } from '../application/phone-book-admin.js';
import { PhoneBookReads } from '../application/phone-book-reads.js';
import { ReasonCodeAdmin } from '../application/reason-code-admin.js';
import { TeamAdmin } from '../application/team-admin.js';
import { UserAdmin } from '../application/user-admin.js';
import { WrapUpReasonAdmin } from '../application/wrap-up-reason-admin.js';
import { WorkflowActionAdmin } from '../application/workflow-action-admin.js';
import { WorkflowAdmin } from '../application/workflow-admin.js';
import { WorkflowReads } from '../application/workflow-reads.js';
import type { ServiceStatus } from '../application/service-status.js';
import type { ServerConfig } from '../config.js';
import type { Clock } from '../domain/clock.js';
import { EventBus } from '../domain/events.js';
import { Metrics } from '../http/metrics.js';
import type { Lifecycle } from '../lifecycle.js';
import type { Logger } from '../logging.js';
import type { ClusterNode } from './cluster.js';
import type { ChangeFeed } from './change-feed.js';
import { startChangeFeed } from './change-feed.js';
import { startLockouts } from './lockouts.js';
import { startServiceStatus } from './service.js';
import type { LoadedStore } from './store.js';

/** What every surface shares: the store and directory, the rules, the event bus, accounts and agent states. */
export interface Core extends LoadedStore {
  config: ServerConfig;
  clock: Clock;
  logger: Logger;
  startedAt: number;
  /** This node in its cluster, or null when the server runs alone. */
  cluster: ClusterNode | null;
  queues: QueueCatalogue;
  policy: AccessPolicy;
  bus: EventBus;
  metrics: Metrics;
  authenticator: Authenticator;
  agents: AgentService;
  /** The unit of work of every command and the group commit of all of them. */
  commits: CommitQueue;
  /** Agent statuses into the commit queue, with their optimistic versions. */
  statuses: AgentStatusWriter;
  /** In a cluster, where this node records its changes for the others; null when it runs alone. */
  changes: ChangeFeed | null;
  /** Whether this node is in service (database and cluster reachable). */
  service: ServiceStatus;
  /** The unit of work of the configuration APIs (one change at a time, audited, replicated). */
  configurationChanges: ConfigurationChanges;
  reasonCodeAdmin: ReasonCodeAdmin;
  wrapUpReasonAdmin: WrapUpReasonAdmin;
  phoneBookAdmin: PhoneBookAdmin;
  contactAdmin: ContactAdmin;
  /** What agents read of the phone books (from the store on every request). */
  phoneBookReads: PhoneBookReads;
  workflowActionAdmin: WorkflowActionAdmin;
  workflowAdmin: WorkflowAdmin;
  /** What agents read of the workflows (from the store on every request). */
  workflowReads: WorkflowReads;
  mediaPropertiesLayoutAdmin: MediaPropertiesLayoutAdmin;
  layoutConfigAdmin: LayoutConfigAdmin;
  /** What agents read of the layouts (from the store on every request). */
  layoutReads: LayoutReads;
  /** Users and teams over our provisioning API. */
  userAdmin: UserAdmin;
  teamAdmin: TeamAdmin;
  /** The external targets gadgets may reach, administered over the control API. */
  gadgetAllowList: GadgetAllowListAdmin;
  /** The SSRF-safe way out of the server; its `fetchExternal` serves external gadget specs. */
  gadgetFetcher: SafeFetcher;
  /** The makeRequest proxy behind `POST /openfinesse/gadgets/proxy`. */
  gadgetProxy: GadgetProxy;
}

/**
 * On PostgreSQL every transaction costs the database CPU: batches taken 3 ms apart under load carry ~4
 * times the commands (3,000 changes/s: PostgreSQL 55-64 µs per change instead of 134-143, the server's
 * loop half as busy) for ~1 ms more at the median. SQLite's batches cost little; its disk flushes are paced
 * instead (WalSync).
 */
const POSTGRES_COMMIT_PACING_MS = 3;

export async function startCore(
  life: Lifecycle,
  loaded: LoadedStore,
  cluster: ClusterNode | null,
  config: ServerConfig,
  clock: Clock,
  logger: Logger,
): Promise<Core> {
  const { store, plan, directory, configuration } = loaded;
  const queues = new QueueCatalogue(loaded.queueList);
  const metrics = new Metrics();
  const commits = await life.start(
    'commit queue',
    () =>
      new CommitQueue(
        store,
        (error, writes) => logger.error({ event: 'store.commit_failed', writes, err: error }, 'changes could not be committed'),
        (seconds, writes) => metrics.observeCommit(seconds, writes),
        store.description.kind === 'postgres' ? POSTGRES_COMMIT_PACING_MS : 0,
      ),
    (c) => c.close(),
  );
  const statuses = new AgentStatusWriter(commits, store, loaded.versions);
  const changes = await startChangeFeed(life, cluster, store, commits, logger);
  const bus = new EventBus((error, event) => logger.error({ event: 'bus.listener_failed', domainEvent: event.type, err: error }, 'event listener failed'));
  if (cluster) metrics.observeCluster(cluster.connection);
  const service = await startServiceStatus(life, store, cluster, metrics, logger);
  const authenticator = new Authenticator(directory, configuration, await startLockouts(life, cluster, config, clock, logger));
  const requireReasonCodes = config.requireReasonCodes || (plan?.settings.requireReasonCodes ?? loaded.requireReasonCodes) === true;
  const agents = await life.start(
    'agent service',
    () => {
      const service = new AgentService(directory, statuses, bus, clock, { requireReasonCodes });
      service.rearmWrapUpTimers();
      return service;
    },
    (a) => a.close(),
  );
  const configurationChanges = new ConfigurationChanges({ commits, cache: configuration, statuses, outbox: changes?.outbox ?? null, clock });
  const accounts = new AccountEffects(directory, configuration, statuses, bus, clock);
  const gadgetAllowList = new GadgetAllowListAdmin(configurationChanges, store);
  const gadgetFetcher = new SafeFetcher({ allowList: () => gadgetAllowList.entries(), limits: { ...config.gadgetProxy } });
  const gadgetProxyAudit = new GadgetProxyAudit(commits, clock, (error) => logger.error({ event: 'gadget.proxy_audit_failed', err: error }, 'audit row lost'));
  const { maxBytes, userRate, gadgetRate } = config.gadgetProxy;
  const gadgetProxy = new GadgetProxy({ fetcher: gadgetFetcher, audit: gadgetProxyAudit, logger, maxBytes, userRate, gadgetRate });
  bus.subscribe((event) => {
    if (event.type === 'UserChanged') metrics.stateChanges.inc({ state: event.user.status.state });
  });
  return {
    ...loaded,
    config,
    clock,
    logger,
    startedAt: clock.now(),
    cluster,
    queues,
    policy: new AccessPolicy(directory, queues),
    bus,
    metrics,
    authenticator,
    agents,
    commits,
    statuses,
    changes,
    service,
    configurationChanges,
    reasonCodeAdmin: new ReasonCodeAdmin(directory, configurationChanges, store),
    wrapUpReasonAdmin: new WrapUpReasonAdmin(directory, configurationChanges, store),
    phoneBookAdmin: new PhoneBookAdmin(directory, configurationChanges, store),
    contactAdmin: new ContactAdmin(configurationChanges, store),
    phoneBookReads: new PhoneBookReads(store),
    workflowActionAdmin: new WorkflowActionAdmin(configurationChanges, store),
    workflowAdmin: new WorkflowAdmin(directory, configurationChanges, store),
    workflowReads: new WorkflowReads(store),
    mediaPropertiesLayoutAdmin: new MediaPropertiesLayoutAdmin(directory, configurationChanges, store),
    layoutConfigAdmin: new LayoutConfigAdmin(directory, configurationChanges, store),
    layoutReads: new LayoutReads(store),
    userAdmin: new UserAdmin(directory, configurationChanges, store, accounts),
    teamAdmin: new TeamAdmin(directory, configurationChanges, store, accounts),
    gadgetAllowList,
    gadgetFetcher,
    gadgetProxy,
  };
}
