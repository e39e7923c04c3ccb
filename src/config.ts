import { hostname } from 'node:os';
import { z } from 'zod';
import { CLUSTER_URL_HELP, parseNatsUrl } from './cluster/nats-url.js';
import { parseStoreSpec, STORE_SPEC_HELP } from './store/spec.js';
import { DEFAULT_NUMBER_PLAN } from './telephony/number-plan.js';

/**
 * The server configuration as one schema: its types, its defaults, and — through the flag attached to
 * a field — the command-line flag and environment variable that set it (`src/cli.ts` builds the
 * `start` command from this table). Adding a setting is one field here.
 */

/** How a setting is written on the command line; its environment variable is derived from the flag. */
export interface FlagMeta {
  /** The long flag, e.g. `--http-port`; `--no-…` for a switch that is on by default. */
  flag: string;
  /** The value's placeholder in the help, e.g. `port`; absent for a switch. */
  arg?: string;
  help: string;
  /** Reads the flag's text (or its default) in the flag's unit; absent for a switch. */
  text?: z.ZodType;
  /** Configuration units per flag unit: 1000 for seconds held as milliseconds, 1024 for KiB held as bytes. */
  unit?: number;
}

/** The fields of the configuration that have a flag, and their flags. */
const FLAGS = new WeakMap<z.ZodType, FlagMeta>();

function flagged<T extends z.ZodType>(field: T, meta: FlagMeta): T {
  FLAGS.set(field, meta);
  return field;
}

/** `--http-port` ↔ `OPENFINESSE_HTTP_PORT`; a negated switch (`--no-x`) reads `OPENFINESSE_X`. */
export function environmentVariable(flag: string): string {
  return `OPENFINESSE_${flag
    .replace(/^--(no-)?/, '')
    .replace(/-/g, '_')
    .toUpperCase()}`;
}

// How flag text is read. The messages follow "option '--http-port <port>' argument 'eighty' is invalid."
const PORT = 'must be a port number 0-65535 or "off"';
const SECONDS = 'must be a number of seconds';
const COUNT = 'must be a whole number above 0';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const portText = z.preprocess(
  (value) => (typeof value === 'string' && value.trim().toLowerCase() === 'off' ? null : value),
  z.coerce.number(PORT).int(PORT).min(0, PORT).max(65535, PORT).nullable(),
);
const secondsText = z.coerce.number(SECONDS).min(0, SECONDS);
const countText = z.coerce.number(COUNT).int(COUNT).min(1, COUNT);
const storeText = z.string().refine(
  (value) => {
    try {
      parseStoreSpec(value);
      return true;
    } catch {
      return false;
    }
  },
  { message: `must be ${STORE_SPEC_HELP}` },
);
const clusterText = z.string().refine(
  (value) => {
    try {
      parseNatsUrl(value);
      return true;
    } catch {
      return false;
    }
  },
  { message: `must be ${CLUSTER_URL_HELP}` },
);
// A node id names the node in NATS (connection name, later subjects and keys): host-name characters only.
const NODE_ID = 'must be 1-64 letters, digits, ".", "_" or "-"';
const nodeIdText = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, NODE_ID);
const HOST = 'must be a host name or address';
const hostText = z.string().regex(/^[^\s/@]+$/, HOST);

/** The machine's host name as a node id (characters a node id cannot hold become "-"). */
function defaultNodeId(): string {
  const id = hostname()
    .replace(/[^A-Za-z0-9._-]/g, '-')
    .slice(0, 64);
  return id || 'openfinesse';
}

// Fields with a flag. Defaults are in configuration units.
const text = (value: string, flag: string, arg: string, help: string) => flagged(z.string().default(value), { flag, arg, help, text: z.string() });
const file = (flag: string, help: string) => flagged(z.string().nullable().default(null), { flag, arg: 'file', help, text: z.string() });
const toggle = (value: boolean, flag: string, help: string) => flagged(z.boolean({ error: 'must be true or false' }).default(value), { flag, help });
const port = (value: number, flag: string, help: string) =>
  flagged(z.number().int().min(0).max(65535).nullable().default(value), { flag, arg: 'port', help, text: portText });
