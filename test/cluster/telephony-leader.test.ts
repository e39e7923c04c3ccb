import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ChildServer } from '../support/child.js';
import { request, setState } from '../support/http.js';
import { natsServer } from '../support/nats.js';
import { createDatabase } from '../support/postgres.js';
import type { TestServer } from '../support/server.js';
import { parseXml, textAt } from '../support/xml.js';
import type { Update } from '../support/xmpp-updates.js';
import { DialogNames, XmppWatcher } from '../support/xmpp-updates.js';
import { control, dialogAction, externalCall } from '../telephony/support/calls.js';
import { clusterHealth, eventually, startClusterNode, stopNode } from './support/node.js';

// A desktop gone for 1 s counts as lost; its agent is signed out 14 s later — past the ~10 s a lease
// takes to lapse, so the count-down of a node killed at once must survive the handover to fire on time.
const LOST_DESKTOP_MS = 15_000;
const FLAGS = ['--lost-desktop-detect', '1', '--lost-desktop-grace', '14'];
const DIALOGS_A = '/finesse/api/User/agentA/Dialogs';
const DIALOGS_B = '/finesse/api/User/agentB/Dialogs';
const asServer = (node: ChildServer): TestServer => ({ baseUrl: node.baseUrl, ports: node.ports }) as unknown as TestServer;

const nodes = new Map<string, ChildServer>();
const live = new Set<string>();
const watchers: XmppWatcher[] = [];

async function desktopOn(nodeId: string, loginId: string): Promise<XmppWatcher> {
  const watcher = await XmppWatcher.connect(asServer(nodes.get(nodeId)!), loginId, new DialogNames());
  watchers.push(watcher);
  return watcher;
}

async function get(nodeId: string, path: string, user: string): Promise<{ status: number; body: string; type: string | null }> {
  const response = await fetch(`${nodes.get(nodeId)!.baseUrl}${path}`, {
    headers: { authorization: `Basic ${Buffer.from(`${user}:demo`).toString('base64')}` },
  });
  return { status: response.status, body: await response.text(), type: response.headers.get('content-type') };
}

async function stateOn(nodeId: string, loginId: string): Promise<string> {
  const response = await request(nodes.get(nodeId)!.baseUrl, 'GET', `/finesse/api/User/${loginId}`, { user: loginId });
  assert.equal(response.status, 200, response.body);
  return textAt(parseXml(response.body), 'state');
}

/** The leader every live node names (they agree), once a live node leads. */
async function agreedLeader(): Promise<string> {
  return eventually(async () => {
    const named = await Promise.all([...live].map(async (id) => (await clusterHealth(nodes.get(id)!))!.leader));
    assert.ok(named[0] && live.has(named[0]) && named.every((n) => n === named[0]), `leaders named: ${named.join(', ')}`);
    return named[0]!;
  }, 40_000);
}

function kill(nodeId: string): Promise<unknown> {
  const node = nodes.get(nodeId)!;
  live.delete(nodeId);
  node.process.kill('SIGKILL');
  return node.exited;
}

const participantState = (u: Update, mediaAddress: string): string | undefined =>
  new RegExp(`<mediaAddress>${mediaAddress}</mediaAddress>.*?<state>([A-Z_]+)</state>`, 's').exec(u.text)?.[1];

before(async () => {
  const [store, nats] = await Promise.all([createDatabase(), natsServer()]);
  // node-1 starts first and takes the lease; the others follow.
  for (const id of ['node-1', 'node-2', 'node-3']) {
    nodes.set(id, await startClusterNode(store, nats.url, id, FLAGS));
    live.add(id);
  }
});

after(async () => {
  await Promise.all(watchers.map((w) => w.close()));
  await Promise.all([...live].map((id) => stopNode(nodes.get(id)!)));
});

