import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LATEST_MIGRATION } from '../../src/store/migrations.js';
import { openStore } from '../../src/store/open.js';
import { QUIET_PORTS, runChild, startChild } from '../support/child.js';
import { request, setState } from '../support/http.js';
import { postgres } from '../support/postgres.js';
import { parseXml, textAt } from '../support/xml.js';
import { POSTGRES, tempDir } from './support/drivers.js';

async function userXml(baseUrl: string, loginId: string) {
  const response = await request(baseUrl, 'GET', `/finesse/api/User/${loginId}`, { user: loginId });
  assert.equal(response.status, 200, response.body);
  return parseXml(response.body);
}

/** The one fatal line a failed start writes on stderr. */
function fatalLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, stderr);
  const line = JSON.parse(lines[0]!) as { event: string; msg: string };
  assert.equal(line.event, 'fatal');
  return line.msg;
}

describe('the server on PostgreSQL (node dist/cli.js start --store postgres://…)', () => {
  test('serves the demo, and a state change survives a restart', async () => {
    const spec = await POSTGRES.newSpec();
    assert.equal(spec.kind, 'postgres');
    const url = spec.kind === 'postgres' ? spec.url : '';
    const args = ['--store', url, '--demo', '--data-dir', tempDir(), ...QUIET_PORTS];
    let child = await startChild(args);
    try {
      assert.equal(textAt(await userXml(child.baseUrl, 'agentA'), 'loginId'), 'agentA');
      const health = JSON.parse((await request(child.baseUrl, 'GET', '/openfinesse/health')).body) as { store: { kind: string; location: string } };
      assert.equal(health.store.kind, 'postgres');
      assert.ok(!health.store.location.includes('test-password'), health.store.location);
      assert.ok(!child.lines.join('\n').includes('test-password'), 'the password is never logged');
      assert.equal((await setState(child.baseUrl, 'agentA', 'agentA', '<User><state>LOGIN</state><extension>1001</extension></User>')).status, 202);
      assert.equal((await setState(child.baseUrl, 'agentA', 'agentA', '<User><state>READY</state></User>')).status, 202);
    } finally {
      child.process.kill('SIGTERM');
      assert.deepEqual(await child.exited, { code: 0, signal: null });
    }
    // The second start finds the store provisioned: --demo adds nothing, the state is the one saved.
    child = await startChild(args, { OPENFINESSE_STORE: 'sqlite:/never/used.db' });
    try {
      const user = await userXml(child.baseUrl, 'agentA');
      assert.deepEqual([textAt(user, 'state'), textAt(user, 'extension')], ['READY', '1001']);
    } finally {
      child.process.kill('SIGTERM');
      await child.exited;
    }
  });

  test('OPENFINESSE_STORE chooses the store like --store', async () => {
    const spec = await POSTGRES.newSpec();
    const child = await startChild(['--demo', '--data-dir', tempDir(), ...QUIET_PORTS], { OPENFINESSE_STORE: spec.kind === 'postgres' ? spec.url : '' });
    try {
      const health = JSON.parse((await request(child.baseUrl, 'GET', '/openfinesse/health')).body) as { store: { kind: string } };
      assert.equal(health.store.kind, 'postgres');
    } finally {
      child.process.kill('SIGTERM');
      await child.exited;
    }
  });

  test('an unreachable database stops the start with one line naming the server and the reason, never the password', async () => {
    const cluster = await postgres();
    const url = `postgres://openfinesse:secret-word@127.0.0.1:1/openfinesse`;
    const result = await runChild(['--store', url, '--data-dir', tempDir(), ...QUIET_PORTS]);
    assert.equal(result.code, 1);
    assert.equal(
      fatalLine(result.stderr),
      'store (postgres://openfinesse@127.0.0.1:1/openfinesse): cannot reach PostgreSQL at 127.0.0.1:1: connection refused (ECONNREFUSED)',
    );
    assert.ok(!`${result.stdout}${result.stderr}`.includes('secret-word'));
    const wrong = await runChild(['--store', cluster.url('postgres').replace(cluster.password, 'nope'), '--data-dir', tempDir(), ...QUIET_PORTS]);
    assert.match(fatalLine(wrong.stderr), /authentication failed for user "openfinesse" \(wrong password\)$/);
  });

  test('a database migrated by a newer openfinesse stops the start with one line naming both migrations', async () => {
    const spec = await POSTGRES.newSpec();
    const store = await openStore(spec);
    await store.db
      .insertInto('kysely_migration' as never)
      .values({ name: '9999_from_the_future', timestamp: new Date().toISOString() } as never)
      .execute();
    await store.close();
    const result = await runChild(['--store', spec.kind === 'postgres' ? spec.url : '', '--data-dir', tempDir(), ...QUIET_PORTS]);
    assert.equal(result.code, 1);
    assert.ok(
      fatalLine(result.stderr).endsWith(
        `: the database was migrated by a newer openfinesse (migration 9999_from_the_future); this version knows up to ${LATEST_MIGRATION}`,
      ),
      result.stderr,
    );
  });

  test('a --store value that is neither sqlite: nor postgres:// is refused before anything starts', async () => {
    const result = await runChild(['--store', 'mysql://x', '--data-dir', tempDir(), ...QUIET_PORTS]);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /--store <url>.*must be sqlite:FILE or postgres:\/\/user:password@host:5432\/database/s);
  });
});
