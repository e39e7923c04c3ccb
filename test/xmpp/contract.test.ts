import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { basic, request, setState } from '../support/http.js';
import { AuthFailure } from './support/client.js';
import type { TestClient } from './support/client.js';
import { TRANSPORTS, closeAll, presenceEvent, startXmppServer } from './support/harness.js';
import type { XmppTestServer } from './support/harness.js';
import { isNotificationFor, notificationOf, updateField } from './support/stanzas.js';
import type { Element } from './support/stanzas.js';

const PUBSUB = 'http://jabber.org/protocol/pubsub';
const TEAM_1 = '/finesse/api/Team/1/Users';
const QUEUE_1 = '/finesse/api/Queue/1';

const subscribeXml = (id: string, node: string, jid: string): string =>
  `<iq type='set' id='${id}' to='pubsub.localhost'><pubsub xmlns='${PUBSUB}'><subscribe node='${node}' jid='${jid}'/></pubsub></iq>`;
const unsubscribeXml = (id: string, node: string, jid: string, subid?: string): string =>
  `<iq type='set' id='${id}' to='pubsub.localhost'><pubsub xmlns='${PUBSUB}'><unsubscribe node='${node}' jid='${jid}'${subid ? ` subid='${subid}'` : ''}/></pubsub></iq>`;
const errorCondition = (iq: Element): string | undefined =>
  iq.getChild('error')?.children.find((c): c is Element => typeof c !== 'string' && c.attrs.xmlns === 'urn:ietf:params:xml:ns:xmpp-stanzas')?.name;
const control = async (server: XmppTestServer, path: string, body: object = {}): Promise<{ status: number; json: Record<string, unknown> }> => {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: basic('admin'), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
};
const queueStatistic = (stanza: Element, name: string): string | undefined =>
  notificationOf(stanza)?.update.getChild('data')?.getChild('queue')?.getChild('statistics')?.getChildText(name) ?? undefined;
const userState = async (server: XmppTestServer, loginId: string): Promise<{ state: string; reasonCodeId: string }> => {
  const body = (await request(server.baseUrl, 'GET', `/finesse/api/User/${loginId}`, { user: loginId })).body;
  return { state: /<state>([^<]*)<\/state>/.exec(body)![1]!, reasonCodeId: /<reasonCodeId>([^<]*)<\/reasonCodeId>/.exec(body)![1]! };
};

