import { parseArgs } from 'node:util';

/** The ports of one node's listeners; 0 lets the node take any free port (it reports the one it bound). */
export interface NodePorts {
  http: number;
  https: number;
  xmpp: number;
  bosh: number;
  boshTls: number;
}

export interface DemoOptions {
  nodes: number;
  /** Every listener on a free port instead of the fixed ones below (for tests, or when those are taken). */
  freePorts: boolean;
}

/** node-1 listens on the usual ports of a single server; node-k on each of them plus 10·(k−1). */
export const FIRST_NODE_PORTS: NodePorts = { http: 8082, https: 8445, xmpp: 5222, bosh: 7071, boshTls: 7443 };
export const NODE_PORT_STEP = 10;
/** One above the usual ports, so that a PostgreSQL or NATS the machine already runs keeps its own. */
export const POSTGRES_PORT = 5433;
export const NATS_PORT = 4223;
export const MAX_NODES = 9;

export const USAGE = `usage: npm run cluster:demo -- [--nodes N] [--free-ports]

Starts a throwaway PostgreSQL, a NATS server with JetStream and N openfinesse nodes (default 3) with the
demo data on 127.0.0.1; Ctrl-C stops them all and removes their files.

  --nodes N      how many nodes, 1 to ${MAX_NODES} (default 3)
  --free-ports   every listener on a free port (shown in the table) instead of the fixed ones:
                 PostgreSQL ${POSTGRES_PORT}, NATS ${NATS_PORT}; node-1 HTTP ${FIRST_NODE_PORTS.http}, HTTPS ${FIRST_NODE_PORTS.https}, XMPP ${FIRST_NODE_PORTS.xmpp}, BOSH ${FIRST_NODE_PORTS.bosh},
                 BOSH over TLS ${FIRST_NODE_PORTS.boshTls}; node-2 the same plus ${NODE_PORT_STEP}, node-3 plus ${2 * NODE_PORT_STEP}, …`;

/** The options of `argv`, or an error message (the usage follows it). */
export function parseDemoOptions(argv: string[]): DemoOptions | { help: true } | { error: string } {
  let values: { nodes?: string; 'free-ports'?: boolean; help?: boolean };
  try {
    values = parseArgs({
      args: argv,
      options: { nodes: { type: 'string' }, 'free-ports': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }).values;
  } catch (error) {
    return { error: (error as Error).message };
  }
  if (values.help) return { help: true };
  const nodes = Number(values.nodes ?? '3');
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > MAX_NODES) return { error: `--nodes must be a whole number from 1 to ${MAX_NODES}` };
  return { nodes, freePorts: values['free-ports'] ?? false };
}

/** The ports node `index` (0 for node-1) is told to listen on. */
export function nodePorts(index: number, options: DemoOptions): NodePorts {
  if (options.freePorts) return { http: 0, https: 0, xmpp: 0, bosh: 0, boshTls: 0 };
  const shift = (port: number): number => port + index * NODE_PORT_STEP;
  const { http, https, xmpp, bosh, boshTls } = FIRST_NODE_PORTS;
  return { http: shift(http), https: shift(https), xmpp: shift(xmpp), bosh: shift(bosh), boshTls: shift(boshTls) };
}
