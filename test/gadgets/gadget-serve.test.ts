import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import { CLI, QUIET_PORTS } from '../support/child.js';
import { request } from '../support/http.js';

// `openfinesse gadget serve FOLDER` as a developer runs it: a child process from dist, a folder on disk.

let work: string;
let folder: string;
let child: ChildProcess;
let baseUrl: string;
const output: string[] = [];

const SPEC = (title: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<Module><ModulePrefs title="${title}"><Require feature="pubsub-2"/></ModulePrefs>
<Content type="html"><![CDATA[<div id="hello">Hello</div><script src="hello.js"></script>]]></Content></Module>
`;

function startServe(args: string[]): Promise<string> {
  child = spawn(process.execPath, [CLI, 'gadget', 'serve', folder, ...QUIET_PORTS, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      const desktop = /^Desktop: (http:\/\/\S+)\/desktop\/$/.exec(line);
      if (desktop) resolve(desktop[1]!);
    });
    child.on('exit', (code) => reject(new Error(`gadget serve exited (${code})\n${output.join('\n')}\n${stderr}`)));
  });
}

before(async () => {
  assert.ok(existsSync(CLI), `${CLI} is missing: run "npm run build" first`);
  work = mkdtempSync(join(tmpdir(), 'gadget-serve-test-'));
  folder = join(work, 'hello-gadget');
  mkdirSync(join(folder, 'img'), { recursive: true });
  writeFileSync(join(folder, 'Hello.xml'), SPEC('Hello'));
  writeFileSync(join(folder, 'hello.js'), 'var greeting = "first";\n');
  writeFileSync(join(folder, 'img', 'note.txt'), 'a nested file\n');
  writeFileSync(join(folder, '.hidden'), 'never served\n');
  baseUrl = await startServe(['--data-dir', join(work, 'data')]);
});

after(() => {
  child?.kill('SIGTERM');
  if (work) rmSync(work, { recursive: true, force: true });
});

async function changes(since: number | null): Promise<{ version: number; paths: string[] }> {
  const r = await fetch(`${baseUrl}/openfinesse/gadgets/changes${since === null ? '' : `?since=${since}`}`);
  assert.equal(r.status, 200);
  return (await r.json()) as { version: number; paths: string[] };
}

test('prints the desktop URL and the demo sign-ins', () => {
  const text = output.join('\n');
  assert.match(text, /Serving gadget folder "hello-gadget" at http:\/\/\S+\/3rdpartygadget\/files\/hello-gadget\//);
  assert.match(text, /Agent: ID agentA, password demo, extension 1001/);
  assert.match(text, /Supervisor: ID supervisorA, password demo, extension 1003/);
});

test('the folder is hosted under /3rdpartygadget/files/<folder name>/, hidden files are not', async () => {
  const copy = join(work, 'data', '3rdpartygadget', 'files', 'hello-gadget');
  assert.ok(existsSync(join(copy, 'img', 'note.txt')));
  assert.ok(!existsSync(join(copy, '.hidden')));
  assert.match(await (await fetch(`${baseUrl}/3rdpartygadget/files/hello-gadget/hello.js`)).text(), /"first"/);
  assert.match(await (await fetch(`${baseUrl}/3rdpartygadget/files/hello-gadget/img/note.txt`)).text(), /nested/);
  assert.equal((await fetch(`${baseUrl}/3rdpartygadget/files/hello-gadget/.hidden`)).status, 404);
});

test('the default layout has a "My gadget" tab with the spec for agents and supervisors', async () => {
  const r = await request(baseUrl, 'GET', '/finesse/api/LayoutConfig/default', { user: 'admin' });
  assert.equal(r.status, 200);
  const layout = r.body.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const tabs = [...layout.matchAll(/<tab><id>myGadget<\/id><label>My gadget<\/label><gadgets><gadget>([^<]+)<\/gadget><\/gadgets><\/tab>/g)];
  assert.equal(tabs.length, 2, layout);
  for (const tab of tabs) assert.equal(tab[1], '/3rdpartygadget/files/hello-gadget/Hello.xml');
  assert.match(layout, /<role>Agent<\/role>[\s\S]*myGadget[\s\S]*<role>Supervisor<\/role>[\s\S]*myGadget/);
});

test('an edited file is copied again and the change feed names it with a new version; a poll waits for it', async () => {
  const start = await changes(null);
  assert.deepEqual(start.paths, []);
  const waiting = changes(start.version);
  const early = await Promise.race([waiting.then(() => 'answered'), new Promise((resolve) => setTimeout(() => resolve('waiting'), 300))]);
  assert.equal(early, 'waiting', 'a poll with nothing new waits');

  writeFileSync(join(folder, 'hello.js'), 'var greeting = "second";\n');
  const report = await waiting;
  assert.equal(report.version, start.version + 1);
  assert.deepEqual(report.paths, ['/3rdpartygadget/files/hello-gadget/hello.js']);
  assert.match(readFileSync(join(work, 'data', '3rdpartygadget', 'files', 'hello-gadget', 'hello.js'), 'utf8'), /"second"/);
  assert.match(await (await fetch(`${baseUrl}/3rdpartygadget/files/hello-gadget/hello.js`)).text(), /"second"/);

  writeFileSync(join(folder, 'img', 'added.txt'), 'new\n');
  const next = await changes(report.version);
  assert.equal(next.version, report.version + 1);
  assert.deepEqual(next.paths, ['/3rdpartygadget/files/hello-gadget/img/added.txt']);
  assert.deepEqual((await changes(start.version)).paths, ['/3rdpartygadget/files/hello-gadget/hello.js', '/3rdpartygadget/files/hello-gadget/img/added.txt']);
});

test('a removed file is no longer served', async () => {
  const start = await changes(null);
  rmSync(join(folder, 'img', 'note.txt'));
  const report = await changes(start.version);
  assert.deepEqual(report.paths, ['/3rdpartygadget/files/hello-gadget/img/note.txt']);
  assert.equal((await fetch(`${baseUrl}/3rdpartygadget/files/hello-gadget/img/note.txt`)).status, 404);
});
