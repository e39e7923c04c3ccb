import { BenchHttpClient } from './support/http-client.js';
import { agentId, startBenchServer, supervisorOf } from './support/child-server.js';
import { percentile, progress, round } from './support/stats.js';
import { BenchXmppClient } from './support/xmpp-client.js';

export interface FanoutResult {
  subscribers: number;
  targetChangesPerSecond: number;
  seconds: number;
  changes: number;
  deliveries: number;
  deliveriesPerSecond: number;
  expectedDeliveries: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  loginSeconds: number;
  /** PUTs not answered 202 (their notifications are not expected). */
  restErrors: number;
}

/**
 * Pubsub fan-out: `subscribers` sessions of the team's supervisor (one resource each) subscribe to
 * `/finesse/api/Team/t1/Users`; agents of the team change state `changesPerSecond` times a second
 * over REST. Latency runs from just before the PUT is written to the moment a subscriber reads the
 * notification carrying its requestId.
 */
export async function benchXmppFanout(subscribers = 200, changesPerSecond = 250, seconds = 10, agents = 50): Promise<FanoutResult> {
  const server = await startBenchServer({ agents, teams: 1, password: 'bench' });
  try {
    return await measureFanout({ http: server.ports.http!, xmpp: server.ports.xmpp! }, subscribers, changesPerSecond, seconds, agents);
  } finally {
    await server.stop();
  }
}

/** Told when the changes start and when their last deliveries are in (or given up on), to measure what lies in between. */
export interface ChangesWindow {
  opened(): void;
  closed(): void;
}

/**
 * The fan-out against servers already running with that population (team t1 of `agents` agents): the
 * subscribers' sessions on `ports.xmpp`, the PUTs on `ports.http` — one server, or two nodes of a cluster.
 */
export async function measureFanout(
  ports: { http: number; xmpp: number },
  subscribers: number,
  changesPerSecond: number,
  seconds: number,
  agents: number,
  changesWindow?: ChangesWindow,
): Promise<FanoutResult> {
  const http = new BenchHttpClient(ports.http, 32);
  const clients: BenchXmppClient[] = [];
  try {
    const node = '/finesse/api/Team/t1/Users';
    progress(`logging in ${subscribers} XMPP sessions`);
    const loginStarted = performance.now();
    for (let i = 0; i < subscribers; i += 50) {
      const batch = Array.from({ length: Math.min(50, subscribers - i) }, (_, k) => new BenchXmppClient(ports.xmpp, supervisorOf(0), 'bench', `r${i + k}`));
      await Promise.all(batch.map((c) => c.login()));
      clients.push(...batch);
    }
    const loginSeconds = (performance.now() - loginStarted) / 1000;
    await Promise.all(clients.map((c) => c.subscribe(node)));
    for (let i = 0; i < agents; i++) {
      await http.request('PUT', `/finesse/api/User/${agentId(i)}`, agentId(i), 'bench', `<User><state>LOGIN</state><extension>${10000 + i}</extension></User>`);
    }

    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    for (const c of clients) {
      c.onNotification = (requestId, at) => {
        const sent = sentAt.get(requestId);
        if (sent !== undefined) latencies.push(at - sent);
      };
    }
    const ready = new Array<boolean>(agents).fill(false);
    const total = changesPerSecond * seconds;
    changesWindow?.opened();
    const started = performance.now();
    let sent = 0;
    let restErrors = 0;
    const ticker = setInterval(() => progress(`${sent} changes, ${latencies.length} deliveries`), 1000);
    const inFlight: Promise<unknown>[] = [];
    while (sent < total) {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * changesPerSecond));
      while (sent < due) {
        const i = sent % agents;
        const state = ready[i] ? 'NOT_READY' : 'READY';
        ready[i] = !ready[i];
        const requestId = `f${sent}`;
        sentAt.set(requestId, performance.now());
        inFlight.push(
          http
            .request('PUT', `/finesse/api/User/${agentId(i)}`, agentId(i), 'bench', `<User><state>${state}</state></User>`, { requestId })
            .then(({ status }) => {
              if (status !== 202) restErrors++;
            }),
        );
        sent++;
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await Promise.all(inFlight);
    const expected = (total - restErrors) * subscribers;
    const drainDeadline = performance.now() + 10_000;
    while (latencies.length < expected && performance.now() < drainDeadline) await new Promise((resolve) => setTimeout(resolve, 10));
    changesWindow?.closed();
    clearInterval(ticker);
    const elapsed = (performance.now() - started) / 1000;
    progress('');
    return {
      subscribers,
      targetChangesPerSecond: changesPerSecond,
      seconds: round(elapsed, 1),
      changes: sent,
      deliveries: latencies.length,
      deliveriesPerSecond: round(latencies.length / elapsed, 0),
      expectedDeliveries: expected,
      p50Ms: round(percentile(latencies, 50)),
      p99Ms: round(percentile(latencies, 99)),
      maxMs: round(latencies.reduce((a, b) => Math.max(a, b), 0)),
      loginSeconds: round(loginSeconds, 2),
      restErrors,
    };
  } finally {
    for (const c of clients) c.close();
    http.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [subscribers, rate, seconds] = process.argv.slice(2).map(Number);
  const result = await benchXmppFanout(subscribers || undefined, rate || undefined, seconds || undefined);
  process.stdout.write(`${JSON.stringify({ bench: 'xmpp-fanout', ...result })}\n`);
}
