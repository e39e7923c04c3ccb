import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildServer } from '../../support/child.js';
import { QUIET_PORTS, startChild } from '../../support/child.js';
import { natsServer } from '../../support/nats.js';
import { createDatabase } from '../../support/postgres.js';

/** A live node as `/openfinesse/health` lists it. */
export interface HealthMember {
  nodeId: string;
  publicHost: string;
  ports: Record<string, number | null>;
  startedAt: number;
}

/** What `/openfinesse/health` says about the cluster. */
export interface ClusterHealth {
  leader: string | null;
  streamLag: number;
  timersPending: number;
  nodeId: string;
  publicHost: string;
  url: string;
  connected: boolean;
  members: HealthMember[];
}

const dirs: string[] = [];
process.once('exit', () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A temporary directory removed when the test process exits. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'openfinesse-cluster-'));
  dirs.push(dir);
  return dir;
}

/** `node dist/cli.js start` on a fresh PostgreSQL database with only plain HTTP; `args` add the cluster. */
export async function startNode(args: string[], env: Record<string, string> = {}): Promise<ChildServer> {
  return startChild(['--store', await createDatabase(), '--data-dir', tempDir(), ...QUIET_PORTS, ...args], env);
}

export async function stopNode(node: ChildServer): Promise<void> {
  node.process.kill('SIGTERM');
  assert.deepEqual(await node.exited, { code: 0, signal: null });
}

export async function clusterHealth(node: ChildServer): Promise<ClusterHealth | null> {
  const response = await fetch(`${node.baseUrl}/openfinesse/health`);
  assert.equal(response.status, 200);
  return ((await response.json()) as { cluster: ClusterHealth | null }).cluster;
}

/** The value of `openfinesse_cluster_connected`, or null when the node does not report it. */
export async function connectedGauge(node: ChildServer): Promise<number | null> {
  const text = await (await fetch(`${node.baseUrl}/openfinesse/metrics`)).text();
  const line = /^openfinesse_cluster_connected (\S+)$/m.exec(text);
  return line ? Number(line[1]) : null;
}

/** Retries `check` until it stops throwing or `timeoutMs` passes (then rethrows its last error). */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** The one fatal line a failed start writes on stderr. */
export function fatalLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, stderr);
  const line = JSON.parse(lines[0]!) as { event: string; msg: string };
  assert.equal(line.event, 'fatal');
  return line.msg;
}

/** A demo node of a cluster on the shared database `store`, with plain HTTP and XMPP over TCP; `extra` adds flags. */
export function startClusterNode(store: string, cluster: string, nodeId: string, extra: string[] = []): Promise<ChildServer> {
  return startChild([
    ...['--demo', '--store', store, '--cluster', cluster, '--node-id', nodeId, '--data-dir', tempDir(), ...extra],
    ...['--http-port', '0', '--https-port', 'off', '--xmpp-port', '0', '--bosh-port', 'off', '--bosh-tls-port', 'off'],
  ]);
}

/** Two demo nodes, node-a then node-b, on a fresh PostgreSQL database and NATS server; `extra` adds flags to both. */
export async function startTwoNodes(extra: string[] = []): Promise<{ a: ChildServer; b: ChildServer }> {
  const [store, nats] = await Promise.all([createDatabase(), natsServer()]);
  const a = await startClusterNode(store, nats.url, 'node-a', extra);
  const b = await startClusterNode(store, nats.url, 'node-b', extra).catch(async (error: unknown) => {
    await stopNode(a);
    throw error;
  });
  return { a, b };
}