describe('one phone system for the cluster, on the leader', () => {
  let callA = '';
  let callB = '';
  let agentA: XmppWatcher;
  let agentB: XmppWatcher;

  test('a call the leader routes rings an agent whose desktop is on another node; any node answers for the phone system with the leader’s bytes', async () => {
    assert.equal(await agreedLeader(), 'node-1');
    agentA = await desktopOn('node-2', 'agentA');
    agentB = await desktopOn('node-3', 'agentB');
    assert.equal(
      (await setState(nodes.get('node-2')!.baseUrl, 'agentA', 'agentA', '<User><state>LOGIN</state><extension>1001</extension></User>')).status,
      202,
    );
    assert.equal((await setState(nodes.get('node-2')!.baseUrl, 'agentA', 'agentA', '<User><state>READY</state></User>')).status, 202);
    await eventually(async () => assert.equal(await stateOn('node-1', 'agentA'), 'READY'));
    await agentA.takeUpdates();

    // Placed through node 3 (forwarded to node 1, whose ACD picks agentA); offered on node 2.
    callA = await externalCall(asServer(nodes.get('node-3')!), '5000');
    await agentA.until(1, DIALOGS_A);
    const offered = (await agentA.takeUpdates()).filter((u) => u.node === DIALOGS_A);
    assert.equal(offered[0]!.event, 'POST');
    assert.equal(participantState(offered[0]!, '1001'), 'ALERTING');

    const fromLeader = await get('node-1', DIALOGS_A, 'agentA');
    assert.equal(fromLeader.status, 200);
    assert.ok(fromLeader.body.includes(`<id>${callA}</id>`), fromLeader.body);
    for (const id of ['node-2', 'node-3']) assert.deepEqual(await get(id, DIALOGS_A, 'agentA'), fromLeader, `GET Dialogs on ${id}`);
    // The leader's own checks answer for it: another agent may not read agentA's dialogs through any node.
    const refused = await get('node-1', `/finesse/api/Dialog/${callA}`, 'agentC');
    assert.deepEqual(await get('node-3', `/finesse/api/Dialog/${callA}`, 'agentC'), refused);
    assert.notEqual(refused.status, 200);

    // Answered through node 3, with the requestId echoed by node 3 and carried in the notification.
    const answer = await dialogAction(
      asServer(nodes.get('node-3')!),
      'agentA',
      callA,
      '<requestedAction>ANSWER</requestedAction><targetMediaAddress>1001</targetMediaAddress>',
      'answer-a',
    );
    assert.equal(answer.status, 202);
    await eventually(async () => assert.equal(await stateOn('node-2', 'agentA'), 'TALKING'));
    await agentA.until(1, DIALOGS_A);
    const active = (await agentA.takeUpdates()).filter((u) => u.node === DIALOGS_A);
    assert.ok(
      active.some((u) => u.requestId === 'answer-a' && participantState(u, '1001') === 'ACTIVE'),
      active.map((u) => u.text).join('\n'),
    );
  });

  test('SIGKILL of the leader: another node takes over, the talking call talks on, the ringing call rings on, and the next notifications continue the same dialogs', async () => {
    assert.equal(
      (await setState(nodes.get('node-3')!.baseUrl, 'agentB', 'agentB', '<User><state>LOGIN</state><extension>1002</extension></User>')).status,
      202,
    );
    assert.equal((await setState(nodes.get('node-3')!.baseUrl, 'agentB', 'agentB', '<User><state>READY</state></User>')).status, 202);
    await eventually(async () => assert.equal(await stateOn('node-1', 'agentB'), 'READY'));
    await agentB.takeUpdates();
    callB = await externalCall(asServer(nodes.get('node-2')!), '5000');
    await agentB.until(1, DIALOGS_B);
    await agentB.takeUpdates();

    await kill('node-1');
    const leader = await agreedLeader();
    assert.notEqual(leader, 'node-1');
    const follower = leader === 'node-2' ? 'node-3' : 'node-2';
    const dialogs = await eventually(async () => {
      const answer = await get(follower, DIALOGS_A, 'agentA');
      assert.equal(answer.status, 200, answer.body);
      return answer.body;
    });
    assert.match(dialogs, new RegExp(`<id>${callA}</id>`));
    assert.match(dialogs, /<mediaAddress>1001<\/mediaAddress>.*?<state>ACTIVE<\/state>/s);
    const ringing = await get(follower, DIALOGS_B, 'agentB');
    assert.match(ringing.body, new RegExp(`<id>${callB}</id>`));
    assert.match(ringing.body, /<mediaAddress>1002<\/mediaAddress>.*?<state>ALERTING<\/state>/s);
    assert.equal(await stateOn(follower, 'agentA'), 'TALKING');

    // agentB answers the call that rang through the handover; agentA hangs up: same dialogs, next steps.
    const answered = await dialogAction(
      asServer(nodes.get(follower)!),
      'agentB',
      callB,
      '<requestedAction>ANSWER</requestedAction><targetMediaAddress>1002</targetMediaAddress>',
      'answer-b',
    );
    assert.equal(answered.status, 202, answered.body);
    await agentB.until(1, DIALOGS_B);
    const b = (await agentB.takeUpdates()).filter((u) => u.node === DIALOGS_B);
    assert.ok(
      b.some((u) => u.requestId === 'answer-b' && u.text.includes(`<id>${callB}</id>`) && participantState(u, '1002') === 'ACTIVE'),
      b.map((u) => u.text).join('\n'),
    );
    await agentA.takeUpdates();
    assert.equal(
      (
        await dialogAction(
          asServer(nodes.get(leader)!),
          'agentA',
          callA,
          '<requestedAction>DROP</requestedAction><targetMediaAddress>1001</targetMediaAddress>',
          'drop-a',
        )
      ).status,
      202,
    );
    await agentA.until(1, DIALOGS_A);
    const a = (await agentA.takeUpdates()).filter((u) => u.node === DIALOGS_A);
    // Dropped, and agentA in wrap-up on it (Team A's wrap-up is optional on incoming calls).
    const dropped = (u: Update): boolean =>
      u.requestId === 'drop-a' && u.text.includes(`<id>${callA}</id>`) && u.text.includes('</participants><state>DROPPED</state>');
    assert.ok(
      a.some((u) => dropped(u) && participantState(u, '1001') === 'WRAP_UP'),
      a.map((u) => u.text).join('\n'),
    );
    const active = (await control(asServer(nodes.get(follower)!), 'GET', '/calls')).json.active as { id: string }[];
    assert.ok(
      active.some((call) => call.id === callB),
      JSON.stringify(active),
    );
  });

  test('a count-down armed on the leader, which is then killed, fires once on the next leader, on time', async () => {
    const leader = await agreedLeader();
    const survivor = [...live].find((id) => id !== leader)!;
    const supervisor = await desktopOn(survivor, 'supervisorB');
    await supervisor.subscribe('/finesse/api/Team/2/Users');
    const desktop = await desktopOn(leader, 'agentC');
    assert.equal((await setState(nodes.get(leader)!.baseUrl, 'agentC', 'agentC', '<User><state>LOGIN</state><extension>1003</extension></User>')).status, 202);
    await eventually(async () => assert.equal(await stateOn(survivor, 'agentC'), 'NOT_READY'));
    await supervisor.takeUpdates();
    const leftAt = Date.now();
    await desktop.close();
    // The count-down is in the cluster's timers (the survivor sees it) before its node dies.
    await eventually(async () => {
      const metrics = await (await fetch(`${nodes.get(survivor)!.baseUrl}/openfinesse/metrics`)).text();
      assert.match(metrics, /^openfinesse_cluster_timers_pending [1-9]/m);
    });
    await kill(leader);
    assert.equal(await agreedLeader(), survivor);
    await eventually(async () => assert.equal(await stateOn(survivor, 'agentC'), 'LOGOUT'), 3 * LOST_DESKTOP_MS);
    const signedOutAt = Date.now();
    assert.ok(signedOutAt - leftAt >= LOST_DESKTOP_MS - 1000, `signed out ${signedOutAt - leftAt} ms after the desktop left`);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const logouts = (await supervisor.takeUpdates()).filter((u) => u.text.includes('<loginId>agentC</loginId>') && u.text.includes('<state>LOGOUT</state>'));
    assert.equal(logouts.length, 1, logouts.map((u) => u.text).join('\n'));
    assert.match(logouts[0]!.text, /<reasonCodeId>255<\/reasonCodeId>/);
  });
});
