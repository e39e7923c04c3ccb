import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

/**
 * Throwaway NATS servers from Debian's `nats-server` package: 127.0.0.1 on a given or a free port, JetStream
 * on with its store in a directory of the server's own. Every server still running when the process exits
 * is killed and every server's directory removed.
 */

export interface NatsServerOptions {
  /** JetStream on (the default) or off. */
  jetstream?: boolean;
  /** Clients must sign in with this user and password. */
  auth?: { user: string; password: string };
  /** The directory to create and keep the store and log in; by default a new temporary one. */
  dir?: string;
  /** The port; by default a free one. */
  port?: number;
  /** In a process group of its own, so that Ctrl-C in a terminal reaches only its parent, which stops it in turn. */
  detached?: boolean;
}

export interface NatsServer {
  /** `nats://127.0.0.1:PORT` (no credentials). */
  url: string;
  port: number;
  dir: string;
  /** The process id of the server running now (or last). */
  readonly pid: number;
  /** Whether the server runs now. */
  readonly running: boolean;
  /** Stops the server (SIGKILL: it dies, as a crash would) and waits until it has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and store directory; resolves once it accepts connections. */
  restart(): Promise<void>;
}

const BIN = '/usr/sbin/nats-server';
const READY_TIMEOUT_MS = 15_000;
const PORT_ATTEMPTS = 4;

const running = new Set<ChildProcess>();
const dirs: string[] = [];
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Whether Debian's `nats-server` package is installed. */
export function natsServerInstalled(): boolean {
  return existsSync(BIN);
}

/** The `nats-server` binary, or an error naming the package to install. */
export function natsServerBin(): string {
  if (!natsServerInstalled()) throw new Error('nats-server is not installed (apt-get install nats-server; npm test does it as root)');
  return BIN;
}

export async function startNatsServer(options: NatsServerOptions = {}): Promise<NatsServer> {
  const bin = natsServerBin();
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'openfinesse-nats-'));
  mkdirSync(dir, { recursive: true });
  dirs.push(dir);
  const log = join(dir, 'nats-server.log');
  const args = (port: number): string[] => [
    '-a',
    '127.0.0.1',
    '-p',
    String(port),
    ...(options.jetstream === false ? [] : ['-js', '-sd', dir]),
    ...(options.auth ? ['--user', options.auth.user, '--pass', options.auth.password] : []),
  ];
  const detached = options.detached ?? false;
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return supervised(await launch(bin, args(port), log, detached), port, dir, () => launch(bin, args(port), log, detached));
    } catch (error) {
      if (options.port !== undefined || attempt >= PORT_ATTEMPTS) throw error; // otherwise the port was taken between the probe and the start
    }
  }
}

/** The handle of a started server: its current process, replaced by `restart()`. */
function supervised(first: ChildProcess, port: number, dir: string, relaunch: () => Promise<ChildProcess>): NatsServer {
  let child = first;
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    dir,
    get pid() {
      return child.pid!;
    },
    get running() {
      return child.exitCode === null && child.signalCode === null;
    },
    stop: (signal = 'SIGKILL') => stop(child, signal),
    async restart() {
      child = await relaunch();
    },
  };
}

/**
 * Starts nats-server (its log in `log`, anew) and resolves once the log says it is ready — after JetStream
 * and the client listener are up; rejects with the log if it exits first. The process does not keep its
 * parent alive: the exit handler above kills it.
 */
async function launch(bin: string, args: string[], log: string, detached: boolean): Promise<ChildProcess> {
  const fd = openSync(log, 'w');
  const child = spawn(bin, args, { stdio: ['ignore', fd, fd], detached });
  closeSync(fd);
  child.unref();
  running.add(child);
  child.once('exit', () => running.delete(child));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!readFileSync(log, 'utf8').includes('Server is ready')) {
    const failure = child.exitCode !== null || child.signalCode !== null ? 'exited' : Date.now() > deadline ? 'was not ready in time' : null;
    if (failure) {
      child.kill('SIGKILL');
      throw new Error(`nats-server ${args.join(' ')} ${failure}:\n${readFileSync(log, 'utf8')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return child;
}

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.ref(); // the wait for its exit keeps the process alive
  child.kill(signal);
  await exited;
}
