import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command, Option } from 'commander';
import { GadgetChanges } from './application/gadget-changes.js';
import { addServedTab, hostGadgetFolder, SERVED_TAB, watchGadgetFolder } from './composition/gadget-serve.js';
import type { ConfigFlag, ServerConfig } from './config.js';
import { configFromFlags } from './config.js';
import type { RunningServer } from './server.js';
import { startServer } from './server.js';

/** The `start` flags, built afresh for each command that takes them. */
export type FlagOptions = () => { flag: ConfigFlag; option: Option }[];

/** The demo users a gadget developer signs in as (provisioning/demo-data.ts: every password is `demo`). */
const DEMO_SIGN_INS = [
  { id: 'agentA', extension: '1001', role: 'Agent' },
  { id: 'supervisorA', extension: '1003', role: 'Supervisor' },
];

/** The gadget directory the server hosts at /3rdpartygadget/files: `--gadget-dir`, else its default. */
function gadgetDirOf(config: ServerConfig): string {
  return config.gadgetDir ?? join(config.dataDir, '3rdpartygadget', 'files');
}

/**
 * `openfinesse gadget serve FOLDER`: the demo contact center (embedded SQLite in a fresh temporary data
 * directory unless `--data-dir` is given) with FOLDER hosted under /3rdpartygadget/files/<name>/, its
 * top-level gadget specs on a "My gadget" tab for agents and supervisors, and the folder watched: each
 * change is copied and announced on /openfinesse/gadgets/changes so open desktops reload the gadget.
 */
export function registerGadgetServeCommand(gadget: Command, flagOptions: FlagOptions): void {
  const serve = gadget.command('serve').argument('<folder>', 'the gadget folder (its top-level *.xml files are the gadget specs)');
  serve.description('run the demo server with a gadget folder hosted, in the layout, and reloaded on change');
  const flags = flagOptions();
  for (const { option } of flags) serve.addOption(option);
  serve.action(async (folder: string, options: Record<string, unknown>) => {
    const fromFlags = configFromFlags(new Map(flags.map(({ flag, option }) => [flag, options[option.attributeName()]])));
    const temporary = serve.getOptionValueSource('dataDir') === 'default' ? mkdtempSync(join(tmpdir(), 'openfinesse-gadget-')) : null;
    const config: ServerConfig = { ...fromFlags, demo: true, dataDir: temporary ?? fromFlags.dataDir };
    const gadgetDir = gadgetDirOf(config);
    mkdirSync(gadgetDir, { recursive: true });
    const served = hostGadgetFolder(folder, gadgetDir);
    const changes = new GadgetChanges();
    let server: RunningServer | null = null;
    let stopWatching = (): void => undefined;
    // Handlers go in before the server starts, as for `start`: a signal with no handler kills outright.
    const stop = onceOnly(async () => {
      stopWatching();
      changes.close();
      await server?.close();
      if (temporary) rmSync(temporary, { recursive: true, force: true });
      process.exit(0);
    });
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    const running = await startServer(config, { gadgetChanges: changes });
    server = running;
    await addServedTab(running.layoutConfig, running.directory, served.specUrls);
    stopWatching = watchGadgetFolder(folder, served, (paths) => {
      changes.record(paths);
      running.logger.info({ event: 'gadget.changed', version: changes.version, paths }, 'gadget files changed');
    });
    printWelcome(running, served.name, served.specUrls);
  });
}

function onceOnly(run: () => Promise<void>): () => void {
  let started = false;
  return () => {
    if (started) return;
    started = true;
    run().catch((error: unknown) => {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exit(1);
    });
  };
}

function printWelcome(server: RunningServer, name: string, specUrls: readonly string[]): void {
  const { http, https } = server.ports;
  const host = ['0.0.0.0', '::', ''].includes(server.config.host) ? 'localhost' : server.config.host;
  const origin = http !== null ? `http://${host}:${http}` : `https://${host}:${https}`;
  const lines = [
    '',
    `Serving gadget folder "${name}" at ${origin}/3rdpartygadget/files/${name}/`,
    ...(specUrls.length > 0
      ? [`On the "${SERVED_TAB.label}" tab: ${specUrls.join(', ')}`]
      : ['No *.xml gadget spec at the top of the folder: nothing was added to the layout']),
    `Desktop: ${origin}/desktop/`,
    ...DEMO_SIGN_INS.map((user) => `  ${user.role}: ID ${user.id}, password demo, extension ${user.extension}`),
    'Edit the files: open desktops reload the gadget. Ctrl-C stops the server.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
