import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { desktop } from '../../src/http/routes/desktop.js';

// The static file route on its own, over a throw-away directory, so it does not need a desktop build.
let app: FastifyInstance;
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'openfinesse-desktop-'));
  mkdirSync(join(dir, 'site', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'site', 'index.html'), '<!doctype html><title>d</title>');
  writeFileSync(join(dir, 'site', 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(dir, 'site', 'assets', 'index-abc123.css'), 'body{}');
  writeFileSync(join(dir, 'site', 'favicon.svg'), '<svg/>');
  writeFileSync(join(dir, 'site', '.env'), 'SECRET=1');
  writeFileSync(join(dir, 'secret.txt'), 'outside the desktop');
  app = Fastify();
  await app.register(desktop, { dir: join(dir, 'site') });
  await app.ready();
});
after(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

test('/ and /desktop redirect to /desktop/', async () => {
  for (const url of ['/', '/desktop']) {
    const r = await app.inject({ url });
    assert.equal(r.statusCode, 302);
    assert.equal(r.headers.location, '/desktop/');
  }
});

test('index.html: HTML, revalidated, with a same-origin content security policy', async () => {
  const r = await app.inject({ url: '/desktop/' });
  assert.equal(r.statusCode, 200);
  assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(r.headers['cache-control'], 'no-cache');
  assert.match(String(r.headers['content-security-policy']), /connect-src 'self'/);
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
  const again = await app.inject({ url: '/desktop/', headers: { 'if-none-match': String(r.headers.etag) } });
  assert.equal(again.statusCode, 304);
  assert.equal(again.body, '');
});

test('hashed assets: right content type and cached for a year', async () => {
  const js = await app.inject({ url: '/desktop/assets/index-abc123.js' });
  assert.equal(js.statusCode, 200);
  assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal((await app.inject({ url: '/desktop/assets/index-abc123.css' })).headers['content-type'], 'text/css; charset=utf-8');
  assert.equal((await app.inject({ url: '/desktop/favicon.svg' })).headers['content-type'], 'image/svg+xml');
  assert.equal((await app.inject({ method: 'HEAD', url: '/desktop/favicon.svg' })).statusCode, 200);
});

test('nothing outside the desktop directory, no dotfiles, no directory listings', async () => {
  for (const url of [
    '/desktop/../secret.txt',
    '/desktop/%2e%2e/secret.txt',
    '/desktop/assets/..%2f..%2fsecret.txt',
    '/desktop/..%5csecret.txt',
    '/desktop/.env',
    '/desktop/assets',
    '/desktop/missing.js',
    '/desktop/%00',
    '/desktop/%E0%A4%A',
  ]) {
    const r = await app.inject({ url });
    assert.ok(r.statusCode === 404 || r.statusCode === 400, `${url}: ${r.statusCode}`);
    assert.doesNotMatch(r.body, /outside the desktop|SECRET/, url);
  }
});

test('a server without a desktop build says how to build it', async () => {
  const bare = Fastify();
  await bare.register(desktop, { dir: join(dir, 'nothing-here') });
  const r = await bare.inject({ url: '/desktop/' });
  assert.equal(r.statusCode, 503);
  assert.match(r.body, /npm run build/);
  await bare.close();
});
