import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Credentials } from '../accounts/credentials.js';
import type { ServerConfig } from '../config.js';
import { Directory } from '../domain/directory.js';
import type { Lifecycle } from '../lifecycle.js';
import type { Logger } from '../logging.js';
import { DEMO_PLAN } from '../provisioning/demo-data.js';
import { parsePlan } from '../provisioning/plan.js';
import type { ProvisioningPlan } from '../provisioning/plan.js';
import { applyPlan, queueOf } from '../provisioning/provision.js';
import { SqliteStore } from '../store/sqlite-store.js';

export interface LoadedStore {
  store: SqliteStore;
  plan: ProvisioningPlan | null;
  directory: Directory;
  credentials: Map<string, Credentials>;
}

/** Reads the provisioning file, opens the store, provisions it and loads the directory from it. */
export async function startStore(life: Lifecycle, config: ServerConfig, logger: Logger): Promise<LoadedStore> {
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
  return { store, plan, directory, credentials: loadDirectory(store, directory) };
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
    for (const q of DEMO_PLAN.queues) store.saveQueue(queueOf(q));
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
