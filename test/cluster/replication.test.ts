import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { SIGNED_OUT } from '../../src/domain/model.js';
import type { ChildServer } from '../support/child.js';
import { request, setState } from '../support/http.js';
import { natsServer } from '../support/nats.js';
import { createDatabase } from '../support/postgres.js';
import type { TestServer } from '../support/server.js';
import { parseXml, textAt } from '../support/xml.js';
import { DialogNames, XmppWatcher } from '../support/xmpp-updates.js';
import { dialogAction, externalCall } from '../telephony/support/calls.js';
import { eventually, startClusterNode, stopNode } from './support/node.js';

const TEAM_USERS = '/finesse/api/Team/1/Users';
const nodes: ChildServer[] = [];
const watchers: XmppWatcher[] = [];
let a: ChildServer;
let b: ChildServer;
let storeUrl: string;

async function watch(node: ChildServer, loginId: string): Promise<XmppWatcher> {
  const watcher = await XmppWatcher.connect({ ports: node.ports } as unknown as TestServer, loginId, new DialogNames());
  watchers.push(watcher);
  return watcher;
}

async function stateOn(node: ChildServer, loginId: string): Promise<string> {
  const response = await request(node.baseUrl, 'GET', `/finesse/api/User/${loginId}`, { user: loginId });
  assert.equal(response.status, 200, response.body);
  return textAt(parseXml(response.body), 'state');
}

before(async () => {
  const [store, nats] = await Promise.all([createDatabase(), natsServer()]);
  storeUrl = store;
  a = await startClusterNode(store, nats.url, 'node-a');
  nodes.push(a);
  b = await startClusterNode(store, nats.url, 'node-b');
  nodes.push(b);
});

after(async () => {
  await Promise.all(watchers.map((w) => w.close()));
  await Promise.all(nodes.map((n) => stopNode(n)));
});

test('an agent on node A and his supervisor on node B see each other’s changes, with the notifications a single node sends', async () => {
  const agent = await watch(a, 'agentA');
  const supervisorOnA = await watch(a, 'supervisorA');
  const supervisorOnB = await watch(b, 'supervisorA');
  await supervisorOnA.subscribe(TEAM_USERS);
  await supervisorOnB.subscribe(TEAM_USERS);

  // A change on A reaches the supervisor's session on B exactly as it reaches his session on A.
  assert.equal((await setState(a.baseUrl, 'agentA', 'agentA', '<User><state>LOGIN</state><extension>1001</extension></User>', 'r1')).status, 202);
  await agent.expect(['user NOT_READY [r1]']);
  await supervisorOnA.until(1, TEAM_USERS);
  await supervisorOnB.until(1, TEAM_USERS);
  const onA = (await supervisorOnA.takeUpdates()).filter((u) => u.node === TEAM_USERS);
  const onB = (await supervisorOnB.takeUpdates()).filter((u) => u.node === TEAM_USERS);
  assert.equal(onB.length, 1);
  assert.equal(onB[0]!.text, onA[0]!.text, 'the same Update document, byte for byte');
  assert.equal(onB[0]!.requestId, 'r1');

  // A change made on B reaches the agent's session on A, and A's own model follows it.
  assert.equal((await setState(b.baseUrl, 'agentA', 'agentA', '<User><state>READY</state></User>', 'r2')).status, 202);
  await agent.expect(['user READY [r2]']);
  assert.equal(await stateOn(a, 'agentA'), 'READY');
  await supervisorOnB.until(1, TEAM_USERS);
  await supervisorOnA.until(1, TEAM_USERS);
  assert.equal(
    (await supervisorOnA.takeUpdates()).filter((u) => u.node === TEAM_USERS)[0]!.text,
    (await supervisorOnB.takeUpdates()).filter((u) => u.node === TEAM_USERS)[0]!.text,
  );

  // A writes the next change on top of B's: it took over B's version, so the database accepts it.
  assert.equal((await setState(a.baseUrl, 'supervisorA', 'agentA', '<User><state>NOT_READY</state></User>', 'r3')).status, 202);
  await agent.expect(['user NOT_READY rc=999 [r3]'], 'a supervisor’s NOT_READY carries the system reason code 999');
  // The agent's session is on A; B learns of the change through the stream, a moment later.
  await eventually(async () => assert.equal(await stateOn(b, 'agentA'), 'NOT_READY'));
});

test('the extension is the database’s: an agent on B cannot take the one an agent on A signed in with', async () => {
  assert.equal((await setState(a.baseUrl, 'agentB', 'agentB', '<User><state>LOGIN</state><extension>1002</extension></User>')).status, 202);
  const refused = await setState(b.baseUrl, 'agentC', 'agentC', '<User><state>LOGIN</state><extension>1002</extension></User>');
  assert.equal(refused.status, 400, refused.body);
  await eventually(async () => assert.equal(await stateOn(b, 'agentB'), 'NOT_READY', 'B learns of the sign-in on A'));
});

