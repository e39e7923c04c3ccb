import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Option } from 'commander';
import { ConfigError } from './provisioning/plan.js';
import { locatedError, PlanFileError, readPlanFile } from './provisioning/plan-file.js';
import { countChanges } from './provisioning/provision.js';
import type { SiteChange, SiteChanges } from './provisioning/site-changes.js';
import { planChanges } from './provisioning/site-changes.js';
import { exportSite } from './provisioning/site-export.js';
import { readSite } from './provisioning/site.js';
import { openStore } from './store/open.js';
import { describeSpec, STORE_SPEC_HELP, storeSpecOf } from './store/spec.js';
import type { StoreSpec } from './store/spec.js';
import type { KyselyStore } from './store/store.js';

/** Who the audit rows of an import name. */
export const IMPORT_ACTOR = 'openfinesse import';

interface StoreOptions {
  store?: string;
  dataDir: string;
}

const storeOptions = (command: Command): Command =>
  command
    .addOption(new Option('--store <url>', `the store: ${STORE_SPEC_HELP} (default: sqlite:<data-dir>/openfinesse.db)`).env('OPENFINESSE_STORE'))
    .addOption(new Option('--data-dir <dir>', 'the data directory of the SQLite store').env('OPENFINESSE_DATA_DIR').default('./data'));

/**
 * `openfinesse export` and `openfinesse import FILE`: the site (settings, teams, users, reason codes,
 * wrap-up reasons, queues, phone books) as a provisioning file, read from and written to the configured
 * store directly — with the server stopped or running (a running server reads the change on SIGHUP).
 */
export function registerSiteCommands(program: Command): void {
  storeOptions(program.command('export'))
    .description('write the whole site as a provisioning file (YAML) to standard output')
    .option('--with-password-hashes', "include each user's stored password hashes (otherwise no passwords)")
    .action(async (options: StoreOptions & { withPasswordHashes?: boolean }) => {
      const spec = specOf(options);
      if (spec.kind === 'sqlite' && !existsSync(spec.file)) return fail(`there is no store at ${describeSpec(spec)}`);
      await withStore(spec, async (store) => {
        process.stdout.write(exportSite(await readSite(store), { withPasswordHashes: options.withPasswordHashes === true }));
      });
    });

  storeOptions(program.command('import').argument('<file>', 'the provisioning file (YAML)'))
    .description('apply a provisioning file to the store in one transaction (idempotent), printing what changes')
    .option('--dry-run', 'print what would change, change nothing')
    .option('--prune', 'delete the users, teams, reason codes, wrap-up reasons and phone books the file does not name (otherwise they are kept)')
    .action(async (file: string, options: StoreOptions & { dryRun?: boolean; prune?: boolean }) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        return fail(`cannot read ${file}: ${(error as Error).message}`);
      }
      const planFile = (() => {
        try {
          return readPlanFile(text, file);
        } catch (error) {
          if (error instanceof PlanFileError) return fail(error.message);
          throw error;
        }
      })();
      if (!planFile) return;
      const spec = specOf(options);
      await withStore(spec, async (store) => {
        let changes: SiteChanges;
        try {
          changes = planChanges(planFile.plan, await readSite(store), { prune: options.prune === true, actor: IMPORT_ACTOR, at: Date.now() });
        } catch (error) {
          if (error instanceof ConfigError) return fail(locatedError(file, planFile.locate, error).message);
          return fail((error as Error).message);
        }
        process.stdout.write(`${file} against ${describeSpec(spec)}:\n${changes.changes.map(changeLine).join('')}`);
        const counts = countChanges(changes);
        const summary = `${counts.created} to create, ${counts.updated} to change, ${counts.deleted} to delete, ${counts.kept} kept`;
        if (counts.created + counts.updated + counts.deleted === 0) {
          process.stdout.write(`nothing to change: the store already matches ${file} (${counts.kept} kept)\n`);
          return;
        }
        if (options.dryRun) {
          process.stdout.write(`${summary}\ndry run: nothing was changed\n`);
          return;
        }
        try {
          await store.commit(changes.writes);
        } catch (error) {
          return fail(`nothing was imported: ${(error as Error).message}`);
        }
        process.stdout.write(`${summary.replace(/ to (create|change|delete)/g, (_m, verb: string) => ` ${verb === 'change' ? 'changed' : `${verb}d`}`)}\n`);
        process.stdout.write('a running server reads the change when it gets SIGHUP (kill -HUP <pid>), or at its next start\n');
      });
    });
}

const SIGNS: Record<SiteChange['action'], string> = { create: '+', update: '~', delete: '-', keep: '=' };

function changeLine(change: SiteChange): string {
  const detail = change.action === 'update' ? `: ${change.fields.join(', ')}` : change.action === 'keep' ? ' (not in the file: kept)' : '';
  return `  ${SIGNS[change.action]} ${change.resource} ${change.id}${detail}\n`;
}

function specOf(options: StoreOptions): StoreSpec {
  return storeSpecOf(options.store ?? null, options.dataDir);
}

async function withStore(spec: StoreSpec, work: (store: KyselyStore) => Promise<void>): Promise<void> {
  let store: KyselyStore;
  try {
    store = await openStore(spec, { poolSize: 2, statementTimeoutMs: 0 });
  } catch (error) {
    return fail(`store ${describeSpec(spec)}: ${(error as Error).message}`);
  }
  try {
    await work(store);
  } finally {
    await store.close();
  }
}

function fail(message: string): undefined {
  process.stderr.write(`openfinesse: ${message}\n`);
  process.exitCode = 1;
  return undefined;
}