const seconds = (value: number, flag: string, help: string, unit = 1) =>
  flagged(z.number().min(0).default(value), { flag, arg: 's', help, text: secondsText, unit });
const count = (value: number, flag: string, help: string, unit = 1) =>
  flagged(z.number().int().min(1).default(value), { flag, arg: 'n', help, text: countText, unit });
const level = (value: (typeof LOG_LEVELS)[number], flag: string, help: string) =>
  flagged(z.enum(LOG_LEVELS).default(value), { flag, arg: 'level', help, text: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }) });

const xmppLimits = z.object({
  /** Largest stanza accepted, in bytes; larger ones end the stream with policy-violation. */
  maxStanzaBytes: count(256 * 1024, '--xmpp-max-stanza-kib', 'largest XMPP stanza accepted', 1024),
  maxDepth: z.number().int().min(1).default(32),
  /** Seconds a connection may take to authenticate. */
  authTimeoutSeconds: seconds(30, '--xmpp-auth-timeout', 'seconds an XMPP connection has to authenticate'),
  /** Seconds without any traffic (including whitespace pings) before a session is closed. */
  idleTimeoutSeconds: seconds(300, '--xmpp-idle-timeout', 'seconds of silence before an XMPP session is pinged (at half) and closed'),
  /** Stanzas per second one connection may send (token bucket, burst = 2 × rate). */
  stanzasPerSecond: count(200, '--xmpp-rate', 'stanzas per second one XMPP connection may send'),
  maxConnectionsPerIp: count(5000, '--xmpp-max-connections-per-ip', 'XMPP connections (TCP, WebSocket, BOSH) from one address'),
  maxBoshSessions: count(10_000, '--bosh-max-sessions', 'BOSH sessions at once'),
  /** Bytes queued for one session before it is closed as too slow. */
  maxQueuedBytes: count(4 * 1024 * 1024, '--xmpp-max-queued-kib', 'output queued for one session before it is closed as too slow', 1024),
  /** Notifications kept for an account whose sessions are bound but not yet available: at most this many, */
  pendingMaxItems: count(100, '--xmpp-pending-max-items', 'notifications kept for a user whose sessions are bound but not yet available'),
  /** this many bytes, */
  pendingMaxBytes: count(256 * 1024, '--xmpp-pending-max-kib', 'bytes of such notifications kept per user', 1024),
  /** and this old. */
  pendingMaxAgeSeconds: seconds(60, '--xmpp-pending-max-age', 'seconds such a notification is kept'),
});

/** The built-in phone system: external answer delay and the documented busy / invalid / no-answer numbers. */
const telephony = z.object({
  busyNumbers: z.array(z.string()).readonly().default(DEFAULT_NUMBER_PLAN.busyNumbers),
  invalidNumbers: z.array(z.string()).readonly().default(DEFAULT_NUMBER_PLAN.invalidNumbers),
  noAnswerNumbers: z.array(z.string()).readonly().default(DEFAULT_NUMBER_PLAN.noAnswerNumbers),
  externalAnswerDelayMs: seconds(
    DEFAULT_NUMBER_PLAN.externalAnswerDelayMs,
    '--external-answer-delay',
    'seconds before a simulated external number answers',
    1000,
  ),
  directRingNoAnswerMs: seconds(
    DEFAULT_NUMBER_PLAN.directRingNoAnswerMs,
    '--direct-ring-no-answer',
    'seconds a direct call to an extension rings before it is cleared unanswered',
    1000,
  ),
});

