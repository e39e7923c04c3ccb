import { benchRestStateChanges } from './rest-state-changes.js';
import { benchXmppFanout } from './xmpp-fanout.js';

/** `npm run bench`: every benchmark in turn, each printing one JSON line of figures. */
const benches: [string, () => Promise<unknown>][] = [
  ['rest-state-changes', () => benchRestStateChanges()],
  ['xmpp-fanout', () => benchXmppFanout()],
];

const only = process.argv[2];
for (const [name, run] of benches) {
  if (only && only !== name) continue;
  const result = await run();
  process.stdout.write(`${JSON.stringify({ bench: name, ...(result as object) })}\n`);
}
