import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { BENCH_PORTS } from '../support/child-server.js';
import { HttpLane, rawRequest } from '../support/raw-http.js';
import { CHECK_USERS, PASSWORD, SUPERVISOR, xmlHeaders } from './accounts.js';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli.js');

export interface SoakServer {
  child: ChildProcess;
  ports: Record<string, number | null>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  errorLogs: string[];
  stderr: () => string;
  dir: string;
}

/** The server as a child process, with the soak team's accounts, on ports of its own. */
export async function startServer(): Promise<SoakServer> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  const dir = mkdtempSync(join(tmpdir(), 'openfinesse-soak-'));
  writeFileSync(
    join(dir, 'soak.yaml'),
    stringify({
      teams: [{ id: 'soak', name: 'Soak Team' }],
      users: [
        ...CHECK_USERS.map((loginId) => ({ loginId, password: PASSWORD, team: 'soak' })),
        { loginId: SUPERVISOR, password: PASSWORD, team: 'soak', supervises: ['soak'] },
      ],
    }),
  );
  const args = [
    CLI,
    'start',
    '--demo',
    '--data-dir',
    join(dir, 'data'),
    '--config',
    join(dir, 'soak.yaml'),
    ...BENCH_PORTS,
    // Mutated stanzas arrive far faster than a person types; wrong passwords must not lock the accounts the soak signs in with.
    '--xmpp-rate',
    '1000000',
    '--lockout-failures',
    '1000000',
    '--log-level',
    'warn',
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-20_000)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const errorLogs: string[] = [];
  const ports = await new Promise<Record<string, number | null>>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.includes('"ready"')) {
        const entry = JSON.parse(line) as { ready?: boolean; ports?: Record<string, number | null> };
        if (entry.ready && entry.ports) resolve(entry.ports);
        return;
      }
      // Error and fatal log lines (pino levels 50, 60): unhandled errors, failed event listeners.
      if (/"level":\s*[56]0/.test(line)) {
        errorLogs.push(line.slice(0, 2000));
        process.stderr.write(`\nsoak: server logged an error: ${line.slice(0, 2000)}\n`);
      }
    });
    void exited.then(({ code, signal }) => reject(new Error(`server exited (${code ?? signal}) before ready\n${stderr}`)));
  });
  return { child, ports, exited, errorLogs, stderr: () => stderr, dir };
}

/** The run's own unmutated requests: the sign-ins before the inputs, the metrics during and after them. */
export class ServerControl {
  private readonly http: HttpLane;

  constructor(port: number) {
    this.http = new HttpLane(port, 500);
  }

  async put(user: string, body: string): Promise<void> {
    const outcome = await this.http.send(rawRequest('PUT', `/finesse/api/User/${user}`, xmlHeaders(user, 'application/xml', body), body));
    if (outcome.kind !== 'response' || outcome.status !== 202)
      throw new Error(`setup: PUT ${user} ${body} → ${outcome.kind === 'response' ? `${outcome.status} ${outcome.body.toString('utf8')}` : outcome.kind}`);
  }

  async metric(pattern: RegExp): Promise<number> {
    const outcome = await this.http.send(rawRequest('GET', '/openfinesse/metrics', [['Host', 'localhost']]));
    if (outcome.kind !== 'response') return NaN;
    return [...outcome.body.toString('utf8').matchAll(pattern)].reduce((sum, m) => sum + Number(m[1]), 0);
  }

  heapUsed(): Promise<number> {
    return this.metric(/^openfinesse_nodejs_heap_size_used_bytes (\d+)/gm);
  }

  close(): void {
    this.http.close();
  }
}
