/**
 * Team messages in a cluster: a message created on node A reaches the team's agent whose desktop is on
 * node B (through the change outbox), is read there at once (the store is shared), and its expiry —
 * a durable timer fired by the leader, whichever node that is — removes it for the agent on B too.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ChildServer } from '../support/child.js';
import { request } from '../support/http.js';
import type { TestServer } from '../support/server.js';
import { contentsOf, createTeamMessage } from '../support/team-messages.js';
import { DialogNames, XmppWatcher } from '../support/xmpp-updates.js';
import { eventually, startTwoNodes, stopNode } from './support/node.js';

const watchers: XmppWatcher[] = [];
let a: ChildServer;
let b: ChildServer;

before(async () => {
  ({ a, b } = await startTwoNodes());
});

after(async () => {
  await Promise.all(watchers.map((w) => w.close()));
  await Promise.all([a, b].filter(Boolean).map((n) => stopNode(n)));
});

test('created on A: the agent on B gets the POST and reads it on B; it expires for him on B (DELETE), and is gone from both nodes', async () => {
  const agentOnB = await XmppWatcher.connect(b as unknown as TestServer, 'agentB', new DialogNames());
  watchers.push(agentOnB);
  const id = await createTeamMessage(a.baseUrl, 'supervisorA', 3, 'Across the cluster', ['1']);
  await agentOnB.until(1, '/finesse/api/Team/1/TeamMessages');
  const [posted] = (await agentOnB.takeUpdates()).filter((u) => u.node === '/finesse/api/Team/1/TeamMessages');
  assert.equal(posted?.event, 'POST');
  assert.match(posted?.text ?? '', new RegExp(`<id>${id}</id>.*<content>Across the cluster</content>`));
  assert.deepEqual(await contentsOf(b.baseUrl, 'agentB', '1'), ['Across the cluster']);

  await agentOnB.until(1, '/finesse/api/Team/1/TeamMessages');
  const [removed] = (await agentOnB.takeUpdates()).filter((u) => u.node === '/finesse/api/Team/1/TeamMessages');
  assert.equal(removed?.event, 'DELETE');
  assert.equal(removed?.source, '/finesse/api/Team/1/TeamMessages');
  for (const node of [a, b]) await eventually(async () => assert.deepEqual(await contentsOf(node.baseUrl, 'agentA', '1'), []), 5000);
  const r = await request(a.baseUrl, 'GET', `/finesse/api/TeamMessage/${id}`, { user: 'agentA' });
  assert.equal(r.status, 404);
});
