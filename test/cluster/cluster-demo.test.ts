import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SUMMARY_END } from '../../scripts/cluster-demo/summary.js';
import { request } from '../support/http.js';
import { parseXml, textAt } from '../support/xml.js';
import { eventually } from './support/node.js';

/** `npm run cluster:demo` as a user runs it (on free ports here): its table, its nodes, its Ctrl-C. */

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const START_TIMEOUT_MS = 120_000;

interface DemoNodeRow {
  id: string;
  desktop: string;
  rest: string;
  xmpp: string;
  bosh: string;
  pid: number;
}

interface DemoTable {
  nodes: DemoNodeRow[];
  postgres: { url: string; pid: number };
  nats: { url: string; pid: number };
  dir: string;
}

let demo: ChildProcess;
let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
const lines: string[] = [];
let table: DemoTable;

before(async () => {
  demo = spawn(process.execPath, ['--import', 'tsx', 'scripts/cluster-demo.ts', '--free-ports'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  demo.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  exited = new Promise((resolve) => demo.once('close', (code, signal) => resolve({ code, signal })));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no table within ${START_TIMEOUT_MS} ms:\n${lines.join('\n')}\n${stderr}`)), START_TIMEOUT_MS);
    createInterface({ input: demo.stdout! }).on('line', (line) => {
      lines.push(line);
      if (!line.includes(SUMMARY_END)) return;
      clearTimeout(timer);
      resolve();
    });
    void exited.then(({ code, signal }) => reject(new Error(`the demo exited (${code ?? signal}) before its table:\n${lines.join('\n')}\n${stderr}`)));
  });
  table = parseTable(lines);
});

after(async () => {
  if (demo.exitCode !== null || demo.signalCode !== null) return;
  demo.kill('SIGINT');
  const timer = setTimeout(() => demo.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
});

/** The rows of the demo's table: one per node, then PostgreSQL, NATS and the directory of its files. */
function parseTable(output: string[]): DemoTable {
  const nodes = output
    .map((line) => /^ {2}(node-\d+) +(\S+) +(\S+) +(\S+) +(\S+) +(\d+)$/.exec(line))
    .filter((match) => match !== null)
    .map(([, id, desktop, rest, xmpp, bosh, pid]) => ({ id: id!, desktop: desktop!, rest: rest!, xmpp: xmpp!, bosh: bosh!, pid: Number(pid) }));
  const service = (name: string): { url: string; pid: number } => {
    const match = output.map((line) => new RegExp(`^ {2}${name} +(\\S+).* pid (\\d+)$`).exec(line)).find((m) => m !== null);
    assert.ok(match, `no ${name} row in:\n${output.join('\n')}`);
    return { url: match[1]!, pid: Number(match[2]) };
  };
  const dir = output.map((line) => /^ {2}Files +(\S+)/.exec(line)).find((m) => m !== null)?.[1];
  assert.ok(dir, `no Files row in:\n${output.join('\n')}`);
  return { nodes, postgres: service('PostgreSQL'), nats: service('NATS'), dir };
}

async function health(node: DemoNodeRow): Promise<{ status: string; cluster: { nodeId: string; connected: boolean } | null }> {
  const response = await fetch(new URL('/openfinesse/health', node.desktop));
  assert.equal(response.status, 200);
  return (await response.json()) as { status: string; cluster: { nodeId: string; connected: boolean } | null };
}

async function stateOn(node: DemoNodeRow, loginId: string): Promise<string> {
  const response = await request(node.rest, 'GET', `/User/${loginId}`, { user: loginId });
  assert.equal(response.status, 200, response.body);
  return textAt(parseXml(response.body), 'state');
}

/** Whether process `pid` is gone: no such process, or a zombie its parent has yet to collect. */
function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return true;
  }
  const stat = `/proc/${pid}/stat`;
  return existsSync(stat) && readFileSync(stat, 'utf8').split(') ')[1]?.startsWith('Z') === true;
}

test('the table names three nodes on their own ports, PostgreSQL, NATS and the files; each node answers as itself, in the cluster', async () => {
  assert.deepEqual(
    table.nodes.map((node) => node.id),
    ['node-1', 'node-2', 'node-3'],
  );
  const ports = table.nodes.flatMap((node) => [new URL(node.desktop).port, node.xmpp.split(':')[1], new URL(node.bosh).port]);
  assert.equal(new Set(ports).size, 9, `every listener on a port of its own: ${ports.join(' ')}`);
  for (const node of table.nodes) {
    assert.equal(node.rest, `${node.desktop}finesse/api`);
    assert.match(node.bosh, /^http:\/\/127\.0\.0\.1:\d+\/http-bind\/$/);
    const answer = await health(node);
    assert.equal(answer.status, 'ok');
    assert.deepEqual({ nodeId: answer.cluster?.nodeId, connected: answer.cluster?.connected }, { nodeId: node.id, connected: true });
  }
  assert.match(table.postgres.url, /^postgres:\/\/openfinesse:demo@127\.0\.0\.1:\d+\/openfinesse$/);
  assert.match(table.nats.url, /^nats:\/\/127\.0\.0\.1:\d+$/);
  assert.ok(existsSync(join(table.dir, 'node-1')), `${table.dir} holds node-1's data directory`);
});

test('a state change made through node-1 is read back through node-3', async () => {
  const [first, , third] = table.nodes as [DemoNodeRow, DemoNodeRow, DemoNodeRow];
  const signIn = await request(first.rest, 'PUT', '/User/agentA', { user: 'agentA', body: '<User><state>LOGIN</state><extension>1001</extension></User>' });
  assert.equal(signIn.status, 202, signIn.body);
  await eventually(async () => assert.equal(await stateOn(third, 'agentA'), 'NOT_READY'));
});

test('a node that dies is reported and the others keep answering', async () => {
  const [first, second, third] = table.nodes as [DemoNodeRow, DemoNodeRow, DemoNodeRow];
  process.kill(second.pid, 'SIGKILL');
  await eventually(() =>
    assert.ok(
      lines.some((line) => line.includes('node-2 stopped unexpectedly (killed by SIGKILL); node-1, node-3 keep running')),
      'the demo says node-2 died',
    ),
  );
  for (const node of [first, third]) assert.equal((await health(node)).cluster?.connected, true);
});

test('Ctrl-C stops the nodes, NATS and PostgreSQL, removes the files and exits 0', async () => {
  demo.kill('SIGINT');
  assert.deepEqual(await exited, { code: 0, signal: null });
  const pids = [...table.nodes.map((node) => node.pid), table.nats.pid, table.postgres.pid];
  const running = (): number[] => pids.filter((pid) => !gone(pid));
  await eventually(() => assert.deepEqual(running(), []), 10_000);
  assert.ok(!existsSync(table.dir), `${table.dir} is removed`);
  assert.ok(lines.at(-1)!.endsWith(`stopped; ${table.dir} removed`), lines.at(-1));
});
