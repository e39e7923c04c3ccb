/**
 * Hosted third-party gadgets (gadget reference §1.4, §1.5, §7.1): `GET|HEAD /3rdpartygadget/files/**`
 * from the gadget directory (no traversal, no encoded slashes, no dot-files, no symbolic links out, no
 * listing; ETag + no-cache, ACAO *, nosniff, CSP sandbox on active types) and the admin file API
 * `/openfinesse/api/gadgets/files` (upload 201/204, 5 MiB cap, delete, list, audited, administrators only).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { basic } from '../support/http.js';
import { rawRequest, uploadGadgetFile } from '../support/gadgets.js';
import type { TestServer } from '../support/server.js';
import { startTestServer } from '../support/server.js';

let server: TestServer;
let gadgetDir: string;
let outside: string;
const get = (path: string, headers: Record<string, string> = {}) => rawRequest(server.baseUrl, 'GET', path, { headers });
const admin = (method: string, path: string, body?: Buffer | string, user = 'admin') =>
  rawRequest(server.baseUrl, method, `/openfinesse/api${path}`, {
    headers: { authorization: basic(user), 'content-type': 'text/plain' },
    ...(body !== undefined ? { body } : {}),
  });

before(async () => {
  server = await startTestServer();
  gadgetDir = join(server.dataDir, '3rdpartygadget', 'files');
  outside = mkdtempSync(join(tmpdir(), 'openfinesse-outside-'));
  writeFileSync(join(outside, 'secret.txt'), 'secret');
  mkdirSync(join(gadgetDir, 'sample'), { recursive: true });
  writeFileSync(join(gadgetDir, 'sample', 'Sample.xml'), '<Module/>');
  writeFileSync(join(gadgetDir, 'sample', 'page.html'), '<p>x</p>');
  writeFileSync(join(gadgetDir, 'sample', 'font.woff2'), Buffer.from([1, 2, 3]));
  writeFileSync(join(gadgetDir, '.hidden'), 'hidden');
  symlinkSync(join(outside, 'secret.txt'), join(gadgetDir, 'sample', 'link.txt'));
  symlinkSync(outside, join(gadgetDir, 'out'));
});
after(async () => {
  await server.stop();
  rmSync(outside, { recursive: true, force: true });
});

describe('GET|HEAD /3rdpartygadget/files/**', () => {
  test('the default directory is <data-dir>/3rdpartygadget/files, created at start; a file is served with its type and headers', async () => {
    const r = await get('/3rdpartygadget/files/sample/Sample.xml');
    assert.equal(r.status, 200);
    assert.equal(r.body.toString(), '<Module/>');
    assert.equal(r.headers['content-type'], 'application/xml; charset=utf-8');
    assert.equal(r.headers['cache-control'], 'no-cache');
    assert.equal(r.headers['access-control-allow-origin'], '*');
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.equal(r.headers['content-security-policy'], 'sandbox');
    assert.match(String(r.headers.etag), /^"[0-9a-f]+-[0-9a-f]+"$/);
    const again = await get('/3rdpartygadget/files/sample/Sample.xml', { 'if-none-match': String(r.headers.etag) });
    assert.equal(again.status, 304);
    const head = await rawRequest(server.baseUrl, 'HEAD', '/3rdpartygadget/files/sample/Sample.xml');
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
  });

  test('types: html sandboxed, woff2 a font without sandbox', async () => {
    const html = await get('/3rdpartygadget/files/sample/page.html');
    assert.equal(html.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(html.headers['content-security-policy'], 'sandbox');
    const font = await get('/3rdpartygadget/files/sample/font.woff2');
    assert.equal(font.headers['content-type'], 'font/woff2');
    assert.equal(font.headers['content-security-policy'], undefined);
  });

  test('refused as 404: traversal, encoded slash or dots, dot-files, symbolic links out, folders (no listing), unknown files', async () => {
    for (const path of [
      '/3rdpartygadget/files/../../etc/passwd',
      '/3rdpartygadget/files/sample/..%2f..%2fetc%2fpasswd',
      '/3rdpartygadget/files/sample%2FSample.xml',
      '/3rdpartygadget/files/%2e%2e/%2e%2e/etc/passwd',
      '/3rdpartygadget/files/sample%5cSample.xml',
      '/3rdpartygadget/files/.hidden',
      '/3rdpartygadget/files/%2ehidden',
      '/3rdpartygadget/files/sample/link.txt',
      '/3rdpartygadget/files/out/secret.txt',
      '/3rdpartygadget/files/sample',
      '/3rdpartygadget/files/sample/',
      '/3rdpartygadget/files/',
      '/3rdpartygadget/files/missing.xml',
    ]) {
      const r = await get(path);
      assert.equal(r.status, 404, path);
      assert.doesNotMatch(r.body.toString(), /secret|hidden|Module/, path);
    }
  });
});

describe('the admin file API /openfinesse/api/gadgets/files', () => {
  test('PUT creates (201, folders made), replaces (204); the file is served; GET lists; DELETE 204 then 404; each change audited', async () => {
    assert.equal(await uploadGadgetFile(server.baseUrl, 'uploaded/deep/G.xml', '<Module>1</Module>'), 201);
    assert.equal((await get('/3rdpartygadget/files/uploaded/deep/G.xml')).body.toString(), '<Module>1</Module>');
    assert.equal(await uploadGadgetFile(server.baseUrl, 'uploaded/deep/G.xml', '<Module>22</Module>'), 204);
    assert.equal(readFileSync(join(gadgetDir, 'uploaded', 'deep', 'G.xml'), 'utf8'), '<Module>22</Module>');
    const list = await admin('GET', '/gadgets/files');
    assert.equal(list.status, 200);
    const { files } = JSON.parse(list.body.toString()) as { files: { path: string; size: number; modified: number }[] };
    const paths = files.map((f) => f.path);
    assert.ok(paths.includes('uploaded/deep/G.xml'));
    assert.ok(paths.includes('sample/Sample.xml'));
    assert.ok(!paths.some((p) => p.includes('.hidden') || p.includes('link.txt') || p.startsWith('out/')), paths.join());
    const g = files.find((f) => f.path === 'uploaded/deep/G.xml')!;
    assert.equal(g.size, 19);
    assert.ok(Math.abs(g.modified - Date.now()) < 60_000);

    assert.equal((await admin('DELETE', '/gadgets/files/uploaded/deep/G.xml')).status, 204);
    assert.equal((await get('/3rdpartygadget/files/uploaded/deep/G.xml')).status, 404);
    const again = await admin('DELETE', '/gadgets/files/uploaded/deep/G.xml');
    assert.equal(again.status, 404);
    assert.equal(JSON.parse(again.body.toString()).error.type, 'Not Found');

    const audit = await admin('GET', '/audit?resource=GadgetFile');
    const entries = JSON.parse(audit.body.toString()).entries as { action: string; resourceId: string; actor: string }[];
    assert.deepEqual(
      entries.filter((e) => e.resourceId === 'uploaded/deep/G.xml').map((e) => [e.action, e.actor]),
      [
        ['delete', 'admin'],
        ['update', 'admin'],
        ['create', 'admin'],
      ],
    );
  });

  test('any content type (or none) is stored as sent; an empty body is an empty file', async () => {
    const bytes = Buffer.from([0, 255, 10, 13, 128]);
    const r = await rawRequest(server.baseUrl, 'PUT', '/openfinesse/api/gadgets/files/bin/logo.png', {
      headers: { authorization: basic('admin'), 'content-type': 'application/json' },
      body: bytes,
    });
    assert.equal(r.status, 201);
    assert.deepEqual(readFileSync(join(gadgetDir, 'bin', 'logo.png')), bytes);
    const untyped = await rawRequest(server.baseUrl, 'PUT', '/openfinesse/api/gadgets/files/bin/untyped.js', {
      headers: { authorization: basic('admin'), 'content-length': '6' },
      body: 'var x;',
    });
    assert.equal(untyped.status, 201, untyped.body.toString());
    assert.equal(readFileSync(join(gadgetDir, 'bin', 'untyped.js'), 'utf8'), 'var x;');
    const empty = await rawRequest(server.baseUrl, 'PUT', '/openfinesse/api/gadgets/files/bin/empty.txt', { headers: { authorization: basic('admin') } });
    assert.equal(empty.status, 201);
    assert.equal(readFileSync(join(gadgetDir, 'bin', 'empty.txt'), 'utf8'), '');
  });

  test('413 above 5 MiB, nothing written; exactly 5 MiB accepted', async () => {
    const big = Buffer.alloc(5 * 1024 * 1024 + 1, 65);
    assert.equal(await uploadGadgetFile(server.baseUrl, 'big/too.txt', big), 413);
    assert.equal((await get('/3rdpartygadget/files/big/too.txt')).status, 404);
    assert.equal(await uploadGadgetFile(server.baseUrl, 'big/ok.txt', big.subarray(1)), 201);
  });

  test('400 for a path that names no file: traversal, encoded slash, dot-file, empty segment; no file written outside', async () => {
    for (const path of ['../escape.txt', 'a/../../escape.txt', 'a%2Fb.txt', '.htaccess', 'a/.git/config', 'a//b.txt', '%2e%2e/escape.txt', 'a%5cb.txt']) {
      const r = await admin('PUT', `/gadgets/files/${path}`, 'x');
      assert.equal(r.status, 400, path);
      assert.equal(JSON.parse(r.body.toString()).error.type, 'Bad Request', path);
    }
    assert.equal((await admin('PUT', '/gadgets/files/out/written.txt', 'x')).status, 400, 'through a symbolic link');
    assert.equal((await admin('PUT', '/gadgets/files/sample/Sample.xml/inner.txt', 'x')).status, 400, 'below a file');
    assert.equal((await admin('PUT', '/gadgets/files/sample', 'x')).status, 400, 'over a folder');
    assert.equal((await admin('PUT', '/gadgets/files/sample/link.txt', 'x')).status, 400, 'over a symbolic link');
    assert.equal(readFileSync(join(outside, 'secret.txt'), 'utf8'), 'secret');
    assert.throws(() => readFileSync(join(outside, 'written.txt')));
  });

  test('administrators only: an agent or supervisor gets 401, no credentials 401', async () => {
    for (const user of ['agentA', 'supervisorA']) {
      assert.equal((await admin('PUT', '/gadgets/files/x.txt', 'x', user)).status, 401);
      assert.equal((await admin('GET', '/gadgets/files', undefined, user)).status, 401);
      assert.equal((await admin('DELETE', '/gadgets/files/sample/Sample.xml', undefined, user)).status, 401);
    }
    assert.equal((await rawRequest(server.baseUrl, 'GET', '/openfinesse/api/gadgets/files')).status, 401);
    assert.equal((await get('/3rdpartygadget/files/sample/Sample.xml')).status, 200);
  });
});
