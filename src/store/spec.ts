import { join } from 'node:path';
import { postgresLocation } from './postgres-errors.js';

/** Which database holds the store: an SQLite file, or a PostgreSQL database by URL. */
export type StoreSpec = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export const STORE_SPEC_HELP = 'sqlite:FILE or postgres://user:password@host:5432/database';

/** `sqlite:./data/openfinesse.db`, `sqlite:///abs/file.db`, `postgres://…` or `postgresql://…`; throws naming the forms otherwise. */
export function parseStoreSpec(text: string): StoreSpec {
  const value = text.trim();
  if (/^postgres(ql)?:\/\//i.test(value)) {
    try {
      new URL(value);
    } catch {
      throw new Error(`"${postgresLocationSafe(value)}" is not a valid PostgreSQL URL (${STORE_SPEC_HELP})`);
    }
    return { kind: 'postgres', url: value };
  }
  const sqlite = /^sqlite:(?:\/\/)?(.+)$/i.exec(value);
  if (sqlite) return { kind: 'sqlite', file: sqlite[1]! };
  throw new Error(`must be ${STORE_SPEC_HELP}`);
}

/** The `--store` value, or SQLite in the data directory when there is none. */
export function storeSpecOf(store: string | null, dataDir: string): StoreSpec {
  return store ? parseStoreSpec(store) : { kind: 'sqlite', file: join(dataDir, 'openfinesse.db') };
}

/** Where the store is, as it may be shown: the file, or the URL without its password. */
export function describeSpec(spec: StoreSpec): string {
  return spec.kind === 'sqlite' ? `sqlite:${spec.file}` : postgresLocation(spec.url);
}

function postgresLocationSafe(text: string): string {
  return text.replace(/:[^:@/]*@/, '@');
}
