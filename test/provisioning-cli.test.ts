/**
 * `openfinesse export` and `openfinesse import FILE` as child processes on a real store (the SQLite file of
 * a data directory; on the PostgreSQL pass each data directory's database; one test always crosses to
 * PostgreSQL): the round trip export → import into a fresh store → export gives the same YAML; a second
 * import changes nothing; `--dry-run` prints the diff and changes nothing; errors name file:line:column and
 * nothing is half-applied; an import reaches a running server on SIGHUP; and a `--config` file is applied
 * at start only when its text changed, so an administrator's edits survive restarts.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { CLI, QUIET_PORTS, startChild } from './support/child.js';
import type { ChildServer } from './support/child.js';
import { request } from './support/http.js';
import { createDatabase } from './support/postgres.js';
import { testStoreEnv } from './support/test-store.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'openfinesse-site-'));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node dist/cli.js …args` to completion, on the data directory's test store. */
async function cli(...args: string[]): Promise<Run> {
  assert.ok(existsSync(CLI), `${CLI} is missing: run "npm run build" first`);
  const env = await testStoreEnv(args, {});
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

async function ok(...args: string[]): Promise<string> {
  const run = await cli(...args);
  assert.equal(run.code, 0, `${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

async function stop(child: ChildServer): Promise<void> {
  child.process.kill('SIGTERM');
  await child.exited;
}

/** A data directory holding the demo site, its server stopped. */
async function demoStore(): Promise<string> {
  const dataDir = tempDir();
  await stop(await startChild(['--data-dir', dataDir, '--demo', ...QUIET_PORTS]));
  return dataDir;
}

let demo = '';
let site = '';
before(async () => {
  demo = await demoStore();
  site = await ok('export', '--data-dir', demo, '--with-password-hashes');
});

describe('export', () => {
  test('the whole site; users without passwords unless hashes are asked for', async () => {
    const plain = await ok('export', '--data-dir', demo);
    for (const section of ['settings:', 'teams:', 'users:', 'reasonCodes:', 'wrapUpReasons:', 'queues:', 'phoneBooks:'])
      assert.match(plain, new RegExp(`^${section}`, 'm'));
    assert.match(
      plain,
      /- loginId: supervisorA\n {4}loginName: supervisorA\n {4}firstName: Sara\n {4}lastName: Adams\n {4}roles:\n {6}- Agent\n {6}- Supervisor\n {4}team: "1"\n {4}supervises:\n {6}- "1"\n {4}disabled: false\n/,
    );
    assert.doesNotMatch(plain, /passwordHashes|SCRAM|storedKey/);
    assert.match(site, /passwordHashes:\n {6}SCRAM-SHA-1:\n {8}salt: /);
    assert.equal(await ok('export', '--data-dir', demo, '--with-password-hashes'), site, 'the same site exports to the same text');
  });

  test('a data directory without a store is an error, and none is created', async () => {
    const empty = join(tempDir(), 'none');
    const run = await cli('export', '--data-dir', empty, '--store', `sqlite:${join(empty, 'openfinesse.db')}`);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /there is no store at sqlite:/);
    assert.equal(existsSync(join(empty, 'openfinesse.db')), false);
  });
});

describe('import', () => {
  test('round trip: export → import into a fresh data dir → export again gives identical YAML; the passwords still work', async () => {
    const file = join(tempDir(), 'site.yaml');
    writeFileSync(file, site);
    const fresh = tempDir();
    const first = await ok('import', file, '--data-dir', fresh);
    assert.match(first, /\+ User agentA\n/);
    assert.match(first, /\d+ created, 0 changed, 0 deleted, 0 kept/);
    assert.equal(await ok('export', '--data-dir', fresh, '--with-password-hashes'), site);
    const again = await ok('import', file, '--data-dir', fresh);
    assert.match(again, /nothing to change: the store already matches/);
    const server = await startChild(['--data-dir', fresh, ...QUIET_PORTS]);
    try {
      assert.equal((await request(server.baseUrl, 'GET', '/finesse/api/User/agentA', { user: 'agentA' })).status, 200);
      const audit = await request(server.baseUrl, 'GET', `/openfinesse/api/audit?actor=${encodeURIComponent('openfinesse import')}&limit=1000`, {
        user: 'admin',
      });
      const entries = (JSON.parse(audit.body) as { entries: { resource: string; action: string }[] }).entries;
      assert.ok(entries.some((e) => e.resource === 'User' && e.action === 'create'));
      assert.ok(!JSON.stringify(entries).includes('storedKey'), 'no hashes in the audit log');
    } finally {
      await stop(server);
    }
  });

  test('--dry-run prints what would be created, changed, kept or deleted, and changes nothing', async () => {
    const dataDir = tempDir();
    const file = join(dataDir, 'site.yaml');
    writeFileSync(file, site);
    await ok('import', file, '--data-dir', dataDir);
    const edited = site
      .replace('firstName: Alice', 'firstName: Alicia')
      .replace('teams:\n', 'teams:\n  - { id: "7", name: Night shift }\n')
      .replace(/ {2}- id: "3"\n {4}label: Billing Issue\n {4}forAll: true\n {4}teams: \[\]\n/, '');
    writeFileSync(file, edited);
    const dry = await ok('import', file, '--data-dir', dataDir, '--dry-run');
    assert.match(dry, / {2}\+ Team 7\n/);
    assert.match(dry, / {2}~ User agentA: firstName\n/);
    assert.match(dry, / {2}= WrapUpReason 3 \(not in the file: kept\)\n/);
    assert.match(dry, /1 to create, 1 to change, 0 to delete, 1 kept\ndry run: nothing was changed\n$/);
    assert.match(await ok('import', file, '--data-dir', dataDir, '--dry-run', '--prune'), / {2}- WrapUpReason 3\n/);
    assert.equal(await ok('export', '--data-dir', dataDir, '--with-password-hashes'), site, 'a dry run changes nothing');

    await ok('import', file, '--data-dir', dataDir, '--prune');
    const after = await ok('export', '--data-dir', dataDir, '--with-password-hashes');
    assert.match(after, /firstName: Alicia/);
    assert.match(after, /name: Night shift/);
    assert.doesNotMatch(after, /Billing Issue/);
    assert.match(await ok('import', file, '--data-dir', dataDir, '--prune'), /nothing to change/);
  });

  test('a bad file names file:line:column, exits 1 and imports nothing', async () => {
    const dataDir = tempDir();
    const file = join(dataDir, 'site.yaml');
    writeFileSync(file, site);
    await ok('import', file, '--data-dir', dataDir);
    const lines = site.split('\n');
    const teamLine = lines.findIndex((l, i) => l === '    team: "2"' && lines[i - 6] === '  - loginId: agentC') + 1;
    assert.ok(teamLine > 0);
    const cases: [string, RegExp][] = [
      [site.replace('  - loginId: agentC\n', '  - loginId: agentC\n   bad: [\n'), /^openfinesse: .*site\.yaml:\d+:\d+: /],
      [
        site.replace(/( {2}- loginId: agentC\n(?: {4}.*\n){5}) {4}team: "2"/, '$1    team: "99"'),
        new RegExp(`site\\.yaml:${teamLine}:11: users\\[3\\]\\.team: team "99" is not defined in teams`),
      ],
      [
        `${site}\n`.replace('users:\n', 'users:\n  - loginId: newbie\n    firstName: New\n'),
        /site\.yaml:\d+:5: users\[0\]\.password: is required for a new user/,
      ],
      [
        'reasonCodes:\n  - { id: 1, category: NOT_READY, code: 10, label: Break }\n  - { id: 2, category: NOT_READY, code: 10, label: Other }\n',
        /site\.yaml:3:41: reasonCodes\[1\]\.code: code "NOT_READY code 10" is defined twice/,
      ],
    ];
    const books = Array.from({ length: 11 }, (_, i) => `  - { id: "${i + 1}", name: Book ${i + 1} }\n`).join('');
    cases.push([`phoneBooks:\n${books}`, /site\.yaml:12:5: phoneBooks\[10\]: more than 10 GLOBAL phone books/]);
    for (const [text, message] of cases) {
      writeFileSync(file, text);
      const run = await cli('import', file, '--data-dir', dataDir);
      assert.equal(run.code, 1, text.slice(0, 80));
      assert.match(run.stderr, message);
    }
    // Valid as a file, refused by the database (a loginName the store gives a user the file does not name): nothing is imported.
    writeFileSync(file, 'users:\n  - { loginId: twin, loginName: agentB, password: pw }\nteams:\n  - { id: "8", name: Eight }\n');
    const refused = await cli('import', file, '--data-dir', dataDir);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /nothing was imported/);
    assert.equal(await ok('export', '--data-dir', dataDir, '--with-password-hashes'), site, 'nothing was half-applied');
  });

  test('with the server running: the import is served after SIGHUP', async () => {
    const dataDir = await demoStore();
    const server = await startChild(['--data-dir', dataDir, ...QUIET_PORTS]);
    try {
      const file = join(dataDir, 'more.yaml');
      writeFileSync(
        file,
        'users:\n  - { loginId: late, password: pw, team: "1" }\nteams:\n  - { id: "1", name: Team A, wrapUpOnIncoming: OPTIONAL, wrapUpTimerSeconds: 60 }\n',
      );
      assert.match(await ok('import', file, '--data-dir', dataDir), /1 created/);
      server.process.kill('SIGHUP');
      let status = 0;
      for (let i = 0; i < 50 && status !== 200; i++) {
        status = (await request(server.baseUrl, 'GET', '/finesse/api/User/late', { user: 'late', password: 'pw' })).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(status, 200);
    } finally {
      await stop(server);
    }
  });

  test('across stores: a SQLite export imports into PostgreSQL and exports back identical', async () => {
    const file = join(tempDir(), 'site.yaml');
    writeFileSync(file, site);
    const url = await createDatabase();
    assert.match(await ok('import', file, '--store', url), /created/);
    assert.equal(await ok('export', '--store', url, '--with-password-hashes'), site);
    assert.match(await ok('import', file, '--store', url), /nothing to change/);
  });
});

describe('--config at start', () => {
  test('applied only when the file changed: an administrator edit of an item it names survives a restart', async () => {
    const dataDir = tempDir();
    const file = join(dataDir, 'center.yaml');
    writeFileSync(
      file,
      'teams:\n  - { id: "10", name: Billing }\nusers:\n  - { loginId: root, password: r00t, roles: [Administrator] }\n  - { loginId: jdoe, password: pw, team: "10" }\n',
    );
    const admin = { user: 'root', password: 'r00t' };
    let server = await startChild(['--data-dir', dataDir, '--config', file, ...QUIET_PORTS]);
    try {
      const edit = await request(server.baseUrl, 'PUT', '/openfinesse/api/teams/10', {
        ...admin,
        body: '{"name":"Billing and Collections"}',
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(edit.status, 200, edit.body);
    } finally {
      await stop(server);
    }
    server = await startChild(['--data-dir', dataDir, '--config', file, '--log-level', 'info', ...QUIET_PORTS]);
    try {
      assert.ok(server.lines.some((l) => l.includes('"provisioning.unchanged"')));
      const team = await request(server.baseUrl, 'GET', '/openfinesse/api/teams/10', admin);
      assert.equal((JSON.parse(team.body) as { name: string }).name, 'Billing and Collections', 'the edit survived the restart');
    } finally {
      await stop(server);
    }
    writeFileSync(file, readFileSync(file, 'utf8').replace('name: Billing', 'name: Billing East'));
    server = await startChild(['--data-dir', dataDir, '--config', file, ...QUIET_PORTS]);
    try {
      const team = await request(server.baseUrl, 'GET', '/openfinesse/api/teams/10', admin);
      assert.equal((JSON.parse(team.body) as { name: string }).name, 'Billing East', 'a changed file is applied');
    } finally {
      await stop(server);
    }
  });
});
