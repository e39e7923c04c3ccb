import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { SIGNED_OUT } from '../../src/domain/model.js';
import { LATEST_MIGRATION, MIGRATION_NAMES } from '../../src/store/migrations.js';
import { openStore } from '../../src/store/open.js';
import type { StoreSpec } from '../../src/store/spec.js';
import { postgres } from '../support/postgres.js';
import { CREDENTIALS, STORE_DRIVERS, tempDir } from './support/drivers.js';
import { LEGACY_MIGRATIONS } from './support/legacy-schema.js';

/** A database as the legacy migrator left it, at `version`. */
function legacyDatabase(file: string, version: number): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  for (const m of LEGACY_MIGRATIONS.filter((m) => m.version <= version)) {
    db.exec(m.sql);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, 0)').run(m.version, m.description);
  }
  return db;
}

/** Tables, columns, foreign keys and indexes of an SQLite database, in a form two databases can be compared by. */
function structure(file: string): unknown {
  const db = new Database(file, { readonly: true });
  try {
    const tables = (
      db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'kysely_%' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name",
        )
        .all() as { name: string }[]
    ).map((t) => t.name);
    return tables.map((name) => ({
      name,
      columns: (db.pragma(`table_info(${name})`) as { name: string; type: string; notnull: number; dflt_value: unknown; pk: number }[]).map((c) => [
        c.name,
        c.type.toUpperCase(),
        c.notnull,
        c.dflt_value,
        c.pk,
      ]),
      foreignKeys: (db.pragma(`foreign_key_list(${name})`) as { table: string; from: string; to: string; on_delete: string }[])
        .map((f) => [f.from, f.table, f.to, f.on_delete])
        .sort(),
      indexes: (db.pragma(`index_list(${name})`) as { name: string; unique: number; origin: string; partial: number }[])
        .map((i) => [i.origin === 'c' ? i.name : i.origin, i.unique, i.partial, (db.pragma(`index_info(${i.name})`) as { name: string }[]).map((c) => c.name)])
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    }));
  } finally {
    db.close();
  }
}

