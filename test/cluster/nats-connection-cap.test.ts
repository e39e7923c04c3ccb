import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Kvm } from '@nats-io/kv';
import { ClusterConnection } from '../../src/cluster/nats-connection.js';
import { CONNECTIONS_BUCKET, NatsConnectionCap } from '../../src/cluster/nats-connection-cap.js';
import { parseNatsUrl } from '../../src/cluster/nats-url.js';
import { ManualClock } from '../../src/domain/clock.js';
import type { NatsServer } from '../support/nats.js';
import { startNatsServer } from '../support/nats.js';
import { eventually } from './support/node.js';

/** The NATS driver of the connection cap in this process: "nodes" on one NATS server, one clock. */

interface Node {
  cap: NatsConnectionCap;
  connection: ClusterConnection;
}

const opened: Node[] = [];
after(async () => {
  for (const node of opened) {
    await node.cap.close();
    await node.connection.close();
  }
});

async function node(nats: NatsServer, nodeId: string, clock: ManualClock, limit: number, refreshMs = 5_000): Promise<Node> {
  const connection = await ClusterConnection.open({ address: parseNatsUrl(nats.url), name: nodeId });
  const cap = new NatsConnectionCap(connection.js, { nodeId, limit, clock, refreshMs });
  await cap.start();
  const state = { cap, connection };
  opened.push(state);
  return state;
}

/** Admits `n` connections from the address on the node, asserting each is admitted. */
function open(at: Node, address: string, n: number): void {
  for (let i = 0; i < n; i++) assert.equal(at.cap.admit(address), true, `connection ${i + 1} of ${n}`);
}

/** Whether the node would admit one more connection from the address now (one admitted is released again at once). */
function wouldAdmit(at: Node, address: string): boolean {
  if (!at.cap.admit(address)) return false;
  at.cap.release(address);
  return true;
}

/** The counts NATS holds for a node (null: none). */
async function stored(at: Node, nodeId: string): Promise<Record<string, number> | null> {
  const kv = await new Kvm(at.connection.js).open(CONNECTIONS_BUCKET);
  const entry = await kv.get(nodeId.replaceAll('.', '='));
  return entry?.operation === 'PUT' ? entry.json<{ addresses: Record<string, number> }>().addresses : null;
}

test('connections from one address on two nodes add up to one cap; a release on one node lets the other admit again', async () => {
  const nats = await startNatsServer();
  const clock = new ManualClock();
  const a = await node(nats, 'node.a', clock, 4);
  const b = await node(nats, 'node-b', clock, 4);
  open(a, '192.0.2.7', 2);
  open(b, '192.0.2.7', 2);
  await eventually(() => assert.equal(wouldAdmit(a, '192.0.2.7'), false, 'A sees B'));
  await eventually(() => assert.equal(wouldAdmit(b, '192.0.2.7'), false, 'B sees A'));
  open(a, '198.51.100.1', 1);
  await eventually(async () => assert.deepEqual(await stored(a, 'node.a'), { '192.0.2.7': 2, '198.51.100.1': 1 }), 5_000);

  b.cap.release('192.0.2.7');
  await eventually(() => assert.equal(wouldAdmit(a, '192.0.2.7'), true, 'A sees the release'));
  open(a, '192.0.2.7', 1);
  await eventually(() => assert.equal(wouldAdmit(b, '192.0.2.7'), false, 'B sees the connection A admitted'));
});

test('a node shares only the addresses it holds many connections from (limit / 64): the cap holds to within that per other node', async () => {
  const nats = await startNatsServer();
  const clock = new ManualClock();
  const a = await node(nats, 'node-a', clock, 128);
  const b = await node(nats, 'node-b', clock, 128);
  // Below two connections an address is not shared: A's one connection from each of many addresses stays with A.
  for (let i = 0; i < 100; i++) open(a, `10.0.0.${i}`, 1);
  open(a, '192.0.2.9', 2);
  await eventually(async () => assert.deepEqual(await stored(b, 'node-a'), { '192.0.2.9': 2 }));
  open(b, '192.0.2.9', 126);
  await eventually(() => assert.equal(wouldAdmit(b, '192.0.2.9'), false, 'A\u2019s two count on B'));
  open(b, '10.0.0.1', 127);
  assert.equal(b.cap.admit('10.0.0.1'), true, 'A\u2019s single connection from 10.0.0.1 is not counted on B');
});

test('the counts of a node that stopped writing expire after three refreshes; a node that stops deletes its counts at once', async () => {
  const nats = await startNatsServer();
  const clock = new ManualClock();
  const a = await node(nats, 'node-a', clock, 3, 1_000);
  const b = await node(nats, 'node-b', clock, 3, 1_000);
  const c = await node(nats, 'node-c', clock, 3, 1_000);
  open(a, '192.0.2.1', 2);
  open(b, '192.0.2.1', 1);
  await eventually(() => assert.equal(wouldAdmit(c, '192.0.2.1'), false, 'C sees two on A and one on B'));
  // A stops cleanly: its key is deleted, and C counts without it at once.
  await a.cap.close();
  await eventually(() => assert.equal(wouldAdmit(c, '192.0.2.1'), true));
  open(c, '192.0.2.1', 2);
  assert.equal(wouldAdmit(c, '192.0.2.1'), false, 'one on B, two on C');
  // B falls silent (as a node that died does: its connection to NATS closed, its key left behind): C forgets its
  // count once the clock passes three refresh periods from when C read it.
  await b.connection.close();
  clock.advance(3_000);
  assert.equal(wouldAdmit(c, '192.0.2.1'), true, 'B\u2019s count is forgotten');
});
