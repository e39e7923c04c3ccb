import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChildServer } from '../support/child.js';
import { startChild } from '../support/child.js';
import { keptAliveCall, loadSite } from '../support/load-site.js';
import { natsServer } from '../support/nats.js';
import { createDatabase } from '../support/postgres.js';
import type { TestServer } from '../support/server.js';
import type { Update } from '../support/xmpp-updates.js';
import { DialogNames, XmppWatcher } from '../support/xmpp-updates.js';
import { clusterHealth, eventually, stopNode, tempDir } from './support/node.js';

// A desktop lost for 1 s counts as lost and its agent is signed out 8 s later. A node killed outright
// drops out of the membership after ~10-14 s, about when the next leader takes over; only then does the
// leader start the count-downs of the desktops the dead node took, so their agents are signed out ~20 s
// after the kill unless they came back: at once (before the count-downs start) or late (after).
const DETECT_S = 1;
const GRACE_S = 8;
const LOAD_AGENTS = 30; // d0…d29: their states change every ~30 ms through their home node (i % 3), a survivor once it is dead
const BACK_AT_ONCE = ['d0', 'd1', 'd2', 'd3', 'd4', 'd5']; // desktops on the leader, back on a survivor right after the kill
const BACK_LATE = ['d6', 'd7']; // desktops on the leader, back on a survivor once their count-downs have started
const NEVER_BACK = ['d30', 'd31', 'd32']; // signed in, desktops on the leader, not under load, never back
const SUPERVISOR = 'chief';
const TEAM_USERS = '/finesse/api/Team/9/Users';
/** Changes acknowledged before the leader is killed. */
const BEFORE_KILL = 600;
/** Changes each agent must have acknowledged after the kill before the load stops. */
const AFTER_KILL = 3;
const PACE_MS = 30;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const asServer = (node: ChildServer): TestServer => ({ baseUrl: node.baseUrl, ports: node.ports }) as unknown as TestServer;

async function userOn(node: ChildServer, loginId: string): Promise<{ state: string; reasonCodeId: string }> {
  const { status, text } = await keptAliveCall(node.baseUrl, 'GET', `/User/${loginId}`, 'boss');
  assert.equal(status, 200, text);
  return { state: /<state>([A-Z_]+)<\/state>/.exec(text)![1]!, reasonCodeId: /<reasonCodeId>([^<]*)<\/reasonCodeId>/.exec(text)?.[1] ?? '' };
}

async function timersPending(node: ChildServer): Promise<number> {
  const metrics = await (await fetch(`${node.baseUrl}/openfinesse/metrics`)).text();
  return Number(/^openfinesse_cluster_timers_pending (\d+)/m.exec(metrics)?.[1] ?? Number.NaN);
}

/** The leader every node in `nodes` names, once they agree on one of them. */
function agreedLeader(nodes: ChildServer[], ids: Map<ChildServer, string>, timeoutMs: number): Promise<ChildServer> {
  return eventually(async () => {
    const named = await Promise.all(nodes.map(async (node) => (await clusterHealth(node))!.leader));
    const leader = nodes.find((node) => ids.get(node) === named[0]);
    assert.ok(leader && named.every((n) => n === named[0]), `leaders named: ${named.join(', ')}`);
    return leader;
  }, timeoutMs);
}

/** The state and login id of a user notification (Team/Users or User node). */
function userUpdate(u: Update): { loginId: string; state: string; reasonCodeId: string } | null {
  const loginId = /<loginId>([^<]+)<\/loginId>/.exec(u.text)?.[1];
  const state = /<state>([A-Z_]+)<\/state>/.exec(u.text)?.[1];
  if (loginId === undefined || state === undefined) return null;
  return { loginId, state, reasonCodeId: /<reasonCodeId>([^<]*)<\/reasonCodeId>/.exec(u.text)?.[1] ?? '' };
}

