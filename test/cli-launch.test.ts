import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { serverNodeFlags } from '../scripts/support/server-node-flags.js';
import { CLI } from './support/child.js';

const ROOT = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');

test('the server runs with a young generation sized for its allocation rate, however it is started', () => {
  const flags = serverNodeFlags(join(ROOT, 'src', 'cli.ts'));
  assert.deepEqual(flags, ['--max-semi-space-size=64']);
  // The built executable keeps the line, and `npm start` passes the same flags.
  assert.deepEqual(serverNodeFlags(CLI), flags);
  const start = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start as string;
  assert.match(start, new RegExp(`node ${flags.join(' ')} dist/cli\\.js start`));
  // This Node accepts them: the executable starts.
  const version = execFileSync(process.execPath, [...flags, CLI, '--version'], { encoding: 'utf8' }).trim();
  assert.equal(version, JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
});

test('a first line that is not "#!/usr/bin/env -S node [flags]" is an error, not an empty list', () => {
  const dir = mkdtempSync(join(tmpdir(), 'openfinesse-flags-'));
  try {
    const file = join(dir, 'cli.js');
    for (const [line, expected] of [
      ['#!/usr/bin/env node', []],
      ['#!/usr/bin/env -S node --a=1 --b', ['--a=1', '--b']],
    ] as const) {
      writeFileSync(file, `${line}\nconsole.log(1);\n`);
      assert.deepEqual(serverNodeFlags(file), expected);
    }
    for (const line of ['#!/bin/sh', 'console.log(1);', '#!/usr/bin/env -S node --a; rm -rf /']) {
      writeFileSync(file, `${line}\n`);
      assert.throws(() => serverNodeFlags(file), /the first line is not/);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
