import { monitorEventLoopDelay } from 'node:perf_hooks';
import { BenchHttpClient } from './support/http-client.js';
import { agentId, startBenchServer, supervisorOf } from './support/child-server.js';
import { allPostgresPids, cpuMeter, processCpuSplitUs } from './support/process-cpu.js';
import { percentile, progress, round } from './support/stats.js';
import { BenchXmppClient } from './support/xmpp-client.js';

export interface RestStateChangeResult {
  store: string;
  agents: number;
  teams: number;
  targetChangesPerSecond: number;
  /** Seconds of changes at the same rate before the measured ones. */
  warmupSeconds: number;
  seconds: number;
  changes: number;
  changesPerSecond: number;
  putP50Ms: number;
  putP99Ms: number;
  agentNotificationP50Ms: number;
  agentNotificationP99Ms: number;
  teamNotificationP99Ms: number;
  /**
   * The generator's event-loop delay over the measured changes (p99 and max, ms): the latencies are
   * stamped by the generator, so a stall of its own shows up in them as if the server had been late.
   */
  generatorLoopDelayP99Ms: number;
  generatorLoopDelayMaxMs: number;
  notificationsMissing: number;
  errors: number;
  /** The server process's CPU time (user + system) over the changes, divided by their number. */
  serverCpuUsPerChange: number;
  /** Its two parts: our code, V8 and libuv (user), and the kernel's work for its system calls (system). */
  serverUserCpuUsPerChange: number;
  serverSystemCpuUsPerChange: number;
  /** The server's event-loop utilisation over the changes (busy / (busy + idle), its own metrics). */
  serverEventLoopUtilization: number;
  /**
   * The server's durable batches over the changes, and how many took over 10, 25 and 50 ms: every change of
   * a slow batch waits for it (a disk flush the VM was slow to answer), whatever the event loop does.
   */
  storeCommits: number;
  storeCommitsOver10ms: number;
  storeCommitsOver25ms: number;
  storeCommitsOver50ms: number;
  /** Whether the server and the generator ran on separate CPUs (`taskset`). */
  pinned: boolean;
  /** PostgreSQL's processes' CPU over the changes, divided by their number (on PostgreSQL). */
  databaseCpuUsPerChange?: number;
}

export interface RestStateChangeOptions {
  /** The server's `--store` (default: SQLite in its data directory). */
  store?: string;
}

/**
 * State changes end to end with every agent connected: each of `agents` agents has an XMPP session
 * (its User node is subscribed automatically) and each team's supervisor subscribes to the team's
 * Users node. Agents toggle READY / NOT_READY over REST at `rate` changes a second (open loop). For
 * each change: PUT latency (validation, SQLite, group-commit fdatasync, 202) and the time from just
 * before the PUT until the agent and the supervisor read the notification carrying its requestId.
 * The first `warmupSeconds` of changes at the same rate are not measured: a server that has just
 * signed 2,000 agents in has not compiled its state-change path yet, and its first second says so.
 */
