import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { serverNodeFlags } from '../../scripts/support/server-node-flags.js';
import { testStoreEnv } from './test-store.js';

export const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli.js');

export interface ChildServer {
  process: ChildProcess;
  ports: Record<string, number | null>;
  baseUrl: string;
  /** Every stdout line so far. */
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Every listener off except plain HTTP on a free port, so parallel test files never collide. */
export const QUIET_PORTS = ['--http-port', '0', '--https-port', 'off', '--xmpp-port', 'off', '--bosh-port', 'off', '--bosh-tls-port', 'off'];

/**
 * Runs `node dist/cli.js start …` (npm test builds dist first) and resolves once the JSON "ready" line
 * names the bound ports; rejects with the output if the process exits first.
 */
export async function startChild(args: string[], env: Record<string, string> = {}): Promise<ChildServer> {
  assert.ok(existsSync(CLI), `${CLI} is missing: run "npm run build" first (npm test does)`);
  const child = await spawnStart(args, env);
  const lines: string[] = [];
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const reader = createInterface({ input: child.stdout! });
    reader.on('line', (line) => {
      lines.push(line);
      if (!line.includes('"ready"')) return;
      const entry = JSON.parse(line) as { ready?: boolean; ports?: Record<string, number | null> };
      if (entry.ready !== true || !entry.ports) return;
      resolve({ process: child, ports: entry.ports, baseUrl: `http://127.0.0.1:${entry.ports.http}`, lines, exited });
    });
    void exited.then(({ code, signal }) => reject(new Error(`server exited (${code ?? signal}) before ready\nstdout: ${lines.join('\n')}\nstderr: ${stderr}`)));
  });
}

/** Runs the CLI to completion and returns its exit code and output (for start-up failures). */
export async function runChild(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = await spawnStart(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** `node <the server's flags> dist/cli.js start …` on the test's store, output piped. */
async function spawnStart(args: string[], env: Record<string, string>): Promise<ChildProcess> {
  const storeEnv = await testStoreEnv(args, env);
  return spawn(process.execPath, [...serverNodeFlags(CLI), CLI, 'start', ...args], {
    env: { ...process.env, ...storeEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
