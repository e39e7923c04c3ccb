import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ChildServer } from '../support/child.js';
import { startChild } from '../support/child.js';
import { natsServer } from '../support/nats.js';
import { request } from '../support/http.js';
import { createDatabase } from '../support/postgres.js';
import type { XmlElement } from '../support/xml.js';
import { at, childNames, leaves, parseXml, textAt } from '../support/xml.js';
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

async function systemInfo(node: ChildServer): Promise<XmlElement> {
  const response = await request(node.baseUrl, 'GET', '/finesse/api/SystemInfo', { user: 'agentA' });
  assert.equal(response.status, 200, response.body);
  return parseXml(response.body);
}

/** The Finesse node elements and our node list: id, host, whether it is the answering node. */
function namedNodes(info: XmlElement): { primary: Record<string, string>; secondary: Record<string, string>; ours: string[] } {
  const list = at(info, 'openfinesseNodes');
  assert.ok(list, 'a node of a cluster lists the nodes');
  return {
    primary: leaves(at(info, 'primaryNode')!),
    secondary: leaves(at(info, 'secondaryNode')!),
    ours: list.children.map((n) => `${textAt(n, 'nodeId')} ${textAt(n, 'host')}${textAt(n, 'thisNode') === 'true' ? ' (this node)' : ''}`),
  };
}

before(async () => {
  [store, nats] = await Promise.all([createDatabase(), natsServer().then((s) => s.url)]);
});

after(async () => {
  await Promise.all(nodes.filter((n) => n.process.exitCode === null && n.process.signalCode === null).map((n) => stopNode(n)));
});

test('every node lists the live nodes (health, SystemInfo); one that stops leaves at once, one that dies within the TTL', async () => {
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

  // SystemInfo on either node: the same pair, in node id order, and every node in our own element.
  const nodeA = { host: 'a.lab.example', httpsPort: '', xmppPort: String(a.ports.xmpp), xmppSecurePort: '' };
  const nodeB = { host: 'b.lab.example', httpsPort: '', xmppPort: String(b.ports.xmpp), xmppSecurePort: '' };
  const fromA = await systemInfo(a);
  assert.deepEqual(namedNodes(fromA), { primary: nodeA, secondary: nodeB, ours: ['node-a a.lab.example (this node)', 'node-b b.lab.example'] });
  assert.deepEqual(namedNodes(await systemInfo(b)), { primary: nodeA, secondary: nodeB, ours: ['node-a a.lab.example', 'node-b b.lab.example (this node)'] });
  const ourA = at(fromA, 'openfinesseNodes')!.children[0]!;
  assert.deepEqual(childNames(ourA), ['nodeId', 'host', 'thisNode', 'httpPort', 'httpsPort', 'xmppPort', 'boshPort', 'boshTlsPort', 'startedAt']);
  assert.deepEqual(
    [textAt(ourA, 'httpPort'), textAt(ourA, 'xmppPort'), textAt(ourA, 'boshPort'), textAt(ourA, 'startedAt')],
    [String(a.ports.http), String(a.ports.xmpp), '', new Date(members[0]!.startedAt).toISOString()],
  );
  assert.equal(childNames(fromA).at(-1), 'openfinesseNodes', 'our element comes after every Finesse element');

  // A clean stop deletes the node's entry: the others drop it at their next read.
  await stopNode(b);
  await eventually(async () => assert.deepEqual(await memberIds(a), ['node-a']));
  const alone = await systemInfo(a);
  assert.deepEqual(namedNodes(alone), { primary: nodeA, secondary: { host: '' }, ours: ['node-a a.lab.example (this node)'] });
  assert.deepEqual(childNames(at(alone, 'secondaryNode')!), ['host'], 'one live node: an empty secondary host, as finesse.js expects of a single node');

  // A node that dies (SIGKILL) says nothing: its entry expires.
  const c = await startClusterNode('node-c.lab', 'c.lab.example');
  await eventually(async () => assert.deepEqual(await memberIds(a), ['node-a', 'node-c.lab']));
  assert.equal(textAt(await systemInfo(a), 'secondaryNode/host'), 'c.lab.example');
  c.process.kill('SIGKILL');
  await c.exited;
  await eventually(async () => assert.deepEqual(await memberIds(a), ['node-a']));
});
