/**
 * The gadget renderer `GET /gadgets/ifr` (gadget reference §1.2, §1.3, §2.1, §7.1): the spec (a hosted
 * file) and the bundles of the viewer's locale, rendered byte-exact as bootstrap JSON + runtime + Content
 * + onload call, with the document headers; cached by URL with an mtime check, `nocache=1` loading again;
 * and a small HTML error page with a 4xx for what cannot be rendered.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Writable } from 'node:stream';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '../../src/logging.js';
import { startServer } from '../../src/server.js';
import type { TestServer } from '../support/server.js';
import { startTestServer } from '../support/server.js';
import { testStoreFor } from '../support/test-store.js';

const SPEC = `<?xml version="1.0" encoding="UTF-8"?>
<Module>
  <ModulePrefs title="__MSG_title__" height="200">
    <Require feature="pubsub-2"/>
    <Optional feature="unknown-optional"/>
    <Optional feature="dynamic-height"><Param name="min">50</Param></Optional>
    <Locale messages="msgs/ALL_ALL.xml"/>
    <Locale lang="de" messages="msgs/de_ALL.xml"/>
  </ModulePrefs>
  <UserPref name="host" datatype="hidden" default_value="localhost"/>
  <UserPref name="colour" default_value="red"/>
  <Content type="html"><![CDATA[<link rel="stylesheet" href="style.css"><script src="/desktop/assets/js/finesse.js"></script><h1>__MSG_title__ __UP_colour__ __UP_host__ #__MODULE_ID__</h1><img src="../img/x.png"><a href="rel.html">a</a>]]></Content>
</Module>`;

let server: TestServer;
let dir: string;
const render = (query: string) => fetch(`${server.baseUrl}/gadgets/ifr?${query}`);
const SPEC_URL = encodeURIComponent('/3rdpartygadget/files/fixture/Fixture.xml?a=1&b=2');
const put = (path: string, text: string) => writeFileSync(join(dir, path), text);

before(async () => {
  server = await startTestServer();
  dir = join(server.dataDir, '3rdpartygadget', 'files', 'fixture');
  mkdirSync(join(dir, 'msgs'), { recursive: true });
  put('Fixture.xml', SPEC);
  put('msgs/ALL_ALL.xml', '<messagebundle><msg name="title">Hello</msg><msg name="x">X</msg></messagebundle>');
  put('msgs/de_ALL.xml', '<messagebundle><msg name="title">Hallo &lt;/script&gt;</msg></messagebundle>');
});
after(() => server.stop());

describe('GET /gadgets/ifr', () => {
  test('the document byte-exact: bootstrap JSON (< escaped), runtime, substituted and rewritten Content, onload call; the headers', async () => {
    const r = await render(`url=${SPEC_URL}&mid=7&lang=de&country=DE&up_colour=%3Cb%3E`);
    assert.equal(r.status, 200);
    const o = server.baseUrl;
    const bootstrap =
      `{"mid":7,"specUrl":"${o}/3rdpartygadget/files/fixture/Fixture.xml?a=1&b=2","desktopOrigin":"${o}","title":"Hallo \\u003c/script>",` +
      `"height":200,"scrolling":false,"view":"default","views":["default"],"features":{"pubsub-2":{},"dynamic-height":{"min":"50"}},` +
      `"lang":"de","country":"DE","languageDirection":"ltr","messages":{"title":"Hallo \\u003c/script>","x":"X"},` +
      `"userPrefs":{"host":{"defaultValue":"localhost","datatype":"hidden","displayName":"host","required":false},` +
      `"colour":{"defaultValue":"red","datatype":"string","displayName":"colour","required":false}}}`;
    const expected =
      `<!DOCTYPE html><html><head><script type="application/json" id="openfinesse-gadget">${bootstrap}</script>` +
      '<script src="/openfinesse/gadgets/runtime.js"></script></head><body>' +
      `<link rel="stylesheet" href="${o}/3rdpartygadget/files/fixture/style.css"><script src="${o}/desktop/assets/js/finesse.js"></script>` +
      `<h1>Hallo </script> &lt;b&gt; localhost #7</h1><img src="${o}/3rdpartygadget/files/img/x.png"><a href="rel.html">a</a>` +
      '<script>gadgets.util.runOnLoadHandlers()</script></body></html>';
    assert.equal(await r.text(), expected);
    assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(r.headers.get('cache-control'), 'private, no-cache');
    assert.equal(r.headers.get('content-security-policy'), `frame-ancestors ${o}`);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(r.headers.get('referrer-policy'), 'strict-origin-when-cross-origin');
    assert.equal(r.headers.get('x-frame-options'), null);
  });

  test('bundles by language: en gets the default bundle, de_AT falls back to de, an unknown language to the default', async () => {
    const title = async (lang: string, country: string) => {
      const html = await (await render(`url=${SPEC_URL}&lang=${lang}&country=${country}`)).text();
      return /<h1>(.*) \S+ \S+ #\d+<\/h1>/.exec(html)![1];
    };
    assert.equal(await title('en', 'US'), 'Hello');
    assert.equal(await title('de', 'AT'), 'Hallo </script>');
    assert.equal(await title('fr', 'FR'), 'Hello');
  });

  test('up_ prefs override the declared defaults (HTML-escaped); defaults otherwise; the Content of a canvas view', async () => {
    const html = await (await render(`url=${SPEC_URL}&up_host=h%22x&up_colour=blue&mid=3`)).text();
    assert.match(html, /<h1>Hello blue h&quot;x #3<\/h1>/);
    const canvas = await render(`url=${SPEC_URL}&view=canvas`);
    assert.equal(canvas.status, 200, 'a view without its own Content gets the default one');
  });

  test('cached by URL while the file is unchanged; nocache=1 loads again and refreshes the cache', async () => {
    const bundle = join(dir, 'msgs', 'ALL_ALL.xml');
    const title = async (extra = '') => /<h1>(.*?) /.exec(await (await render(`url=${SPEC_URL}&lang=en${extra}`)).text())![1];
    assert.equal(await title(), 'Hello');
    // Same size, same modification time: the cache cannot tell, and keeps the old text.
    const { atimeMs, mtimeMs } = statSync(bundle);
    put('msgs/ALL_ALL.xml', '<messagebundle><msg name="title">Hellp</msg><msg name="x">X</msg></messagebundle>');
    utimesSync(bundle, atimeMs / 1000, mtimeMs / 1000);
    assert.equal(await title(), 'Hello');
    assert.equal(await title('&nocache=1'), 'Hellp');
    assert.equal(await title(), 'Hellp');
    // A change the modification time shows is read without nocache.
    put('msgs/ALL_ALL.xml', '<messagebundle><msg name="title">Bonjour</msg></messagebundle>');
    utimesSync(bundle, atimeMs / 1000, mtimeMs / 1000 + 5);
    assert.equal(await title(), 'Bonjour');
  });
});

describe('GET /gadgets/ifr errors: a small HTML page with a 4xx', () => {
  const cases: [string, string, number, RegExp][] = [
    ['unknown file', `url=${encodeURIComponent('/3rdpartygadget/files/fixture/None.xml')}`, 404, /No such gadget file/],
    ['not under /3rdpartygadget/files/', `url=${encodeURIComponent('/desktop/index.html')}`, 404, /Not a hosted gadget file/],
    ['bad XML', `url=${encodeURIComponent('/3rdpartygadget/files/fixture/Bad.xml')}`, 422, /document/],
    ['unknown Require feature', `url=${encodeURIComponent('/3rdpartygadget/files/fixture/Unknown.xml')}`, 422, /unsupported required feature\(s\): flash/],
    ['type="url" Content', `url=${encodeURIComponent('/3rdpartygadget/files/fixture/Url.xml')}`, 422, /only inline html Content/],
    ['no url', 'mid=1', 400, /url/],
    ['a secret pref in the URL', `url=${SPEC_URL}&up_authorization=x`, 400, /secret pref/],
    ['another server (no allow-listed fetcher yet)', `url=${encodeURIComponent('https://gadgets.example.com/g.xml')}`, 403, /not allowed/],
  ];
  before(() => {
    put('Bad.xml', '<Module><ModulePrefs></Module>');
    put('Unknown.xml', '<Module><ModulePrefs><Require feature="flash"/></ModulePrefs><Content type="html">x</Content></Module>');
    put('Url.xml', '<Module><Content type="url" href="https://x.example/g.html"/></Module>');
  });
  for (const [name, query, status, reason] of cases) {
    test(name, async () => {
      const r = await render(query);
      assert.equal(r.status, status);
      assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.match(r.headers.get('content-security-policy') ?? '', /^frame-ancestors /);
      const html = await r.text();
      assert.match(html, /^<!DOCTYPE html>.*Gadget not available/);
      assert.match(html, reason);
      assert.doesNotMatch(html, /<script/);
    });
  }
});

describe('GET /gadgets/ifr error log', () => {
  test('a page that cannot be rendered logs one JSON line gadget.render_failed with the status and the reason', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const dataDir = mkdtempSync(join(tmpdir(), 'openfinesse-render-log-'));
    const logged = await startServer(
      { demo: true, dataDir, store: await testStoreFor(dataDir), httpPort: 0, httpsPort: null, xmppPort: null, boshPort: null, boshTlsPort: null },
      { logger: createLogger('warn', sink) },
    );
    try {
      const r = await fetch(`http://127.0.0.1:${logged.ports.http}/gadgets/ifr?url=${encodeURIComponent('/3rdpartygadget/files/none.xml')}&mid=4`);
      assert.equal(r.status, 404);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const line = lines.map((l) => JSON.parse(l)).find((l) => l.event === 'gadget.render_failed');
      assert.ok(line, lines.join('\n'));
      assert.equal(line.status, 404);
      assert.match(line.reason, /No such gadget file: \/3rdpartygadget\/files\/none\.xml/);
      assert.match(line.url, /^\/gadgets\/ifr\?url=/);
    } finally {
      await logged.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
