/**
 * `openfinesse gadget upload FOLDER`: every file of a folder (dot-files left out) through the admin file
 * API, kept under the folder's name, with a progress line; a refusal stops it with exit code 1.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { rawRequest } from '../support/gadgets.js';
import type { TestServer } from '../support/server.js';
import { startTestServer } from '../support/server.js';

const CLI_SOURCE = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI_SOURCE, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

let server: TestServer;
let work: string;
before(async () => {
  server = await startTestServer();
  work = mkdtempSync(join(tmpdir(), 'openfinesse-gadget-cli-'));
  mkdirSync(join(work, 'My Gadget', 'css'), { recursive: true });
  writeFileSync(join(work, 'My Gadget', 'MyGadget.xml'), '<Module/>');
  writeFileSync(join(work, 'My Gadget', 'css', 'style.css'), 'body{}');
  writeFileSync(join(work, 'My Gadget', '.DS_Store'), 'x');
});
after(async () => {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('openfinesse gadget upload', () => {
  test('uploads every file under the folder name, printing progress and a summary; the files are served', async () => {
    const r = await runCli(['gadget', 'upload', join(work, 'My Gadget'), '--server', server.baseUrl, '--user', 'admin', '--password', 'demo']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), [
      'uploading 1/2 My Gadget/MyGadget.xml',
      'uploading 2/2 My Gadget/css/style.css',
      `uploaded 2 files (1 KiB) to ${server.baseUrl}/3rdpartygadget/files/My%20Gadget/`,
    ]);
    assert.equal((await rawRequest(server.baseUrl, 'GET', '/3rdpartygadget/files/My%20Gadget/MyGadget.xml')).body.toString(), '<Module/>');
    assert.equal((await rawRequest(server.baseUrl, 'GET', '/3rdpartygadget/files/My%20Gadget/css/style.css')).body.toString(), 'body{}');
    assert.equal((await rawRequest(server.baseUrl, 'GET', '/3rdpartygadget/files/My%20Gadget/.DS_Store')).status, 404);
  });

  test('a refusal (not an administrator) stops with exit code 1 and the reason', async () => {
    const r = await runCli(['gadget', 'upload', join(work, 'My Gadget'), '--server', server.baseUrl, '--user', 'agentA', '--password', 'demo']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /My Gadget\/MyGadget\.xml: 401 Authorization Failure/);
  });

  test('a path that is not a folder is refused', async () => {
    const r = await runCli(['gadget', 'upload', join(work, 'missing'), '--server', server.baseUrl]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /is not a folder/);
  });
});
