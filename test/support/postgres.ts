import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './free-port.js';

/**
 * A throwaway PostgreSQL cluster from Debian's `postgresql` package, one per test process: `initdb` into a
 * temporary directory, a free port on 127.0.0.1, its socket in that directory, fsync left on (durability is
 * what the store tests are about). As root, `initdb` and `pg_ctl` run as the `postgres` system user (initdb
 * refuses root); as any other user they run directly. The cluster is stopped and its directory removed when
 * the process exits. Each test gets its own database from `createDatabase()`.
 */

const USER = 'openfinesse';
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

/** The binaries of the newest PostgreSQL the system has (/usr/lib/postgresql/<version>/bin). */
export function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error('PostgreSQL is not installed (apt-get install postgresql; npm test does it as root)');
  return join(root, versions[0]!, 'bin');
}

/**
 * The cluster of this test process, started on first use — or the one named by OPENFINESSE_TEST_PG_URL
 * (`postgres://user:password@host:port/`, set by `scripts/with-postgres.ts` for a whole run of the suite).
 */
export function postgres(): Promise<PostgresCluster> {
  const shared = process.env.OPENFINESSE_TEST_PG_URL;
  cluster ??= shared ? Promise.resolve(clusterAt(shared)) : start();
  return cluster;
}

function clusterAt(address: string): PostgresCluster {
  const { hostname: host, port, username, password } = new URL(address);
  const user = decodeURIComponent(username);
  const secret = decodeURIComponent(password);
  return {
    host,
    port: Number(port),
    user,
    password: secret,
    url: (database) => `postgres://${encodeURIComponent(user)}:${encodeURIComponent(secret)}@${host}:${port}/${database}`,
  };
}

/** A new, empty database on the test cluster; its URL (with the password). */
export async function createDatabase(): Promise<string> {
  const c = await postgres();
  const name = `of_${process.pid}_${++databases}`;
  const client = new pg.Client({ connectionString: c.url('postgres') });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return c.url(name);
}

async function start(): Promise<PostgresCluster> {
  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'openfinesse-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: string[]): void => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]] : [join(bin, command), args];
    execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const passwordFile = join(dir, 'password');
  writeFileSync(passwordFile, PASSWORD, { mode: 0o644 });
  run('initdb', ['-D', data, '-U', USER, `--pwfile=${passwordFile}`, '--auth-host=scram-sha-256', '--auth-local=trust', '-E', 'UTF8', '--locale=C']);
  const stop = (): void => {
    const [file, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl'), 'stop', '-D', data, '-m', 'immediate']]
      : [join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate']];
    spawnSync(file, argv, { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=400 -c shared_buffers=32MB`;
    try {
      run('pg_ctl', ['start', '-w', '-t', '60', '-D', data, '-l', join(dir, 'log'), '-o', options]);
    } catch (error) {
      if (attempt < 3) continue; // the port was taken between the probe and the start
      process.removeListener('exit', stop);
      stop();
      throw error;
    }
    return clusterAt(`postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/`);
  }
}