for (const transport of TRANSPORTS) {
  describe(`XMPP contract over ${transport.name}`, () => {
    let server: XmppTestServer;
    const clients: TestClient[] = [];
    const connect = async (user: string, options: { resource?: string; password?: string } = {}): Promise<TestClient> => {
      const client = await transport.connect(server, { user, ...options });
      clients.push(client);
      return client;
    };

    /** Connects and waits until the server counts the session as available. */
    const connectAvailable = async (user: string, resource: string): Promise<TestClient> => {
      const available = presenceEvent('available', user);
      const client = await connect(user, { resource });
      await available;
      return client;
    };
    /**
     * Drops the connection and moves the clock until the server has noticed (at once for TCP and
     * WebSocket, after the BOSH inactivity period for BOSH); the clock stands at the moment of loss.
     */
    const loseConnection = async (client: TestClient): Promise<void> => {
      let noticed = false;
      const gone = presenceEvent('unavailable', 'agentA').then(() => (noticed = true));
      await client.kill();
      for (let step = 0; !noticed && transport.lossDetectionSeconds > 0 && step < 100; step++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        if (!noticed) server.manualClock.advance(transport.lossDetectionSeconds * 1000);
      }
      await gone;
    };

    before(async () => {
      server = await startXmppServer();
    });
    afterEach(() => closeAll(clients));
    after(() => server.stop());

    test('binds a case-folded JID, and finesse@domain announces itself', async () => {
      const agent = await connect('agentA', { resource: 'desk' });
      assert.equal(agent.jid, 'agenta@localhost/desk');
      await agent.waitFor((s) => s.name === 'presence' && s.attrs.from === 'finesse@localhost', 'presence from finesse@localhost');
    });

    test('presence probes are answered without revealing other users', async () => {
      const agent = await connect('agentA', { resource: 'probe' });
      const other = await connectAvailable('agentB', 'desk');
      const fromFinesse = (s: Element): boolean => s.name === 'presence' && s.attrs.from === 'finesse@localhost' && s.attrs.type === undefined;
      await agent.waitFor(fromFinesse, 'the presence from finesse@localhost sent at login');
      await agent.sendRaw(`<presence type='probe' to='finesse@localhost' id='p1'/>`);
      await agent.waitFor(fromFinesse, 'the answer to the probe of finesse@localhost');
      await agent.sendRaw(`<presence type='probe' to='agentb@localhost' id='p2'/>`);
      await agent.sync();
      const leaked = agent.received.filter(
        (s) => s.name === 'presence' && (s.attrs.from ?? '').startsWith('agentb@localhost') && s.attrs.type !== 'unavailable',
      );
      assert.deepEqual(leaked.map(String), [], "agentA learns nothing of agentB's presence");
      await other.sync();
    });

    test('the server picks a resource when none is asked for', async () => {
      const client = await transport.connect(server, { user: 'agentB', resource: '' });
      clients.push(client);
      assert.match(client.jid, /^agentb@localhost\/.+/);
    });

    test('a wrong password or an unknown user is refused with not-authorized', async () => {
      for (const user of ['agentA', 'nobody']) {
        await assert.rejects(transport.connect(server, { user, password: 'wrong' }), (err: unknown) => {
          assert.ok(err instanceof AuthFailure, String(err));
          assert.match(err.condition, /not-authorized/);
          return true;
        });
      }
    });

    test('answers pings to the server and to the pubsub service', async () => {
      const client = await connect('agentA');
      assert.equal((await client.iq(`<iq type='get' id='p1' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>`)).attrs.type, 'result');
      assert.equal((await client.iq(`<iq type='get' id='p2' to='pubsub.localhost'><ping xmlns='urn:xmpp:ping'/></iq>`)).attrs.type, 'result');
    });

    test('service discovery: server, pubsub service and each node', async () => {
      const sup = await connect('supervisorA');
      const info = await sup.iq(`<iq type='get' id='d1' to='localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>`);
      assert.equal(info.getChild('query')?.getChild('identity')?.attrs.category, 'server');
      const items = await sup.iq(`<iq type='get' id='d2' to='localhost'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>`);
      assert.ok(
        items
          .getChild('query')
          ?.getChildren('item')
          .some((i) => i.attrs.jid === 'pubsub.localhost'),
      );
      const service = await sup.iq(`<iq type='get' id='d3' to='pubsub.localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>`);
      assert.deepEqual(service.getChild('query')?.getChild('identity')?.attrs, { category: 'pubsub', type: 'service', name: 'Finesse notifications' });
      const nodes = await sup.iq(`<iq type='get' id='d4' to='pubsub.localhost'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>`);
      const names = nodes
        .getChild('query')!
        .getChildren('item')
        .map((i) => i.attrs.node);
      assert.ok(names.includes(TEAM_1) && names.includes('/finesse/api/User/supervisorA'), names.join());
      for (const node of [TEAM_1, '/finesse/api/User/supervisorA', '/finesse/api/User/supervisorA/Dialogs', '/finesse/api/SystemInfo']) {
        const leaf = await sup.iq(
          `<iq type='get' id='leaf-${node}' to='pubsub.localhost'><query xmlns='http://jabber.org/protocol/disco#info' node='${node}'/></iq>`,
        );
        assert.deepEqual(leaf.getChild('query')?.getChild('identity')?.attrs, { category: 'pubsub', type: 'leaf' }, node);
      }
      const missing = await sup.iq(
        `<iq type='get' id='d5' to='pubsub.localhost'><query xmlns='http://jabber.org/protocol/disco#info' node='/finesse/api/Team/99/Users'/></iq>`,
      );
      assert.equal(errorCondition(missing), 'item-not-found');
    });

    test('unknown IQs get service-unavailable; the roster is empty', async () => {
      const client = await connect('agentA');
      const vcard = await client.iq(`<iq type='get' id='u1' to='localhost'><vCard xmlns='vcard-temp'/></iq>`);
      assert.equal(vcard.attrs.type, 'error');
      assert.equal(errorCondition(vcard), 'service-unavailable');
      const roster = await client.iq(`<iq type='get' id='r1'><query xmlns='jabber:iq:roster'/></iq>`);
      assert.equal(roster.attrs.type, 'result');
      assert.equal(roster.getChild('query')?.children.length, 0);
    });

    test('team node: agents are forbidden, other and unknown teams alike, supervisors and admins subscribe', async () => {
      const agent = await connect('agentA');
      assert.equal(errorCondition(await agent.iq(subscribeXml('s1', TEAM_1, agent.jid))), 'forbidden');
      const sup = await connect('supervisorA');
      assert.equal(errorCondition(await sup.iq(subscribeXml('s2', '/finesse/api/Team/2/Users', sup.jid))), 'forbidden');
      assert.equal(errorCondition(await sup.iq(subscribeXml('s3', '/finesse/api/Team/99/Users', sup.jid))), 'forbidden');
      assert.equal(errorCondition(await sup.iq(subscribeXml('s4', '/finesse/api/User/agentC', sup.jid))), 'forbidden');
      assert.equal(errorCondition(await sup.iq(subscribeXml('s4b', '/finesse/api/User/ghost', sup.jid))), 'forbidden');
      const admin = await connect('admin');
      assert.equal(errorCondition(await admin.iq(subscribeXml('s4c', '/finesse/api/Team/99/Users', admin.jid))), 'item-not-found');
      const adminSub = await admin.iq(subscribeXml('s5', '/finesse/api/Team/2/Users', admin.jid));
      assert.equal(adminSub.attrs.type, 'result');
      await admin.iq(unsubscribeXml('s6', '/finesse/api/Team/2/Users', admin.jid));

      const subscribed = await sup.iq(subscribeXml('s7', TEAM_1, sup.jid));
      const subscription = subscribed.getChild('pubsub')?.getChild('subscription');
      assert.equal(subscription?.attrs.subscription, 'subscribed');
      assert.equal(subscription?.attrs.jid, sup.jid);
      assert.ok(subscription?.attrs.subid);
      const list = await sup.iq(`<iq type='get' id='s8' to='pubsub.localhost'><pubsub xmlns='${PUBSUB}'><subscriptions/></pubsub></iq>`);
      assert.ok(
        list
          .getChild('pubsub')
          ?.getChild('subscriptions')
          ?.getChildren('subscription')
          .some((s) => s.attrs.node === TEAM_1 && s.attrs.subid === subscription.attrs.subid),
      );
      assert.equal((await sup.iq(unsubscribeXml('s9', TEAM_1, sup.jid, subscription.attrs.subid))).attrs.type, 'result');
      const again = await sup.iq(unsubscribeXml('s10', TEAM_1, sup.jid));
      assert.equal(errorCondition(again), 'unexpected-request');
      assert.ok(again.getChild('error')?.getChild('not-subscribed', 'http://jabber.org/protocol/pubsub#errors'));
    });

    test('queue node: members, supervisors and admins subscribe and get statistics; others forbidden', async () => {
      const outsider = await connect('agentC');
      assert.equal(errorCondition(await outsider.iq(subscribeXml('q1', QUEUE_1, outsider.jid))), 'forbidden');
      assert.equal(errorCondition(await outsider.iq(subscribeXml('q2', '/finesse/api/Queue/99', outsider.jid))), 'forbidden');
      const admin = await connect('admin');
      assert.equal((await admin.iq(subscribeXml('q3', '/finesse/api/Queue/2', admin.jid))).attrs.type, 'result');
      await admin.iq(unsubscribeXml('q4', '/finesse/api/Queue/2', admin.jid));

      const member = await connect('agentB');
      const nodes = await member.iq(`<iq type='get' id='q5' to='pubsub.localhost'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>`);
      const names = nodes
        .getChild('query')!
        .getChildren('item')
        .map((i) => i.attrs.node);
      assert.ok(names.includes(QUEUE_1) && !names.includes('/finesse/api/Queue/2'), names.join());
      const leaf = await member.iq(
        `<iq type='get' id='q6' to='pubsub.localhost'><query xmlns='http://jabber.org/protocol/disco#info' node='${QUEUE_1}'/></iq>`,
      );
      assert.deepEqual(leaf.getChild('query')?.getChild('identity')?.attrs, { category: 'pubsub', type: 'leaf' });
      const subscribed = await member.iq(subscribeXml('q7', QUEUE_1, member.jid));
      assert.equal(subscribed.getChild('pubsub')?.getChild('subscription')?.attrs.subscription, 'subscribed');

      const call = await control(server, '/openfinesse/api/calls', { from: '4085550100', to: '5000' });
      assert.equal(call.status, 201, JSON.stringify(call.json));
      server.manualClock.advance(10_000); // the notifier sends at most every 10 s
      const update = await member.waitFor(
        (s) => isNotificationFor(QUEUE_1)(s) && queueStatistic(s, 'callsInQueue') === '1',
        'queue update with the call waiting',
      );
      const notification = notificationOf(update)!;
      assert.equal(notification.update.getChildText('event'), 'PUT');
      assert.equal(notification.update.getChildText('source'), QUEUE_1);
      assert.equal(notification.update.getChildText('requestId'), '');
      assert.equal(notification.update.getChild('data')?.getChild('queue')?.getChildText('name'), 'Sales');
      assert.notEqual(queueStatistic(update, 'startTimeOfLongestCallInQueue'), '');
      assert.equal(notification.to, member.jid);

      assert.equal((await control(server, `/openfinesse/api/calls/${String(call.json.id)}/hangup`)).status, 202);
      server.manualClock.advance(10_000);
      await member.waitFor((s) => isNotificationFor(QUEUE_1)(s) && queueStatistic(s, 'callsInQueue') === '0', 'queue update after the caller hung up');
      assert.equal((await member.iq(unsubscribeXml('q8', QUEUE_1, member.jid))).attrs.type, 'result');
      await outsider.sync();
      assert.deepEqual(outsider.received.filter(isNotificationFor(QUEUE_1)), [], 'nothing for a non-member');
    });

    test('notifications of a node arrive in the order of the changes, on own and team nodes', async () => {
      const agent = await connect('agentB');
      const sup = await connect('supervisorA');
      await sup.iq(subscribeXml('o1', TEAM_1, sup.jid));
      const steps = ['LOGIN', 'READY', 'NOT_READY', 'READY', 'NOT_READY', 'LOGOUT'];
      for (const [i, state] of steps.entries()) {
        const body = state === 'LOGIN' ? '<User><state>LOGIN</state><extension>1002</extension></User>' : `<User><state>${state}</state></User>`;
        assert.equal((await setState(server.baseUrl, 'agentB', 'agentB', body, `req-${i}`)).status, 202);
      }
      const expected = ['NOT_READY', 'READY', 'NOT_READY', 'READY', 'NOT_READY', 'LOGOUT'];
      for (const [i, state] of expected.entries()) {
        const own = notificationOf(await agent.waitFor(isNotificationFor('/finesse/api/User/agentB'), `own ${state}`))!;
        assert.equal(updateField(own, 'state'), state);
        assert.equal(own.update.getChildText('requestId'), `req-${i}`);
        assert.equal(own.update.getChildText('source'), '/finesse/api/User/agentB');
        assert.equal(own.to, 'agentb@localhost');
        const team = notificationOf(await sup.waitFor(isNotificationFor(TEAM_1), `team ${state}`))!;
        assert.equal(updateField(team, 'state'), state);
        assert.equal(team.update.getChildText('source'), '/finesse/api/User/agentB');
        assert.equal(team.to, sup.jid);
      }
      await sup.iq(unsubscribeXml('o2', TEAM_1, sup.jid));
    });

    test('an oversized stanza ends that stream with policy-violation, and only that one', async () => {
      const victim = await connect('agentA', { resource: 'big' });
      const bystander = await connect('agentB');
      const error = victim.streamError();
      await victim.sendRaw(`<message to='agentb@localhost' xmlns='jabber:client'><body>${'x'.repeat(300 * 1024)}</body></message>`);
      assert.equal(await error, 'policy-violation');
      await bystander.sync();
    });

    test('malformed XML ends that stream only', async () => {
      const victim = await connect('agentA', { resource: 'bad' });
      const bystander = await connect('agentB');
      const error = victim.streamError();
      await victim.sendRaw(`<message xmlns='jabber:client'><body>oops</bogus></message>`);
      assert.match(await error, /not-well-formed|bad-format/);
      await bystander.sync();
    });

    test('an undeclared entity, a DOCTYPE and deep nesting each end that stream only', async () => {
      const bystander = await connect('agentB', { resource: 'bystander' });
      const cases: [string, RegExp][] = [
        [`<message to='${bystander.jid}' xmlns='jabber:client'><body>&xxe;</body></message>`, /^(not-well-formed|restricted-xml)$/],
        [
          `<!DOCTYPE message [<!ENTITY xxe 'boom'>]><message to='${bystander.jid}' xmlns='jabber:client'><body>&xxe;</body></message>`,
          /^(restricted-xml|not-well-formed)$/,
        ],
        [`<message to='${bystander.jid}' xmlns='jabber:client'>${'<x>'.repeat(40)}${'</x>'.repeat(40)}</message>`, /^policy-violation$/],
      ];
      for (const [i, [xml, expected]] of cases.entries()) {
        const victim = await connect('agentA', { resource: `hostile-${i}` });
        const error = victim.streamError();
        await victim.sendRaw(xml);
        assert.match(await error, expected, xml.slice(0, 60));
        await bystander.sync();
      }
      assert.deepEqual(
        bystander.received.filter((s) => s.name === 'message'),
        [],
        'nothing of the hostile stanzas was delivered',
      );
    });

    test('a lost desktop signs the agent out with reason 255 after detection plus grace', async () => {
      assert.equal((await setState(server.baseUrl, 'agentA', 'agentA', '<User><state>LOGIN</state><extension>1001</extension></User>')).status, 202);
      const agent = await connectAvailable('agentA', 'lost');
      await loseConnection(agent);
      server.manualClock.advance(179_000);
      assert.equal((await userState(server, 'agentA')).state, 'NOT_READY');
      server.manualClock.advance(1_000);
      assert.deepEqual(await userState(server, 'agentA'), { state: 'LOGOUT', reasonCodeId: '255' });
    });

    test('a new session within the grace period keeps the agent signed in', async () => {
      assert.equal((await setState(server.baseUrl, 'agentA', 'agentA', '<User><state>LOGIN</state><extension>1001</extension></User>')).status, 202);
      await loseConnection(await connectAvailable('agentA', 'one'));
      server.manualClock.advance(100_000);
      await connectAvailable('agentA', 'two');
      server.manualClock.advance(200_000);
      assert.equal((await userState(server, 'agentA')).state, 'NOT_READY');
      await setState(server.baseUrl, 'agentA', 'agentA', '<User><state>LOGOUT</state></User>');
    });

    test('a second session on the same full JID replaces the first with a conflict error', async () => {
      const first = await connect('agentB', { resource: 'same' });
      const error = first.streamError();
      const second = await connect('agentB', { resource: 'same' });
      assert.equal(await error, 'conflict');
      await second.sync();
    });
  });
}
