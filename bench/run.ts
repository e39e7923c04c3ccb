import { benchCalls } from './calls.js';
import { benchCluster, clusterInstalled } from './cluster.js';
import { benchProsodyFanout, prosodyInstalled } from './prosody-fanout.js';
import { benchRestStateChanges } from './rest-state-changes.js';
import { benchSimulator } from './simulator.js';
import { benchStoreComparison } from './store-comparison.js';
import { benchSoak, parseSoakArgs, soakFailed } from './soak.js';
import { benchXmppFanout } from './xmpp-fanout.js';
import { benchXmppLogins } from './xmpp-logins.js';
import { benchXmppSessions } from './xmpp-sessions.js';

/** `npm run bench`: every benchmark in turn (but the soak), each printing one JSON line of figures; `npm run bench <name>`: one. */
const benches: [string, () => Promise<unknown>][] = [
  ['rest-state-changes', () => benchRestStateChanges()],
  // The same on SQLite and PostgreSQL side by side, at 1,000, 2,000 and 3,000 changes/s.
  ['store-comparison', () => benchStoreComparison()],
  // State changes and fan-out on one cluster node and on two (sessions on B, changes on A), on a throwaway PostgreSQL and NATS (skipped without them).
  [
    'cluster',
    async () => (clusterInstalled() ? benchCluster() : { skipped: 'postgresql or nats-server not installed (apt-get install postgresql nats-server)' }),
  ],
  ['xmpp-fanout', () => benchXmppFanout()],
  // The reference server, same shape, same run (skipped when Prosody is not installed).
  ['prosody-fanout', async () => (prosodyInstalled() ? benchProsodyFanout() : { skipped: 'prosody not installed (apt-get install prosody)' })],
  ['xmpp-logins', () => benchXmppLogins()],
  ['xmpp-sessions', () => benchXmppSessions()],
  ['calls', () => benchCalls()],
  // The phone system alone: CPU per call as agents and calls in progress grow.
  ['simulator', async () => [benchSimulator(200, 32, 20_000), benchSimulator(2000, 32, 20_000), benchSimulator(2000, 500, 5_000)]],
];

/**
 * Run only when named (`npm run bench soak -- --inputs 1000000 --max-seconds 1500`): the robustness soak
 * takes a quarter of an hour for its million inputs.
 */
const onlyWhenNamed: [string, () => Promise<unknown>][] = [
  [
    'soak',
    async () => {
      const result = await benchSoak(parseSoakArgs(process.argv.slice(3)));
      if (soakFailed(result)) process.exitCode = 1;
      return result;
    },
  ],
];

const only = process.argv[2];
if (only && ![...benches, ...onlyWhenNamed].some(([name]) => name === only)) {
  throw new Error(`no bench named ${only}: ${[...benches, ...onlyWhenNamed].map(([name]) => name).join(', ')}`);
}
for (const [name, run] of only ? [...benches, ...onlyWhenNamed] : benches) {
  if (only && only !== name) continue;
  const result = await run();
  for (const figures of Array.isArray(result) ? result : [result]) {
    process.stdout.write(`${JSON.stringify({ bench: name, ...(figures as object) })}\n`);
  }
}
