import assert from 'node:assert/strict';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { ManualClock } from '../src/domain/clock.js';
import type { DomainEvent } from '../src/domain/events.js';
import { freshServer } from './support/fresh.js';
import { request, setState } from './support/http.js';
import type { TestServer } from './support/server.js';
import { SQLITE_FILE_ONLY } from './support/test-store.js';

let server: TestServer;
let clock: ManualClock;
let events: Extract<DomainEvent, { type: 'UserChanged' | 'TeamMemberChanged' }>[];
let unsubscribe: () => void;
beforeEach(async () => {
  clock = new ManualClock(Date.UTC(2026, 5, 1, 12, 0, 0, 5));
  server = await freshServer({}, clock);
  events = [];
  unsubscribe = server.bus.subscribe((event) => {
    if (event.type === 'UserChanged' || event.type === 'TeamMemberChanged') events.push(event);
  });
});
afterEach(async () => {
  unsubscribe();
  await server.stop();
});

const summary = (e: (typeof events)[number]) => ({
  type: e.type,
  requestId: e.requestId,
  user: e.user.account.loginId,
  state: e.user.status.state,
  ...(e.type === 'TeamMemberChanged' ? { teamId: e.teamId } : {}),
});

async function accepted(actor: string, target: string, xml: string, requestId?: string): Promise<void> {
  const response = await setState(server.baseUrl, actor, target, xml, requestId);
  assert.equal(response.status, 202, response.body);
}