export async function benchRestStateChanges(
  agents = 2000,
  rate = 5000,
  seconds = 10,
  teams = 20,
  options: RestStateChangeOptions = {},
  warmupSeconds = 2,
): Promise<RestStateChangeResult> {
  const server = await startBenchServer({ agents, teams, password: 'bench' }, options.store ? ['--store', options.store] : [], {}, { pin: true });
  const pid = server.process.pid!;
  const client = new BenchHttpClient(server.ports.http!, 128);
  const sessions: BenchXmppClient[] = [];
  try {
    progress(`connecting ${agents} agents and ${teams} supervisors over XMPP`);
    const supervisors = await connectSessions(server.ports.xmpp!, agents, teams, sessions);
    progress(`signing in ${agents} agents`);
    await signInAgents(client, agents);
    const onPostgres = options.store?.startsWith('postgres') ?? false;
    if (warmupSeconds > 0) progress(`warming up: ${warmupSeconds} s of changes at ${rate}/s, not measured, then ${seconds} s measured`);
    // The meters are read where the warm-up ends, without a pause: a pause would let the server go idle
    // (a cold CPU, V8's idle-time GC) and its first changes afterwards would be a burst no steady load has.
    let meters: Promise<{ loop: ServerMeters; cpu: { user: number; system: number }; database: () => number }> | undefined;
    const run = await changeStates(client, sessions, supervisors, rate, seconds, toggleLoop(agents), {
      seconds: warmupSeconds,
      onEnd: () => {
        const cpu = processCpuSplitUs(pid);
        const database = cpuMeter(onPostgres ? allPostgresPids : () => []);
        meters = serverMeters(server.ports.http!).then((loop) => ({ loop, cpu, database }));
      },
    });
    const { loop: loopBefore, cpu: cpuBefore, database: databaseCpu } = await meters!;
    const cpuAfter = processCpuSplitUs(pid);
    const userUs = cpuAfter.user - cpuBefore.user;
    const systemUs = cpuAfter.system - cpuBefore.system;
    const loopAfter = await serverMeters(server.ports.http!);
    const busy = loopAfter.active - loopBefore.active;
    const databaseUs = databaseCpu();
    return {
      store: onPostgres ? 'postgres' : 'sqlite',
      agents,
      teams,
      targetChangesPerSecond: rate,
      warmupSeconds,
      seconds: round(run.elapsed, 1),
      changes: run.putLatency.length,
      changesPerSecond: round(run.putLatency.length / run.elapsed, 0),
      putP50Ms: round(percentile(run.putLatency, 50)),
      putP99Ms: round(percentile(run.putLatency, 99)),
      agentNotificationP50Ms: round(percentile(run.agentLatency, 50)),
      agentNotificationP99Ms: round(percentile(run.agentLatency, 99)),
      teamNotificationP99Ms: round(percentile(run.teamLatency, 99)),
      generatorLoopDelayP99Ms: run.generatorLoopDelay.p99,
      generatorLoopDelayMaxMs: run.generatorLoopDelay.max,
      notificationsMissing: 2 * (run.sent - run.errors) - run.agentLatency.length - run.teamLatency.length,
      errors: run.errors,
      serverCpuUsPerChange: round((userUs + systemUs) / Math.max(1, run.putLatency.length), 0),
      serverUserCpuUsPerChange: round(userUs / Math.max(1, run.putLatency.length), 0),
      serverSystemCpuUsPerChange: round(systemUs / Math.max(1, run.putLatency.length), 0),
      serverEventLoopUtilization: round(busy / Math.max(1e-9, busy + loopAfter.idle - loopBefore.idle), 3),
      storeCommits: loopAfter.commits.all - loopBefore.commits.all,
      storeCommitsOver10ms: loopAfter.commits.over10ms - loopBefore.commits.over10ms,
      storeCommitsOver25ms: loopAfter.commits.over25ms - loopBefore.commits.over25ms,
      storeCommitsOver50ms: loopAfter.commits.over50ms - loopBefore.commits.over50ms,
      pinned: server.pinned,
      ...(onPostgres ? { databaseCpuUsPerChange: round(databaseUs / Math.max(1, run.putLatency.length), 0) } : {}),
    };
  } finally {
    for (const s of sessions) s.close();
    client.close();
    await server.stop();
  }
}

/** What the server's Prometheus metrics say so far: event-loop busy and idle seconds, and its store commits. */
export interface ServerMeters {
  active: number;
  idle: number;
  /** Durable batches in all, and those slower than 10, 25 and 50 ms (openfinesse_store_commit_seconds). */
  commits: { all: number; over10ms: number; over25ms: number; over50ms: number };
}

