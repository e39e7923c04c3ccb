import { createPostgresDatabase, postgresUrl, startPostgres } from '../../scripts/support/postgres-server.js';

export { postgresBin } from '../../scripts/support/postgres-server.js';

/**
 * The throwaway PostgreSQL cluster of this test process (`scripts/support/postgres-server.ts`: Debian's
 * binaries, a temporary directory, a free port, stopped when the process exits), started on first use.
 * Each test gets its own database from `createDatabase()`.
 */

const PASSWORD = 'test-password';

export interface PostgresCluster {
  host: string;
  port: number;
  user: string;
  password: string;
  /** The URL of a database of this cluster. */
  url(database: string): string;
}

let cluster: Promise<PostgresCluster> | null = null;
let databases = 0;

/**
 * The cluster of this test process, started on first use — or the one named by OPENFINESSE_TEST_PG_URL
 * (`postgres://user:password@host:port/`, set by `scripts/with-postgres.ts` for a whole run of the suite).
 */
export function postgres(): Promise<PostgresCluster> {
  const shared = process.env.OPENFINESSE_TEST_PG_URL;
  cluster ??= shared ? Promise.resolve(clusterAt(shared)) : startPostgres({ password: PASSWORD });
  return cluster;
}

function clusterAt(address: string): PostgresCluster {
  const { hostname: host, port, username, password } = new URL(address);
  const user = decodeURIComponent(username);
  const secret = decodeURIComponent(password);
  return { host, port: Number(port), user, password: secret, url: (database) => postgresUrl(host, Number(port), user, secret, database) };
}

/** A new, empty database on the test cluster; its URL (with the password). */
export async function createDatabase(): Promise<string> {
  const c = await postgres();
  const name = `of_${process.pid}_${++databases}`;
  await createPostgresDatabase(c.url('postgres'), name);
  return c.url(name);
}
