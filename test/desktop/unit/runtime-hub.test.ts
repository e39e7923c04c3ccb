import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { DesktopEnd, type GadgetPage, openGadget, run, until } from './runtime-harness.js';

// gadgets.Hub and the channel (gadget reference §2.1, §2.6, §2.7, §7.2): the handshake, the queue of
// calls made before the port is up, and the OpenAjax HubClient over the real HubRouter.

const cleanup: { close(): void }[] = [];
after(() => {
  for (const item of cleanup) item.close();
});

async function open(content = '') {
  const page = await openGadget({ content });
  cleanup.push(page);
  return page;
}

function desktopFor(page: GadgetPage, options: ConstructorParameters<typeof DesktopEnd>[1] = {}) {
  const desktop = new DesktopEnd(page, options);
  cleanup.push(desktop);
  return desktop;
}

async function connected(content = '') {
  const page = await open(content);
  const desktop = desktopFor(page);
  desktop.welcome();
  await until(() => page.window.gadgets.Hub.isConnected(), 'the hub to connect');
  return { page, desktop };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

test('hub: only one welcome from the parent with exactly one port opens the channel', async () => {
  const page = await open('<script>gadgets.Hub.publish("acme.early", 1)</script>');
  const stranger = desktopFor(page);
  stranger.welcome({ postMessage() {} });
  const wrongData = desktopFor(page);
  wrongData.welcome(undefined, { kind: 'openfinesse.welcome', extra: 1 });
  const notWelcome = desktopFor(page);
  notWelcome.welcome(undefined, { kind: 'openfinesse.hello' });
  await settle();
  assert.equal(page.window.gadgets.Hub.isConnected(), false);
  const desktop = desktopFor(page);
  desktop.welcome();
  const late = desktopFor(page);
  late.welcome();
  await until(() => page.window.gadgets.Hub.isConnected(), 'the hub to connect');
  run(page, 'gadgets.Hub.publish("acme.late", 2)');
  await until(() => desktop.kinds().filter((k) => k !== 'loading.dismiss').length === 4, 'both publishes');
  assert.deepEqual(
    desktop.received.filter((m) => m.kind !== 'loading.dismiss'),
    [
      { kind: 'hub.connect' },
      { kind: 'window.title', text: 'Acme' },
      { kind: 'hub.publish', topic: 'acme.early', data: 1 },
      { kind: 'hub.publish', topic: 'acme.late', data: 2 },
    ],
  );
  for (const other of [stranger, wrongData, notWelcome, late]) assert.deepEqual(other.received, []);
});

test('hub: calls before the connect are queued in order, flushed after hub.connect, then onConnect(gadgets.Hub, true)', async () => {
  const page = await open(`<script>
    window.seen = [];
    window.subId = gadgets.Hub.subscribe('acme.*', function (topic, data, subscriberData) { seen.push([topic, data, subscriberData, this === window]) }, null, function (id, ok, error) { seen.push(['complete', id, ok, error]) }, 'my-data');
    gadgets.window.adjustHeight(120);
    gadgets.Hub.publish('acme.one', { n: 1 });
    gadgets.window.setTitle('Acme');
    gadgets.Hub.publish('acme.two', undefined);
    gadgets.util.registerOnLoadHandler(function () {
      gadgets.HubSettings.onConnect = function (hub, ok, error) { seen.push(['connect', hub === gadgets.Hub, ok, error, gadgets.Hub.isConnected(), seen.length]) };
    });
  </script>`);
  assert.equal(typeof page.window.subId, 'string');
  assert.deepEqual([...page.window.seen], [], 'nothing completes before the channel');
  const desktop = desktopFor(page);
  desktop.welcome();
  await until(() => page.window.seen.length === 4, 'connect, subscribe completion and two deliveries');
  assert.deepEqual(
    desktop.kinds().filter((k) => k !== 'loading.dismiss'),
    ['hub.connect', 'window.title', 'hub.subscribe', 'window.height', 'hub.publish', 'window.title', 'hub.publish'],
  );
  assert.deepEqual(JSON.parse(JSON.stringify(page.window.seen)), [
    ['connect', true, true, null, true, 0],
    ['complete', page.window.subId, true, null],
    ['acme.one', { n: 1 }, 'my-data', true],
    ['acme.two', null, 'my-data', true],
  ]);
  assert.equal(page.window.seen[3][1], undefined, 'undefined data is delivered as undefined');
  assert.ok(Object.hasOwn(page.window.seen[3], 1));
});

test('hub: onConnect is read when the onload handlers ran; a later assignment is never called', async () => {
  const page = await open();
  run(page, 'window.calls = 0; gadgets.HubSettings.onConnect = function () { calls++ }');
  const desktop = desktopFor(page);
  desktop.welcome();
  await until(() => page.window.gadgets.Hub.isConnected(), 'the hub to connect');
  await settle();
  assert.equal(page.window.calls, 0);
});

test('hub: a refused connect reaches onConnect with the error and leaves the hub disconnected', async () => {
  const page = await open('<script>gadgets.HubSettings.onConnect = function (hub, ok, error) { window.result = [ok, error] }</script>');
  const desktop = desktopFor(page, { hub: false });
  desktop.welcome();
  await until(() => desktop.kinds().includes('hub.connect'), 'hub.connect');
  desktop.send({ kind: 'hub.ack', op: 'connect', ok: false, error: 'OpenAjax.hub.Error.Duplicate' });
  await until(() => page.window.result !== undefined, 'onConnect');
  assert.deepEqual([...page.window.result], [false, 'OpenAjax.hub.Error.Duplicate']);
  assert.equal(page.window.gadgets.Hub.isConnected(), false);
});

test('hub: publish reaches every matching subscription of the publisher, in publish order', async () => {
  const { page } = await connected();
  run(
    page,
    `window.got = [];
    gadgets.Hub.subscribe('acme.*', function (t, d) { got.push('one:' + t + ':' + d) });
    gadgets.Hub.subscribe('acme.**', function (t, d) { got.push('rest:' + t + ':' + d) });
    gadgets.Hub.subscribe('other', function (t, d) { got.push('other:' + t) });
    for (var i = 1; i <= 3; i++) gadgets.Hub.publish('acme.pop', i);
    gadgets.Hub.publish('acme.pop.deep', 4);`,
  );
  await until(() => page.window.got.length === 7, 'seven deliveries');
  assert.deepEqual(
    [...page.window.got],
    ['one:acme.pop:1', 'rest:acme.pop:1', 'one:acme.pop:2', 'rest:acme.pop:2', 'one:acme.pop:3', 'rest:acme.pop:3', 'rest:acme.pop.deep:4'],
  );
});

test('hub: bad parameters and unknown subscriptions throw OpenAjax errors synchronously', async () => {
  const { page } = await connected();
  const thrown = (code: string) => {
    try {
      run(page, code);
    } catch (error) {
      return (error as Error).message;
    }
    return 'no error';
  };
  const bad = 'OpenAjax.hub.Error.BadParameters';
  assert.equal(thrown('gadgets.Hub.subscribe("a..b", function () {})'), bad);
  assert.equal(thrown('gadgets.Hub.subscribe("a.**.b", function () {})'), bad);
  assert.equal(thrown('gadgets.Hub.subscribe("a.b", "not a function")'), bad);
  assert.equal(thrown('gadgets.Hub.subscribe("a.b", function () {}, null, 5)'), bad);
  assert.equal(thrown('gadgets.Hub.publish("a.*", 1)'), bad);
  assert.equal(thrown('gadgets.Hub.publish("", 1)'), bad);
  assert.equal(thrown('gadgets.Hub.publish("a.b", function () {})'), bad);
  assert.equal(thrown('gadgets.Hub.publish("a.b", { when: new Date() })'), bad);
  assert.equal(thrown('gadgets.Hub.unsubscribe("")'), bad);
  assert.equal(thrown('gadgets.Hub.getSubscriberData("nope")'), 'OpenAjax.hub.Error.NoSubscription');
  assert.equal(thrown('gadgets.Hub.connect()'), 'OpenAjax.hub.Error.Duplicate');
  assert.equal(thrown('gadgets.Hub.subscribe("finesse.api.User.1001", function () {})'), 'no error');
  assert.equal(thrown('gadgets.Hub.publish("topic with spaces.x", 1)'), 'no error');
});

test('hub: onComplete is asynchronous, reports policy refusals, and refused publishes are logged', async () => {
  const { page, desktop } = await connected();
  run(
    page,
    `window.events = [];
    var scope = { name: 'scope' };
    window.okId = gadgets.Hub.subscribe('acme.x', function () {}, scope, function (id, ok, error) { events.push(['sub', id, ok, error, this.name]) }, 42);
    events.push('returned');
    gadgets.Hub.publish('finesse.api.User.1001', { forged: true });`,
  );
  assert.deepEqual([...page.window.events], ['returned']);
  await until(() => page.window.events.length === 2, 'the subscribe completion');
  assert.deepEqual(JSON.parse(JSON.stringify(page.window.events[1])), ['sub', page.window.okId, true, null, 'scope']);
  assert.equal(run(page, 'gadgets.Hub.getSubscriberData(okId)'), 42);
  assert.equal(run(page, 'gadgets.Hub.getSubscriberScope(okId).name'), 'scope');
  await until(() => page.console.some((line) => /publish on finesse.api.User.1001 refused: OpenAjax.hub.Error.NotAllowed/.test(line.text)), 'the refusal');
  await until(() => desktop.kinds().includes('log'), 'the log message');
  assert.deepEqual(
    desktop.received.find((m) => m.kind === 'log'),
    {
      kind: 'log',
      level: 'warn',
      text: 'gadgets.Hub: publish on finesse.api.User.1001 refused: OpenAjax.hub.Error.NotAllowed',
    },
  );
});

test('hub: a subscription the router refuses completes with NotAllowed and is dropped', async () => {
  const page = await open();
  const desktop = desktopFor(page, { policy: { canPublish: () => true, canSubscribe: (_id, pattern) => !pattern.startsWith('secret') } });
  desktop.welcome();
  await until(() => page.window.gadgets.Hub.isConnected(), 'the hub to connect');
  run(page, 'window.r = undefined; window.sid = gadgets.Hub.subscribe("secret.x", function () {}, null, function (id, ok, error) { r = [id, ok, error] })');
  await until(() => page.window.r !== undefined, 'the completion');
  assert.deepEqual([...page.window.r], [page.window.sid, false, 'OpenAjax.hub.Error.NotAllowed']);
  assert.throws(() => run(page, 'gadgets.Hub.getSubscriberData(sid)'), /NoSubscription/);
});

test('hub: unsubscribe stops deliveries and completes; an unknown id completes with NoSubscription', async () => {
  const { page, desktop } = await connected();
  run(
    page,
    `window.got = []; window.done = [];
    window.sid = gadgets.Hub.subscribe('acme.x', function (t, d) { got.push(d) });
    gadgets.Hub.publish('acme.x', 1);
    gadgets.Hub.unsubscribe(sid, function (id, ok, error) { done.push([id, ok, error]) });
    gadgets.Hub.publish('acme.x', 2);
    gadgets.Hub.unsubscribe('never', function (id, ok, error) { done.push([id, ok, error]) });`,
  );
  await until(() => page.window.done.length === 2, 'both completions');
  await settle();
  assert.deepEqual([...page.window.got], [], 'a delivery arriving after unsubscribe is dropped');
  const done = JSON.parse(JSON.stringify(page.window.done));
  assert.equal(done.length, 2);
  assert.deepEqual(
    done.find((d: unknown[]) => d[0] === 'never'),
    ['never', false, 'OpenAjax.hub.Error.NoSubscription'],
  );
  assert.deepEqual(
    done.find((d: unknown[]) => d[0] === page.window.sid),
    [page.window.sid, true, null],
  );
  assert.deepEqual(desktop.router.subscriptionsOf('7'), []);
});

test('hub: disconnect, calls then throw Disconnected, connect again', async () => {
  const { page, desktop } = await connected();
  run(
    page,
    'window.log = []; gadgets.Hub.subscribe("acme.x", function (t, d) { log.push(d) }); gadgets.Hub.disconnect(function (hub, ok) { log.push(["disconnected", hub === gadgets.Hub, ok]) })',
  );
  assert.equal(page.window.gadgets.Hub.isConnected(), false);
  for (const call of [
    'gadgets.Hub.publish("acme.x", 1)',
    'gadgets.Hub.subscribe("acme.x", function () {})',
    'gadgets.Hub.unsubscribe("x")',
    'gadgets.Hub.disconnect()',
  ]) {
    assert.throws(() => run(page, call), /OpenAjax\.hub\.Error\.Disconnected/, call);
  }
  await until(() => page.window.log.length === 1, 'the disconnect completion');
  assert.deepEqual(JSON.parse(JSON.stringify(page.window.log)), [['disconnected', true, true]]);
  assert.equal(desktop.router.isConnected('7'), false);
  run(
    page,
    'gadgets.Hub.connect(function (hub, ok) { log.push(["connected", ok]); gadgets.Hub.subscribe("acme.x", function (t, d) { log.push(d) }); gadgets.Hub.publish("acme.x", "back") })',
  );
  await until(() => page.window.log.length === 3, 'reconnect and delivery');
  assert.deepEqual(JSON.parse(JSON.stringify(page.window.log)).slice(1), [['connected', true], 'back']);
});

test('hub: identity and parameters', async () => {
  const page = await open('<script>gadgets.HubSettings.params.scope = { who: "gadget" }</script>');
  assert.equal(run(page, 'gadgets.Hub.getPartnerOrigin()'), null);
  const desktop = desktopFor(page);
  desktop.welcome();
  await until(() => page.window.gadgets.Hub.isConnected(), 'the hub to connect');
  assert.equal(run(page, 'gadgets.Hub.getClientID()'), '7');
  assert.equal(run(page, 'gadgets.Hub.getPartnerOrigin()'), 'https://desktop.test:8445');
  assert.equal(run(page, 'gadgets.Hub.getScope().who'), 'gadget');
  assert.equal(run(page, 'gadgets.Hub.getParameters() === gadgets.HubSettings.params'), true);
});

test('hub: malformed desktop messages are ignored with a console warning', async () => {
  const { page, desktop } = await connected();
  run(page, 'window.got = []; window.sid = gadgets.Hub.subscribe("acme.x", function (t, d) { got.push(d) })');
  await until(() => desktop.router.subscriptionsOf('7').length === 1, 'the subscription');
  const sid = page.window.sid;
  desktop.send({ kind: 'hub.deliver', subId: sid, topic: 'acme.x', data: 1, extra: true });
  desktop.send({ kind: 'hub.deliver', subId: '', topic: 'acme.x', data: 2 });
  desktop.send({ kind: 'hub.ack', op: 'teleport', ok: true });
  desktop.send({ kind: 'hub.error', topic: 'acme.x', error: 'made up' });
  desktop.send({ kind: 'nonsense' });
  desktop.send('a string');
  desktop.send({ kind: 'hub.deliver', subId: sid, topic: 'acme.x', data: 3 });
  await until(() => page.window.got.length === 1, 'the valid delivery');
  assert.deepEqual([...page.window.got], [3]);
  assert.equal(page.console.filter((line) => /openfinesse gadget runtime: ignored/.test(line.text)).length, 6);
});

test('hub: a throwing onData does not stop later deliveries', async () => {
  const { page } = await connected();
  run(
    page,
    'window.got = []; gadgets.Hub.subscribe("acme.x", function (t, d) { if (d === 1) throw new Error("gadget bug"); got.push(d) }); gadgets.Hub.publish("acme.x", 1); gadgets.Hub.publish("acme.x", 2)',
  );
  await until(() => page.window.got.length === 1, 'the second delivery');
  assert.deepEqual([...page.window.got], [2]);
});
