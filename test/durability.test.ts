import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { QUIET_PORTS, startChild } from './support/child.js';
import { keptAliveCall, loadSite } from './support/load-site.js';
import type { ChildServer } from './support/child.js';

const AGENTS = 40;
const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const put = async (server: ChildServer, loginId: string, xml: string): Promise<number> =>
  (await keptAliveCall(server.baseUrl, 'PUT', `/User/${loginId}`, loginId, xml)).status;

async function stateOf(server: ChildServer, loginId: string): Promise<string> {
  return /<state>([A-Z_]+)<\/state>/.exec((await keptAliveCall(server.baseUrl, 'GET', `/User/${loginId}`, 'boss')).text)![1]!;
}

test('SIGKILL under load loses no acknowledged change: every agent is in the state last acknowledged to him, or the one in flight', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'openfinesse-durability-'));
  dirs.push(dataDir);
  const args = ['--data-dir', dataDir, '--config', loadSite(dataDir, AGENTS), '--log-level', 'warn', ...QUIET_PORTS];
  let server = await startChild(args);
  const acknowledged = new Map<string, string>();
  const inFlight = new Map<string, string>();
  let killed = false;
  let changes = 0;
  const drive = async (i: number): Promise<void> => {
    const loginId = `d${i}`;
    assert.equal(await put(server, loginId, `<User><state>LOGIN</state><extension>${7000 + i}</extension></User>`), 202);
    acknowledged.set(loginId, 'NOT_READY');
    for (let n = 0; !killed; n++) {
      const state = n % 2 === 0 ? 'READY' : 'NOT_READY';
      inFlight.set(loginId, state);
      const status = await put(server, loginId, `<User><state>${state}</state></User>`).catch(() => 0);
      if (status !== 202) return;
      acknowledged.set(loginId, state);
      inFlight.delete(loginId);
      changes++;
    }
  };
  const load = Promise.all(Array.from({ length: AGENTS }, (_, i) => drive(i)));
  while (changes < 1000) await new Promise((resolve) => setTimeout(resolve, 10));
  killed = true;
  server.process.kill('SIGKILL');
  assert.deepEqual(await server.exited, { code: null, signal: 'SIGKILL' });
  await load;

  server = await startChild(args);
  try {
    for (let i = 0; i < AGENTS; i++) {
      const loginId = `d${i}`;
      const persisted = await stateOf(server, loginId);
      const allowed = [acknowledged.get(loginId), inFlight.get(loginId)].filter((s) => s !== undefined);
      assert.ok(
        allowed.includes(persisted),
        `${loginId}: persisted ${persisted}, acknowledged ${acknowledged.get(loginId)}, in flight ${inFlight.get(loginId)}`,
      );
    }
  } finally {
    server.process.kill('SIGKILL');
    await server.exited;
  }
});
