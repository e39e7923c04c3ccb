import { spawn } from 'node:child_process';
import { postgres } from '../test/support/postgres.js';

/**
 * Runs a command with one throwaway PostgreSQL cluster for all of it (`test/support/postgres.ts`: Debian's
 * binaries, a temporary directory, a free port) and the suite's servers on it: OPENFINESSE_TEST_PG_URL
 * names the cluster, OPENFINESSE_TEST_STORE=postgres gives every test server a database of its own. The
 * cluster is stopped when the command ends; the exit code is the command's.
 *
 *   node --import tsx scripts/with-postgres.ts node --import tsx --test test/smoke.test.ts
 */
const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: with-postgres.ts COMMAND [ARG...]');
  process.exit(2);
}
const cluster = await postgres();
const address = `postgres://${encodeURIComponent(cluster.user)}:${encodeURIComponent(cluster.password)}@${cluster.host}:${cluster.port}/`;
console.log(`PostgreSQL for the tests on ${cluster.host}:${cluster.port}`);
const child = spawn(command, args, {
  stdio: 'inherit',
  env: { ...process.env, OPENFINESSE_TEST_PG_URL: address, OPENFINESSE_TEST_STORE: 'postgres' },
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
