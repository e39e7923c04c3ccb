import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { stringify } from 'yaml';

export interface BenchServer {
  ports: Record<string, number | null>;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface BenchPopulation {
  agents: number;
  teams: number;
  password: string;
}

const STOP_TIMEOUT_MS = 20_000;

/** Login ids of the generated population: agent00001 … in teams t1 … round-robin. */
export const agentId = (i: number): string => `agent${String(i + 1).padStart(5, '0')}`;
export const teamOf = (i: number, teams: number): string => `t${(i % teams) + 1}`;
export const supervisorOf = (team: number): string => `sup${team + 1}`;

/**
 * Starts `dist/cli.js` in its own process with a generated population, so the load generator and the
 * server do not share an event loop. Resolves when the server logs its ready line.
 */
export async function startBenchServer(population: BenchPopulation, extraArgs: string[] = [], extraConfig: Record<string, unknown> = {}): Promise<BenchServer> {
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
  return launchServer(dir, ['--config', join(dir, 'bench.yaml'), ...extraArgs]);
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
async function launchServer(dir: string, args: string[]): Promise<BenchServer> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE_DIR] : []),
      'dist/cli.js',
      'start',
      '--data-dir',
      join(dir, 'data'),
      '--http-port',
      '0',
      '--https-port',
      'off',
      '--xmpp-port',
      '0',
      '--bosh-port',
      'off',
      '--bosh-tls-port',
      'off',
      '--log-level',
      'info',
      ...args,
      ...(process.env.BENCH_SERVER_ARGS?.split(' ').filter(Boolean) ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
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
    },
  };
}
