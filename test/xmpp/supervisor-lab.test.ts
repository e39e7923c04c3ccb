import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { request, setState } from '../support/http.js';
import type { TestClient } from './support/client.js';
import { closeAll, presenceEvent, startXmppServer } from './support/harness.js';
import type { XmppTestServer } from './support/harness.js';
import { connectSlixmpp } from './support/slixmpp-client.js';
import { connectXmppJs } from './support/xmppjs-client.js';
import { isNotificationFor, notificationOf, updateField } from './support/stanzas.js';
import type { Notification } from './support/stanzas.js';

const PUBSUB = 'http://jabber.org/protocol/pubsub';
const TEAM = '/finesse/api/Team/1/Users';

let server: XmppTestServer;
const clients: TestClient[] = [];
before(async () => {
  server = await startXmppServer();
});
after(async () => {
  await closeAll(clients);
  await server.stop();
});

/** Reference §10.2, the DevNet supervisor lab: agent on slixmpp (Pidgin's place), supervisor on @xmpp/client. */
test('supervisor lab: sign-ins, team subscription, supervisor changes, unsubscribe, sign-outs', async () => {
  const agentReady = presenceEvent('available', 'agentA');
  const agent = await connectSlixmpp(server.ports.xmpp!, { user: 'agentA', resource: 'pidgin' });
  clients.push(agent);
  await agentReady;
  const supervisor = await connectXmppJs(`xmpp://127.0.0.1:${server.ports.xmpp}`, { user: 'supervisorA', resource: 'desk' });
  clients.push(supervisor);

  const own = async (client: TestClient, loginId: string, what: string): Promise<Notification> =>
    notificationOf(await client.waitFor(isNotificationFor(`/finesse/api/User/${loginId}`), what))!;

  assert.equal((await setState(server.baseUrl, 'agentA', 'agentA', '<User><state>LOGIN</state><extension>1001</extension></User>', 'lab-4')).status, 202);
  const login = await own(agent, 'agentA', 'agent LOGIN');
  assert.equal(updateField(login, 'state'), 'NOT_READY');
  assert.equal(updateField(login, 'reasonCodeId'), '-1');
  assert.equal(login.update.getChildText('requestId'), 'lab-4');
  assert.match(
    login.updateText,
    /^<Update><data><user>.*<\/user><\/data><event>PUT<\/event><requestId>lab-4<\/requestId><source>\/finesse\/api\/User\/agentA<\/source><\/Update>$/,
  );

  assert.equal(
    (await setState(server.baseUrl, 'supervisorA', 'supervisorA', '<User><state>LOGIN</state><extension>2001</extension></User>', 'lab-5')).status,
    202,
  );
  assert.equal(updateField(await own(supervisor, 'supervisorA', 'supervisor LOGIN'), 'state'), 'NOT_READY');

  const team = await request(server.baseUrl, 'GET', '/finesse/api/Team/1?includeLoggedOutAgents=true', { user: 'supervisorA' });
  assert.equal(team.status, 200);
  assert.match(team.body, /<loginId>agentA<\/loginId>/);

  const sub = await supervisor.iq(
    `<iq type='set' id='lab-8' to='pubsub.localhost'><pubsub xmlns='${PUBSUB}'><subscribe node='${TEAM}' jid='${supervisor.jid}'/></pubsub></iq>`,
  );
  assert.equal(sub.getChild('pubsub')?.getChild('subscription')?.attrs.subscription, 'subscribed');

  const teamUpdate = async (what: string): Promise<Notification> => notificationOf(await supervisor.waitFor(isNotificationFor(TEAM), what))!;

  assert.equal((await setState(server.baseUrl, 'agentA', 'agentA', '<User><state>READY</state></User>', 'lab-9')).status, 202);
  assert.equal(updateField(await own(agent, 'agentA', 'agent READY'), 'state'), 'READY');
  const ready = await teamUpdate('team READY');
  assert.equal(updateField(ready, 'state'), 'READY');
  assert.equal(ready.update.getChildText('source'), '/finesse/api/User/agentA');
  assert.ok(ready.update.getChild('data')?.getChild('user'), 'lower-case user root');

  assert.equal((await setState(server.baseUrl, 'supervisorA', 'agentA', '<User><state>NOT_READY</state></User>', 'lab-10')).status, 202);
  const notReady = await own(agent, 'agentA', 'agent NOT_READY');
  assert.equal(updateField(notReady, 'state'), 'NOT_READY');
  assert.equal(updateField(notReady, 'reasonCodeId'), '999');
  const teamNotReady = await teamUpdate('team NOT_READY');
  assert.equal(updateField(teamNotReady, 'state'), 'NOT_READY');
  assert.equal(teamNotReady.update.getChildText('requestId'), 'lab-10');

  assert.equal((await setState(server.baseUrl, 'supervisorA', 'agentA', '<User><state>READY</state></User>', 'lab-11')).status, 202);
  assert.equal(updateField(await teamUpdate('team READY again'), 'state'), 'READY');

  const unsub = await supervisor.iq(
    `<iq type='set' id='lab-13' to='pubsub.localhost'><pubsub xmlns='${PUBSUB}'><unsubscribe node='${TEAM}' jid='${supervisor.jid}'/></pubsub></iq>`,
  );
  assert.equal(unsub.attrs.type, 'result');

  assert.equal((await setState(server.baseUrl, 'supervisorA', 'agentA', '<User><state>LOGOUT</state></User>', 'lab-12')).status, 202);
  let logout = await own(agent, 'agentA', 'agent LOGOUT');
  while (updateField(logout, 'state') !== 'LOGOUT') logout = await own(agent, 'agentA', 'agent LOGOUT');
  assert.equal(logout.update.getChildText('requestId'), 'lab-12');

  assert.equal((await setState(server.baseUrl, 'supervisorA', 'supervisorA', '<User><state>LOGOUT</state></User>', 'lab-14')).status, 202);
  const supLogout = await own(supervisor, 'supervisorA', 'supervisor LOGOUT');
  assert.equal(updateField(supLogout, 'state'), 'LOGOUT');
  await supervisor.sync();
  const teamAfterUnsubscribe = supervisor.received.map(notificationOf).filter((n) => n?.node === TEAM && n.update.getChildText('requestId') === 'lab-12');
  assert.deepEqual(teamAfterUnsubscribe, [], 'no team notification after unsubscribe');
});
