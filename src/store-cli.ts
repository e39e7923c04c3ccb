import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { progress } from './cli-progress.js';
import type { TableCount } from './store/copy.js';
import { copyStore } from './store/copy.js';
import { openStore } from './store/open.js';
import type { StoreSpec } from './store/spec.js';
import { describeSpec, parseStoreSpec, STORE_SPEC_HELP } from './store/spec.js';
import type { KyselyStore } from './store/store.js';

function storeArgument(value: string): StoreSpec {
  try {
    return parseStoreSpec(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number above 0');
  return n;
}

/** `openfinesse store copy`: moves an installation from one database to another. */
export function registerStoreCommands(program: Command): void {
  const store = program.command('store').description('work on a store (the database) directly, with no server running on it');
  store
    .command('copy')
    .description('copy every table of one store into another (SQLite to PostgreSQL or back), then compare the row counts')
    .requiredOption('--from <store>', `the store to read: ${STORE_SPEC_HELP}`, storeArgument)
    .requiredOption('--to <store>', 'the store to fill (migrated first; it must be empty unless --force)', storeArgument)
    .option('--force', 'replace whatever the target already holds')
    .option('--batch-size <rows>', 'rows read and inserted at a time', positiveInteger, 500)
    .action(copyCommand);
}

type CopyCommandOptions = { from: StoreSpec; to: StoreSpec; force?: boolean; batchSize: number };

async function copyCommand(options: CopyCommandOptions): Promise<void> {
  if (options.from.kind === 'sqlite' && !existsSync(options.from.file)) throw new Error(`the source ${describeSpec(options.from)} does not exist`);
  const stores: KyselyStore[] = [];
  try {
    const source = await openNamed('source', options.from, stores);
    const target = await openNamed('target', options.to, stores);
    const line = progress();
    process.stdout.write(`copying ${describeSpec(options.from)} to ${describeSpec(options.to)}\n`);
    const counts = await copyStore(source, target, {
      force: options.force === true,
      batchSize: options.batchSize,
      onProgress: (table, copied, total) => line.show(`${table}: ${copied}/${total} rows`),
    });
    line.done(`copied ${counts.length} tables`);
    process.stdout.write(verification(counts));
    if (counts.some((c) => c.source !== c.target)) process.exitCode = 1;
  } finally {
    for (const s of stores) await s.close();
  }
}

async function openNamed(role: string, spec: StoreSpec, opened: KyselyStore[]): Promise<KyselyStore> {
  try {
    const store = await openStore(spec, { poolSize: 2, statementTimeoutMs: 0 });
    opened.push(store);
    return store;
  } catch (error) {
    throw new Error(`${role} ${describeSpec(spec)}: ${(error as Error).message}`);
  }
}

/** Rows per table in the source and the target, and the verdict. */
function verification(counts: TableCount[]): string {
  const width = Math.max(...counts.map((c) => c.table.length));
  const lines = counts.map(
    (c) => `  ${c.table.padEnd(width)}  ${String(c.source).padStart(9)}  ${String(c.target).padStart(9)}  ${c.source === c.target ? 'ok' : 'MISMATCH'}`,
  );
  const total = counts.reduce((n, c) => n + c.source, 0);
  const bad = counts.filter((c) => c.source !== c.target).length;
  const verdict = bad === 0 ? `${total} rows in ${counts.length} tables: the target matches the source` : `${bad} tables differ between source and target`;
  return `${['verification:', `  ${'table'.padEnd(width)}  ${'source'.padStart(9)}  ${'target'.padStart(9)}`, ...lines, verdict].join('\n')}\n`;
}
