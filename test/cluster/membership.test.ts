import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ChildServer } from '../support/child.js';
import { startChild } from '../support/child.js';
import { natsServer } from '../support/nats.js';
import { createDatabase } from '../support/postgres.js';
import { clusterHealth, eventually, stopNode, tempDir } from './support/node.js';

const nodes: ChildServer[] = [];
let store: string;
let nats: string;

/** A demo node on the shared database and NATS, with plain HTTP and XMPP over TCP. */
async function startClusterNode(nodeId: string, publicHost: string): Promise<ChildServer> {
  const args = ['--demo', '--store', store, '--cluster', nats, '--node-id', nodeId, '--public-host', publicHost, '--data-dir', tempDir()];
  const ports = ['--http-port', '0', '--https-port', 'off', '--xmpp-port', '0', '--bosh-port', 'off', '--bosh-tls-port', 'off'];
  const node = await startChild([...args, ...ports]);
  nodes.push(node);
  return node;
}

async function memberIds(node: ChildServer): Promise<string[]> {
  return (await clusterHealth(node))!.members.map((m) => m.nodeId);
}

before(async () => {
  [store, nats] = await Promise.all([createDatabase(), natsServer().then((s) => s.url)]);
});

after(async () => {
  await Promise.all(nodes.filter((n) => n.process.exitCode === null && n.process.signalCode === null).map((n) => stopNode(n)));
});

test('every node lists the live nodes with their public hosts and ports; one that stops leaves at once, one that dies within the TTL', async () => {
  const a = await startClusterNode('node-a', 'a.lab.example');
  const b = await startClusterNode('node-b', 'b.lab.example');
  for (const node of [a, b]) await eventually(async () => assert.deepEqual(await memberIds(node), ['node-a', 'node-b']));
  const members = (await clusterHealth(a))!.members;
  assert.deepEqual(
    members.map(({ nodeId, publicHost, ports }) => ({ nodeId, publicHost, ports })),
    [
      { nodeId: 'node-a', publicHost: 'a.lab.example', ports: a.ports },
      { nodeId: 'node-b', publicHost: 'b.lab.example', ports: b.ports },
    ],
  );
  assert.ok(members.every((m) => typeof m.startedAt === 'number' && m.startedAt <= Date.now()));

  // A clean stop deletes the node's entry: the others drop it at their next read.
  await stopNode(b);
  await eventually(async () => assert.deepEqual(await memberIds(a), ['node-a']));

  // A node that dies (SIGKILL) says nothing: its entry expires.
  const c = await startClusterNode('node-c.lab', 'c.lab.example');
  await eventually(async () => assert.deepEqual(await memberIds(a), ['node-a', 'node-c.lab']));
  c.process.kill('SIGKILL');
  await c.exited;
  await eventually(async () => assert.deepEqual(await memberIds(a), ['node-a']));
});