export const ServerConfigSchema = z.object({
  dataDir: text('./data', '--data-dir', 'dir', 'where the database and generated certificate live'),
  /** Which database holds the store (`sqlite:FILE` or `postgres://…`); null: SQLite in the data directory. */
  store: flagged(z.string().nullable().default(null), {
    flag: '--store',
    arg: 'url',
    help: `the database: ${STORE_SPEC_HELP} (default: sqlite:<data-dir>/openfinesse.db)`,
    text: storeText,
  }),
  storePoolSize: count(10, '--store-pool-size', 'PostgreSQL connections the server may open'),
  /** Longest a PostgreSQL statement may run, in milliseconds (0: no limit). */
  storeStatementTimeoutMs: seconds(30_000, '--store-statement-timeout', 'seconds a PostgreSQL statement may run (0 = no limit)', 1000),
  /** The NATS server of the cluster (`nats://host:4222`); null: no cluster, everything in this process. */
  cluster: flagged(z.string().nullable().default(null), {
    flag: '--cluster',
    arg: 'url',
    help: `join a cluster through NATS with JetStream: ${CLUSTER_URL_HELP} (needs --store postgres://…)`,
    text: clusterText,
  }),
  nodeId: flagged(nodeIdText.default(defaultNodeId()), { flag: '--node-id', arg: 'id', help: "this node's name in the cluster", text: nodeIdText }),
  /** The host name clients reach this node by; null: the node id. */
  publicHost: flagged(hostText.nullable().default(null), {
    flag: '--public-host',
    arg: 'host',
    help: 'the host name clients reach this node by (default: the node id)',
    text: hostText,
  }),
  /** The folder of hosted third-party gadgets; null: `<data-dir>/3rdpartygadget/files`. */
  gadgetDir: flagged(z.string().nullable().default(null), {
    flag: '--gadget-dir',
    arg: 'dir',
    help: 'folder of the third-party gadgets served at /3rdpartygadget/files/ (default: <data-dir>/3rdpartygadget/files)',
    text: z.string(),
  }),
  /** Where the built gadget scripts (runtime.js, finesse.js, MessageDisplay.js) are; null: `dist/gadget-assets`. */
  gadgetAssetsDir: z.string().nullable().default(null),
  configFile: file('--config', 'YAML provisioning file, applied at start when it changed since it was last applied'),
  demo: toggle(false, '--demo', 'load the demo contact center when the store is empty'),
  host: text('127.0.0.1', '--host', 'addr', 'address to listen on'),
  domain: text('localhost', '--domain', 'name', 'Finesse FQDN and XMPP domain'),
  httpPort: port(8082, '--http-port', 'plain HTTP REST port (0 = any, off = disabled)'),
  httpsPort: port(8445, '--https-port', 'HTTPS REST port'),
  xmppPort: port(5222, '--xmpp-port', 'XMPP client port (STARTTLS)'),
  boshPort: port(7071, '--bosh-port', 'plain BOSH / WebSocket port'),
  boshTlsPort: port(7443, '--bosh-tls-port', 'TLS BOSH / WebSocket port'),
  tlsCert: file('--tls-cert', 'PEM certificate (default: self-signed, created in the data dir)'),
  tlsKey: file('--tls-key', 'PEM private key for --tls-cert'),
  requireReasonCodes: toggle(false, '--require-reason-codes', 'NOT_READY and LOGOUT need a reasonCodeId when codes are configured'),
  lockout: z
    .object({
      maxFailures: count(5, '--lockout-failures', 'consecutive failed sign-ins that lock an account'),
      lockMs: seconds(5 * 60_000, '--lockout-seconds', 'how long a locked account stays locked', 1000),
    })
    .prefault({}),
  xmppRequireTls: toggle(false, '--xmpp-require-tls', 'refuse XMPP authentication before STARTTLS'),
  /** Whether SASL PLAIN is offered on an unencrypted stream (the classic Pidgin lab needs it). */
  xmppAllowPlainWithoutTls: toggle(true, '--no-xmpp-plain-without-tls', 'do not offer SASL PLAIN on an unencrypted XMPP stream'),
  /** Seconds after the last XMPP session of a signed-in agent disappears before the loss is noticed. */
  lostDesktopDetectSeconds: seconds(120, '--lost-desktop-detect', 'seconds until a vanished XMPP session counts as lost'),
  /** Further seconds of grace before the agent is signed out with reason 255. */
  lostDesktopGraceSeconds: seconds(60, '--lost-desktop-grace', 'further seconds before the agent is signed out (reason 255)'),
  xmppLimits: xmppLimits.prefault({}),
  telephony: telephony.prefault({}),
  /** Largest request body, in bytes; larger ones get 413. */
  maxBodyBytes: z
    .number()
    .int()
    .min(1)
    .default(64 * 1024),
  /** The makeRequest proxy's limits (gadget reference §7.4); tests make them small. */
  gadgetProxy: z
    .object({
      maxBytes: z
        .number()
        .int()
        .min(1)
        .default(5 * 1024 * 1024),
      connectTimeoutMs: z.number().int().min(1).default(5_000),
      totalTimeoutMs: z.number().int().min(1).default(30_000),
      userRate: z.object({ perSecond: z.number().positive(), burst: z.number().int().min(1) }).default({ perSecond: 20, burst: 50 }),
      gadgetRate: z.object({ perSecond: z.number().positive(), burst: z.number().int().min(1) }).default({ perSecond: 10, burst: 30 }),
    })
    .prefault({}),
  logLevel: level('info', '--log-level', 'fatal, error, warn, info, debug or trace'),
});

