import { natsServerBin, type NatsServer, startNatsServer } from '../test/support/nats.js';
import { createDatabase, postgres, postgresBin } from '../test/support/postgres.js';
import { changeStates, connectSessions, signInAgents } from './rest-state-changes.js';
import { type BenchPopulation, type BenchServer, joinBenchServer, startBenchServer } from './support/child-server.js';
import { BenchHttpClient } from './support/http-client.js';
import { cpuMeter, natsServerPids, postgresPids } from './support/process-cpu.js';
import { percentile, progress, round } from './support/stats.js';
import type { BenchXmppClient } from './support/xmpp-client.js';
import { type FanoutResult, measureFanout } from './xmpp-fanout.js';

/**
 * The state-change and fan-out benchmarks on a cluster, one node against two, in one run. Every
 * configuration gets a new PostgreSQL database and a new NATS server (JetStream) on loopback, and every
 * node runs with `--store postgres://…` and `--cluster`: the one-node figures carry the cluster's cost
 * (outbox, relay) too. With two nodes every XMPP session is on node B and every PUT goes to node A, so
 * every notification crosses from one node to the other (outbox → relay → JetStream → B's consumer).
 */

/** The CPU each process used over the changes, divided by their number (µs). */
export interface CpuPerChange {
  nodeACpuUsPerChange: number;
  /** Absent with one node. */
  nodeBCpuUsPerChange?: number;
  /** The processes of this run's PostgreSQL cluster (the postmaster and its children). */
  databaseCpuUsPerChange: number;
  natsCpuUsPerChange: number;
}

export interface ClusterStateChangeResult extends CpuPerChange {
  measure: 'state-changes';
  nodes: 1 | 2;
  agents: number;
  teams: number;
  targetChangesPerSecond: number;
  seconds: number;
  changes: number;
  changesPerSecond: number;
  putP50Ms: number;
  putP99Ms: number;
  agentNotificationP50Ms: number;
  agentNotificationP99Ms: number;
  teamNotificationP50Ms: number;
  teamNotificationP99Ms: number;
  notificationsMissing: number;
  errors: number;
}

export type ClusterFanoutResult = { measure: 'fanout'; nodes: 1 | 2 } & FanoutResult & CpuPerChange;

export interface ClusterBenchOptions {
  /** Rounds of the four configurations; the order of one and two nodes alternates between rounds. */
  rounds?: number;
  /** State changes a second (2,000 agents). */
  stateChangeRate?: number;
  seconds?: number;
}

/** Whether Debian's PostgreSQL and nats-server are there for a throwaway store and cluster. */
export function clusterInstalled(): boolean {
  try {
    postgresBin();
    natsServerBin();
    return true;
  } catch {
    return false;
  }
}

export async function benchCluster(options: ClusterBenchOptions = {}): Promise<(ClusterStateChangeResult | ClusterFanoutResult)[]> {
  const { rounds = 1, stateChangeRate = 500, seconds = 10 } = options;
  const results: (ClusterStateChangeResult | ClusterFanoutResult)[] = [];
  for (let repetition = 0; repetition < rounds; repetition++) {
    const order: (1 | 2)[] = repetition % 2 === 0 ? [1, 2] : [2, 1];
    for (const nodes of order) results.push(await clusterStateChanges(nodes, 2000, stateChangeRate, seconds, 20));
    for (const nodes of order) results.push(await clusterFanout(nodes, 200, 250, seconds, 50));
  }
  return results;
}

/** The nodes of one configuration, on a database and a NATS server of their own. */
interface BenchCluster {
  a: BenchServer;
  /** The node the XMPP sessions are on: B with two nodes, A with one. */
  sessionNode: BenchServer;
  /** Starts measuring the CPU of the nodes, the database and NATS; the function returns what they used since. */
  meterCpu(): () => CpuUsed;
  stop(): Promise<void>;
}

