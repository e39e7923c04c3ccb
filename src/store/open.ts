import type { PostgresOptions } from './postgres-engine.js';
import { PostgresEngine } from './postgres-engine.js';
import type { StoreSpec } from './spec.js';
import { SqliteEngine } from './sqlite-engine.js';
import { KyselyStore } from './store.js';

/** Opens the store and brings its schema up to date (refusing one newer than this code). */
export async function openStore(spec: StoreSpec, options: PostgresOptions = { poolSize: 10, statementTimeoutMs: 30_000 }): Promise<KyselyStore> {
  const engine = spec.kind === 'sqlite' ? await SqliteEngine.open(spec.file) : await PostgresEngine.open(spec.url, options);
  return new KyselyStore(engine);
}