test('a subscription made on one node delivers on another: the supervisor subscribes on A, comes back on B and is notified there', async () => {
  const TEAM_2 = '/finesse/api/Team/2/Users';
  const onA = await watch(a, 'supervisorB');
  await onA.subscribe(TEAM_2);
  await onA.close();
  const onB = await watch(b, 'supervisorB'); // the same full JID (resource "watch"), now on B
  assert.equal((await setState(a.baseUrl, 'agentC', 'agentC', '<User><state>LOGIN</state><extension>1013</extension></User>', 'r4')).status, 202);
  await onB.until(1, TEAM_2);
  const updates = (await onB.takeUpdates()).filter((u) => u.node === TEAM_2);
  assert.deepEqual(
    updates.map((u) => u.requestId),
    ['r4'],
  );
  assert.equal(await stateOn(b, 'agentC'), 'NOT_READY');
});

test('a change committed by a node that died before relaying it reaches the others: a surviving node relays it for the dead one', async () => {
  const db = new pg.Client({ connectionString: storeUrl });
  await db.connect();
  try {
    // What a node "node-gone" committed just before it was killed: agentC's new status and its outbox row, in one transaction.
    const { rows } = await db.query("SELECT version FROM agent_status WHERE login_id = 'agentC'");
    const version = Number(rows[0].version) + 1;
    const status = { ...SIGNED_OUT, state: 'NOT_READY', extension: '1003', stateChangeTime: Date.now() };
    await db.query('BEGIN');
    await db.query("UPDATE agent_status SET state = 'NOT_READY', extension = '1003', state_change_time = $1, version = $2 WHERE login_id = 'agentC'", [
      status.stateChangeTime,
      version,
    ]);
    await db.query("INSERT INTO outbox (at, origin, payload) VALUES ($1, 'node-gone', $2)", [
      status.stateChangeTime,
      JSON.stringify({ publications: [], agent: { loginId: 'agentC', version, status } }),
    ]);
    await db.query('COMMIT');
    for (const node of [a, b]) await eventually(async () => assert.equal(await stateOn(node, 'agentC'), 'NOT_READY'));
    await eventually(async () => assert.equal((await db.query('SELECT count(*) AS n FROM outbox')).rows[0].n, '0'));
    const orphans = await Promise.all(
      [a, b].map(async (node) => {
        const text = await (await fetch(`${node.baseUrl}/openfinesse/metrics`)).text();
        return Number(/^openfinesse_cluster_orphan_changes_relayed_total (\S+)$/m.exec(text)?.[1]);
      }),
    );
    assert.ok(
      orphans.some((n) => n >= 1),
      `relayed for the dead node: ${orphans}`,
    );
  } finally {
    await db.end();
  }
});

test('a call the phone system of node B offers an agent whose desktop is on node A: his dialog notifications reach him on A', async () => {
  const agent = await watch(a, 'agentA');
  const dialogs = '/finesse/api/User/agentA/Dialogs';
  assert.equal((await setState(a.baseUrl, 'agentA', 'agentA', '<User><state>READY</state></User>', 'r5')).status, 202);
  await agent.until(1);
  await agent.takeUpdates();
  const onB = { baseUrl: b.baseUrl } as TestServer;
  await eventually(async () => assert.equal(await stateOn(b, 'agentA'), 'READY'));
  const callId = await externalCall(onB, '5000');
  await agent.until(1, dialogs);
  const offered = (await agent.takeUpdates()).filter((u) => u.node === dialogs);
  assert.equal(offered[0]!.event, 'POST');
  assert.ok(offered[0]!.text.includes(`<id>${callId}</id>`), offered[0]!.text);
  // Answered through node B, whose phone system holds the call: the desktop on A sees it active.
  assert.equal(
    (await dialogAction(onB, 'agentA', callId, '<requestedAction>ANSWER</requestedAction><targetMediaAddress>1001</targetMediaAddress>', 'ans')).status,
    202,
  );
  await eventually(async () => assert.equal(await stateOn(a, 'agentA'), 'TALKING'));
  await agent.until(1, dialogs);
  const answered = (await agent.takeUpdates()).filter((u) => u.node === dialogs);
  assert.ok(
    answered.some((u) => u.event === 'PUT' && u.requestId === 'ans' && u.text.includes('<state>ACTIVE</state>')),
    answered.map((u) => u.text).join('\n'),
  );
});
