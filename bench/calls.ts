import { agentId, startBenchServer } from './support/child-server.js';
import { percentile, progress, round } from './support/stats.js';

export interface CallsResult {
  agents: number;
  concurrency: number;
  seconds: number;
  calls: number;
  callsPerSecond: number;
  p50CallMs: number;
  p99CallMs: number;
  errors: number;
}

/**
 * Calls through the whole path, each one: control API places an external call to the queue → ACD
 * offers it (User RESERVED, Dialogs POST) → the agent ANSWERs (Dialog PUT, TALKING) → the agent DROPs
 * (two Dialog PUTs, WORK_READY) → the agent ends wrap-up with READY (User PUT, Dialogs DELETE), all
 * persisted and all notifications rendered and published. `concurrency` calls are in progress at once.
 */
export async function benchCalls(agents = 200, concurrency = 32, seconds = 10): Promise<CallsResult> {
  const server = await startBenchServer({ agents, teams: 1, password: 'bench' }, [], {
    teams: [{ id: 't1', name: 'Bench Team 1', wrapUpOnIncoming: 'OPTIONAL', wrapUpTimerSeconds: 0 }],
    users: [
      ...Array.from({ length: agents }, (_, i) => ({ loginId: agentId(i), password: 'bench', team: 't1' })),
      { loginId: 'admin', password: 'bench', roles: ['Administrator'] },
    ],
    queues: [{ id: '1', name: 'Bench', dialedNumbers: ['7000'], teams: ['t1'], ringNoAnswerSeconds: 600 }],
  });
  const base = `http://127.0.0.1:${server.ports.http}`;
  const auth = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const xml = (user: string, method: string, path: string, body: string): Promise<Response> =>
    fetch(base + path, { method, headers: { authorization: auth(user, 'bench'), 'content-type': 'application/xml' }, body });
  try {
    progress(`signing in ${agents} agents`);
    for (let i = 0; i < agents; i++) {
      await xml(agentId(i), 'PUT', `/finesse/api/User/${agentId(i)}`, `<User><state>LOGIN</state><extension>${10000 + i}</extension></User>`);
      await xml(agentId(i), 'PUT', `/finesse/api/User/${agentId(i)}`, '<User><state>READY</state></User>');
    }
    const latencies: number[] = [];
    let errors = 0;
    let caller = 0;
    const deadline = Date.now() + seconds * 1000;
    const started = Date.now();
    const ticker = setInterval(() => progress(`${latencies.length} calls, ${round(latencies.length / ((Date.now() - started) / 1000), 0)}/s`), 1000);
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (Date.now() < deadline) {
          const t0 = performance.now();
          const placed = await fetch(`${base}/openfinesse/api/calls`, {
            method: 'POST',
            headers: { authorization: auth('admin', 'bench'), 'content-type': 'application/json' },
            body: JSON.stringify({ from: `408${String(5_000_000 + (caller++ % 1_000_000)).padStart(7, '0')}`, to: '7000' }),
          });
          const view = (await placed.json()) as { id: string; participants: { loginId: string | null; mediaAddress: string; state: string }[] };
          const agent = view.participants?.find((p) => p.loginId !== null && p.state === 'ALERTING');
          if (placed.status !== 201 || !agent) {
            errors++;
            continue;
          }
          const steps = [
            () =>
              xml(
                agent.loginId!,
                'PUT',
                `/finesse/api/Dialog/${view.id}`,
                `<Dialog><requestedAction>ANSWER</requestedAction><targetMediaAddress>${agent.mediaAddress}</targetMediaAddress></Dialog>`,
              ),
            () =>
              xml(
                agent.loginId!,
                'PUT',
                `/finesse/api/Dialog/${view.id}`,
                `<Dialog><requestedAction>DROP</requestedAction><targetMediaAddress>${agent.mediaAddress}</targetMediaAddress></Dialog>`,
              ),
            () => xml(agent.loginId!, 'PUT', `/finesse/api/User/${agent.loginId}`, '<User><state>READY</state></User>'),
          ];
          let ok = true;
          for (const step of steps) {
            const r = await step();
            await r.arrayBuffer();
            if (r.status !== 202) ok = false;
          }
          if (ok) latencies.push(performance.now() - t0);
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
      calls: latencies.length,
      callsPerSecond: round(latencies.length / elapsed, 0),
      p50CallMs: round(percentile(latencies, 50)),
      p99CallMs: round(percentile(latencies, 99)),
      errors,
    };
  } finally {
    await server.stop();
  }
}

if (process.argv[1]?.endsWith('calls.ts')) {
  const [agents, concurrency, seconds] = process.argv.slice(2).map(Number);
  process.stdout.write(`${JSON.stringify({ bench: 'calls', ...(await benchCalls(agents || undefined, concurrency || undefined, seconds || undefined)) })}\n`);
}
