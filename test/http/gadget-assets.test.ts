/**
 * The static files gadgets load by absolute path (gadget reference §1.4): jQuery 3, Bootstrap 3.2.0 and
 * 5.3.1 (whole dist trees), and the built finesse.js, MessageDisplay.js and runtime.js (404 until built),
 * each with its type, an ETag, no-cache, ACAO * and nosniff; and the desktop page allowing gadget frames.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Fastify from 'fastify';
import { desktop as desktopPlugin } from '../../src/http/routes/desktop.js';
import { rawRequest } from '../support/gadgets.js';
import type { TestServer } from '../support/server.js';
import { startTestServer } from '../support/server.js';

let server: TestServer;
let assets: string;
let desktop: string;
const get = (path: string, headers: Record<string, string> = {}) => rawRequest(server.baseUrl, 'GET', path, { headers });

before(async () => {
  assets = mkdtempSync(join(tmpdir(), 'openfinesse-gadget-assets-'));
  writeFileSync(join(assets, 'runtime.js'), 'var gadgets = {};');
  writeFileSync(join(assets, 'MessageDisplay.js'), 'window.finesse = window.finesse || {};');
  desktop = mkdtempSync(join(tmpdir(), 'openfinesse-desktop-'));
  server = await startTestServer({ gadgetAssetsDir: assets });
});
after(async () => {
  await server.stop();
  rmSync(assets, { recursive: true, force: true });
  rmSync(desktop, { recursive: true, force: true });
});

const assertAssetHeaders = (r: Awaited<ReturnType<typeof get>>, type: string, path: string) => {
  assert.equal(r.status, 200, path);
  assert.equal(r.headers['content-type'], type, path);
  assert.equal(r.headers['cache-control'], 'no-cache', path);
  assert.equal(r.headers['access-control-allow-origin'], '*', path);
  assert.equal(r.headers['x-content-type-options'], 'nosniff', path);
  assert.match(String(r.headers.etag), /^"/, path);
};

describe('static gadget assets', () => {
  test('jQuery 3.7 at /desktop/assets/js/jquery.min.js, from the installed package', async () => {
    const r = await get('/desktop/assets/js/jquery.min.js');
    assertAssetHeaders(r, 'text/javascript; charset=utf-8', 'jquery');
    const require = createRequire(import.meta.url);
    assert.deepEqual(r.body, readFileSync(require.resolve('jquery/dist/jquery.min.js')));
    assert.match(r.body.subarray(0, 200).toString(), /jQuery v3\.7/);
    assert.equal((await get('/desktop/assets/js/jquery.min.js', { 'if-none-match': String(r.headers.etag) })).status, 304);
  });

  test('Bootstrap 3.2.0 and 5.3.1: css, js and fonts of their dist trees', async () => {
    const files: [string, string, RegExp][] = [
      ['/desktop/thirdparty/bootstrap/3.2.0/css/bootstrap.min.css', 'text/css; charset=utf-8', /Bootstrap v3\.2\.0/],
      ['/desktop/thirdparty/bootstrap/3.2.0/js/bootstrap.min.js', 'text/javascript; charset=utf-8', /Bootstrap v3\.2\.0/],
      ['/desktop/thirdparty/bootstrap/3.2.0/fonts/glyphicons-halflings-regular.woff', 'font/woff', /^wOFF/],
      ['/desktop/thirdparty/bootstrap/3.2.0/fonts/glyphicons-halflings-regular.ttf', 'font/ttf', /./],
      ['/desktop/thirdparty/bootstrap/5.3.1/css/bootstrap.min.css', 'text/css; charset=utf-8', /Bootstrap {2}v5\.3\.1/],
      ['/desktop/thirdparty/bootstrap/5.3.1/js/bootstrap.bundle.min.js', 'text/javascript; charset=utf-8', /Bootstrap v5\.3\.1/],
    ];
    for (const [path, type, head] of files) {
      const r = await get(path);
      assertAssetHeaders(r, type, path);
      assert.match(r.body.subarray(0, 300).toString('latin1'), head, path);
    }
    for (const path of [
      '/desktop/thirdparty/bootstrap/3.2.0/../../../package.json',
      '/desktop/thirdparty/bootstrap/3.2.0/%2e%2e/package.json',
      '/desktop/thirdparty/bootstrap/3.2.0/css%2fbootstrap.css',
      '/desktop/thirdparty/bootstrap/3.2.0/css/',
      '/desktop/thirdparty/bootstrap/4.0.0/css/bootstrap.css',
    ]) {
      assert.equal((await get(path)).status, 404, path);
    }
  });

  test('the built scripts: served from the assets folder once built, 404 while absent', async () => {
    const runtime = await get('/openfinesse/gadgets/runtime.js');
    assertAssetHeaders(runtime, 'text/javascript; charset=utf-8', 'runtime');
    assert.equal(runtime.body.toString(), 'var gadgets = {};');
    assert.equal((await get('/desktop/js/utilities/MessageDisplay.js')).body.toString(), 'window.finesse = window.finesse || {};');
    assert.equal((await get('/desktop/assets/js/finesse.js')).status, 404);
    writeFileSync(join(assets, 'finesse.js'), 'var finesse = {};');
    const built = await get('/desktop/assets/js/finesse.js');
    assertAssetHeaders(built, 'text/javascript; charset=utf-8', 'finesse.js');
    assert.equal(built.body.toString(), 'var finesse = {};');
  });
});

describe('the desktop page and gadget frames', () => {
  test("the desktop page's CSP allows frames of its own origin (the gadget documents)", async () => {
    mkdirSync(join(desktop, 'assets'), { recursive: true });
    writeFileSync(join(desktop, 'index.html'), '<!doctype html><title>desktop</title>');
    const app = Fastify();
    await app.register(desktopPlugin, { dir: desktop });
    const r = await app.inject({ method: 'GET', url: '/desktop/' });
    await app.close();
    assert.equal(r.statusCode, 200);
    assert.match(String(r.headers['content-security-policy']), /frame-src 'self'/);
    assert.match(String(r.headers['content-security-policy']), /frame-ancestors 'none'/);
  });
});
