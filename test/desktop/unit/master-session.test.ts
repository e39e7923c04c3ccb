import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Delivery } from '../../../src/desktop/src/gadgets/hub/router.js';
import { setState } from '../../support/http.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { DialogNames, XmppWatcher } from '../../support/xmpp-updates.js';
import { installBrowserClient, sentFrames } from './support/browser-client.js';

// The desktop's own XMPP client (Strophe over WebSocket, in jsdom) against a real server: the raw item hook,
// the resource id, shared explicit subscriptions, and the master services started through
// startMasterServices(router) once the session attaches, as the desktop wires them.

let server: TestServer;
let watcher: XmppWatcher;
/**
 * The desktop modules, loaded after jsdom is installed. Their paths are not literal so that the test's
 * typecheck (Node module rules) stays out of the browser code, which the desktop's own tsconfig checks.
 */
type Desktop = Record<'notifications' | 'rest' | 'router' | 'start', any>;
const desktopModule = (path: string): Promise<any> => import(new URL(`../../../src/desktop/src/${path}`, import.meta.url).href);
let desktop: Desktop;

before(async () => {
  server = await startTestServer();
  installBrowserClient(`${server.baseUrl}/desktop/`);
  desktop = {
    notifications: await desktopModule('finesse/notifications.ts'),
    rest: await desktopModule('finesse/rest.ts'),
    router: await desktopModule('gadgets/hub/router.ts'),
    start: await desktopModule('gadgets/master/start.ts'),
  };
  watcher = await XmppWatcher.connect(server, 'agentA', new DialogNames(), 'demo', true);
});
after(async () => {
  await watcher?.close();
  await server?.stop();
});

function client(onItem: (node: string, xml: string) => void, onStatus: (state: string) => void = () => undefined) {
  return new desktop.notifications.NotificationClient({
    serviceUrl: `${server.baseUrl.replace('http:', 'ws:')}/ws/`,
    bareJid: 'agentA@localhost',
    password: 'demo',
    resource: 'desk-test',
    pubsubDomain: 'pubsub.localhost',
    onUpdate: () => undefined,
    onItem,
    onStatus: (s: { state: string }) => onStatus(s.state),
    onConnected: () => undefined,
  });
}

const until = async (check: () => boolean, what: string) => {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

const frames = (verb: string, node: string) => sentFrames.filter((f) => f.includes(`<${verb} `) && f.includes(`node="${node}"`)).length;

test('notification client: onItem hands over the Update text exactly as the server sent it; resource exposed', async () => {
  const items: [string, string][] = [];
  const c = client((node, xml) => items.push([node, xml]));
  c.start();
  await c.waitConnected(5000);
  assert.equal(c.resource, 'desk-test');
  await watcher.take();
  assert.equal((await setState(server.baseUrl, 'agentA', 'agentA', '<User><state>LOGIN</state><extension>1001</extension></User>')).status, 202);
  await watcher.until(1);
  const [sent] = await watcher.takeUpdates();
  await until(() => items.length > 0, 'the item');
  assert.deepEqual(items[0], ['/finesse/api/User/agentA', sent!.text]);
  await c.stop();
});

test('notification client: the desktop and the gadgets share one XMPP subscription per node; a refusal carries its condition', async () => {
  const c = client(() => undefined);
  c.start();
  await c.waitConnected(5000);
  const node = '/finesse/api/Queue/1';
  await c.subscribe(node);
  await c.subscribe(node, 'gadgets');
  assert.equal(frames('subscribe', node), 1);
  await c.unsubscribe(node, 'gadgets');
  assert.equal(frames('unsubscribe', node), 0, 'the desktop still holds it');
  await c.unsubscribe(node);
  assert.equal(frames('unsubscribe', node), 1);
  await assert.rejects(c.subscribe('/finesse/api/Team/2/Users', 'gadgets'), (error: { name: string; condition: string }) => {
    assert.equal(error.name, 'PubsubError');
    assert.notEqual(error.condition, 'timeout');
    return true;
  });
  await c.stop();
});

test('startMasterServices: once the session attaches, gadgets get items, connection info and node subscriptions over the hub', async () => {
  const { start, router: hub } = desktop;
  const delivered: Delivery[] = [];
  let handle: { deliver(d: Delivery): boolean; stop(): Promise<void> } | null = null;
  const router = new hub.HubRouter({ deliver: (d: Delivery) => (d.clientId === hub.MASTER_ID ? handle?.deliver(d) : delivered.push(d)) });
  router.connect('g1');
  handle = start.startMasterServices(router);
  router.subscribe('g1', 'finesse.info.connection', 'conn');
  router.subscribe('g1', 'finesse.api.User.agentA', 'user');
  router.subscribe('g1', 'finesse.info.responses.*', 'rsp');

  const c = client(start.masterItem, (state) => start.masterStatus({ state: state as never }));
  const credentials = { id: 'agentA', password: 'demo' };
  const rest = new desktop.rest.FinesseRest(credentials, server.baseUrl);
  let state = { state: 'connecting' as const };
  start.attachMasterSession({ client: c, rest, credentials, userId: 'agentA', status: () => state });
  c.start();
  await c.waitConnected(5000);
  state = { state: 'connected' } as never;
  await until(() => delivered.some((d) => d.subId === 'conn'), 'the connected status');
  assert.deepEqual(delivered.find((d) => d.subId === 'conn')!.data, { status: 'connected', resourceID: 'desk-test' });

  assert.equal((await setState(server.baseUrl, 'agentA', 'agentA', '<User><state>READY</state></User>')).status, 202);
  await until(() => delivered.some((d) => d.subId === 'user'), 'the User item on the hub');
  const user = delivered.find((d) => d.subId === 'user')!.data as { content: string; object: { Update: { data: { user: { state: string } } } } };
  assert.equal(user.object.Update.data.user.state, 'READY');
  assert.match(user.content, /^<Update><data><user>/);

  const queueSubscribes = frames('subscribe', '/finesse/api/Queue/1');
  router.publish('g1', 'finesse.info.requests', { type: 'SubscribeNodeReq', data: { node: '/finesse/api/Queue/1' }, invokeID: 'q' });
  router.publish('g1', 'finesse.info.requests', { type: 'SubscribeNodeReq', data: { node: '/finesse/api/Team/2/Users' }, invokeID: 't' });
  await until(() => delivered.filter((d) => d.subId === 'rsp').length === 2, 'both answers');
  const answers = Object.fromEntries(delivered.filter((d) => d.subId === 'rsp').map((d) => [d.topic, d.data]));
  assert.equal(answers['finesse.info.responses.q'], undefined);
  assert.ok('finesse.info.responses.q' in answers);
  const refused = answers['finesse.info.responses.t'] as { error: { errorType: string; errorMessage: string } };
  assert.match(refused.error.errorMessage, /Could not subscribe \/finesse\/api\/Team\/2\/Users/);
  assert.equal(frames('subscribe', '/finesse/api/Queue/1'), queueSubscribes + 1);
  assert.deepEqual(refused.error.errorType, 'forbidden');

  await c.stop();
  await start.detachMasterSession();
  assert.deepEqual(delivered.filter((d) => d.subId === 'conn').at(-1)!.data, { status: 'unloading', resourceID: 'desk-test' });
  await handle?.stop();
});
