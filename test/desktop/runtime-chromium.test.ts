import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { chromiumMissing, launchBrowser } from './support/browser.js';
import { bootstrapFor, runtimeBundle, SECRETS } from './unit/runtime-harness.js';

// The gadget runtime in real Chromium, in the iframe the desktop makes (sandbox without
// allow-same-origin, so an opaque origin): the window.name scrub, the hello to the parent with the
// desktop's origin, the MessagePort in the welcome, the pre-connect queue and a hub round trip. The
// desktop end here is a few lines of page script; the real host is tested in its own files.

let server: Server;
let browser: Browser | undefined;
let origin: string;

const DESKTOP_PAGE = (secrets: string) => `<!DOCTYPE html><html><body><script>
  window.received = [];
  const iframe = document.createElement('iframe');
  iframe.setAttribute('sandbox', 'allow-scripts allow-forms allow-popups allow-popups-to-escape-sandbox allow-downloads');
  iframe.name = ${JSON.stringify(secrets)};
  iframe.src = '/gadget.html';
  window.addEventListener('message', (event) => {
    if (event.source !== iframe.contentWindow || event.data.kind !== 'openfinesse.hello' || event.data.nonce !== 'n-123') return;
    window.helloOrigin = event.origin;
    const pipe = new MessageChannel();
    const subs = new Map();
    pipe.port1.onmessage = ({ data }) => {
      received.push(data);
      if (data.kind === 'hub.connect') pipe.port1.postMessage({ kind: 'hub.ack', op: 'connect', ok: true });
      if (data.kind === 'hub.subscribe') { subs.set(data.subId, data.topic); pipe.port1.postMessage({ kind: 'hub.ack', op: 'subscribe', subId: data.subId, ok: true }); }
      if (data.kind === 'hub.publish') for (const [subId, topic] of subs) if (topic === data.topic) pipe.port1.postMessage({ kind: 'hub.deliver', subId, topic, data: data.data });
      if (data.kind === 'io.request') pipe.port1.postMessage({ kind: 'io.response', reqId: data.reqId, rc: 200, body: '<User><state>READY</state></User>', headers: {}, errors: [] });
    };
    event.source.postMessage({ kind: 'openfinesse.welcome' }, '*', [pipe.port2]);
  });
  document.body.append(iframe);
</script></body></html>`;

const GADGET_PAGE = (bootstrap: string) => `<!DOCTYPE html><html><head>
<script type="application/json" id="openfinesse-gadget">${bootstrap}</script>
<script src="/runtime.js"></script>
</head><body><div style="height: 345px">content</div><script>
  window.nameAtStart = window.name;
  window.seen = [];
  gadgets.window.adjustHeight();
  gadgets.Hub.subscribe('acme.pop', function (topic, data) { seen.push(['data', topic, data]) });
  gadgets.Hub.publish('acme.pop', { n: 1 });
  gadgets.io.makeRequest('/finesse/api/User/agent1', function (r) { seen.push(['io', r.rc, r.data.documentElement.nodeName]) }, { CONTENT_TYPE: 'DOM' });
  gadgets.HubSettings.onConnect = function (hub, ok) { seen.push(['connect', ok]) };
</script><script>gadgets.util.runOnLoadHandlers()</script></body></html>`;

before(async () => {
  const runtime = await runtimeBundle();
  server = createServer((req, res) => {
    const pages: Record<string, [string, string]> = {
      '/desktop.html': ['text/html', DESKTOP_PAGE(JSON.stringify(SECRETS))],
      '/gadget.html': ['text/html', GADGET_PAGE(JSON.stringify(bootstrapFor({ desktopOrigin: origin, specUrl: `${origin}/acme.xml` })))],
      '/runtime.js': ['text/javascript', runtime],
    };
    const page = pages[req.url ?? ''];
    res.writeHead(page ? 200 : 404, { 'content-type': page?.[0] ?? 'text/plain', 'access-control-allow-origin': '*' });
    res.end(page?.[1] ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (!chromiumMissing) browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => server.close(resolve));
});

test('runtime in chromium: opaque-origin frame, window.name scrubbed, handshake, queue, hub and makeRequest', { skip: chromiumMissing }, async () => {
  const page = await browser!.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${origin}/desktop.html`);
  const frame = await page.waitForSelector('iframe');
  const gadget = (await frame.contentFrame())!;
  await gadget.waitForFunction(() => (window as any).seen?.length === 3);
  const state = await gadget.evaluate(() => ({
    nameAtStart: (window as any).nameAtStart,
    name: window.name,
    origin: window.origin,
    seen: (window as any).seen,
    auth: new (window as any).gadgets.Prefs().getString('authorization'),
  }));
  assert.equal(state.nameAtStart, '');
  assert.equal(state.name, '');
  assert.equal(state.origin, 'null', 'the frame runs in an opaque origin');
  assert.equal(state.auth, SECRETS.authorization);
  assert.deepEqual(state.seen, [
    ['connect', true],
    ['data', 'acme.pop', { n: 1 }],
    ['io', 200, 'User'],
  ]);
  await page.waitForFunction(() => (window as any).received.some((m: { kind: string }) => m.kind === 'loading.dismiss'));
  const desktop = await page.evaluate(() => ({ received: (window as any).received, helloOrigin: (window as any).helloOrigin }));
  assert.equal(desktop.helloOrigin, 'null');
  const kinds = desktop.received.map((m: { kind: string }) => m.kind);
  // The spec's ModulePrefs title goes first (the title bar shows it until the gadget sets its own).
  assert.deepEqual(kinds.slice(0, 6), ['hub.connect', 'window.title', 'window.height', 'hub.subscribe', 'hub.publish', 'io.request']);
  const height = desktop.received[2].height;
  assert.ok(height >= 345 && height <= 10_000, `fit-content height ${height}`);
  assert.equal(desktop.received[5].url, `${origin}/finesse/api/User/agent1`);
  assert.deepEqual(errors, []);
  await page.close();
});
