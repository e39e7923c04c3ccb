import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linePrefix, readableLogLine } from './cluster-demo/log-lines.js';
import type { DemoNode } from './cluster-demo/node-process.js';
import { CLI, spawnNode } from './cluster-demo/node-process.js';
import type { DemoOptions, NodePorts } from './cluster-demo/options.js';
import { NATS_PORT, POSTGRES_PORT, USAGE, nodePorts, parseDemoOptions } from './cluster-demo/options.js';
import { summaryLines } from './cluster-demo/summary.js';
import type { NatsServer } from './support/nats-server.js';
import { natsServerInstalled, startNatsServer } from './support/nats-server.js';
import type { PostgresServer } from './support/postgres-server.js';
import { createPostgresDatabase, postgresInstalled, startPostgres } from './support/postgres-server.js';

/**
 * `npm run cluster:demo`: a throwaway PostgreSQL, a NATS server with JetStream and N openfinesse nodes with
 * the demo data on 127.0.0.1, their logs on stdout behind each node's id. Ctrl-C or SIGTERM stops the
 * nodes, then NATS, then PostgreSQL, and removes the demo's directory. A node that dies is reported and the
 * others keep running.
 */

const DATABASE = 'openfinesse';
const PASSWORD = 'demo';

const options = optionsOrExit(process.argv.slice(2));
requirePackagesOrExit();
if (!existsSync(CLI)) {
  process.stderr.write(`${CLI} is missing: run "npm run build" first (npm run cluster:demo does)\n`);
  process.exit(1);
}

const root = mkdtempSync(join(tmpdir(), 'openfinesse-demo-'));
chmodSync(root, 0o755); // as root, PostgreSQL runs as the postgres user, who must reach its directory in here
const prefixWidth = `node-${options.nodes}`.length;
const nodes: DemoNode[] = [];
let postgres: PostgresServer | null = null;
let nats: NatsServer | null = null;
let stopping: Promise<void> | null = null;

// If the demo itself fails, its nodes go with it; PostgreSQL and NATS have exit handlers of their own.
process.once('exit', () => {
  for (const node of nodes) node.kill();
  rmSync(root, { recursive: true, force: true });
});
process.on('SIGINT', () => void shutDown(0));
process.on('SIGTERM', () => void shutDown(0));

const starting = start();
starting.catch((error: unknown) => {
  // A Ctrl-C reaches initdb and pg_ctl as well, and fails the start before the demo's own handler has run:
  // give that handler a moment, so that an interrupted start is a stop, not a failure.
  setTimeout(() => {
    if (stopping) return;
    const hint = options.freePorts ? '' : '\n(npm run cluster:demo -- --free-ports runs it on free ports)';
    void shutDown(1, `The cluster demo could not start: ${(error as Error).message}${hint}`);
  }, 100);
});

async function start(): Promise<void> {
  say(`PostgreSQL starting on ${where(POSTGRES_PORT)}`);
  postgres = await startPostgres({ dir: join(root, 'postgres'), password: PASSWORD, ...(options.freePorts ? {} : { port: POSTGRES_PORT }) });
  await createPostgresDatabase(postgres.url('postgres'), DATABASE);
  const store = postgres.url(DATABASE);
  if (stopping) return;
  say(`NATS starting on ${where(NATS_PORT)}`);
  nats = await startNatsServer({ dir: join(root, 'nats'), detached: true, ...(options.freePorts ? {} : { port: NATS_PORT }) });
  const cluster = nats.url;
  if (stopping) return;
  say('node-1 starting: it loads the demo data into the empty database');
  const first = await launch(0, store, cluster);
  if (stopping || options.nodes === 1) return finish([first]);
  const indexes = Array.from({ length: options.nodes - 1 }, (_, i) => i + 1);
  say(`${indexes.map((index) => `node-${index + 1}`).join(', ')} starting`);
  finish([first, ...(await Promise.all(indexes.map((index) => launch(index, store, cluster))))]);
}

function where(fixedPort: number): string {
  return options.freePorts ? 'a free port of 127.0.0.1' : `127.0.0.1:${fixedPort}`;
}

/** Starts node `index` and resolves once it is ready, with its id, process id and bound ports. */
async function launch(index: number, store: string, cluster: string): Promise<{ id: string; pid: number; ports: NodePorts }> {
  const id = `node-${index + 1}`;
  const prefix = linePrefix(id, prefixWidth, index);
  const node = spawnNode({
    id,
    store,
    cluster,
    dataDir: join(root, id),
    ports: nodePorts(index, options),
    onLine: (line) => process.stdout.write(`${prefix}${readableLogLine(line)}\n`),
    onUnexpectedExit: (how) => reportLostNode(id, how),
  });
  nodes.push(node);
  return { id, pid: node.pid, ports: await node.ready };
}

function finish(started: { id: string; pid: number; ports: NodePorts }[]): void {
  if (stopping || !postgres || !nats) return;
  const summary = { nodes: started, postgres: { url: postgres.url(DATABASE), pid: postgres.pid }, nats: { url: nats.url, pid: nats.pid }, dir: root };
  process.stdout.write(`${summaryLines(summary).join('\n')}\n`);
}

function reportLostNode(id: string, how: string): void {
  const running = nodes.filter((node) => node.running).map((node) => node.id);
  const rest = running.length > 0 ? `${running.join(', ')} keep${running.length === 1 ? 's' : ''} running` : 'no node is running now';
  say(`${id} stopped unexpectedly (${how}); ${rest}`);
}

/** Stops the nodes (each may finish what it is doing), then NATS, then PostgreSQL; removes the files; exits. */
async function shutDown(exitCode: number, failure?: string): Promise<void> {
  stopping ??= (async () => {
    say('stopping the nodes, NATS and PostgreSQL');
    await Promise.all(nodes.map((node) => node.stop()));
    await starting.catch(() => {}); // a step under way ends before anything it needs is stopped
    await Promise.all(nodes.map((node) => node.stop()));
    await nats?.stop('SIGTERM');
    postgres?.stop();
    rmSync(root, { recursive: true, force: true });
    say(`stopped; ${root} removed`);
  })();
  await stopping;
  if (failure) process.stderr.write(`${failure}\n`);
  process.exit(exitCode);
}

function say(text: string): void {
  process.stdout.write(`${linePrefix('demo', prefixWidth)}${text}\n`);
}

function optionsOrExit(argv: string[]): DemoOptions {
  const parsed = parseDemoOptions(argv);
  if ('help' in parsed) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if ('error' in parsed) {
    process.stderr.write(`${parsed.error}\n\n${USAGE}\n`);
    process.exit(2);
  }
  return parsed;
}

/** Like scripts/test.sh: the Debian packages the demo starts its servers from, or the line that installs them. */
function requirePackagesOrExit(): void {
  const missing = [...(postgresInstalled() ? [] : ['postgresql']), ...(natsServerInstalled() ? [] : ['nats-server'])];
  if (missing.length === 0) return;
  process.stderr.write(`The cluster demo needs these Debian packages; install them first (as root):\n  apt-get install -y ${missing.join(' ')}\n`);
  process.exit(1);
}