test('SIGKILL of the leader of three nodes under load: a survivor leads, no acknowledged change is lost, agents back on a survivor within the grace stay signed in, the others are signed out once', async (t) => {
  const [store, nats] = await Promise.all([createDatabase(), natsServer()]);
  const flags = ['--store', store, '--cluster', nats.url, '--log-level', 'warn', '--lost-desktop-detect', String(DETECT_S)];
  const ports = ['--http-port', '0', '--https-port', 'off', '--xmpp-port', '0', '--bosh-port', 'off', '--bosh-tls-port', 'off'];
  const ids = new Map<ChildServer, string>();
  const nodes: ChildServer[] = [];
  const watchers: XmppWatcher[] = [];
  // The first node provisions the site in the shared store; the others find it there.
  for (const [n, id] of ['node-1', 'node-2', 'node-3'].entries()) {
    const site = n === 0 ? ['--config', loadSite(tempDir(), LOAD_AGENTS + NEVER_BACK.length, SUPERVISOR)] : [];
    const node = await startChild([...flags, '--lost-desktop-grace', String(GRACE_S), ...site, '--node-id', id, '--data-dir', tempDir(), ...ports]);
    nodes.push(node);
    ids.set(node, id);
  }
  const desktop = async (node: ChildServer, loginId: string): Promise<XmppWatcher> => {
    const watcher = await XmppWatcher.connect(asServer(node), loginId, new DialogNames(), 'pw', true);
    watchers.push(watcher);
    return watcher;
  };
  const leader = await agreedLeader(nodes, ids, 20_000).catch((error: unknown) => {
    for (const node of nodes) node.process.kill('SIGKILL');
    throw error;
  });
  const survivors = nodes.filter((node) => node !== leader);
  let stop = false; // the load's end
  try {
    // Someone watches the team from a survivor; the agents who will lose their desktops have them on the leader.
    const supervisor = await desktop(survivors[0]!, SUPERVISOR);
    await supervisor.subscribe(TEAM_USERS);
    for (const [i, loginId] of NEVER_BACK.entries()) {
      const { status } = await keptAliveCall(
        nodes[i % 3]!.baseUrl,
        'PUT',
        `/User/${loginId}`,
        loginId,
        `<User><state>LOGIN</state><extension>${8000 + i}</extension></User>`,
      );
      assert.equal(status, 202);
    }
    const onLeader: XmppWatcher[] = [];
    const connecting = Date.now();
    for (const loginId of [...BACK_AT_ONCE, ...BACK_LATE, ...NEVER_BACK]) onLeader.push(await desktop(leader, loginId));
    t.diagnostic(`${onLeader.length} desktops on the leader in ${Date.now() - connecting} ms`);

    // The load: every agent toggles READY / NOT_READY through its home node, and through a survivor once
    // its home is dead. Per agent: the state last acknowledged (202), and the states of requests that got
    // no answer since (the connection died: they may or may not have been committed).
    const acknowledged = new Map<string, string>();
    const unanswered = new Map<string, Set<string>>();
    const ackedAfterKill = new Map<string, number>();
    let changes = 0;
    let failures = 0;
    let failuresOnSurvivors = 0;
    let refusals = 0;
    let killed = false;
    const drive = async (i: number): Promise<void> => {
      const loginId = `d${i}`;
      const home = nodes[i % 3]!;
      const put = async (node: ChildServer, xml: string): Promise<number> =>
        (await keptAliveCall(node.baseUrl, 'PUT', `/User/${loginId}`, loginId, xml).catch(() => ({ status: 0 }))).status;
      assert.equal(await put(home, `<User><state>LOGIN</state><extension>${7000 + i}</extension></User>`), 202);
      acknowledged.set(loginId, 'NOT_READY');
      unanswered.set(loginId, new Set());
      ackedAfterKill.set(loginId, 0);
      let next = 'READY';
      while (!stop) {
        const node = killed && home === leader ? survivors[i % 2]! : home;
        const wasKilled = killed;
        const status = await put(node, `<User><state>${next}</state></User>`);
        if (status === 202) {
          acknowledged.set(loginId, next);
          unanswered.get(loginId)!.clear();
          if (wasKilled) ackedAfterKill.set(loginId, ackedAfterKill.get(loginId)! + 1);
          changes++;
          next = next === 'READY' ? 'NOT_READY' : 'READY';
        } else {
          // No answer (the node died under it), or refused (a survivor that had not yet heard of the dead
          // node's last change): NOT_READY is allowed from either state, so that comes next.
          if (status === 0 || status >= 500) {
            unanswered.get(loginId)!.add(next);
            failures++;
            if (node !== leader) failuresOnSurvivors++;
          } else refusals++;
          next = 'NOT_READY';
          await sleep(100);
        }
        await sleep(PACE_MS);
      }
    };
    const load = Promise.all(Array.from({ length: LOAD_AGENTS }, (_, i) => drive(i)));
    load.catch(() => undefined); // awaited below
    const loadStarted = Date.now();
    await eventually(() => assert.ok(changes >= BEFORE_KILL, `${changes} changes`), 60_000);

    // SIGKILL the leader mid-load; its desktops go with it.
    killed = true;
    leader.process.kill('SIGKILL');
    const killedAt = Date.now();
    t.diagnostic(`${changes} changes in ${killedAt - loadStarted} ms before the kill`);
    assert.deepEqual(await leader.exited, { code: null, signal: 'SIGKILL' });
    const back = new Map<string, XmppWatcher>();
    for (const [i, loginId] of BACK_AT_ONCE.entries()) back.set(loginId, await desktop(survivors[i % 2]!, loginId));
    t.diagnostic(`${BACK_AT_ONCE.length} desktops back on the survivors ${Date.now() - killedAt} ms after the kill`);

    // The survivors agree on a new leader, which starts the count-downs of the desktops that have not come
    // back; two more come back now, within their grace, and their count-downs stop.
    const newLeader = await agreedLeader(survivors, ids, 30_000);
    t.diagnostic(`${ids.get(newLeader)} leads ${Date.now() - killedAt} ms after the kill`);
    // The leader starts them all at once when it sees the node gone: those of the desktops still away, not
    // of those already back.
    await eventually(async () => assert.ok((await timersPending(newLeader)) > 0, 'no count-down started'), 30_000);
    const armedAt = Date.now();
    assert.equal(await timersPending(newLeader), NEVER_BACK.length + BACK_LATE.length, 'count-downs started');
    t.diagnostic(`count-downs started ${armedAt - killedAt} ms after the kill`);
    for (const [i, loginId] of BACK_LATE.entries()) back.set(loginId, await desktop(survivors[i % 2]!, loginId));
    for (const node of survivors) await eventually(async () => assert.equal(await timersPending(node), NEVER_BACK.length), 5000);

    // Every agent gets changes acknowledged by the survivors now that all are back; then the load stops.
    for (const loginId of ackedAfterKill.keys()) ackedAfterKill.set(loginId, 0);
    await eventually(() => {
      const behind = [...ackedAfterKill].filter(([, n]) => n < AFTER_KILL).map(([loginId]) => loginId);
      assert.deepEqual(behind, [], 'agents without enough changes acknowledged after the kill');
    }, 30_000);
    stop = true;
    await load;
    t.diagnostic(`${changes} changes acknowledged in all, ${failures} unanswered, ${refusals} refused`);
    // Only requests to the dead node went unanswered: the survivors answered every one, through the handover.
    assert.equal(failuresOnSurvivors, 0, 'requests to a survivor that got no answer, or a server error');

    // The agents who never came back are signed out (reason 255, connection failure), on both survivors…
    for (const loginId of NEVER_BACK) {
      for (const node of survivors) {
        await eventually(async () => assert.deepEqual(await userOn(node, loginId), { state: 'LOGOUT', reasonCodeId: '255' }), 40_000);
      }
    }
    const signedOutAt = Date.now();
    t.diagnostic(`never-back agents signed out ${signedOutAt - killedAt} ms after the kill`);
    assert.ok(signedOutAt - armedAt >= (DETECT_S + GRACE_S - 1) * 1000, `signed out ${signedOutAt - armedAt} ms after the count-downs started`);
    // …and the count-downs of the others, had they not been stopped, would have run out by now.
    const margin = signedOutAt + 3000 - Date.now();
    await sleep(margin);

    // Every acknowledged change is in effect on both survivors: each agent in the state last acknowledged,
    // or one requested since that got no answer. Those back within the grace are among them: signed in.
    for (let i = 0; i < LOAD_AGENTS; i++) {
      const loginId = `d${i}`;
      const allowed = [acknowledged.get(loginId)!, ...unanswered.get(loginId)!];
      for (const node of survivors) {
        await eventually(async () => {
          const { state } = await userOn(node, loginId);
          assert.ok(allowed.includes(state), `${loginId} on ${ids.get(node)}: ${state}, acknowledged ${allowed[0]}, unanswered ${allowed.slice(1).join(',')}`);
        }, 15_000);
      }
    }

    // The supervisor saw each never-back agent signed out exactly once, with reason 255, and nobody else signed out.
    const logouts = (await supervisor.takeUpdates())
      .filter((u) => u.node === TEAM_USERS)
      .map(userUpdate)
      .filter((u) => u?.state === 'LOGOUT');
    assert.deepEqual(
      logouts.map((u) => `${u!.loginId} ${u!.reasonCodeId}`).sort(),
      NEVER_BACK.map((loginId) => `${loginId} 255`),
    );
    // The agents back within the grace never saw themselves signed out, before the kill or since.
    for (const watcher of back.values()) await watcher.sync();
    for (const watcher of [...onLeader.filter((w) => !NEVER_BACK.includes(w.loginId)), ...back.values()]) {
      const own = watcher.updates.filter((u) => u.node === `/finesse/api/User/${watcher.loginId}`);
      assert.ok(own.length > 0, `${watcher.loginId} got notifications`);
      assert.deepEqual(
        own.map(userUpdate).filter((u) => u?.state === 'LOGOUT'),
        [],
        `${watcher.loginId} signed out`,
      );
    }
    for (const [loginId, watcher] of back) {
      await watcher.sync();
      assert.ok(
        watcher.updates.some((u) => u.node === `/finesse/api/User/${loginId}`),
        `${loginId}'s desktop on a survivor gets his notifications`,
      );
    }
  } finally {
    stop = true;
    await Promise.all(watchers.map((w) => w.close()));
    if (leader.process.exitCode === null && leader.process.signalCode === null) leader.process.kill('SIGKILL');
    await Promise.all(survivors.map((node) => stopNode(node)));
  }
});
