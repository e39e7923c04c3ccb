import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { DEFAULT_XMPP_LIMITS } from '../../src/config.js';
import type { XmppLimits } from '../../src/config.js';
import { setState } from '../support/http.js';
import type { TestClient } from './support/client.js';
import { TRANSPORTS, closeAll, presenceEvent, startXmppServer } from './support/harness.js';
import type { TransportUnderTest, XmppTestServer } from './support/harness.js';
import { notificationOf } from './support/stanzas.js';
import type { Element } from './support/stanzas.js';

const PUBSUB = 'http://jabber.org/protocol/pubsub';
const LOGIN = (extension: string): string => `<User><state>LOGIN</state><extension>${extension}</extension></User>`;
const READY = '<User><state>READY</state></User>';
const NOT_READY = '<User><state>NOT_READY</state></User>';

/** The requestIds of the notifications received on `node`, in arrival order. */
const requestIds = (client: TestClient, node: string): string[] =>
  client.received.flatMap((s) => {
    const n = notificationOf(s);
    return n?.node === node ? [n.update.getChildText('requestId') ?? ''] : [];
  });
const isFinessePresence = (s: Element): boolean => s.name === 'presence' && s.attrs.from === 'finesse@localhost';

async function accepted(server: XmppTestServer, actor: string, target: string, xml: string, requestId: string): Promise<void> {
  assert.equal((await setState(server.baseUrl, actor, target, xml, requestId)).status, 202, requestId);
}

async function droppedTotal(server: XmppTestServer): Promise<number> {
  const text = await (await fetch(`${server.baseUrl}/openfinesse/metrics`)).text();
  return Number(/^openfinesse_pubsub_pending_dropped_total (\d+)$/m.exec(text)?.[1] ?? 'NaN');
}

function suite(transport: TransportUnderTest, limits: Partial<XmppLimits> = {}) {
  let server: XmppTestServer;
  const clients: TestClient[] = [];
  const connect = async (user: string, resource: string, presence: boolean): Promise<TestClient> => {
    const client = await transport.connect(server, { user, resource, presence });
    clients.push(client);
    return client;
  };
  /** Sends initial presence and waits until the server has handled it. */
  const becomeAvailable = async (client: TestClient, user: string): Promise<void> => {
    const available = presenceEvent('available', user);
    await client.sendRaw(`<presence xmlns='jabber:client'><priority>0</priority></presence>`);
    await available;
    await client.sync();
  };
  beforeEach(async () => {
    server = await startXmppServer({ xmppLimits: { ...DEFAULT_XMPP_LIMITS, ...limits } });
  });
  afterEach(async () => {
    await closeAll(clients);
    await server.stop();
  });
  return { server: () => server, connect, becomeAvailable };
}