describe('domain events on the in-process bus', () => {
  test('LOGIN publishes UserChanged then TeamMemberChanged, both with the requestId, before the 202 returns', async () => {
    await accepted('agentA', 'agentA', '<User><state>LOGIN</state><extension>1001</extension></User>', 'req-login');
    assert.deepEqual(events.map(summary), [
      { type: 'UserChanged', requestId: 'req-login', user: 'agentA', state: 'NOT_READY' },
      { type: 'TeamMemberChanged', requestId: 'req-login', user: 'agentA', state: 'NOT_READY', teamId: '1' },
    ]);
    const [changed] = events;
    assert.equal(changed!.at, clock.now());
    assert.equal(changed!.user.status.extension, '1001');
    assert.equal(changed!.user.status.reasonCodeId, null);
    assert.equal(changed!.user.team?.name, 'Team A');
  });

  test('every accepted change publishes; without a requestId header the requestId is empty', async () => {
    await accepted('agentA', 'agentA', '<User><state>LOGIN</state><extension>1001</extension></User>');
    await accepted('agentA', 'agentA', '<User><state>READY</state></User>', 'r2');
    await accepted('agentA', 'agentA', '<User><state>NOT_READY</state><reasonCodeId>2</reasonCodeId></User>', 'r3');
    await accepted('agentA', 'agentA', '<User><state>LOGOUT</state><reasonCodeId>6</reasonCodeId></User>', 'r4');
    const users = events.filter((e) => e.type === 'UserChanged');
    assert.deepEqual(
      users.map((e) => [e.requestId, e.user.status.state, e.user.reasonCode?.id ?? null]),
      [
        ['', 'NOT_READY', null],
        ['r2', 'READY', null],
        ['r3', 'NOT_READY', '2'],
        ['r4', 'LOGOUT', '6'],
      ],
    );
    assert.equal(events.filter((e) => e.type === 'TeamMemberChanged').length, 4);
  });

  test("a supervisor's change carries his requestId and the 999 reason code", async () => {
    await accepted('agentA', 'agentA', '<User><state>LOGIN</state><extension>1001</extension></User>');
    await accepted('agentA', 'agentA', '<User><state>READY</state></User>');
    events.length = 0;
    await accepted('supervisorA', 'agentA', '<User><state>NOT_READY</state></User>', 'sup-10');
    assert.deepEqual(events.map(summary), [
      { type: 'UserChanged', requestId: 'sup-10', user: 'agentA', state: 'NOT_READY' },
      { type: 'TeamMemberChanged', requestId: 'sup-10', user: 'agentA', state: 'NOT_READY', teamId: '1' },
    ]);
    assert.equal(events[0]!.user.reasonCode?.code, 999);
    assert.equal(events[0]!.user.reasonCode?.label, 'Supervisor Initiated');
  });

  test('a pending change publishes the unchanged state with the pendingState', async () => {
    await accepted('agentA', 'agentA', '<User><state>LOGIN</state><extension>1001</extension></User>');
    await accepted('agentA', 'agentA', '<User><state>READY</state></User>');
    server.agents.applyCall('agentA', { type: 'offered' });
    server.agents.applyCall('agentA', { type: 'connected' }, 'call-1');
    events.length = 0;
    await accepted('agentA', 'agentA', '<User><state>NOT_READY</state></User>', 'p1');
    assert.deepEqual(
      events.map((e) => [e.type, e.requestId, e.user.status.state, e.user.status.pendingState]),
      [
        ['UserChanged', 'p1', 'TALKING', 'NOT_READY'],
        ['TeamMemberChanged', 'p1', 'TALKING', 'NOT_READY'],
      ],
    );
    events.length = 0;
    server.agents.applyCall('agentA', { type: 'ended', wrapUp: false });
    assert.deepEqual(
      events.map((e) => [e.type, e.requestId, e.user.status.state, e.user.status.pendingState]),
      [
        ['UserChanged', '', 'NOT_READY', null],
        ['TeamMemberChanged', '', 'NOT_READY', null],
      ],
    );
  });

  test('refused requests and reads publish nothing', async () => {
    assert.equal((await setState(server.baseUrl, 'agentA', 'agentA', '<User><state>READY</state></User>', 'bad-1')).status, 400);
    assert.equal((await setState(server.baseUrl, 'agentA', 'agentB', '<User><state>READY</state></User>', 'bad-2')).status, 401);
    assert.equal((await setState(server.baseUrl, 'agentA', 'agentA', '<User><state>LOGIN</User>', 'bad-3')).status, 400);
    assert.equal((await request(server.baseUrl, 'GET', '/finesse/api/User/agentA', { user: 'agentA' })).status, 200);
    assert.equal((await request(server.baseUrl, 'GET', '/finesse/api/Team/1', { user: 'supervisorA' })).status, 200);
    assert.deepEqual(events, []);
  });

  // On PostgreSQL the same order is proved by the SIGKILL test (test/durability.test.ts), which runs on both.
  test('each notification is published only once the change is on disk', { skip: SQLITE_FILE_ONLY }, async () => {
    const db = new Database(join(server.dataDir, 'openfinesse.db'), { readonly: true });
    const seen: (string | null)[][] = [];
    // Observe the pubsub service's publications as they happen (the original publish still runs).
    const pubsub = server.xmpp.pubsub;
    const publishPayload = pubsub.publishPayload.bind(pubsub);
    pubsub.publishPayload = (node: string, payload: string) => {
      const user = /\/finesse\/api\/(?:User\/(agentB)|Team\/1\/Users)$/.exec(node) && /&lt;loginId&gt;agentB&lt;\/loginId&gt;/.test(payload);
      if (user) {
        const row = db.prepare('SELECT state, extension FROM agent_status WHERE login_id = ?').get('agentB') as { state: string; extension: string | null };
        seen.push([/&lt;state&gt;([A-Z_]+)&lt;\/state&gt;/.exec(payload)![1]!, row.state, row.extension]);
      }
      return publishPayload(node, payload);
    };
    try {
      await accepted('agentB', 'agentB', '<User><state>LOGIN</state><extension>1002</extension></User>');
      await accepted('agentB', 'agentB', '<User><state>READY</state></User>');
    } finally {
      pubsub.publishPayload = publishPayload;
      db.close();
    }
    assert.deepEqual(seen, [
      ['NOT_READY', 'NOT_READY', '1002'],
      ['NOT_READY', 'NOT_READY', '1002'],
      ['READY', 'READY', '1002'],
      ['READY', 'READY', '1002'],
    ]);
  });

  test('a system change (the 60 s wrap-up timer of team 1) publishes with an empty requestId', async () => {
    await accepted('agentA', 'agentA', '<User><state>LOGIN</state><extension>1001</extension></User>');
    await accepted('agentA', 'agentA', '<User><state>READY</state></User>');
    server.agents.applyCall('agentA', { type: 'offered' });
    server.agents.applyCall('agentA', { type: 'connected' });
    server.agents.applyCall('agentA', { type: 'ended', wrapUp: true });
    assert.equal(server.directory.statusOf('agentA').state, 'WORK_READY');
    events.length = 0;
    clock.advance(60_000);
    assert.deepEqual(events.map(summary), [
      { type: 'UserChanged', requestId: '', user: 'agentA', state: 'READY' },
      { type: 'TeamMemberChanged', requestId: '', user: 'agentA', state: 'READY', teamId: '1' },
    ]);
  });
});
