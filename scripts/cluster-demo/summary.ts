import type { NodePorts } from './options.js';

/** What the demo prints once every node is ready: where to reach each node and the shared services. */

export interface SummaryNode {
  id: string;
  pid: number;
  ports: NodePorts;
}

export interface Summary {
  nodes: SummaryNode[];
  postgres: { url: string; pid: number };
  nats: { url: string; pid: number };
  dir: string;
}

/** The last line of the summary: the demo's tests wait for it. */
export const SUMMARY_END = 'Ctrl-C stops the nodes, NATS and PostgreSQL, and removes the files.';

const HOST = '127.0.0.1';

export function summaryLines(summary: Summary): string[] {
  const header = ['node', 'desktop', 'REST base', 'XMPP', 'BOSH', 'pid'];
  const rows = summary.nodes.map(({ id, pid, ports }) => [
    id,
    `http://${HOST}:${ports.http}/`,
    `http://${HOST}:${ports.http}/finesse/api`,
    `${HOST}:${ports.xmpp}`,
    `http://${HOST}:${ports.bosh}/http-bind/`,
    String(pid),
  ]);
  const services = [
    ['PostgreSQL', summary.postgres.url, `pid ${summary.postgres.pid}`],
    ['NATS', `${summary.nats.url} (JetStream)`, `pid ${summary.nats.pid}`],
  ];
  return [
    '',
    `openfinesse cluster demo: ${summary.nodes.length === 1 ? '1 node' : `${summary.nodes.length} nodes`} on one PostgreSQL and one NATS, on ${HOST}`,
    '',
    ...table([header, ...rows]),
    '',
    ...table(services),
    `  Files       ${summary.dir} (each node's data directory, the PostgreSQL and NATS stores)`,
    '',
    '  Sign in on any node as agentA, agentB, supervisorA, agentC, supervisorB or admin (XMPP: agentA@localhost),',
    '  password demo. A change made on one node shows on the others; kill a node (kill PID) and the others keep running.',
    `  Each log line below starts with its node. ${SUMMARY_END}`,
    '',
  ];
}

/** Rows as columns two spaces apart, each line indented by two. */
function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => `  ${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ')}`.trimEnd());
}
