import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ChildServer } from '../support/child.js';
import { startChild } from '../support/child.js';
import { request, setState } from '../support/http.js';
import type { HttpResult } from '../support/http.js';
import { natsServer } from '../support/nats.js';
import { createDatabase } from '../support/postgres.js';
import type { TestServer } from '../support/server.js';
import { assertApiError, at, parseXml, textAt } from '../support/xml.js';
import { dialogAction, externalCall } from '../telephony/support/calls.js';
import type { TestClient } from '../xmpp/support/client.js';
import { AuthFailure } from '../xmpp/support/client.js';
import { connectSlixmpp } from '../xmpp/support/slixmpp-client.js';
import type { Notification } from '../xmpp/support/stanzas.js';
import { notificationOf, updateField } from '../xmpp/support/stanzas.js';
import { connectXmppJs } from '../xmpp/support/xmppjs-client.js';
import { clusterHealth, eventually, startClusterNode, stopNode, tempDir } from './support/node.js';

/**
 * Reference §10.2 (the DevNet supervisor lab, steps 1–13 and the two negative rows) and a short §10.3
 * call, on a cluster of three nodes with every client on a different node: agentA's XMPP session (slixmpp,
 * Pidgin's stand-in) on node 1, supervisorA's (@xmpp/client) on node 2, agentA's own REST calls on
 * node 3, supervisorA's own on node 1, and the supervisor's changes to agentA on nodes 2 and 3 — never on
 * the node holding the affected user's session. Every notification is asserted as the single-node lab
 * asserts it (test/xmpp/supervisor-lab.test.ts), and the whole run is first made on one node that runs
 * alone: the cluster's notifications must be that run's, envelope for envelope, once times and call ids
 * are set aside.
 */

const PUBSUB = 'http://jabber.org/protocol/pubsub';
const TEAM = '/finesse/api/Team/1/Users';
const AGENT = '/finesse/api/User/agentA';
const SUPERVISOR = '/finesse/api/User/supervisorA';
const DIALOGS = '/finesse/api/User/agentA/Dialogs';
const WAIT_MS = 10_000;

/** A node as the lab reaches it. */
interface Site {
  name: string;
  baseUrl: string;
  xmppPort: number;
}

/** Which node each client and each step uses. */
interface Topology {
  /** Every node: SystemInfo and the refused requests are asked of each. */
  sites: Site[];
  /** The node ids SystemInfo lists (our `openfinesseNodes`), or null for a node that runs alone. */
  nodeIds: string[] | null;
  agentXmpp: Site;
  supervisorXmpp: Site;
  /** agentA's own changes. */
  agentRest: Site;
  /** supervisorA's own changes and reads. */
  supervisorRest: Site;
  /** supervisorA's changes to agentA: steps 10, 11 and 12. */
  supervisorOnAgent: [Site, Site, Site];
  /** The node running the phone system, which must know agentA READY before a call can reach him. */
  leader: Site;
  callPlaced: Site;
  callAnswered: Site;
  callDropped: Site;
}

/** What a run of the lab saw, times and call ids set aside, for comparing a cluster with one node. */
interface Transcript {
  agent: string[][];
  supervisor: string[][];
  witness: string[][];
  refusals: string[];
}

/** The notifications a client received, taken step by step: exactly so many, and nothing more. */
class Tape {
  private seen = 0;
  /** What each take returned. */
  readonly steps: Notification[][] = [];

  constructor(
    readonly client: TestClient,
    readonly who: string,
  ) {}

  private all(): Notification[] {
    return this.client.received.map(notificationOf).filter((n): n is Notification => n !== null);
  }

