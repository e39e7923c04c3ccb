import { benchCalls } from './calls.js';
import { benchProsodyFanout, prosodyInstalled } from './prosody-fanout.js';
import { benchRestStateChanges } from './rest-state-changes.js';
import { benchXmppFanout } from './xmpp-fanout.js';
import { benchXmppLogins } from './xmpp-logins.js';
import { benchXmppSessions } from './xmpp-sessions.js';

/** `npm run bench`: every benchmark in turn, each printing one JSON line of figures. */
const benches: [string, () => Promise<unknown>][] = [
  ['rest-state-changes', () => benchRestStateChanges()],
  ['xmpp-fanout', () => benchXmppFanout()],
  // The reference server, same shape, same run (skipped when Prosody is not installed).
  ['prosody-fanout', async () => (prosodyInstalled() ? benchProsodyFanout() : { skipped: 'prosody not installed (apt-get install prosody)' })],
  ['xmpp-logins', () => benchXmppLogins()],
  ['xmpp-sessions', () => benchXmppSessions()],
  ['calls', () => benchCalls()],
];

const only = process.argv[2];
for (const [name, run] of benches) {
  if (only && only !== name) continue;
  const result = await run();
  for (const figures of Array.isArray(result) ? result : [result]) {
    process.stdout.write(`${JSON.stringify({ bench: name, ...(figures as object) })}\n`);
  }
}