describe('one migration history, and the legacy SQLite databases', () => {
  test('a new SQLite database has the same tables, columns, keys and indexes as one the legacy migrator made, brought up to date', async () => {
    const dir = tempDir();
    legacyDatabase(join(dir, 'legacy.db'), 5).close();
    await (await openStore({ kind: 'sqlite', file: join(dir, 'legacy.db') })).close();
    const fresh = await openStore({ kind: 'sqlite', file: join(dir, 'new.db') });
    await fresh.close();
    assert.deepEqual(structure(join(dir, 'new.db')), structure(join(dir, 'legacy.db')));
  });

  test('a database of the legacy migrator (schema 5) opens with its data intact, its steps recorded as applied, only the later steps run', async () => {
    const file = join(tempDir(), 'openfinesse.db');
    const db = legacyDatabase(file, 5);
    db.exec(`
      INSERT INTO teams VALUES ('1', 'Team A', 'REQUIRED', 'OPTIONAL', 60);
      INSERT INTO users VALUES ('agentA', 'agentA', 'Agent', 'A', '["Agent"]', '1', '${JSON.stringify(CREDENTIALS)}');
      INSERT INTO users VALUES ('boss', 'boss', 'Super', 'Visor', '["Agent","Supervisor"]', '1', '{}');
      INSERT INTO team_supervisors VALUES ('1', 'boss');
      INSERT INTO agent_status (login_id, state, state_change_time, reason_code_id, extension, wrap_up_data_required, version)
        VALUES ('agentA', 'NOT_READY', 1700000000000, '2', '1001', 0, 7);
      INSERT INTO agent_status (login_id, state) VALUES ('boss', 'LOGOUT');
      INSERT INTO reason_codes VALUES ('2', 'NOT_READY', 2, 'Lunch', 1, '[]');
      INSERT INTO wrap_up_reasons VALUES ('1', 'Sales Inquiry', 0, '["1"]');
      INSERT INTO queues VALUES ('1', 'Sales', '["5000"]', '["1"]', '[]', 15, 600);
      INSERT INTO pubsub_subscriptions VALUES ('/finesse/api/Team/1/Users', 'boss@localhost', 'sub1', 42);
      INSERT INTO call_history VALUES ('10000010', 1, 2, 3, '4085550100', '5000', 'ACD_IN', '1', 'Sales', '["agentA"]', 1, '', '{}', 'completed');
      INSERT INTO live_calls VALUES ('10000011', '{"phase":"talking"}', 9);
      INSERT INTO sequences VALUES ('call', 12000000);
    `);
    // Everything but the outbox and the users, which later steps change (0012 adds users.disabled), and the
    // audit log and team messages, which later steps add.
    const tablesBefore =
      "SELECT name, sql FROM sqlite_master WHERE name NOT LIKE '%kysely_migration%' AND name NOT LIKE 'outbox%' AND name <> 'users' AND name NOT LIKE 'audit_log%' AND name NOT LIKE '%team_messages%' ORDER BY name";
    const schemaBefore = db.prepare(tablesBefore).all();
    db.close();

    const store = await openStore({ kind: 'sqlite', file });
    const users = await store.loadUsers();
    assert.deepEqual(
      users.map((u) => [u.account.loginId, u.account.supervisedTeamIds, u.version, u.status.state, u.status.extension, u.status.reasonCodeId]),
      [
        ['agentA', [], 7, 'NOT_READY', '1001', '2'],
        ['boss', ['1'], 0, 'LOGOUT', null, null],
      ],
    );
    assert.deepEqual(users[0]!.credentials, CREDENTIALS);
    assert.deepEqual(
      users.map((u) => u.disabled),
      [false, false],
      'users of a legacy database are enabled',
    );
    assert.deepEqual(
      (await store.loadTeams()).map((t) => [t.id, t.settings.wrapUpTimerSeconds]),
      [['1', 60]],
    );
    assert.deepEqual(
      (await store.loadReasonCodes()).map((r) => r.label),
      ['Lunch'],
    );
    assert.deepEqual(
      (await store.loadWrapUpReasons()).map((w) => w.teamIds),
      [['1']],
    );
    assert.deepEqual(
      (await store.loadQueues()).map((q) => q.dialedNumbers),
      [['5000']],
    );
    assert.deepEqual(await store.loadSubscriptions(), [{ node: '/finesse/api/Team/1/Users', jid: 'boss@localhost', subid: 'sub1', createdAt: 42 }]);
    assert.deepEqual(
      (await store.loadCallRecords(0, 10)).map((r) => r.id),
      ['10000010'],
    );
    assert.deepEqual(await store.loadLiveCalls(), [{ id: '10000011', state: '{"phase":"talking"}', updatedAt: 9 }]);
    // It keeps working: the version continues, the sequence continues.
    await store.commit([{ kind: 'agentStatus', loginId: 'agentA', status: { ...SIGNED_OUT, state: 'LOGOUT' }, version: 8 }]);
    assert.equal(await store.reserveIds('call', 10), 12_000_000);
    await store.close();

    const after = new Database(file, { readonly: true });
    // The legacy tables are untouched; later steps only add tables of their own.
    const names = new Set((schemaBefore as { name: string }[]).map((r) => r.name));
    assert.deepEqual(
      (after.prepare(tablesBefore).all() as { name: string }[]).filter((r) => names.has(r.name)),
      schemaBefore,
    );
    assert.deepEqual(
      (after.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map((r) => r.name).at(-1),
      LATEST_MIGRATION,
    );
    assert.equal((after.prepare('SELECT COUNT(*) AS n FROM kysely_migration').get() as { n: number }).n, MIGRATION_NAMES.length);
    after.close();
  });

  test('a legacy database of schema 3 gains the later steps; statuses saved before read as owing nothing at version 0', async () => {
    const file = join(tempDir(), 'v3.db');
    const db = legacyDatabase(file, 3);
    db.prepare("INSERT INTO users VALUES ('agentW', 'agentW', 'W', 'T', '[\"Agent\"]', NULL, '{}')").run();
    db.prepare("INSERT INTO agent_status (login_id, state, extension) VALUES ('agentW', 'WORK', '2001')").run();
    db.close();
    const store = await openStore({ kind: 'sqlite', file });
    const [user] = await store.loadUsers();
    assert.deepEqual([user!.status.state, user!.status.wrapUpDataRequired, user!.version], ['WORK', false, 0]);
    await store.commit([{ kind: 'liveCall', call: { id: 'c', state: '{}', updatedAt: 1 } }]);
    await store.close();
  });

  for (const driver of STORE_DRIVERS) {
    test(`${driver.name}: a step missing before a later applied one (parallel branches merged) is applied, the others kept`, async () => {
      const spec = await driver.newSpec();
      const store = await openStore(spec);
      await store.commit([{ kind: 'phoneBook', book: { id: '1', name: 'Kept', type: 'GLOBAL', teamIds: [] } }]);
      // As if 0007 came from a branch merged after this database had 0009.
      await store.db.schema.dropTable('audit_log').execute();
      await store.db
        .deleteFrom('kysely_migration' as never)
        .where('name' as never, '=', '0007_audit_log' as never)
        .execute();
      await store.close();
      const reopened = await openStore(spec);
      assert.deepEqual(await reopened.loadAudit({ limit: 10 }), []);
      assert.deepEqual(
        (await reopened.loadPhoneBooks()).map((b) => b.name),
        ['Kept'],
      );
      const applied = (await reopened.db
        .selectFrom('kysely_migration' as never)
        .select('name' as never)
        .execute()) as { name: string }[];
      assert.deepEqual(applied.map((r) => r.name).sort(), [...MIGRATION_NAMES].sort());
      await reopened.close();
    });

    test(`${driver.name}: 0013 refuses reason codes that already share a code value or a global label, naming them`, async () => {
      const spec = await driver.newSpec();
      const store = await openStore(spec);
      // The database as 0012 left it, with what the API refused but an earlier import could store.
      await sql`DROP INDEX reason_codes_code_unique`.execute(store.db);
      await sql`DROP INDEX reason_codes_global_label_unique`.execute(store.db);
      await store.db
        .deleteFrom('kysely_migration' as never)
        .where('name' as never, '=', '0013_reason_code_unique' as never)
        .execute();
      const row = (id: string, code: number, label: string) => ({ id, category: 'NOT_READY', code, label, for_all: 1, team_ids: '[]' });
      await store.db
        .insertInto('reason_codes')
        .values([row('1', 10, 'Lunch'), row('2', 10, 'Break'), row('3', 11, 'Lunch'), row('4', 12, 'Other')])
        .execute();
      await store.close();
      await assert.rejects(openStore(spec), {
        message: /^reason codes share a code value or a global label, .*: NOT_READY 10 \(ids 1, 2\); NOT_READY Lunch \(ids 1, 3\); change or delete/,
      });
    });

    test(`${driver.name}: a schema newer than the code is refused, naming both migrations`, async () => {
      const spec = await driver.newSpec();
      const store = await openStore(spec);
      await store.db
        .insertInto('kysely_migration' as never)
        .values({ name: '9999_from_the_future', timestamp: new Date().toISOString() } as never)
        .execute();
      await store.close();
      await assert.rejects(openStore(spec), {
        message: `the database was migrated by a newer openfinesse (migration 9999_from_the_future); this version knows up to ${LATEST_MIGRATION}`,
      });
    });
  }
});

describe('PostgreSQL that cannot be used says why', () => {
  const url = async (change: (u: URL) => void): Promise<StoreSpec> => {
    const cluster = await postgres();
    const u = new URL(cluster.url('postgres'));
    change(u);
    return { kind: 'postgres', url: u.toString() };
  };

  test('nothing listening on the port', async () => {
    const server = await import('node:net').then(
      (net) =>
        new Promise<number>((resolve) => {
          const s = net.createServer().listen(0, '127.0.0.1', () => {
            const port = (s.address() as { port: number }).port;
            s.close(() => resolve(port));
          });
        }),
    );
    await assert.rejects(
      openStore(
        await url((u) => {
          u.port = String(server);
        }),
      ),
      { message: `cannot reach PostgreSQL at 127.0.0.1:${server}: connection refused (ECONNREFUSED)` },
    );
  });

  test('a wrong password', async () => {
    const cluster = await postgres();
    await assert.rejects(
      openStore(
        await url((u) => {
          u.password = 'wrong';
        }),
      ),
      { message: `PostgreSQL at 127.0.0.1:${cluster.port}: authentication failed for user "${cluster.user}" (wrong password)` },
    );
  });

  test('a database that does not exist', async () => {
    const cluster = await postgres();
    await assert.rejects(
      openStore(
        await url((u) => {
          u.pathname = '/nothing_here';
        }),
      ),
      { message: `PostgreSQL at 127.0.0.1:${cluster.port}: database "nothing_here" does not exist` },
    );
    // The cluster itself is fine: pg can still connect.
    const client = new pg.Client({ connectionString: cluster.url('postgres') });
    await client.connect();
    await client.end();
  });
});
