#!/usr/bin/env -S node --max-semi-space-size=64
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { ConfigFlag } from './config.js';
import { configFlags, configFromFlags, environmentVariable } from './config.js';
import { registerControlCommands } from './control-cli.js';
import { registerGadgetCommands } from './gadget-cli.js';
import { registerGadgetServeCommand } from './gadget-serve-cli.js';
import { startServer } from './server.js';
import { registerSiteCommands } from './site-cli.js';
import { registerStoreCommands } from './store-cli.js';
import type { RunningServer } from './server.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
const program = new Command('openfinesse').description('A self-hostable server that speaks the Cisco Finesse REST API and XMPP notifications').version(version);

/** One option per flagged field of the configuration schema: flag, environment variable, default, parser. */
function flagOption(flag: ConfigFlag): Option {
  const { meta, shownDefault } = flag;
  const option = new Option(meta.arg ? `${meta.flag} <${meta.arg}>` : meta.flag, meta.help).env(environmentVariable(meta.flag));
  if (shownDefault !== undefined) option.default(shownDefault);
  const text = meta.text;
  if (text) {
    option.argParser((value: string) => {
      const result = text.safeParse(value);
      if (!result.success) throw new InvalidArgumentError(result.error.issues[0]?.message ?? 'is invalid');
      return value;
    });
  }
  return option;
}

const start = program.command('start').description('start the server');
const flags = configFlags().map((flag) => ({ flag, option: flagOption(flag) }));
for (const { option } of flags) start.addOption(option);

start.action(async (options: Record<string, unknown>) => {
  const config = configFromFlags(new Map(flags.map(({ flag, option }) => [flag, options[option.attributeName()]])));
  // Handlers go in before the "ready" line: a signal that arrives with no handler kills the process
  // outright (exit by signal, no flush), and a supervisor may signal as soon as it reads that line.
  let server: RunningServer | null = null;
  let stopping: string | null = null;
  const shutDown = (running: RunningServer, signal: string): void => {
    running.logger.info({ event: 'shutdown', signal }, 'shutting down');
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        running.logger.error({ event: 'shutdown.failed', err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = signal;
    if (server) shutDown(server, signal);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  server = await startServer(config);
  if (stopping) shutDown(server, stopping);
  // The operator's way to tell us the configuration changed in the store behind our back.
  process.on('SIGHUP', () => void server?.reloadConfiguration());
});

registerGadgetServeCommand(registerGadgetCommands(program), () => configFlags().map((flag) => ({ flag, option: flagOption(flag) })));

registerControlCommands(program);
registerStoreCommands(program);
registerSiteCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`${JSON.stringify({ level: 60, event: 'fatal', msg: (error as Error).message })}\n`);
  process.exit(1);
});
