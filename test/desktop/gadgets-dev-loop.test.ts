import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { CLI, QUIET_PORTS } from '../support/child.js';
import { chromiumMissing, ensureDesktopBuilt, eventually, launchBrowser, openDesktop, signIn } from './support/browser.js';
import { gadgetFrame } from './support/gadgets.js';

// The developer loop of the README's "Write a gadget": `openfinesse gadget serve examples/hello-gadget`
// (a copy, so the test can edit it), the example running against the demo data in chromium, and the
// desktop reloading the gadget when one of its files changes.

const EXAMPLE = fileURLToPath(new URL('../../examples/hello-gadget/', import.meta.url));
let work: string;
let folder: string;
let child: ChildProcess;
let baseUrl: string;
let browser: Browser;

function serve(): Promise<string> {
  child = spawn(process.execPath, [CLI, 'gadget', 'serve', folder, ...QUIET_PORTS, '--data-dir', join(work, 'data')], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      const port = /^Desktop: http:\/\/[^:]+:(\d+)\/desktop\/$/.exec(line)?.[1];
      if (port) resolve(`http://127.0.0.1:${port}`);
    });
    child.on('exit', (code) => reject(new Error(`gadget serve exited (${code})\n${output.join('\n')}`)));
  });
}

before(async () => {
  if (chromiumMissing) return;
  assert.ok(existsSync(CLI), `${CLI} is missing: run "npm run build" first`);
  ensureDesktopBuilt();
  work = mkdtempSync(join(tmpdir(), 'gadget-dev-loop-'));
  folder = join(work, 'hello-gadget');
  cpSync(EXAMPLE, folder, { recursive: true });
  baseUrl = await serve();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  child?.kill('SIGTERM');
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the README example runs against the demo data under gadget serve and reloads when a file changes', { skip: chromiumMissing }, async () => {
  const { context, watch } = await openDesktop(browser, baseUrl);
  const page = watch.page;
  await signIn(page, baseUrl, 'agentA', '1001');
  await eventually(async () => assert.equal(await page.locator('[data-connection]').getAttribute('data-connection'), 'connected'));
  await page.getByRole('tab', { name: 'My gadget' }).click();
  const frame = await gadgetFrame(page, 'hello-gadget');
  await eventually(async () => assert.equal(await frame.locator('#name').textContent(), 'Alice Archer (1001)'), 10_000);
  await eventually(async () => assert.equal(await frame.locator('#state').textContent(), 'NOT_READY'));
  await eventually(async () => assert.equal(await page.getByTestId('gadget-title').filter({ hasText: 'Hello, agentA' }).count(), 1));

  await frame.locator('#ready').click();
  await eventually(async () => assert.equal(await frame.locator('#state').textContent(), 'READY'));
  await eventually(async () => assert.equal(await page.getByTestId('agent-state').getAttribute('data-state'), 'READY'));
  await frame.locator('#wave').click();
  await eventually(async () => assert.match((await frame.locator('#waves').textContent()) ?? '', /^agentA waved at /));

  await frame.evaluate(() => ((window as unknown as { before: boolean }).before = true));
  appendFileSync(join(folder, 'hello.js'), '\nwindow.helloEdited = true;\n');
  await eventually(async () => {
    const reloaded = await gadgetFrame(page, 'hello-gadget');
    assert.equal(await reloaded.evaluate(() => (window as unknown as { helloEdited?: boolean }).helloEdited), true);
    assert.equal(await reloaded.evaluate(() => (window as unknown as { before?: boolean }).before), undefined);
  }, 15_000);
  const reloaded = await gadgetFrame(page, 'hello-gadget');
  await eventually(async () => assert.equal(await reloaded.locator('#state').textContent(), 'READY'), 10_000);
  assert.deepEqual(watch.problems(), []);
  await context.close();
});
