import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { serverNodeFlags } from '../support/server-node-flags.js';
import type { NodePorts } from './options.js';

/** One openfinesse node of the demo: `node dist/cli.js start --demo` on the shared store and NATS. */

export const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli.js');
const STOP_TIMEOUT_MS = 10_000;

export interface NodeSpec {
  id: string;
  store: string;
  cluster: string;
  dataDir: string;
  ports: NodePorts;
  /** Each line the node writes on stdout or stderr. */
  onLine(line: string): void;
  /** The node exited without being told to stop, after it was ready. */
  onUnexpectedExit(how: string): void;
}

export interface DemoNode {
  id: string;
  pid: number;
  /** The ports it bound, once its "ready" line says so; rejects with the reason when it exits first. */
  ready: Promise<NodePorts>;
  readonly running: boolean;
  /** SIGTERM, and SIGKILL if it has not exited within 10 s; resolves once it has exited and its output is read. */
  stop(): Promise<void>;
  /** SIGKILL at once, for an exit handler. */
  kill(): void;
}

export function spawnNode(spec: NodeSpec): DemoNode {
  const { http, https, xmpp, bosh, boshTls } = spec.ports;
  const args = [
    ...['start', '--demo', '--store', spec.store, '--cluster', spec.cluster, '--node-id', spec.id, '--public-host', '127.0.0.1'],
    ...['--host', '127.0.0.1', '--data-dir', spec.dataDir, '--http-port', String(http), '--https-port', String(https)],
    ...['--xmpp-port', String(xmpp), '--bosh-port', String(bosh), '--bosh-tls-port', String(boshTls)],
  ];
  // A process group of its own: Ctrl-C in the terminal reaches only the demo, which stops the nodes in order.
  const child = spawn(process.execPath, [...serverNodeFlags(CLI), CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stopping = false;
  let lastError = '';
  const exited = new Promise<string>((resolve) => child.once('close', (code, signal) => resolve(signal ? `killed by ${signal}` : `exit code ${code}`)));
  const ready = new Promise<NodePorts>((resolve, reject) => {
    const onLine = (line: string): void => {
      spec.onLine(line);
      const ports = readyPorts(line);
      if (ports) resolve(ports);
      if (line.includes('"level":60') || line.includes('"level":50')) lastError = errorMessage(line);
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    void exited.then((how) => reject(new Error(`${spec.id} did not start (${how})${lastError ? `: ${lastError}` : ''}`)));
  });
  void ready.then(
    async () => {
      const how = await exited;
      if (!stopping) spec.onUnexpectedExit(how);
    },
    () => {},
  );
  return {
    id: spec.id,
    pid: child.pid!,
    ready,
    get running() {
      return isRunning(child);
    },
    async stop() {
      stopping = true;
      if (!isRunning(child)) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
    kill() {
      stopping = true;
      if (isRunning(child)) child.kill('SIGKILL');
    },
  };
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** The bound ports of the node's one `"ready":true` line. */
function readyPorts(line: string): NodePorts | null {
  if (!line.includes('"ready":true')) return null;
  try {
    return (JSON.parse(line) as { ports: NodePorts }).ports;
  } catch {
    return null;
  }
}

function errorMessage(line: string): string {
  try {
    return String((JSON.parse(line) as { msg?: unknown }).msg ?? line);
  } catch {
    return line;
  }
}
