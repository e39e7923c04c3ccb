import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './free-port.js';

/**
 * A throwaway PostgreSQL cluster from Debian's `postgresql` package: `initdb` into a directory of its own,
 * 127.0.0.1 on a given or a free port, its socket in that directory, fsync left on. As root, `initdb` and
 * `pg_ctl` run as the `postgres` system user (initdb refuses root); as any other user they run directly.
 * The cluster is stopped and its directory removed by `stop()`, or when the process exits.
 */

export interface PostgresServerOptions {
  /** The directory to create and keep the cluster in; by default a new temporary one. */
  dir?: string;
  /** The port; by default a free one. */
  port?: number;
  user?: string;
  password?: string;
}

export interface PostgresServer {
  host: string;
  port: number;
  user: string;
  password: string;
  dir: string;
  /** The postmaster's process id. */
  pid: number;
  /** The URL of a database of this cluster. */
  url(database: string): string;
  /** Stops the cluster at once (`pg_ctl stop -m immediate`, waiting) and removes its directory. */
  stop(): void;
}

const ROOT = '/usr/lib/postgresql';
const PORT_ATTEMPTS = 4;

/** Whether Debian's `postgresql` package is installed. */
export function postgresInstalled(): boolean {
  return installedVersions().length > 0;
}

/** The binaries of the newest PostgreSQL the system has (/usr/lib/postgresql/<version>/bin). */
export function postgresBin(): string {
  const [newest] = installedVersions();
  if (newest === undefined) throw new Error('PostgreSQL is not installed (apt-get install postgresql; npm test does it as root)');
  return join(ROOT, newest, 'bin');
}

function installedVersions(): string[] {
  if (!existsSync(ROOT)) return [];
  return readdirSync(ROOT)
    .filter((v) => existsSync(join(ROOT, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
}

/** The URL of a database `user:password@host:port`, credentials encoded. */
export function postgresUrl(host: string, port: number, user: string, password: string, database: string): string {
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${database}`;
}

export async function startPostgres(options: PostgresServerOptions = {}): Promise<PostgresServer> {
  const bin = postgresBin();
  const user = options.user ?? 'openfinesse';
  const password = options.password ?? 'postgres-password';
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'openfinesse-pg-'));
  mkdirSync(dir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: string[], stdio: 'pipe' | 'ignore' = 'pipe'): void => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]] : [join(bin, command), args];
    if (stdio === 'ignore') spawnSync(file, argv, { stdio });
    else execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  };
  const data = join(dir, 'data');
  const stop = (): void => {
    process.removeListener('exit', stop);
    if (existsSync(join(data, 'postmaster.pid'))) run('pg_ctl', ['stop', '-D', data, '-m', 'immediate'], 'ignore');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);
  try {
    if (asRoot) chownSync(dir, postgresId('-u'), postgresId('-g'));
    const passwordFile = join(dir, 'password');
    writeFileSync(passwordFile, password, { mode: 0o644 });
    run('initdb', ['-D', data, '-U', user, `--pwfile=${passwordFile}`, '--auth-host=scram-sha-256', '--auth-local=trust', '-E', 'UTF8', '--locale=C']);
    const log = join(dir, 'log');
    const port = await startOnPort(options.port, (port) => {
      const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=400 -c shared_buffers=32MB`;
      try {
        run('pg_ctl', ['start', '-w', '-t', '60', '-D', data, '-l', log, '-o', settings]);
      } catch (error) {
        throw new Error(`PostgreSQL did not start on 127.0.0.1:${port}: ${lastLines(log)}`, { cause: error });
      }
    });
    const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const host = '127.0.0.1';
    return { host, port, user, password, dir, pid, url: (database) => postgresUrl(host, port, user, password, database), stop };
  } catch (error) {
    stop();
    throw error;
  }
}

/** Starts on `port`, or on a free port (another one when it was taken between the probe and the start). */
async function startOnPort(port: number | undefined, start: (port: number) => void): Promise<number> {
  if (port !== undefined) {
    start(port);
    return port;
  }
  for (let attempt = 1; ; attempt++) {
    const probed = await freePort();
    try {
      start(probed);
      return probed;
    } catch (error) {
      if (attempt >= PORT_ATTEMPTS) throw error;
    }
  }
}

function lastLines(file: string): string {
  const text = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  return text ? text.split('\n').slice(-3).join(' / ') : 'no log';
}

function postgresId(flag: '-u' | '-g'): number {
  return Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
}

/** Creates an empty database `name` on the cluster at `adminUrl` (a URL of an existing database, e.g. `postgres`). */
export async function createPostgresDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
}
