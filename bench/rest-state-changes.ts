import { BenchHttpClient } from './support/http-client.js';
import { agentId, startBenchServer } from './support/child-server.js';
import { percentile, progress, round } from './support/stats.js';

export interface RestStateChangeResult {
  agents: number;
  concurrency: number;
  seconds: number;
  changes: number;
  changesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

/**
 * REST state changes end to end: PUT READY / NOT_READY → validation → SQLite (synchronous=FULL) → 202,
 * with the notification path running in the server. Agents toggle in round-robin, `concurrency`
 * requests in flight.
 */
export async function benchRestStateChanges(agents = 2000, concurrency = 64, seconds = 10): Promise<RestStateChangeResult> {
  const server = await startBenchServer({ agents, teams: 20, password: 'bench' });
  const client = new BenchHttpClient(server.ports.http!, concurrency);
  try {
    progress(`signing in ${agents} agents`);
    for (let i = 0; i < agents; i += concurrency) {
      await Promise.all(
        Array.from({ length: Math.min(concurrency, agents - i) }, (_, k) =>
          client.request('PUT', `/finesse/api/User/${agentId(i + k)}`, agentId(i + k), 'bench', `<User><state>LOGIN</state><extension>${10000 + i + k}</extension></User>`),
        ),
      );
    }
    const latencies: number[] = [];
    let errors = 0;
    let next = 0;
    const ready = new Array<boolean>(agents).fill(false);
    const deadline = Date.now() + seconds * 1000;
    const started = Date.now();
    const ticker = setInterval(() => progress(`${latencies.length} changes, ${round(latencies.length / ((Date.now() - started) / 1000), 0)}/s`), 1000);
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (Date.now() < deadline) {
          const i = next++ % agents;
          const state = ready[i] ? 'NOT_READY' : 'READY';
          ready[i] = !ready[i];
          const { status, ms } = await client.request('PUT', `/finesse/api/User/${agentId(i)}`, agentId(i), 'bench', `<User><state>${state}</state></User>`);
          if (status === 202) latencies.push(ms);
          else errors++;
        }
      }),
    );
    clearInterval(ticker);
    const elapsed = (Date.now() - started) / 1000;
    progress('');
    return {
      agents,
      concurrency,
      seconds: round(elapsed, 1),
      changes: latencies.length,
      changesPerSecond: round(latencies.length / elapsed, 0),
      p50Ms: round(percentile(latencies, 50)),
      p99Ms: round(percentile(latencies, 99)),
      errors,
    };
  } finally {
    client.close();
    await server.stop();
  }
}
