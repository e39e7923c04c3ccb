import { mkdirSync, readFileSync } from 'node:fs';
import { ConfigurationCache } from '../application/configuration-cache.js';
import type { Store, StoredSubscription } from '../application/ports/store.js';
import type { ServerConfig } from '../config.js';
import { Directory } from '../domain/directory.js';
import type { Queue } from '../domain/queue.js';
import type { Lifecycle } from '../lifecycle.js';
import type { Logger } from '../logging.js';
import { DEMO_PLAN } from '../provisioning/demo-data.js';
import { ConfigError } from '../provisioning/plan.js';
import type { ProvisioningPlan } from '../provisioning/plan.js';
import type { PlanFile } from '../provisioning/plan-file.js';
import { locatedError, readPlanFile } from '../provisioning/plan-file.js';
import { applyPlan, countChanges, planHash } from '../provisioning/provision.js';
import { queueOf } from '../provisioning/site-changes.js';
import { REQUIRE_REASON_CODES_SETTING } from '../provisioning/site.js';
import { openStore } from '../store/open.js';
import { describeSpec, storeSpecOf } from '../store/spec.js';

/** The store opened and provisioned, and what the server keeps in memory of it. */
export interface LoadedStore {
  store: Store;
  plan: ProvisioningPlan | null;
  /** The site's requireReasonCodes setting as the store has it (set by a provisioning file), or null. */
  requireReasonCodes: boolean | null;
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
  const file = await life.start('provisioning file', () => readPlan(config));
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
  await life.start('provisioning', () => provision(store, config, file, logger));
  return life.start('loading the store', () => load(store, file?.plan ?? null));
}

interface ReadPlan extends PlanFile {
  name: string;
  hash: string;
}

function readPlan(config: ServerConfig): ReadPlan | null {
  if (!config.configFile) return null;
  const text = readFileSync(config.configFile, 'utf8');
  return { ...readPlanFile(text, config.configFile), name: config.configFile, hash: planHash(text) };
}

/**
 * Demo data goes into a new (empty) store first; the provisioning file is then applied on top — only when
 * its text differs from the one applied last (its hash is kept in the store), so that an administrator's
 * later edits of the items it names survive restarts.
 */
async function provision(store: Store, config: ServerConfig, file: ReadPlan | null, logger: Logger): Promise<void> {
  const at = Date.now();
  if (config.demo && (await store.isEmpty())) {
    const result = await applyPlan(store, DEMO_PLAN, { prune: false, actor: null, at });
    logger.info({ event: 'provisioning.demo', ...countChanges(result) }, 'demo data loaded');
  }
  if (config.demo && (await store.loadQueues()).length === 0) {
    // A demo store created before queues existed gains the demo queues.
    await store.commit(DEMO_PLAN.queues.map((q) => ({ kind: 'queue' as const, queue: queueOf(q) })));
  }
  if (!file) return;
  if ((await store.loadSetting('provisioning.appliedHash')) === file.hash) {
    logger.info({ event: 'provisioning.unchanged', source: file.name }, 'configuration file unchanged since it was last applied: not applied again');
    return;
  }
  try {
    const result = await applyPlan(store, file.plan, { prune: false, actor: null, at }, [
      { kind: 'setting', name: 'provisioning.appliedHash', value: file.hash },
    ]);
    logger.info({ event: 'provisioning.applied', source: file.name, ...countChanges(result) }, 'configuration applied');
  } catch (error) {
    if (error instanceof ConfigError) throw locatedError(file.name, file.locate, error);
    throw error;
  }
}

async function load(store: Store, plan: ProvisioningPlan | null): Promise<LoadedStore> {
  const configuration = new ConfigurationCache(new Directory(), store);
  const versions = await configuration.invalidate();
  const requireReasonCodes = await store.loadSetting(REQUIRE_REASON_CODES_SETTING);
  return {
    store,
    plan,
    requireReasonCodes: requireReasonCodes === null ? null : requireReasonCodes === 'true',
    directory: configuration.directory,
    configuration,
    versions,
    subscriptions: await store.loadSubscriptions(),
    queueList: await store.loadQueues(),
  };
}
