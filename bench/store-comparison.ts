import { postgres, createDatabase, postgresBin } from '../test/support/postgres.js';
import { benchRestStateChanges, type RestStateChangeResult } from './rest-state-changes.js';

/** Whether Debian's PostgreSQL binaries are there for a throwaway cluster. */
function postgresInstalled(): boolean {
  try {
    postgresBin();
    return true;
  } catch {
    return false;
  }
}

/**
 * The state-change benchmark (2,000 agents connected) on SQLite and on PostgreSQL side by side, at each
 * rate in turn, in one run: PostgreSQL is a throwaway cluster on this host (fsync and synchronous_commit
 * on, as in production), a new database per run.
 */
export async function benchStoreComparison(rates = [1000, 2000, 3000]): Promise<(RestStateChangeResult | { store: string; skipped: string })[]> {
  const results: (RestStateChangeResult | { store: string; skipped: string })[] = [];
  const withPostgres = postgresInstalled();
  if (withPostgres) await postgres();
  for (const rate of rates) {
    results.push(await benchRestStateChanges(2000, rate, 10, 20));
    if (withPostgres) results.push(await benchRestStateChanges(2000, rate, 10, 20, { store: await createDatabase() }));
    else results.push({ store: 'postgres', skipped: 'postgresql not installed (apt-get install postgresql)' });
  }
  return results;
}
