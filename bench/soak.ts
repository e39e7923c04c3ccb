import { DEFAULT_SOAK, parseSoakArgs, type SoakOptions } from './soak/options.js';
import { type SoakResult, soakFailed } from './soak/result.js';
import { startServer } from './soak/server.js';
import { SoakRun } from './soak/soak-run.js';

/*
 * The robustness soak (issue 8, item 6): a million or more seeded mutated inputs against a server running
 * as a child process — REST bodies, HTTP header blocks, request targets (paths and query strings), XMPP
 * stanzas over TCP, BOSH bodies and WebSocket frames — counting crashes, 5xx answers, state changes
 * caused by refused requests, and the server's memory at the start and at the end.
 *
 *   npm run bench soak -- --inputs 1000000 --max-seconds 1500
 *   node --import tsx bench/soak.ts --inputs 1000000 --max-seconds 1500 [--seed 20261202] [--check-every 1] [--settle-seconds 70]
 *
 * The oracle: every PUT /User aimed at one of the soak team's agents (the "check users": no XMPP session,
 * no queue, extensions of digits 8 and 9 only, so no call and no lost-desktop timer can reach them) runs
 * under a per-user lock. After an accepted one (2xx) the user is read back and remembered; after a
 * refused one (any other answer, or the connection closed without one) it is read back and must equal
 * what was remembered. An audit re-reads every check user every few seconds, catching changes no locked
 * request explains.
 */

export { DEFAULT_SOAK, KINDS, type Kind, parseSoakArgs, type SoakOptions } from './soak/options.js';
export { type SoakResult, soakFailed } from './soak/result.js';

export async function benchSoak(partial: Partial<SoakOptions> = {}): Promise<SoakResult> {
  const options = { ...DEFAULT_SOAK, ...partial };
  const run = new SoakRun(options, await startServer());
  try {
    return await run.run();
  } finally {
    await run.cleanUp();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchSoak(parseSoakArgs(process.argv.slice(2)));
  process.stdout.write(`${JSON.stringify({ bench: 'soak', ...result })}\n`);
  if (soakFailed(result)) process.exitCode = 1;
}
