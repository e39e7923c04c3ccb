import { readFileSync } from 'node:fs';
import { agentId, startBenchServer } from './support/child-server.js';
import { progress, round } from './support/stats.js';
import { BenchXmppClient } from './support/xmpp-client.js';

export interface SessionCapacityResult {
  sessions: number;
  accounts: number;
  seconds: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  bytesPerSession: number;
}

function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

/**
 * Opens `sessions` authenticated, bound, available XMPP sessions (resources spread over `accounts`
 * accounts, source addresses spread over 127.0.0.2… so the per-IP cap is not what is measured) and
 * reports the server's resident memory per session. Each process needs an open-file limit above
 * `sessions`; this workplace's hard limit is 20,000 per process, hence the default of 19,000.
 */
export async function benchXmppSessions(sessions = 19_000, accounts = 500, concurrency = 200): Promise<SessionCapacityResult> {
  const server = await startBenchServer({ agents: accounts, teams: 10, password: 'bench' });
  const clients: BenchXmppClient[] = [];
  try {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const before = rssBytes(server.process.pid!);
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < sessions) {
          const i = next++;
          const client = new BenchXmppClient(server.ports.xmpp!, agentId(i % accounts), 'bench', `s${i}`, {
            localAddress: `127.0.${2 + Math.floor(i / 4000)}.${1 + (i % 250)}`,
          });
          await client.login();
          clients.push(client);
          if (clients.length % 1000 === 0) progress(`${clients.length} sessions`);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const after = rssBytes(server.process.pid!);
    progress('');
    return {
      sessions,
      accounts,
      seconds: round(seconds),
      rssBeforeMb: round(before / 2 ** 20, 1),
      rssAfterMb: round(after / 2 ** 20, 1),
      bytesPerSession: Math.round((after - before) / sessions),
    };
  } finally {
    for (const c of clients) c.close();
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [sessions, accounts] = process.argv.slice(2).map(Number);
  process.stdout.write(`${JSON.stringify({ bench: 'xmpp-sessions', ...(await benchXmppSessions(sessions || undefined, accounts || undefined)) })}\n`);
}