  /** Waits for `count` new notifications, then (after a ping round trip) asserts there are no more. */
  async take(count: number, step: string): Promise<Notification[]> {
    const deadline = Date.now() + WAIT_MS;
    while (this.all().length - this.seen < count) {
      if (Date.now() > deadline) assert.fail(`${this.who}, ${step}: ${this.all().length - this.seen} of ${count} notifications\n${this.dump()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await this.client.sync();
    const fresh = this.all().slice(this.seen);
    this.seen += fresh.length;
    this.steps.push(fresh);
    assert.equal(fresh.length, count, `${this.who}, ${step}: exactly ${count} notifications\n${fresh.map((n) => `${n.node} ${n.updateText}`).join('\n')}`);
    return fresh;
  }

  private dump(): string {
    return this.all()
      .slice(this.seen)
      .map((n) => `${n.node} ${n.updateText}`)
      .join('\n');
  }
}

const literal = (text: string): string => text.replace(/[/.?]/g, (c) => `\\${c}`);

/** The exact Update envelope of reference §9.5: data (one `root` object), event, requestId, source, in that order. */
function assertEnvelope(n: Notification, node: string, root: string, event: string, requestId: string, source: string): void {
  assert.equal(n.node, node, n.updateText);
  assert.match(
    n.updateText,
    new RegExp(
      `^<Update><data><${root}>.*</${root}></data><event>${event}</event><requestId>${literal(requestId)}</requestId><source>${literal(source)}</source></Update>$`,
      's',
    ),
  );
}

/** A full User notification on the user's own node (PUT, source the user). */
function assertUser(n: Notification, loginId: string, state: string, reasonCodeId: string, requestId: string): void {
  const uri = `/finesse/api/User/${loginId}`;
  assertEnvelope(n, uri, 'user', 'PUT', requestId, uri);
  assert.deepEqual([updateField(n, 'loginId'), updateField(n, 'state'), updateField(n, 'reasonCodeId')], [loginId, state, reasonCodeId], n.updateText);
  assert.equal(updateField(n, 'uri'), uri);
}

/** A summary User on the team's Users node (PUT, source the member's own URI, reference §9.2). */
function assertMember(n: Notification, loginId: string, state: string, reasonCodeId: string, requestId: string): void {
  const uri = `/finesse/api/User/${loginId}`;
  assertEnvelope(n, TEAM, 'user', 'PUT', requestId, uri);
  const user = n.update.getChild('data')!.getChild('user')!;
  assert.deepEqual(
    user.children.filter((c) => typeof c !== 'string').map((c) => (c as { name: string }).name),
    [
      'uri',
      'loginId',
      'firstName',
      'lastName',
      'dialogs',
      'extension',
      'pendingState',
      'state',
      'stateChangeTime',
      'reasonCodeId',
      ...(reasonCodeId === '-1' ? [] : ['ReasonCode']),
    ],
    `a summary user: ${n.updateText}`,
  );
  assert.deepEqual(
    [updateField(n, 'uri'), updateField(n, 'loginId'), updateField(n, 'state'), updateField(n, 'reasonCodeId')],
    [uri, loginId, state, reasonCodeId],
  );
}

const asServer = (site: Site): TestServer => ({ baseUrl: site.baseUrl }) as unknown as TestServer;

async function stateOn(site: Site, loginId: string): Promise<string> {
  const response = await request(site.baseUrl, 'GET', `/finesse/api/User/${loginId}`, { user: loginId });
  assert.equal(response.status, 200, response.body);
  return textAt(parseXml(response.body), 'state');
}

/** Waits until `site` knows `loginId` in `state`: a change made through another node reaches it a moment later. */
const known = (site: Site, loginId: string, state: string): Promise<void> =>
  eventually(async () => assert.equal(await stateOn(site, loginId), state, `${site.name} knows ${loginId} ${state}`));

/** A state change answered as the lab expects: 202, no body, the requestId echoed. */
async function put(site: Site, actor: string, target: string, xml: string, requestId: string): Promise<void> {
  const response = await setState(site.baseUrl, actor, target, xml, requestId);
  assert.equal(response.status, 202, `${actor} → ${target} on ${site.name}: ${response.body}`);
  assert.equal(response.body, '');
  assert.equal(response.headers.get('requestid'), requestId);
}

/** The same request asked of every node: the answers must be identical; returns the first. */
async function askEveryNode(sites: Site[], ask: (site: Site) => Promise<HttpResult>): Promise<HttpResult> {
  const answers = [];
  for (const site of sites) answers.push(await ask(site));
  const shown = (r: HttpResult): string => `${r.status} ${r.headers.get('content-type')} ${r.body}`;
  for (const [i, answer] of answers.entries()) assert.equal(shown(answer), shown(answers[0]!), `${sites[i]!.name} answers as ${sites[0]!.name}`);
  return answers[0]!;
}

async function checkSystemInfo(t: Topology): Promise<void> {
  // A node learns of the others through the members bucket a moment after they start: wait until each lists them all.
  for (const site of t.sites) await eventually(() => checkSystemInfoOn(t, site), 10_000);
}

async function checkSystemInfoOn(t: Topology, site: Site): Promise<void> {
  const response = await request(site.baseUrl, 'GET', '/finesse/api/SystemInfo', { user: 'agentA' });
  assert.equal(response.status, 200, response.body);
  const info = parseXml(response.body);
  assert.deepEqual([textAt(info, 'xmppDomain'), textAt(info, 'xmppPubSubDomain'), textAt(info, 'status')], ['localhost', 'pubsub.localhost', 'IN_SERVICE']);
  const list = at(info, 'openfinesseNodes');
  if (t.nodeIds === null) {
    assert.equal(list, undefined, 'a node that runs alone lists no nodes');
    assert.equal(textAt(info, 'secondaryNode/host'), '');
    return;
  }
  assert.ok(list, `${site.name} lists the nodes`);
  assert.deepEqual(
    list.children.map((n) => [textAt(n, 'nodeId'), textAt(n, 'thisNode'), textAt(n, 'httpPort'), textAt(n, 'xmppPort')]),
    t.sites.map((s, i) => [t.nodeIds![i], String(s === site), new URL(s.baseUrl).port, String(s.xmppPort)]),
    `the node list on ${site.name}`,
  );
  assert.deepEqual([textAt(info, 'primaryNode/host'), textAt(info, 'secondaryNode/host')], t.nodeIds.slice(0, 2));
}

const participant = (n: Notification, mediaAddress: string): string | undefined =>
  new RegExp(`<mediaAddress>${mediaAddress}</mediaAddress>.*?<state>([A-Z_]+)</state>`, 's').exec(n.updateText)?.[1];
const actions = (n: Notification, mediaAddress: string): string | undefined =>
  new RegExp(`<actions>((?:<action>[A-Z_]+</action>)*)</actions><mediaAddress>${mediaAddress}</mediaAddress>`).exec(n.updateText)?.[1];

/** Times and the call's id differ from run to run; everything else of a notification must not. */
function normalised(n: Notification, callId: string): string {
  const text = n.updateText.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, 'TIME');
  return `${n.node} ${callId ? text.replaceAll(callId, 'CALL') : text}`;
}

/**
 * A client's notifications step by step, normalised; within a step grouped by node, each node's in the
 * order received. XMPP keeps the order of one pubsub node's items, not the interleaving of several nodes'
 * (a User change decided on node 3 and the Dialog change of the phone system on node 1 reach node 1 apart).
 */
function transcript(tape: Tape, callId: string): string[][] {
  return tape.steps.map((step) => [...step].sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0)).map((n) => normalised(n, callId)));
}

/**
 * @xmpp/client gives up on any step of its connection after 2 s, with a TimeoutError that carries no
 * message (AuthFailure ''): on a loaded machine, try again — what is tested is what follows.
 */
async function connectDesktop(port: number, user: string, resource: string): Promise<TestClient> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await connectXmppJs(`xmpp://127.0.0.1:${port}`, { user, resource });
    } catch (error) {
      const slow = error instanceof AuthFailure && (error.condition === '' || error.condition.startsWith('timed out'));
      if (!slow || attempt === 3) throw error;
    }
  }
}

async function runLab(t: Topology, clients: TestClient[]): Promise<Transcript> {
  // 1–2: agentA on slixmpp, supervisorA on @xmpp/client, each with presence priority 0; a ping round
  // trip after the presence makes sure the node has it before anything is published.
  const agentClient = await connectSlixmpp(t.agentXmpp.xmppPort, { user: 'agentA', resource: 'pidgin' });
  clients.push(agentClient);
  await agentClient.sync();
  const supervisorClient = await connectDesktop(t.supervisorXmpp.xmppPort, 'supervisorA', 'desk');
  clients.push(supervisorClient);
  await supervisorClient.sync();
  const agent = new Tape(agentClient, 'agentA');
  const supervisor = new Tape(supervisorClient, 'supervisorA');

  // 3: SystemInfo, from every node.
  await checkSystemInfo(t);

  // 4: agentA signs in (through node 3); his session on node 1 is told.
  await put(t.agentRest, 'agentA', 'agentA', '<User><state>LOGIN</state><extension>1001</extension></User>', 'lab-4');
  const [login] = await agent.take(1, 'step 4');
  assertUser(login!, 'agentA', 'NOT_READY', '-1', 'lab-4');
  assert.equal(updateField(login!, 'extension'), '1001');

  // 5: supervisorA signs in (through node 1); his session on node 2 is told.
  await put(t.supervisorRest, 'supervisorA', 'supervisorA', '<User><state>LOGIN</state><extension>2001</extension></User>', 'lab-5');
  const [supLogin] = await supervisor.take(1, 'step 5');
  assertUser(supLogin!, 'supervisorA', 'NOT_READY', '-1', 'lab-5');
  assert.equal(updateField(supLogin!, 'extension'), '2001');
  await agent.take(0, 'step 5: nothing for the agent');

  // 6: the supervisor's own User: roles and team.
  const me = await request(t.supervisorRest.baseUrl, 'GET', SUPERVISOR, { user: 'supervisorA' });
  assert.equal(me.status, 200, me.body);
  const meXml = parseXml(me.body);
  assert.deepEqual(
    at(meXml, 'roles')!.children.map((r) => r.text),
    ['Agent', 'Supervisor'],
  );
  assert.deepEqual([textAt(meXml, 'teams/Team/id'), textAt(meXml, 'teams/Team/uri')], ['1', '/finesse/api/Team/1']);

  // 7: the team, agentA in it NOT_READY — signed in through another node than the one asked.
  await eventually(async () => {
    const team = await request(t.supervisorRest.baseUrl, 'GET', '/finesse/api/Team/1?includeLoggedOutAgents=true', { user: 'supervisorA' });
    assert.equal(team.status, 200, team.body);
    const member = at(parseXml(team.body), 'users')!.children.find((u) => textAt(u, 'loginId') === 'agentA');
    assert.equal(member && textAt(member, 'state'), 'NOT_READY');
  });

  // 8: the supervisor subscribes (on node 2) to his team's Users node with his full JID.
  const sub = await supervisorClient.iq(
    `<iq type='set' id='lab-8' to='pubsub.localhost'><pubsub xmlns='${PUBSUB}'><subscribe node='${TEAM}' jid='${supervisorClient.jid}'/></pubsub></iq>`,
  );
  assert.deepEqual([sub.attrs.type, sub.attrs.from], ['result', 'pubsub.localhost'], String(sub));
  const subscription = sub.getChild('pubsub', PUBSUB)?.getChild('subscription');
  assert.deepEqual(
    [subscription?.attrs.node, subscription?.attrs.jid, subscription?.attrs.subscription],
    [TEAM, supervisorClient.jid, 'subscribed'],
    String(sub),
  );
  assert.ok(subscription?.attrs.subid, 'a subid');

  // 9: agentA READY (through node 3): his User PUT on node 1, the team's summary PUT on node 2.
  await put(t.agentRest, 'agentA', 'agentA', '<User><state>READY</state></User>', 'lab-9');
  assertUser((await agent.take(1, 'step 9'))[0]!, 'agentA', 'READY', '-1', 'lab-9');
  assertMember((await supervisor.take(1, 'step 9'))[0]!, 'agentA', 'READY', '-1', 'lab-9');

  // 10: the supervisor makes agentA NOT_READY on a node that must first know him READY: system reason code 999.
  const [on10, on11, on12] = t.supervisorOnAgent;
  await known(on10, 'agentA', 'READY');
  await put(on10, 'supervisorA', 'agentA', '<User><state>NOT_READY</state></User>', 'lab-10');
  const notReady = (await agent.take(1, 'step 10'))[0]!;
  assertUser(notReady, 'agentA', 'NOT_READY', '999', 'lab-10');
  assert.equal(textAt(parseXml(notReady.updateText), 'data/user/ReasonCode/code'), '999');
  assertMember((await supervisor.take(1, 'step 10'))[0]!, 'agentA', 'NOT_READY', '999', 'lab-10');
  // … but not with a reason code of his choosing: the same 400 from every node, and no notification.
  const refusals: string[] = [];
  const withReason = await askEveryNode(t.sites, (s) =>
    setState(s.baseUrl, 'supervisorA', 'agentA', '<User><state>NOT_READY</state><reasonCodeId>1</reasonCodeId></User>', 'lab-10b'),
  );
  assertApiError(withReason, 400, 'Invalid Input');
  refusals.push(`${withReason.status} ${withReason.body}`);

  // 11: back to READY, decided on another node than step 10's.
  await known(on11, 'agentA', 'NOT_READY');
  await put(on11, 'supervisorA', 'agentA', '<User><state>READY</state></User>', 'lab-11');
  assertUser((await agent.take(1, 'step 11'))[0]!, 'agentA', 'READY', '-1', 'lab-11');
  assertMember((await supervisor.take(1, 'step 11'))[0]!, 'agentA', 'READY', '-1', 'lab-11');

  // 12: the supervisor signs agentA out: LOGOUT with reason 999 and the extension released.
  await known(on12, 'agentA', 'READY');
  await put(on12, 'supervisorA', 'agentA', '<User><state>LOGOUT</state></User>', 'lab-12');
  const logout = (await agent.take(1, 'step 12'))[0]!;
  assertUser(logout, 'agentA', 'LOGOUT', '999', 'lab-12');
  assert.equal(updateField(logout, 'extension'), '');
  const memberLogout = (await supervisor.take(1, 'step 12'))[0]!;
  assertMember(memberLogout, 'agentA', 'LOGOUT', '999', 'lab-12');
  assert.equal(updateField(memberLogout, 'extension'), '');

  // A witness: a second session of supervisorA on the supervisor's node, subscribed with its own full JID,
  // proves that the team notifications the unsubscribed session no longer gets were indeed sent there.
  const witnessClient = await connectDesktop(t.supervisorXmpp.xmppPort, 'supervisorA', 'witness');
  clients.push(witnessClient);
  const witness = new Tape(witnessClient, 'witness');
  const witnessSub = await witnessClient.iq(
    `<iq type='set' id='w-1' to='pubsub.localhost'><pubsub xmlns='${PUBSUB}'><subscribe node='${TEAM}' jid='${witnessClient.jid}'/></pubsub></iq>`,
  );
  assert.equal(witnessSub.getChild('pubsub', PUBSUB)?.getChild('subscription')?.attrs.subscription, 'subscribed');

  // 13: the supervisor unsubscribes (on node 2, with the subid) and signs himself out (through node 1).
  const unsub = await supervisorClient.iq(
    `<iq type='set' id='lab-13' to='pubsub.localhost'><pubsub xmlns='${PUBSUB}'><unsubscribe node='${TEAM}' jid='${supervisorClient.jid}' subid='${subscription.attrs.subid}'/></pubsub></iq>`,
  );
  assert.deepEqual([unsub.attrs.type, unsub.attrs.from, unsub.attrs.id], ['result', 'pubsub.localhost', 'lab-13'], String(unsub));
  await put(t.supervisorRest, 'supervisorA', 'supervisorA', '<User><state>LOGOUT</state></User>', 'lab-13');
  const supLogout = (await supervisor.take(1, 'step 13'))[0]!;
  assertUser(supLogout, 'supervisorA', 'LOGOUT', '-1', 'lab-13');
  const witnessed = await witness.take(2, 'step 13');
  assertUser(witnessed.find((n) => n.node === SUPERVISOR)!, 'supervisorA', 'LOGOUT', '-1', 'lab-13');
  assertMember(witnessed.find((n) => n.node === TEAM)!, 'supervisorA', 'LOGOUT', '-1', 'lab-13');

  // The refused rows of the table, asked of every node: the same 401 from each, and no notification.
  const outside = await askEveryNode(t.sites, (s) => setState(s.baseUrl, 'supervisorA', 'agentC', '<User><state>LOGOUT</state></User>'));
  assertApiError(outside, 401, 'Invalid Supervisor');
  const upward = await askEveryNode(t.sites, (s) => setState(s.baseUrl, 'agentA', 'supervisorA', '<User><state>READY</state></User>'));
  assertApiError(upward, 401, 'Invalid Authorization User Specified');
  refusals.push(`${outside.status} ${outside.body}`, `${upward.status} ${upward.body}`);
  await agent.take(0, 'the refused requests');

  // After the unsubscribe, changes made through node 3 reach the witness on node 2 but not the desk.
  await put(t.agentRest, 'agentA', 'agentA', '<User><state>LOGIN</state><extension>1001</extension></User>', 'lab-14');
  assertUser((await agent.take(1, 'sign-in again'))[0]!, 'agentA', 'NOT_READY', '-1', 'lab-14');
  assertMember((await witness.take(1, 'sign-in again'))[0]!, 'agentA', 'NOT_READY', '-1', 'lab-14');
  await put(t.agentRest, 'agentA', 'agentA', '<User><state>READY</state></User>', 'lab-15');
  assertUser((await agent.take(1, 'ready again'))[0]!, 'agentA', 'READY', '-1', 'lab-15');
  assertMember((await witness.take(1, 'ready again'))[0]!, 'agentA', 'READY', '-1', 'lab-15');
  await supervisor.take(0, 'after the unsubscribe');

  const callId = await runCall(t, agent, witness);
  await supervisor.take(0, 'after the call');

  return { agent: transcript(agent, callId), supervisor: transcript(supervisor, callId), witness: transcript(witness, callId), refusals };
}

/** Reference §10.3, short: a call to the queue rings agentA, is answered and hung up — each through another node. */
async function runCall(t: Topology, agent: Tape, witness: Tape): Promise<string> {
  await known(t.leader, 'agentA', 'READY');
  const callId = await externalCall(asServer(t.callPlaced), '5000');
  const offered = await agent.take(2, 'the call rings');
  const [reserved, alerting] = [offered.find((n) => n.node === AGENT)!, offered.find((n) => n.node === DIALOGS)!];
  assertUser(reserved, 'agentA', 'RESERVED', '-1', '');
  assertEnvelope(alerting, DIALOGS, 'dialogs', 'POST', '', DIALOGS);
  assert.match(alerting.updateText, /^<Update><data><dialogs><Dialog>.*<\/Dialog><\/dialogs><\/data>/s, 'one Dialog in the collection');
  assert.ok(alerting.updateText.includes(`<id>${callId}</id>`), alerting.updateText);
  assert.deepEqual([participant(alerting, '1001'), actions(alerting, '1001')], ['ALERTING', '<action>ANSWER</action>'], alerting.updateText);
  assertMember((await witness.take(1, 'the call rings'))[0]!, 'agentA', 'RESERVED', '-1', '');

  await known(t.callAnswered, 'agentA', 'RESERVED');
  const answer = await dialogAction(
    asServer(t.callAnswered),
    'agentA',
    callId,
    '<requestedAction>ANSWER</requestedAction><targetMediaAddress>1001</targetMediaAddress>',
    'lab-answer',
  );
  assert.equal(answer.status, 202, answer.body);
  assert.equal(answer.headers.get('requestid'), 'lab-answer');
  const answered = await agent.take(2, 'the call is answered');
  const [active, talking] = [answered.find((n) => n.node === DIALOGS)!, answered.find((n) => n.node === AGENT)!];
  assertEnvelope(active, DIALOGS, 'dialog', 'PUT', 'lab-answer', `/finesse/api/Dialog/${callId}`);
  assert.deepEqual([textAt(parseXml(active.updateText), 'data/dialog/state'), participant(active, '1001')], ['ACTIVE', 'ACTIVE'], active.updateText);
  // The state change the answer caused carries its requestId too, as on one node.
  assertUser(talking, 'agentA', 'TALKING', '-1', 'lab-answer');
  assertMember((await witness.take(1, 'the call is answered'))[0]!, 'agentA', 'TALKING', '-1', 'lab-answer');

  await known(t.callDropped, 'agentA', 'TALKING');
  const drop = await dialogAction(
    asServer(t.callDropped),
    'agentA',
    callId,
    '<requestedAction>DROP</requestedAction><targetMediaAddress>1001</targetMediaAddress>',
    'lab-drop',
  );
  assert.equal(drop.status, 202, drop.body);
  // Team A's wrap-up is optional on incoming calls: the agent stays on the dialog in WRAP_UP, WORK_READY.
  const dropped = await agent.take(3, 'the call is dropped');
  for (const n of dropped.filter((d) => d.node === DIALOGS)) {
    assertEnvelope(n, DIALOGS, 'dialog', 'PUT', 'lab-drop', `/finesse/api/Dialog/${callId}`);
    assert.deepEqual([textAt(parseXml(n.updateText), 'data/dialog/state'), participant(n, '1001')], ['DROPPED', 'WRAP_UP'], n.updateText);
  }
  assertUser(dropped.find((n) => n.node === AGENT)!, 'agentA', 'WORK_READY', '-1', 'lab-drop');
  assertMember((await witness.take(1, 'the call is dropped'))[0]!, 'agentA', 'WORK_READY', '-1', 'lab-drop');

  // READY ends the wrap-up: the agent READY, the dialog gone (DELETE, with the collection's source) — both
  // carrying the READY's requestId, the DELETE too although the phone system deciding it runs on another node.
  await known(t.agentRest, 'agentA', 'WORK_READY');
  await put(t.agentRest, 'agentA', 'agentA', '<User><state>READY</state></User>', 'lab-wrapped');
  const ended = await agent.take(2, 'the call ends');
  assertUser(ended.find((n) => n.node === AGENT)!, 'agentA', 'READY', '-1', 'lab-wrapped');
  const deleted = ended.find((n) => n.node === DIALOGS)!;
  assertEnvelope(deleted, DIALOGS, 'dialogs', 'DELETE', 'lab-wrapped', DIALOGS);
  assert.ok(deleted.updateText.includes(`<id>${callId}</id>`), deleted.updateText);
  assertMember((await witness.take(1, 'the call ends'))[0]!, 'agentA', 'READY', '-1', 'lab-wrapped');
  return callId;
}

const nodes: ChildServer[] = [];
const clients: TestClient[] = [];
let alone: ChildServer;
let single: Transcript | null = null;

const siteOf = (node: ChildServer, name: string): Site => ({ name, baseUrl: node.baseUrl, xmppPort: node.ports.xmpp! });

before(async () => {
  const [store, reference, nats] = await Promise.all([createDatabase(), createDatabase(), natsServer()]);
  alone = await startChild([
    ...['--demo', '--store', reference, '--data-dir', tempDir()],
    ...['--http-port', '0', '--https-port', 'off', '--xmpp-port', '0', '--bosh-port', 'off', '--bosh-tls-port', 'off'],
  ]);
  // node-1 starts first and takes the phone system's lease.
  for (const id of ['node-1', 'node-2', 'node-3']) nodes.push(await startClusterNode(store, nats.url, id));
});

after(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
  await Promise.all([alone, ...nodes].map((n) => stopNode(n)));
});

