import { mkdirSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { Credentials } from '../accounts/credentials.js';
import { ConfigurationCache } from '../application/configuration-cache.js';
import type { Store, StoredSubscription } from '../application/ports/store.js';
import type { ServerConfig } from '../config.js';
import { Directory } from '../domain/directory.js';
import type { Queue } from '../domain/queue.js';
import type { Lifecycle } from '../lifecycle.js';
import type { Logger } from '../logging.js';
import { DEMO_PLAN } from '../provisioning/demo-data.js';
import { parsePlan } from '../provisioning/plan.js';
import type { ProvisioningPlan } from '../provisioning/plan.js';
import { applyPlan, queueOf } from '../provisioning/provision.js';
import { openStore } from '../store/open.js';
import { describeSpec, storeSpecOf } from '../store/spec.js';

/** The store opened and provisioned, and what the server keeps in memory of it. */
export interface LoadedStore {
  store: Store;
  plan: ProvisioningPlan | null;
  directory: Directory;
  /** The configuration cache the directory belongs to, with the credentials. */
  configuration: ConfigurationCache;
  /** The version of every agent status row, for optimistic writes. */
  versions: { loginId: string; version: number }[];
  subscriptions: StoredSubscription[];
  queueList: Queue[];
}

/** Reads the provisioning file, opens the store, provisions it and loads the directory from it. */
export async function startStore(life: Lifecycle, config: ServerConfig, logger: Logger): Promise<LoadedStore> {
  const plan = await life.start('provisioning file', () => readPlan(config));
  const spec = storeSpecOf(config.store, config.dataDir);
  const store = await life.start(
    `store (${describeSpec(spec)})`,
    () => {
      // The data directory holds the generated certificate whichever database holds the store.
      mkdirSync(config.dataDir, { recursive: true });
      return openStore(spec, { poolSize: config.storePoolSize, statementTimeoutMs: config.storeStatementTimeoutMs });
    },
    (s) => s.close(),
  );
  await life.start('provisioning', () => provision(store, config, plan, logger));
  return life.start('loading the store', () => load(store, plan));
}

function readPlan(config: ServerConfig): ProvisioningPlan | null {
  if (!config.configFile) return null;
  return parsePlan(parseYaml(readFileSync(config.configFile, 'utf8')));
}

/** Demo data goes into a new (empty) store first; the provisioning file is then applied on top. */
async function provision(store: Store, config: ServerConfig, plan: ProvisioningPlan | null, logger: Logger): Promise<void> {
  if (config.demo && (await store.isEmpty())) {
    const result = await applyPlan(store, DEMO_PLAN, () => undefined);
    logger.info({ event: 'provisioning.demo', ...result }, 'demo data loaded');
  }
  if (config.demo && (await store.loadQueues()).length === 0) {
    // A demo store created before queues existed gains the demo queues.
    await store.commit(DEMO_PLAN.queues.map((q) => ({ kind: 'queue' as const, queue: queueOf(q) })));
  }
  if (plan) {
    const users = await store.loadUsers();
    const storedCredentials = (loginId: string): Credentials | undefined => users.find((u) => u.account.loginId === loginId)?.credentials;
    const result = await applyPlan(store, plan, storedCredentials);
    logger.info({ event: 'provisioning.applied', source: config.configFile, ...result }, 'configuration applied');
  }
}

async function load(store: Store, plan: ProvisioningPlan | null): Promise<LoadedStore> {
  const configuration = new ConfigurationCache(new Directory(), store);
  const versions = await configuration.invalidate();
  return {
    store,
    plan,
    directory: configuration.directory,
    configuration,
    versions,
    subscriptions: await store.loadSubscriptions(),
    queueList: await store.loadQueues(),
  };
}
