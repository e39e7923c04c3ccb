import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { testStoreFor } from './test-store.js';

/**
 * Runs one SQL statement on the store of a test server's data directory, whichever database it is on (see
 * test-store.ts), for tests that look at or change the rows behind the server's back. Parameters are `?`
 * on both. Rows as the database driver gives them.
 */
export async function queryStore<Row = Record<string, unknown>>(dataDir: string, sql: string, params: unknown[] = []): Promise<Row[]> {
  const url = await testStoreFor(dataDir);
  if (url === null) {
    const db = new Database(join(dataDir, 'openfinesse.db'));
    try {
      db.pragma('busy_timeout = 5000');
      const statement = db.prepare(sql);
      if (statement.reader) return statement.all(...params) as Row[];
      statement.run(...params);
      return [];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    let n = 0;
    const numbered = sql.replace(/\?/g, () => `$${++n}`);
    const result = await client.query(numbered, params);
    return result.rows as Row[];
  } finally {
    await client.end();
  }
}
