// The rest services and Utilities bundled by esbuild as a classic IIFE (as finesse.js is, gadget reference
// §4.1) and run inside a jsdom window: no Node globals, the window's own DOMParser, crypto and btoa.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { build } from 'esbuild';
import { JSDOM } from 'jsdom';
import { fixtures } from './finesse-rest-harness.js';

const ENTRY = `
import { createRestServices, setRestEnvironment } from './rest/index.js';
import { createUtilities } from './utilities.js';
window.bundled = { restservices: createRestServices(), Utilities: createUtilities(), setRestEnvironment };
`;

async function bundledWindow() {
  const result = await build({
    stdin: { contents: ENTRY, resolveDir: 'src/desktop/src/gadgets/finesse-js', loader: 'ts' },
    bundle: true,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.text;
  assert.doesNotMatch(code, /\brequire\(|\bBuffer\b|\bprocess\./, 'no Node APIs in the bundle');
  const dom = new JSDOM('<!doctype html><html><body></body></html>', { runScripts: 'outside-only', url: 'https://gadgets.example.com/' });
  dom.window.eval(code);
  return dom.window as any;
}

test('bundled as an IIFE in a browser window: User loads through the environment and follows an Update; Utilities work', async () => {
  const window = await bundledWindow();
  const { restservices, Utilities, setRestEnvironment } = window.bundled;
  const listeners: Record<string, (data: unknown) => void> = {};
  const urls: string[] = [];
  setRestEnvironment({
    config: () => ({ id: 'agentA', authorization: Utilities.b64Encode('agentA:demo'), host: 'finesse.example.com', hostPort: '8445', scheme: 'https' }),
    makeRequest(url: string, callback: (r: unknown) => void) {
      urls.push(url);
      const answer = fixtures.rest['/finesse/api/User/agentA']!;
      window.setTimeout(() => callback({ rc: answer.status, text: answer.body, errors: [] }), 0);
    },
    subscribe: (topic: string, onData: (data: unknown) => void) => {
      listeners[topic] = onData;
    },
    unsubscribe: () => undefined,
  });
  const user: any = await new Promise((resolve) => new restservices.User({ id: 'agentA', onLoad: resolve }));
  assert.match(urls[0]!, /^https:\/\/finesse\.example\.com:8445\/finesse\/api\/User\/agentA\?nocache=\d+$/);
  assert.equal(user.getFirstName(), 'Alice');
  const ready = fixtures.updates.find((u) => u.label === 'ready')!;
  listeners['finesse.api.User.agentA']!({ content: ready.text });
  assert.equal(user.getState(), 'READY', 'the object is parsed from content when the hub gives none');
  assert.match(Utilities.generateUUID(), /^[0-9a-f]{8}-[0-9a-f]{4}-4/);
  assert.equal(JSON.stringify(Utilities.xml2js('<a><b>1</b><b>2</b></a>')), '{"a":{"b":["1","2"]}}', 'objects of the window realm');
  assert.equal(Utilities.json2xml({ User: { state: 'READY' } }), '<User><state>READY</state></User>');
});
