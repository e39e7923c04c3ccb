import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChildServer } from '../support/child.js';
import { startChild } from '../support/child.js';
import { natsServer } from '../support/nats.js';
import { keptAliveCall, loadSite } from '../support/load-site.js';
import { createDatabase } from '../support/postgres.js';
import { eventually, stopNode, tempDir } from './support/node.js';

const AGENTS = 40;

async function stateOn(node: ChildServer, loginId: string): Promise<string> {
  return /<state>([A-Z_]+)<\/state>/.exec((await keptAliveCall(node.baseUrl, 'GET', `/User/${loginId}`, 'boss')).text)![1]!;
}

test('SIGKILL of a node under load loses no acknowledged change: the surviving node has every agent in the state last acknowledged, or the one in flight', async () => {
  const [store, nats] = await Promise.all([createDatabase(), natsServer()]);
  const common = ['--store', store, '--cluster', nats.url, '--log-level', 'warn', '--https-port', 'off', '--xmpp-port', 'off', '--bosh-port', 'off'];
  const a = await startChild([
    ...common,
    '--config',
    loadSite(tempDir(), AGENTS),
    '--node-id',
    'node-a',
    '--data-dir',
    tempDir(),
    '--http-port',
    '0',
    '--bosh-tls-port',
    'off',
  ]);
  const b = await startChild([...common, '--node-id', 'node-b', '--data-dir', tempDir(), '--http-port', '0', '--bosh-tls-port', 'off']);
  const acknowledged = new Map<string, string>();
  const inFlight = new Map<string, string>();
  let killed = false;
  let changes = 0;
  // Even agents are driven through node A, odd ones through node B.
  const drive = async (i: number): Promise<void> => {
    const loginId = `d${i}`;
    const node = i % 2 === 0 ? a : b;
    const put = async (xml: string) => (await keptAliveCall(node.baseUrl, 'PUT', `/User/${loginId}`, loginId, xml).catch(() => ({ status: 0 }))).status;
    assert.equal(await put(`<User><state>LOGIN</state><extension>${7000 + i}</extension></User>`), 202);
    acknowledged.set(loginId, 'NOT_READY');
    for (let n = 0; !killed || node === b; n++) {
      if (killed && n % 2 === 0) return; // the survivor's agents stop too, after a change or two more
      const state = n % 2 === 0 ? 'READY' : 'NOT_READY';
      inFlight.set(loginId, state);
      if ((await put(`<User><state>${state}</state></User>`)) !== 202) return;
      acknowledged.set(loginId, state);
      inFlight.delete(loginId);
      changes++;
    }
  };
  const load = Promise.all(Array.from({ length: AGENTS }, (_, i) => drive(i)));
  try {
    while (changes < 1000) await new Promise((resolve) => setTimeout(resolve, 10));
    killed = true;
    a.process.kill('SIGKILL');
    assert.deepEqual(await a.exited, { code: null, signal: 'SIGKILL' });
    await load;
    for (let i = 0; i < AGENTS; i++) {
      const loginId = `d${i}`;
      await eventually(async () => {
        const state = await stateOn(b, loginId);
        const allowed = [acknowledged.get(loginId), inFlight.get(loginId)].filter((s) => s !== undefined);
        assert.ok(allowed.includes(state), `${loginId}: on B ${state}, acknowledged ${acknowledged.get(loginId)}, in flight ${inFlight.get(loginId)}`);
      }, 15_000);
    }
  } finally {
    if (a.process.exitCode === null && a.process.signalCode === null) a.process.kill('SIGKILL');
    await stopNode(b);
  }
});