/** A new database and NATS server, node A provisioning the population, then node B (if `nodes` is 2) joining them. */
async function startCluster(population: BenchPopulation, nodes: 1 | 2): Promise<BenchCluster> {
  const { port: databasePort } = await postgres();
  const store = await createDatabase();
  const nats = await startNatsServer();
  const started: BenchServer[] = [];
  const stop = async (): Promise<void> => {
    for (const server of [...started].reverse()) await server.stop();
    await nats.stop('SIGTERM');
  };
  try {
    progress(`starting ${nodes === 1 ? 'node A' : 'nodes A and B'}`);
    const clusterArgs = (nodeId: string) => ['--store', store, '--cluster', nats.url, '--node-id', nodeId];
    const a = await startBenchServer(population, clusterArgs('a'));
    started.push(a);
    const b = nodes === 2 ? await joinBenchServer(clusterArgs('b')) : null;
    if (b) started.push(b);
    return { a, sessionNode: b ?? a, meterCpu: () => meterCpu(a, b, databasePort, nats), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** CPU time in microseconds (user + system). */
interface CpuUsed {
  nodeA: number;
  nodeB: number | null;
  database: number;
  nats: number;
}

function meterCpu(a: BenchServer, b: BenchServer | null, databasePort: number, nats: NatsServer): () => CpuUsed {
  const nodeA = cpuMeter(() => [a.process.pid!]);
  const nodeB = b ? cpuMeter(() => [b.process.pid!]) : null;
  const database = cpuMeter(() => postgresPids(databasePort));
  const natsServer = cpuMeter(() => natsServerPids(nats.port));
  return () => ({ nodeA: nodeA(), nodeB: nodeB ? nodeB() : null, database: database(), nats: natsServer() });
}

function perChange(used: CpuUsed, changes: number): CpuPerChange {
  const divide = (us: number) => round(us / Math.max(1, changes), 0);
  return {
    nodeACpuUsPerChange: divide(used.nodeA),
    ...(used.nodeB === null ? {} : { nodeBCpuUsPerChange: divide(used.nodeB) }),
    databaseCpuUsPerChange: divide(used.database),
    natsCpuUsPerChange: divide(used.nats),
  };
}

/** Until node `server` has received `count` changes from the others (or 30 s passed): the sign-ins are all in before the changes start. */
async function waitForReplication(server: BenchServer, count: number): Promise<void> {
  const deadline = performance.now() + 30_000;
  while (performance.now() < deadline) {
    const metrics = await (await fetch(`http://127.0.0.1:${server.ports.http}/openfinesse/metrics`)).text();
    const received = /^openfinesse_cluster_changes_received_total (\S+)$/m.exec(metrics);
    if (Number(received?.[1] ?? 0) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The rest-state-changes shape: `agents` agents connected over XMPP, each team's supervisor subscribed to
 * the team's Users node (all on the session node), READY/NOT_READY toggles over REST on node A at `rate`
 * a second, open loop.
 */
export async function clusterStateChanges(nodes: 1 | 2, agents: number, rate: number, seconds: number, teams: number): Promise<ClusterStateChangeResult> {
  const cluster = await startCluster({ agents, teams, password: 'bench' }, nodes);
  const client = new BenchHttpClient(cluster.a.ports.http!, 128);
  const sessions: BenchXmppClient[] = [];
  try {
    progress(`connecting ${agents} agents and ${teams} supervisors over XMPP to node ${nodes === 2 ? 'B' : 'A'}`);
    const supervisors = await connectSessions(cluster.sessionNode.ports.xmpp!, agents, teams, sessions);
    progress(`signing in ${agents} agents on node A`);
    await signInAgents(client, agents);
    if (nodes === 2) await waitForReplication(cluster.sessionNode, agents);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const cpuSince = cluster.meterCpu();
    const run = await changeStates(client, sessions, supervisors, rate, seconds);
    const cpu = cpuSince();
    const changes = run.putLatency.length;
    return {
      measure: 'state-changes',
      nodes,
      agents,
      teams,
      targetChangesPerSecond: rate,
      seconds: round(run.elapsed, 1),
      changes,
      changesPerSecond: round(changes / run.elapsed, 0),
      putP50Ms: round(percentile(run.putLatency, 50)),
      putP99Ms: round(percentile(run.putLatency, 99)),
      agentNotificationP50Ms: round(percentile(run.agentLatency, 50)),
      agentNotificationP99Ms: round(percentile(run.agentLatency, 99)),
      teamNotificationP50Ms: round(percentile(run.teamLatency, 50)),
      teamNotificationP99Ms: round(percentile(run.teamLatency, 99)),
      notificationsMissing: 2 * (run.sent - run.errors) - run.agentLatency.length - run.teamLatency.length,
      errors: run.errors,
      ...perChange(cpu, changes),
    };
  } finally {
    for (const s of sessions) s.close();
    client.close();
    await cluster.stop();
  }
}

/** The xmpp-fanout shape: `subscribers` sessions of team t1's supervisor on the session node, the changes made on node A. */
export async function clusterFanout(nodes: 1 | 2, subscribers: number, rate: number, seconds: number, agents: number): Promise<ClusterFanoutResult> {
  const cluster = await startCluster({ agents, teams: 1, password: 'bench' }, nodes);
  try {
    let cpuSince: (() => CpuUsed) | null = null;
    let cpu: CpuUsed | null = null;
    const ports = { http: cluster.a.ports.http!, xmpp: cluster.sessionNode.ports.xmpp! };
    const result = await measureFanout(ports, subscribers, rate, seconds, agents, {
      opened: () => (cpuSince = cluster.meterCpu()),
      closed: () => (cpu = cpuSince!()),
    });
    return { measure: 'fanout', nodes, ...result, ...perChange(cpu!, result.changes - result.restErrors) };
  } finally {
    await cluster.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [rounds, stateChangeRate, seconds] = process.argv.slice(2).map(Number);
  for (const result of await benchCluster({ rounds: rounds || undefined, stateChangeRate: stateChangeRate || undefined, seconds: seconds || undefined })) {
    process.stdout.write(`${JSON.stringify({ bench: 'cluster', ...result })}\n`);
  }
}
