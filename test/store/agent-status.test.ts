import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { createCredentials } from '../../src/accounts/credentials.js';
import type { UserAccount } from '../../src/domain/model.js';
import { SIGNED_OUT } from '../../src/domain/model.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'openfinesse-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const agent: UserAccount = { loginId: 'agentW', loginName: 'agentW', firstName: 'W', lastName: 'T', roles: ['Agent'], teamId: null, supervisedTeamIds: [] };
const credentials = createCredentials('demo', 1);

test('"wrap-up data still required" is saved and loaded with the agent status', () => {
  const file = join(dir, 'a.db');
  const store = new SqliteStore(file);
  store.saveUser(agent, credentials);
  store.saveAgentStatus('agentW', { ...SIGNED_OUT, state: 'WORK_READY', extension: '2001', stateChangeTime: 5, wrapUpDataRequired: true }, 1);
  store.close();
  const reopened = new SqliteStore(file);
  assert.equal(reopened.loadUsers()[0]!.status.wrapUpDataRequired, true);
  reopened.saveAgentStatus('agentW', { ...SIGNED_OUT }, 2);
  assert.equal(reopened.loadUsers()[0]!.status.wrapUpDataRequired, false);
  reopened.close();
});

test('a database of schema 3 gains the column; statuses saved before read as owing nothing', () => {
  const file = join(dir, 'v3.db');
  const db = new Database(file);
  db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  for (const m of MIGRATIONS.filter((m) => m.version <= 3)) {
    db.exec(m.sql);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, 0)').run(m.version, m.description);
  }
  db.prepare("INSERT INTO users VALUES ('agentW', 'agentW', 'W', 'T', '[\"Agent\"]', NULL, '{}')").run();
  db.prepare("INSERT INTO agent_status (login_id, state, extension) VALUES ('agentW', 'WORK', '2001')").run();
  db.close();
  const store = new SqliteStore(file);
  assert.equal(store.schemaVersion(), MIGRATIONS.at(-1)!.version);
  const status = store.loadUsers()[0]!.status;
  assert.deepEqual([status.state, status.wrapUpDataRequired], ['WORK', false]);
  store.close();
});
