import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ChildServer } from '../support/child.js';
import { request, setState } from '../support/http.js';
import { natsServer } from '../support/nats.js';
import { createDatabase } from '../support/postgres.js';
import type { TestServer } from '../support/server.js';
import { parseXml, textAt } from '../support/xml.js';
import { DialogNames, XmppWatcher } from '../support/xmpp-updates.js';
import { eventually, startClusterNode, stopNode } from './support/node.js';

// A lost desktop is noticed after 1 s and the agent signed out 2 s later (3 s in all).
const LOST_AFTER_MS = 3000;
const LOST_DESKTOP_FLAGS = ['--lost-desktop-detect', '1', '--lost-desktop-grace', '2'];
const nodes: ChildServer[] = [];
let a: ChildServer;
let b: ChildServer;

const desktopOn = (node: ChildServer, loginId: string): Promise<XmppWatcher> =>
  XmppWatcher.connect({ ports: node.ports } as unknown as TestServer, loginId, new DialogNames());

async function stateOn(node: ChildServer, loginId: string): Promise<string> {
  const response = await request(node.baseUrl, 'GET', `/finesse/api/User/${loginId}`, { user: loginId });
  assert.equal(response.status, 200, response.body);
  return textAt(parseXml(response.body), 'state');
}

before(async () => {
  const [store, nats] = await Promise.all([createDatabase(), natsServer()]);
  a = await startClusterNode(store, nats.url, 'node-a', LOST_DESKTOP_FLAGS);
  nodes.push(a);
  b = await startClusterNode(store, nats.url, 'node-b', LOST_DESKTOP_FLAGS);
  nodes.push(b);
});

after(async () => {
  await Promise.all(nodes.map((n) => stopNode(n)));
});

test('an agent whose desktop leaves node A and comes back on node B within the grace period stays signed in', async () => {
  const first = await desktopOn(a, 'agentB');
  assert.equal((await setState(a.baseUrl, 'agentB', 'agentB', '<User><state>LOGIN</state><extension>1002</extension></User>')).status, 202);
  await first.close();
  const second = await desktopOn(b, 'agentB');
  try {
    await new Promise((resolve) => setTimeout(resolve, 2 * LOST_AFTER_MS));
    assert.equal(await stateOn(a, 'agentB'), 'NOT_READY');
    assert.equal(await stateOn(b, 'agentB'), 'NOT_READY');
  } finally {
    await second.close();
  }
});

test('an agent whose desktop leaves and comes back nowhere is signed out once, with reason 255, and every node knows', async () => {
  const desktop = await desktopOn(a, 'agentC');
  assert.equal((await setState(a.baseUrl, 'agentC', 'agentC', '<User><state>LOGIN</state><extension>1003</extension></User>')).status, 202);
  const watcher = await desktopOn(b, 'supervisorB');
  await watcher.subscribe('/finesse/api/Team/2/Users');
  await desktop.close();
  for (const node of [a, b]) await eventually(async () => assert.equal(await stateOn(node, 'agentC'), 'LOGOUT'), 5 * LOST_AFTER_MS);
  const response = await request(b.baseUrl, 'GET', '/finesse/api/User/agentC', { user: 'agentC' });
  assert.equal(textAt(parseXml(response.body), 'reasonCodeId'), '255');
  await new Promise((resolve) => setTimeout(resolve, LOST_AFTER_MS));
  const signOuts = (await watcher.takeUpdates()).filter((u) => u.text.includes('<loginId>agentC</loginId>') && u.text.includes('<state>LOGOUT</state>'));
  assert.equal(signOuts.length, 1, 'one sign-out, not one per node');
  await watcher.close();
});
