import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setState } from '../support/http.js';
import type { TestClient } from './support/client.js';
import { closeAll, startXmppServer } from './support/harness.js';
import type { XmppTestServer } from './support/harness.js';
import { isNotificationFor, notificationOf, updateField } from './support/stanzas.js';
import { connectXmppJs } from './support/xmppjs-client.js';

const PUBSUB = 'http://jabber.org/protocol/pubsub';
const TEAM = '/finesse/api/Team/1/Users';
const dataDir = mkdtempSync(join(tmpdir(), 'openfinesse-xmpp-persist-'));
const clients: TestClient[] = [];
after(async () => {
  await closeAll(clients);
  rmSync(dataDir, { recursive: true, force: true });
});

const connectSupervisor = async (server: XmppTestServer): Promise<TestClient> => {
  const client = await connectXmppJs(`xmpp://127.0.0.1:${server.ports.xmpp}`, { user: 'supervisorA', resource: 'wallboard' });
  clients.push(client);
  return client;
};
const subscriptionsIq = (id: string): string =>
  `<iq type='get' id='${id}' to='pubsub.localhost'><pubsub xmlns='${PUBSUB}'><subscriptions node='${TEAM}'/></pubsub></iq>`;

test('an explicit subscription survives a restart and deliveries resume; unsubscribe removes it from the store', async () => {
  let server = await startXmppServer({ dataDir });
  let sup = await connectSupervisor(server);
  const subscribed = await sup.iq(
    `<iq type='set' id='p1' to='pubsub.localhost'><pubsub xmlns='${PUBSUB}'><subscribe node='${TEAM}' jid='${sup.jid}'/></pubsub></iq>`,
  );
  const subid = subscribed.getChild('pubsub')?.getChild('subscription')?.attrs.subid;
  assert.ok(subid);
  assert.deepEqual(
    (await server.store.loadSubscriptions()).map((s) => [s.node, s.jid, s.subid]),
    [[TEAM, sup.jid, subid]],
  );
  await closeAll(clients);
  await server.stop();

  server = await startXmppServer({ dataDir });
  try {
    sup = await connectSupervisor(server);
    const listed = (await sup.iq(subscriptionsIq('p2'))).getChild('pubsub')?.getChild('subscriptions')?.getChildren('subscription') ?? [];
    assert.deepEqual(
      listed.map((s) => [s.attrs.jid, s.attrs.subid]),
      [[sup.jid, subid]],
    );
    assert.equal(
      (await setState(server.baseUrl, 'agentA', 'agentA', '<User><state>LOGIN</state><extension>1001</extension></User>', 'after-restart')).status,
      202,
    );
    const update = notificationOf(await sup.waitFor(isNotificationFor(TEAM), 'team notification after the restart'))!;
    assert.equal(update.update.getChildText('requestId'), 'after-restart');
    assert.equal(updateField(update, 'state'), 'NOT_READY');

    const unsubscribed = await sup.iq(
      `<iq type='set' id='p3' to='pubsub.localhost'><pubsub xmlns='${PUBSUB}'><unsubscribe node='${TEAM}' jid='${sup.jid}' subid='${subid}'/></pubsub></iq>`,
    );
    assert.equal(unsubscribed.attrs.type, 'result');
    assert.deepEqual(await server.store.loadSubscriptions(), []);
    await setState(server.baseUrl, 'agentA', 'agentA', '<User><state>LOGOUT</state></User>', 'after-unsubscribe');
  } finally {
    await closeAll(clients);
    await server.stop();
  }

  server = await startXmppServer({ dataDir });
  try {
    sup = await connectSupervisor(server);
    assert.deepEqual((await sup.iq(subscriptionsIq('p4'))).getChild('pubsub')?.getChild('subscriptions')?.getChildren('subscription'), []);
    assert.equal(
      (await setState(server.baseUrl, 'agentA', 'agentA', '<User><state>LOGIN</state><extension>1001</extension></User>', 'third-start')).status,
      202,
    );
    await sup.sync();
    assert.deepEqual(sup.received.filter(isNotificationFor(TEAM)), [], 'no team notification once unsubscribed');
  } finally {
    await closeAll(clients);
    await server.stop();
  }
});