for (const transport of TRANSPORTS) {
  describe(`notifications before initial presence over ${transport.name}`, () => {
    const { server, connect, becomeAvailable } = suite(transport);
    const USER_NODE = '/finesse/api/User/agentA';

    test('a sign-in made after bind and before initial presence arrives right after the presence, before anything newer', async () => {
      const agent = await connect('agentA', 'early', false);
      await accepted(server(), 'agentA', 'agentA', LOGIN('1001'), 'sign-in');
      await agent.sync();
      assert.deepEqual(requestIds(agent, USER_NODE), [], 'nothing is delivered to a session that is not available');
      await becomeAvailable(agent, 'agentA');
      await accepted(server(), 'agentA', 'agentA', READY, 'ready');
      await agent.waitFor((s) => notificationOf(s)?.update.getChildText('requestId') === 'ready', 'the READY update');
      assert.deepEqual(requestIds(agent, USER_NODE), ['sign-in', 'ready']);
      const signIn = agent.received.find((s) => notificationOf(s)?.update.getChildText('requestId') === 'sign-in')!;
      assert.equal(notificationOf(signIn)!.update.getChild('data')?.getChild('user')?.getChildText('state'), 'NOT_READY');
      assert.equal(signIn.attrs.to, 'agenta@localhost', 'addressed to the bare JID, as every automatic notification');
      assert.ok(agent.received.indexOf(signIn) > agent.received.findIndex(isFinessePresence), 'after the presence from finesse@localhost');
    });

    test('nothing is kept for a user with no session at all', async () => {
      await accepted(server(), 'agentB', 'agentB', LOGIN('1002'), 'nobody-listening');
      const agent = await connect('agentB', 'late', true);
      await agent.sync();
      await accepted(server(), 'agentB', 'agentB', READY, 'listening');
      await agent.waitFor((s) => notificationOf(s)?.update.getChildText('requestId') === 'listening', 'the READY update');
      assert.deepEqual(requestIds(agent, '/finesse/api/User/agentB'), ['listening']);
    });

    test('full-JID subscriptions are not kept: a team update while the supervisor is not available is not delivered later', async () => {
      await accepted(server(), 'agentB', 'agentB', LOGIN('1002'), 'agent-in');
      const supervisor = await connect('supervisorA', 'wall', false);
      const subscribed = await supervisor.iq(
        `<iq type='set' id='sub' to='pubsub.localhost'><pubsub xmlns='${PUBSUB}'><subscribe node='/finesse/api/Team/1/Users' jid='${supervisor.jid}'/></pubsub></iq>`,
      );
      assert.equal(subscribed.attrs.type, 'result');
      await accepted(server(), 'agentB', 'agentB', READY, 'while-away');
      await becomeAvailable(supervisor, 'supervisorA');
      await accepted(server(), 'agentB', 'agentB', NOT_READY, 'while-there');
      await supervisor.waitFor((s) => notificationOf(s)?.update.getChildText('requestId') === 'while-there', 'the team update');
      assert.deepEqual(requestIds(supervisor, '/finesse/api/Team/1/Users'), ['while-there']);
      await supervisor.iq(
        `<iq type='set' id='unsub' to='pubsub.localhost'><pubsub xmlns='${PUBSUB}'><unsubscribe node='/finesse/api/Team/1/Users' jid='${supervisor.jid}'/></pubsub></iq>`,
      );
    });
  });
}

describe('what is kept before initial presence is bounded', () => {
  const transport = TRANSPORTS[0]!;
  const { server, connect, becomeAvailable } = suite(transport, { pendingMaxItems: 2, pendingMaxAgeSeconds: 60 });
  const USER_NODE = '/finesse/api/User/agentC';

  test('past the item cap the oldest is dropped first, and the metric counts it', async () => {
    const agent = await connect('agentC', 'slow', false);
    const before = await droppedTotal(server());
    await accepted(server(), 'agentC', 'agentC', LOGIN('1004'), 'first');
    await accepted(server(), 'agentC', 'agentC', READY, 'second');
    await accepted(server(), 'agentC', 'agentC', NOT_READY, 'third');
    assert.equal(await droppedTotal(server()), before + 1);
    await becomeAvailable(agent, 'agentC');
    assert.deepEqual(requestIds(agent, USER_NODE), ['second', 'third']);
  });

  test('a notification older than the maximum age is dropped, newer ones are delivered', async () => {
    const agent = await connect('agentC', 'slow', false);
    const before = await droppedTotal(server());
    await accepted(server(), 'agentC', 'agentC', LOGIN('1004'), 'stale');
    server().manualClock.advance(61_000);
    await accepted(server(), 'agentC', 'agentC', READY, 'fresh');
    await becomeAvailable(agent, 'agentC');
    assert.deepEqual(requestIds(agent, USER_NODE), ['fresh']);
    assert.equal(await droppedTotal(server()), before + 1);
  });
});

describe('a byte cap smaller than one notification', () => {
  const { server, connect, becomeAvailable } = suite(TRANSPORTS[0]!, { pendingMaxBytes: 100 });

  test('keeps none, and counts it dropped', async () => {
    const agent = await connect('agentC', 'tiny', false);
    await accepted(server(), 'agentC', 'agentC', LOGIN('1004'), 'too-big');
    await becomeAvailable(agent, 'agentC');
    assert.deepEqual(requestIds(agent, '/finesse/api/User/agentC'), []);
    assert.equal(await droppedTotal(server()), 1);
  });
});
