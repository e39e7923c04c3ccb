import { createDatabase } from './postgres.js';

/**
 * Which store the suite's servers run on. `scripts/test.sh` runs the suite once on SQLite (the default) and
 * once more with OPENFINESSE_TEST_STORE=postgres, where every data directory gets a database of its own on
 * the one PostgreSQL cluster `scripts/with-postgres.ts` started; a server restarted on the same data
 * directory finds its database again.
 */
export const TEST_STORE: 'sqlite' | 'postgres' = process.env.OPENFINESSE_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

/** For `test(name, { skip: SQLITE_FILE_ONLY }, …)`: a test that opens the SQLite file itself. */
export const SQLITE_FILE_ONLY: string | false = TEST_STORE === 'postgres' ? 'reads the SQLite file of the data directory itself' : false;

const databases = new Map<string, Promise<string>>();

/** The `--store` value for a server in `dataDir`: null on SQLite (the file in the data directory). */
export function testStoreFor(dataDir: string): Promise<string | null> {
  if (TEST_STORE === 'sqlite') return Promise.resolve(null);
  let url = databases.get(dataDir);
  if (!url) {
    url = createDatabase();
    databases.set(dataDir, url);
  }
  return url;
}

/** The environment a child server in `args`'s `--data-dir` needs to use its test store. */
export async function testStoreEnv(args: string[], env: Record<string, string>): Promise<Record<string, string>> {
  const dirAt = args.indexOf('--data-dir');
  if (TEST_STORE === 'sqlite' || dirAt < 0 || args.includes('--store') || 'OPENFINESSE_STORE' in env) return env;
  const url = await testStoreFor(args[dirAt + 1]!);
  return url ? { ...env, OPENFINESSE_STORE: url } : env;
}