export type ServerConfig = z.output<typeof ServerConfigSchema>;
/** What `startServer` accepts: any field left out takes its default, nested groups included. */
export type ServerConfigInput = z.input<typeof ServerConfigSchema>;
export type XmppLimits = ServerConfig['xmppLimits'];
/** A listener port: a number (0 = any free port) or null when the listener is off. */
export type Port = number | null;

/** Fills in every default and checks every value; throws a ZodError naming the field otherwise. */
export function resolveConfig(input: ServerConfigInput = {}): ServerConfig {
  return ServerConfigSchema.parse(input);
}

export const DEFAULT_CONFIG: ServerConfig = resolveConfig();
export const DEFAULT_XMPP_LIMITS: XmppLimits = DEFAULT_CONFIG.xmppLimits;

/** A configuration field with a flag, and where it sits in the configuration. */
export interface ConfigFlag {
  path: readonly string[];
  meta: FlagMeta;
  /** The default as the flag writes it (seconds, KiB), or undefined when there is none to show. */
  shownDefault: string | number | undefined;
}

/** Every field of the schema that has a flag, in the schema's order (the order of `--help`). */
export function configFlags(): ConfigFlag[] {
  const flags: ConfigFlag[] = [];
  const visit = (shape: z.ZodRawShape, path: string[], defaults: Record<string, unknown>): void => {
    for (const [key, field] of Object.entries(shape)) {
      const meta = FLAGS.get(field as z.ZodType);
      const value = defaults[key];
      if (meta) flags.push({ path: [...path, key], meta, shownDefault: shown(value, meta) });
      const nested = objectOf(field);
      if (!meta && nested) visit(nested.shape, [...path, key], value as Record<string, unknown>);
    }
  };
  visit(ServerConfigSchema.shape, [], DEFAULT_CONFIG);
  return flags;
}

/**
 * The configuration from flag values as the command line and environment gave them (text, or a
 * default in flag units); a value left undefined keeps the schema's default.
 */
export function configFromFlags(values: ReadonlyMap<ConfigFlag, unknown>): ServerConfig {
  const input: Record<string, unknown> = {};
  for (const [{ path, meta }, raw] of values) {
    if (raw === undefined) continue;
    const value = meta.text ? meta.text.parse(raw) : raw;
    let target = input;
    for (const key of path.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
    target[path.at(-1)!] = typeof value === 'number' && meta.unit ? value * meta.unit : value;
  }
  return resolveConfig(input as ServerConfigInput);
}

function shown(value: unknown, meta: FlagMeta): string | number | undefined {
  if (!meta.text) return undefined;
  if (typeof value === 'number') return meta.unit ? value / meta.unit : value;
  return typeof value === 'string' ? value : undefined;
}

function objectOf(field: unknown): z.ZodObject | undefined {
  if (field instanceof z.ZodObject) return field;
  if (field instanceof z.ZodPrefault || field instanceof z.ZodDefault) return objectOf(field.unwrap());
  return undefined;
}
