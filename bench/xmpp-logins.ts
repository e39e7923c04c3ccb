import { agentId, startBenchServer } from './support/child-server.js';
import { percentile, progress, round } from './support/stats.js';
import { BenchXmppClient } from './support/xmpp-client.js';

export interface LoginResult {
  mechanism: string;
  logins: number;
  concurrency: number;
  seconds: number;
  loginsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * `count` distinct accounts log in over TCP, `concurrency` at a time: stream, SASL (PLAIN or
 * SCRAM-SHA-256 with the client's own PBKDF2), restart, bind, initial presence up to the server's
 * `finesse@` presence. Each mechanism gets a fresh server, so no login is helped by an earlier one.
 */
export async function benchXmppLogins(count = 1000, concurrency = 50): Promise<LoginResult[]> {
  const results: LoginResult[] = [];
  for (const mechanism of ['PLAIN', 'SCRAM-SHA-256'] as const) {
    progress(`provisioning ${count} accounts`);
    const server = await startBenchServer({ agents: count, teams: 10, password: 'bench' });
    const clients: BenchXmppClient[] = [];
    try {
      const latencies: number[] = [];
      const started = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < count) {
            const i = next++;
            const client = new BenchXmppClient(server.ports.xmpp!, agentId(i), 'bench', 'bench', { mechanism });
            const t = performance.now();
            await client.login();
            latencies.push(performance.now() - t);
            clients.push(client);
            if (clients.length % 100 === 0) progress(`${mechanism}: ${clients.length} logins`);
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      results.push({
        mechanism,
        logins: count,
        concurrency,
        seconds: round(seconds),
        loginsPerSecond: round(count / seconds, 0),
        p50Ms: round(percentile(latencies, 50)),
        p99Ms: round(percentile(latencies, 99)),
      });
    } finally {
      for (const c of clients) c.close();
      await server.stop();
    }
  }
  progress('');
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [count, concurrency] = process.argv.slice(2).map(Number);
  for (const result of await benchXmppLogins(count || undefined, concurrency || undefined)) {
    process.stdout.write(`${JSON.stringify({ bench: 'xmpp-logins', ...result })}\n`);
  }
}