test('the supervisor lab on one node that runs alone: the reference run', async () => {
  const site = siteOf(alone, 'alone');
  single = await runLab(
    {
      sites: [site],
      nodeIds: null,
      agentXmpp: site,
      supervisorXmpp: site,
      agentRest: site,
      supervisorRest: site,
      supervisorOnAgent: [site, site, site],
      leader: site,
      callPlaced: site,
      callAnswered: site,
      callDropped: site,
    },
    clients,
  );
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

test('the supervisor lab on three nodes, every client on another node: the notifications of the node that runs alone', async () => {
  const [n1, n2, n3] = nodes.map((n, i) => siteOf(n, `node-${i + 1}`)) as [Site, Site, Site];
  await eventually(async () => {
    for (const node of nodes) {
      const health = (await clusterHealth(node))!;
      assert.deepEqual(
        health.members.map((m) => m.nodeId),
        ['node-1', 'node-2', 'node-3'],
      );
      assert.equal(health.leader, 'node-1');
    }
  });
  const cluster = await runLab(
    {
      sites: [n1, n2, n3],
      nodeIds: ['node-1', 'node-2', 'node-3'],
      agentXmpp: n1,
      supervisorXmpp: n2,
      agentRest: n3,
      supervisorRest: n1,
      supervisorOnAgent: [n2, n3, n2],
      leader: n1,
      callPlaced: n3,
      callAnswered: n2,
      callDropped: n3,
    },
    clients,
  );
  assert.ok(single, 'the run on one node went first');
  for (const who of ['agent', 'supervisor', 'witness'] as const) {
    assert.equal(cluster[who].length, single[who].length, `${who}: as many steps`);
    for (const [i, step] of cluster[who].entries()) assert.deepEqual(step, single[who][i], `${who}, step ${i + 1} of ${single[who].length}: as on one node`);
  }
  assert.deepEqual(cluster.refusals, single.refusals);
});
