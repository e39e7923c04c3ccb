import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

/**
 * Throwaway NATS servers from Debian's `nats-server` package: 127.0.0.1 on a free port, JetStream on with its
 * store in a temporary directory. `natsServer()` is the one server of this test process, started on first
 * use; `startNatsServer()` gives a test a server of its own (to stop and restart under a running node, or
 * one without JetStream or with a password). Every server is killed and its directory removed when the
 * process exits.
 */

export interface NatsServerOptions {
  /** JetStream on (the default) or off. */
  jetstream?: boolean;
  /** Clients must sign in with this user and password. */
  auth?: { user: string; password: string };
}

export interface NatsServer {
  /** `nats://127.0.0.1:PORT` (no credentials). */
  url: string;
  port: number;
  /** Whether the server runs now. */
  readonly running: boolean;
  /** Stops the server (SIGKILL: it dies, as a crash would) and waits until it has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and store directory; resolves once it accepts connections. */
  restart(): Promise<void>;
}

const BIN = '/usr/sbin/nats-server';
const READY_TIMEOUT_MS = 15_000;

let shared: Promise<NatsServer> | null = null;
const running = new Set<ChildProcess>();
const dirs: string[] = [];
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The `nats-server` binary, or an error naming the package to install. */
export function natsServerBin(): string {
  if (!existsSync(BIN)) throw new Error('nats-server is not installed (apt-get install nats-server; npm test does it as root)');
  return BIN;
}

/** The NATS server (with JetStream) of this test process, started on first use. */
export function natsServer(): Promise<NatsServer> {
  shared ??= startNatsServer();
  return shared;
}

/** A NATS server of the caller's own. */
export async function startNatsServer(options: NatsServerOptions = {}): Promise<NatsServer> {
  const bin = natsServerBin();
  const dir = mkdtempSync(join(tmpdir(), 'openfinesse-nats-'));
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
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    try {
      let child = await launch(bin, args(port), log);
      return {
        url: `nats://127.0.0.1:${port}`,
        port,
        get running() {
          return child.exitCode === null && child.signalCode === null;
        },
        stop: (signal = 'SIGKILL') => stop(child, signal),
        async restart() {
          child = await launch(bin, args(port), log);
        },
      };
    } catch (error) {
      if (attempt >= 3) throw error; // otherwise the port was taken between the probe and the start
    }
  }
}

/**
 * Starts nats-server (its log in `log`, anew) and resolves once the log says it is ready — after JetStream
 * and the client listener are up; rejects with the log if it exits first. The process does not keep the
 * test process alive: the exit handler above kills it.
 */
async function launch(bin: string, args: string[], log: string): Promise<ChildProcess> {
  const fd = openSync(log, 'w');
  const child = spawn(bin, args, { stdio: ['ignore', fd, fd] });
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
  child.ref(); // the wait for its exit keeps the test process alive
  child.kill(signal);
  await exited;
}
