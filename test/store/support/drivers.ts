import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCredentials } from '../../../src/accounts/credentials.js';
import type { Credentials } from '../../../src/accounts/credentials.js';
import type { UserAccount } from '../../../src/domain/model.js';
import type { StoreSpec } from '../../../src/store/spec.js';
import { createDatabase } from '../../support/postgres.js';

/** One store contract, two databases (the hono way: one suite, every implementation). */
export interface StoreDriver {
  name: 'SQLite' | 'PostgreSQL';
  /** Where a new, empty store goes. */
  newSpec(): Promise<StoreSpec>;
}

const dirs: string[] = [];
process.once('exit', () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A temporary directory removed when the test process exits. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'openfinesse-store-'));
  dirs.push(dir);
  return dir;
}

export const SQLITE: StoreDriver = { name: 'SQLite', newSpec: async () => ({ kind: 'sqlite', file: join(tempDir(), 'openfinesse.db') }) };
export const POSTGRES: StoreDriver = { name: 'PostgreSQL', newSpec: async () => ({ kind: 'postgres', url: await createDatabase() }) };
export const STORE_DRIVERS: readonly StoreDriver[] = [SQLITE, POSTGRES];

/** Credentials are slow to derive: one set shared by every test user. */
export const CREDENTIALS: Credentials = createCredentials('demo', 1);

export function agent(loginId: string, teamId: string | null = null, supervisedTeamIds: string[] = []): UserAccount {
  return { loginId, loginName: loginId, firstName: loginId, lastName: 'Test', roles: ['Agent'], teamId, supervisedTeamIds };
}
