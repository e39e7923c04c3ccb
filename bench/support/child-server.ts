import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { stringify } from 'yaml';
import { serverNodeFlags } from '../../scripts/support/server-node-flags.js';

export interface BenchServer {
  ports: Record<string, number | null>;
  process: ChildProcess;
  /** Whether the server runs on a CPU of its own, apart from the generator. */
  pinned: boolean;
  stop(): Promise<void>;
}

export interface BenchPopulation {
  agents: number;
  teams: number;
  password: string;
}

const STOP_TIMEOUT_MS = 20_000;

/** The listeners of a bench server: HTTP and XMPP on free ports, nothing else (no TLS, no BOSH). */
export const BENCH_PORTS = ['--http-port', '0', '--https-port', 'off', '--xmpp-port', '0', '--bosh-port', 'off', '--bosh-tls-port', 'off'];

export interface LaunchOptions {
  /**
   * Keeps the server and this process (the load generator) on separate CPUs for as long as the server
   * runs: the server on the last one, the generator on the others. Only where `taskset` exists and there
   * are at least two CPUs; BENCH_PIN=0 turns it off.
   */
  pin?: boolean;
}

/** The CPU lists `taskset` takes for the server and for the generator, or null when pinning is off or impossible. */
function pinning(options: LaunchOptions): { server: string; generator: string; all: string } | null {
  const cpus = availableParallelism();
  if (!options.pin || process.env.BENCH_PIN === '0' || cpus < 2 || !existsSync('/usr/bin/taskset')) return null;
  return { server: String(cpus - 1), generator: `0-${cpus - 2}`, all: `0-${cpus - 1}` };
}

function pinProcess(pid: number, cpus: string): void {
  execFileSync('/usr/bin/taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
}

/** Login ids of the generated population: agent00001 … in teams t1 … round-robin. */
export const agentId = (i: number): string => `agent${String(i + 1).padStart(5, '0')}`;
export const teamOf = (i: number, teams: number): string => `t${(i % teams) + 1}`;
export const supervisorOf = (team: number): string => `sup${team + 1}`;

/**
 * Starts `dist/cli.js` in its own process with a generated population, so the load generator and the
 * server do not share an event loop. Resolves when the server logs its ready line.
 */
export async function startBenchServer(
  population: BenchPopulation,
  extraArgs: string[] = [],
  extraConfig: Record<string, unknown> = {},
  options: LaunchOptions = {},
): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'openfinesse-bench-'));
  const config = {
    teams: Array.from({ length: population.teams }, (_, t) => ({ id: `t${t + 1}`, name: `Bench Team ${t + 1}` })),
    users: [
      ...Array.from({ length: population.agents }, (_, i) => ({ loginId: agentId(i), password: population.password, team: teamOf(i, population.teams) })),
      ...Array.from({ length: population.teams }, (_, t) => ({
        loginId: supervisorOf(t),
        password: population.password,
        team: `t${t + 1}`,
        supervises: [`t${t + 1}`],
      })),
    ],
  };
  writeFileSync(join(dir, 'bench.yaml'), stringify({ ...config, ...extraConfig }));
  return launchServer(dir, ['--config', join(dir, 'bench.yaml'), ...extraArgs], options);
}

/**
 * Starts another server with no provisioning file and its own data directory: with the first one's
 * `--store postgres://…` (and `--cluster`, and its own `--node-id`) in `args` it joins the store and
 * the cluster the first one provisioned. Start it once the first one is ready.
 */
export async function joinBenchServer(args: string[]): Promise<BenchServer> {
  return launchServer(mkdtempSync(join(tmpdir(), 'openfinesse-bench-')), args);
}

/** `dist/cli.js start` with its data in `dir` (removed when it stops), the benches' ports and `args`. */
async function launchServer(dir: string, args: string[], options: LaunchOptions = {}): Promise<BenchServer> {
  const pin = pinning(options);
  const command = [
    ...(process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE_DIR] : []),
    ...serverNodeFlags('dist/cli.js'),
    ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
    'dist/cli.js',
    'start',
    '--data-dir',
    join(dir, 'data'),
    ...BENCH_PORTS,
    '--log-level',
    'info',
    ...args,
    ...(process.env.BENCH_SERVER_ARGS?.split(' ').filter(Boolean) ?? []),
  ];
  const child = pin
    ? spawn('/usr/bin/taskset', ['-c', pin.server, process.execPath, ...command], { stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn(process.execPath, command, { stdio: ['ignore', 'pipe', 'inherit'] });
  if (pin) pinProcess(process.pid, pin.generator);
  const ports = await new Promise<Record<string, number | null>>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (!line.includes('"ready"')) return;
      resolve((JSON.parse(line) as { ports: Record<string, number | null> }).ports);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before it was ready`)));
  });
  return {
    ports,
    process: child,
    pinned: pin !== null,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        // A server that does not finish its shutdown in time is killed: a bench ends in bounded time.
        const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(killer);
      }
      rmSync(dir, { recursive: true, force: true });
      if (pin) pinProcess(process.pid, pin.all);
    },
  };
}