export async function serverMeters(httpPort: number): Promise<ServerMeters> {
  const text = await (await fetch(`http://127.0.0.1:${httpPort}/openfinesse/metrics`)).text();
  const read = (sample: string) => Number(new RegExp(`^${sample.replace(/[{}"+.]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  const bucket = (le: string) => read(`openfinesse_store_commit_seconds_bucket{le="${le}"}`);
  const all = read('openfinesse_store_commit_seconds_count');
  return {
    active: read('openfinesse_event_loop_active_seconds_total'),
    idle: read('openfinesse_event_loop_idle_seconds_total'),
    commits: { all, over10ms: all - bucket('0.01'), over25ms: all - bucket('0.025'), over50ms: all - bucket('0.05') },
  };
}

/** Every agent's XMPP session (added to `sessions` as they log in, listening) and every supervisor's, subscribed to its team. */
export async function connectSessions(xmppPort: number, agents: number, teams: number, sessions: BenchXmppClient[]): Promise<BenchXmppClient[]> {
  for (let i = 0; i < agents; i += 100) {
    const batch = Array.from({ length: Math.min(100, agents - i) }, (_, k) => new BenchXmppClient(xmppPort, agentId(i + k), 'bench', 'desk'));
    await Promise.all(batch.map((s) => s.login()));
    sessions.push(...batch);
  }
  const supervisors = Array.from({ length: teams }, (_, t) => new BenchXmppClient(xmppPort, supervisorOf(t), 'bench', 'desk'));
  await Promise.all(supervisors.map((s) => s.login()));
  await Promise.all(supervisors.map((s, t) => s.subscribe(`/finesse/api/Team/t${t + 1}/Users`)));
  for (const s of sessions) s.listen();
  return supervisors;
}

export async function signInAgents(client: BenchHttpClient, agents: number): Promise<void> {
  for (let i = 0; i < agents; i += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, agents - i) }, (_, k) =>
        client.request(
          'PUT',
          `/finesse/api/User/${agentId(i + k)}`,
          agentId(i + k),
          'bench',
          `<User><state>LOGIN</state><extension>${10000 + i + k}</extension></User>`,
        ),
      ),
    );
  }
}

export interface StateChangeRun {
  sent: number;
  errors: number;
  elapsed: number;
  putLatency: number[];
  agentLatency: number[];
  teamLatency: number[];
  /** How late the generator's own event loop ran while the measured changes went out (ms). */
  generatorLoopDelay: { p99: number; max: number };
}

/** Where the round robin of toggles stands. */
export interface ToggleLoop {
  ready: boolean[];
  next: number;
}

export const toggleLoop = (agents: number): ToggleLoop => ({ ready: new Array<boolean>(agents).fill(false), next: 0 });

/** Changes sent at the same rate before the measured ones, and what to do the moment they end. */
export interface WarmUp {
  seconds: number;
  onEnd?: () => void;
}

/**
 * The open loop of READY / NOT_READY toggles — first the warm-up's, then without a break the `seconds`
 * measured — and up to five seconds for the last notifications. Only measured changes are counted.
 */
export async function changeStates(
  client: BenchHttpClient,
  sessions: BenchXmppClient[],
  supervisors: BenchXmppClient[],
  rate: number,
  seconds: number,
  loop: ToggleLoop = toggleLoop(sessions.length),
  warmUp: WarmUp = { seconds: 0 },
): Promise<StateChangeRun> {
  const agents = sessions.length;
  const sentAt = new Map<string, number>();
  const agentLatency: number[] = [];
  const teamLatency: number[] = [];
  const record = (into: number[]) => (requestId: string, at: number) => {
    const sent = sentAt.get(requestId);
    if (sent !== undefined) into.push(at - sent);
  };
  for (const s of sessions) s.onNotification = record(agentLatency);
  for (const s of supervisors) s.onNotification = record(teamLatency);

  const putLatency: number[] = [];
  let errors = 0;
  const { ready } = loop;
  const warmUpChanges = Math.round(rate * warmUp.seconds);
  const total = warmUpChanges + rate * seconds;
  const started = performance.now();
  let measuredFrom = started;
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  let sent = 0;
  const inFlight = new Set<Promise<unknown>>();
  const ticker = setInterval(() => progress(`${sent} changes sent, ${agentLatency.length} agent notifications`), 1000);
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
    while (sent < due) {
      if (sent === warmUpChanges) {
        measuredFrom = performance.now();
        loopDelay.enable();
        warmUp.onEnd?.();
      }
      // Round-robin over agents: one agent changes again only after all others did, so its previous
      // change has long been answered and the toggle is always a legal transition.
      const i = loop.next++ % agents;
      const state = ready[i] ? 'NOT_READY' : 'READY';
      ready[i] = !ready[i];
      const measured = sent >= warmUpChanges;
      const requestId = `${measured ? 's' : 'w'}${sent}`;
      if (measured) sentAt.set(requestId, performance.now());
      const p = client
        .request('PUT', `/finesse/api/User/${agentId(i)}`, agentId(i), 'bench', `<User><state>${state}</state></User>`, { requestId })
        .then(({ status, ms }) => {
          if (!measured) return;
          if (status === 202) putLatency.push(ms);
          else errors++;
        });
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
      sent++;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - measuredFrom) / 1000;
  loopDelay.disable();
  const expected = sent - warmUpChanges - errors;
  const drainDeadline = performance.now() + 5000;
  while ((agentLatency.length < expected || teamLatency.length < expected) && performance.now() < drainDeadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  clearInterval(ticker);
  progress('');
  const generatorLoopDelay = { p99: round(loopDelay.percentile(99) / 1e6), max: round(loopDelay.max / 1e6) };
  return { sent: sent - warmUpChanges, errors, elapsed, putLatency, agentLatency, teamLatency, generatorLoopDelay };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [agents, rate, seconds, warmup] = process.argv.slice(2).map(Number);
  const result = await benchRestStateChanges(agents || undefined, rate || undefined, seconds || undefined, 20, {}, Number.isNaN(warmup) ? undefined : warmup);
  process.stdout.write(`${JSON.stringify({ bench: 'rest-state-changes', ...result })}\n`);
}
