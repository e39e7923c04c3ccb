import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile, progress, round } from './support/stats.js';
import { BenchXmppClient } from './support/xmpp-client.js';

/**
 * The same fan-out as `xmpp-fanout.ts`, against Prosody (the reference XMPP server) instead of
 * openfinesse: `subscribers` sessions of one account (one resource each, full-JID subscriptions) on one
 * node of Prosody's `mod_pubsub` component; a publisher session publishes `publishesPerSecond` items a
 * second, each carrying the escaped `<Update>` of an openfinesse team notification with its own
 * requestId. Latency runs from just before the publish IQ is written to the moment a subscriber reads
 * the notification carrying that requestId.
 *
 * Prosody runs as a child process with a generated config in a temp dir (as the `prosody` user when
 * this runs as root: Prosody refuses root), c2s on a free loopback port, no TLS, PLAIN over plain TCP.
 */

export interface ProsodyFanoutResult {
  prosodyVersion: string;
  subscribers: number;
  targetPublishesPerSecond: number;
  seconds: number;
  publishes: number;
  /** Publish IQs answered `result` / `error` (by the end of the drain). */
  publishAcks: number;
  publishErrors: number;
  deliveries: number;
  deliveriesPerSecond: number;
  expectedDeliveries: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  loginSeconds: number;
  /** Bytes of one delivered `<message>` stanza as the first subscriber read it. */
  messageBytes: number;
  persistItems: boolean;
}

const NODE = '/finesse/api/Team/t1/Users';
const SUBSCRIBER = 'sup1';
const PUBLISHER = 'publisher';
const PASSWORD = 'bench';

/** `prosody` on the PATH, or null. */
export function prosodyInstalled(): boolean {
  return spawnSync('sh', ['-c', 'command -v prosody && command -v prosodyctl'], { stdio: 'ignore' }).status === 0;
}

/** The installed version, from dpkg when there (`prosody --version` would start a server in 0.12). */
export function prosodyVersion(): string {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own field placeholder, not a template
  const dpkg = spawnSync('dpkg-query', ['-W', '-f', '${Version}', 'prosody'], { encoding: 'utf8' });
  if (dpkg.status === 0 && dpkg.stdout.trim()) return `prosody ${dpkg.stdout.trim()} (Debian)`;
  const about = spawnSync('prosodyctl', ['about'], { encoding: 'utf8', timeout: 10_000 });
  return /^Prosody (\S+)/m.exec(about.stdout ?? '')?.[0] ?? 'prosody (unknown version)';
}

/**
 * One openfinesse team notification's text, escaped as openfinesse publishes it (captured from
 * `xmpp-fanout.ts`'s node: an agent going READY), with the requestId in place.
 */
export function teamUpdate(requestId: string, agent: string): string {
  const u = `/finesse/api/User/${agent}`;
  const xml =
    `<Update><data><user><uri>${u}</uri><loginId>${agent}</loginId><firstName>${agent}</firstName><lastName></lastName>` +
    `<dialogs>${u}/Dialogs</dialogs><extension>10000</extension><pendingState></pendingState><state>READY</state>` +
    `<stateChangeTime>${new Date().toISOString()}</stateChangeTime><reasonCodeId>-1</reasonCodeId></user></data>` +
    `<event>PUT</event><requestId>${requestId}</requestId><source>${u}</source></Update>`;
  return xml.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface ProsodyProcess {
  port: number;
  dir: string;
  stop(): Promise<void>;
}

/** Prosody in its own process, with its own config, data and log in a temp dir. */
export async function startProsody(): Promise<ProsodyProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'openfinesse-prosody-'));
  const asRoot = process.getuid?.() === 0;
  // Prosody refuses to run as root; when we are root it runs as the Debian package's `prosody` user.
  const runAs = (command: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'prosody', '--', command, ...args]] : [command, args]);
  let child: ChildProcess | null = null;
  const stop = async (): Promise<void> => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child?.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const port = await freePort();
    const config = join(dir, 'prosody.cfg.lua');
    mkdirSync(join(dir, 'data'));
    const lua = (s: string): string => JSON.stringify(s); // paths without quotes or backslashes: JSON strings are Lua strings
    writeFileSync(
      config,
      [
        `pidfile = ${lua(join(dir, 'prosody.pid'))}`,
        `data_path = ${lua(join(dir, 'data'))}`,
        `log = { { levels = { min = "info" }, to = "file", filename = ${lua(join(dir, 'prosody.log'))} } }`,
        `interfaces = { "127.0.0.1" }`,
        `c2s_ports = { ${port} }`,
        `modules_enabled = { "saslauth", "disco" }`,
        `modules_disabled = { "s2s", "s2s_auth_certs", "offline" }`,
        `authentication = "internal_plain"`,
        `allow_unencrypted_plain_auth = true`,
        `c2s_require_encryption = false`,
        `storage = "internal"`,
        // Node creation is for admins in Prosody's mod_pubsub (owner affiliation); the publisher is one.
        `admins = { "${PUBLISHER}@localhost" }`,
        `VirtualHost "localhost"`,
        `Component "pubsub.localhost" "pubsub"`,
        // The publisher (an admin, so owner) creates the node and publishes; subscribing is open.
        `    autocreate_on_publish = false`,
        '',
      ].join('\n'),
    );
    if (asRoot) {
      for (const path of [dir, join(dir, 'data'), config]) chownSync(path, uidOf('prosody'), gidOf('prosody'));
    }
    chmodSync(dir, 0o755);
    for (const user of [SUBSCRIBER, PUBLISHER]) {
      const [cmd, args] = runAs('prosodyctl', ['--config', config, 'register', user, 'localhost', PASSWORD]);
      const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30_000 });
      if (r.status !== 0) throw new Error(`prosodyctl register ${user} failed (${r.status}): ${r.stdout}${r.stderr}`);
    }
    const [cmd, args] = runAs('prosody', ['--config', config, '-F']);
    const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let output = '';
    proc.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const deadline = performance.now() + 15_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`prosody exited with ${proc.exitCode}: ${output}${readLog(dir)}`);
      if (await accepts(port)) break;
      if (performance.now() > deadline) throw new Error(`prosody did not listen on ${port} within 15 s: ${output}${readLog(dir)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { port, dir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function readLog(dir: string): string {
  const path = join(dir, 'prosody.log');
  return existsSync(path) ? readFileSync(path, 'utf8').slice(-2000) : '';
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function idOf(flag: '-u' | '-g', name: string): number {
  const r = spawnSync('id', [flag, name], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`no ${name} user (id ${flag} ${name}): install the Debian prosody package`);
  return Number(r.stdout.trim());
}
const uidOf = (name: string): number => idOf('-u', name);
const gidOf = (name: string): number => idOf('-g', name);

export async function benchProsodyFanout(
  subscribers = 200,
  publishesPerSecond = 250,
  seconds = 10,
  options: { persistItems?: boolean } = {},
): Promise<ProsodyFanoutResult> {
  const persistItems = options.persistItems ?? true;
  const version = prosodyVersion();
  progress(`starting ${version}`);
  const prosody = await startProsody();
  const clients: BenchXmppClient[] = [];
  const publisher = new BenchXmppClient(prosody.port, PUBLISHER, PASSWORD, 'pub', { presenceMarker: `from='${PUBLISHER}@localhost/pub'` });
  try {
    await publisher.login();
    await createNode(publisher, persistItems);

    progress(`logging in ${subscribers} XMPP sessions`);
    const loginStarted = performance.now();
    await loginSubscribers(prosody.port, subscribers, clients);
    const loginSeconds = (performance.now() - loginStarted) / 1000;
    // Subscribe one at a time: each checks its IQ result (subscribe() throws on anything else).
    for (const c of clients) await c.subscribe(NODE);

    const messageBytes = await deliveredMessageBytes(prosody.port, publisher);
    const run = await publishAtRate(publisher, clients, publishesPerSecond, seconds);
    progress('');
    return {
      prosodyVersion: version,
      subscribers,
      targetPublishesPerSecond: publishesPerSecond,
      seconds: round(run.elapsed, 1),
      publishes: run.sent,
      publishAcks: run.answers.acks,
      publishErrors: run.answers.errors,
      deliveries: run.latencies.length,
      deliveriesPerSecond: round(run.latencies.length / run.elapsed, 0),
      expectedDeliveries: run.total * subscribers,
      p50Ms: round(percentile(run.latencies, 50)),
      p99Ms: round(percentile(run.latencies, 99)),
      maxMs: round(run.latencies.reduce((a, b) => Math.max(a, b), 0)),
      loginSeconds: round(loginSeconds, 2),
      messageBytes,
      persistItems,
    };
  } finally {
    for (const c of clients) c.close();
    try {
      publisher.close();
    } catch {
      // never connected
    }
    await prosody.stop();
  }
}

async function createNode(publisher: BenchXmppClient, persistItems: boolean): Promise<void> {
  // Node config: Prosody's defaults (persist_items true, max_items 20, access open, publishers publish)
  // unless --no-persist, which turns item storage off.
  const configure = persistItems
    ? ''
    : `<configure><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#node_config</value></field>` +
      `<field var='pubsub#persist_items'><value>0</value></field></x></configure>`;
  const created = await publisher.iq(
    `<iq type='set' id='c1' to='pubsub.localhost'><pubsub xmlns='http://jabber.org/protocol/pubsub'><create node='${NODE}'/>${configure}</pubsub></iq>`,
    'c1',
  );
  if (created.type !== 'result') throw new Error(`creating ${NODE} failed: ${created.stanza}`);
}

/** `subscribers` sessions of the subscriber account, fifty at a time, added to `clients` as they log in. */
async function loginSubscribers(port: number, subscribers: number, clients: BenchXmppClient[]): Promise<void> {
  for (let i = 0; i < subscribers; i += 50) {
    const batch = Array.from(
      { length: Math.min(50, subscribers - i) },
      (_, k) => new BenchXmppClient(port, SUBSCRIBER, PASSWORD, `r${i + k}`, { presenceMarker: `from='${SUBSCRIBER}@localhost/r${i + k}'` }),
    );
    await Promise.all(batch.map((c) => c.login()));
    clients.push(...batch);
  }
}

/** One delivered stanza, read raw, for its size. */
async function deliveredMessageBytes(port: number, publisher: BenchXmppClient): Promise<number> {
  const probe = new BenchXmppClient(port, SUBSCRIBER, PASSWORD, 'probe', { presenceMarker: `from='${SUBSCRIBER}@localhost/probe'` });
  await probe.login();
  await probe.subscribe(NODE);
  let raw = '';
  probe.listenRaw((chunk) => (raw += chunk));
  const ack = await publisher.iq(publishIq('probe', 'warmup'), 'probe');
  if (ack.type !== 'result') throw new Error(`publish refused: ${ack.stanza}`);
  const until = performance.now() + 5_000;
  while (!raw.includes('</message>') && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
  const start = raw.indexOf('<message');
  const messageBytes = start < 0 ? 0 : Buffer.byteLength(raw.slice(start, raw.indexOf('</message>', start) + '</message>'.length));
  probe.close();
  await new Promise((resolve) => setTimeout(resolve, 500)); // let the warm-up deliveries to the others arrive before measuring
  return messageBytes;
}

/** The publish IQs answered so far, counted from the publisher's raw stream. */
function countPublishAnswers(publisher: BenchXmppClient): { acks: number; errors: number } {
  const answers = { acks: 0, errors: 0 };
  let carry = '';
  publisher.listenRaw((chunk) => {
    carry += chunk;
    const head = /<iq\b[^>]*>/g;
    let match: RegExpExecArray | null;
    let consumed = 0;
    while ((match = head.exec(carry))) {
      if (/\btype=['"]error['"]/.test(match[0])) answers.errors++;
      else if (/\btype=['"]result['"]/.test(match[0])) answers.acks++;
      consumed = head.lastIndex;
    }
    carry = carry.slice(consumed);
    const open = carry.lastIndexOf('<');
    carry = open < 0 ? '' : carry.slice(open);
  });
  return answers;
}

interface PublishRun {
  total: number;
  sent: number;
  elapsed: number;
  answers: { acks: number; errors: number };
  latencies: number[];
}

/** Publishes at the target rate (open loop), then waits up to ten seconds for the deliveries and answers still due. */
async function publishAtRate(publisher: BenchXmppClient, clients: BenchXmppClient[], publishesPerSecond: number, seconds: number): Promise<PublishRun> {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  for (const c of clients) {
    c.onNotification = (requestId, at) => {
      const sent = sentAt.get(requestId);
      if (sent !== undefined) latencies.push(at - sent);
    };
  }
  const answers = countPublishAnswers(publisher);

  const total = publishesPerSecond * seconds;
  const started = performance.now();
  let sent = 0;
  const ticker = setInterval(() => progress(`${sent} publishes, ${answers.acks} acks, ${latencies.length} deliveries`), 1000);
  try {
    while (sent < total) {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * publishesPerSecond));
      while (sent < due) {
        const requestId = `f${sent}`;
        const iq = publishIq(`p${sent}`, requestId, `agent${String((sent % 50) + 1).padStart(5, '0')}`);
        sentAt.set(requestId, performance.now());
        publisher.send(iq);
        sent++;
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const expected = total * clients.length;
    const drainDeadline = performance.now() + 10_000;
    while ((latencies.length < expected || answers.acks + answers.errors < total) && performance.now() < drainDeadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
  } finally {
    clearInterval(ticker);
  }
  return { total, sent, elapsed: (performance.now() - started) / 1000, answers, latencies };
}

function publishIq(id: string, requestId: string, agent = 'agent00001'): string {
  return (
    `<iq type='set' id='${id}' to='pubsub.localhost'><pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='${NODE}'>` +
    `<item id='${requestId}'><notification xmlns='http://jabber.org/protocol/pubsub'>${teamUpdate(requestId, agent)}</notification></item></publish></pubsub></iq>`
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const persistItems = !args.includes('--no-persist');
  const [subscribers, rate, seconds] = args.filter((a) => !a.startsWith('--')).map(Number);
  if (!prosodyInstalled()) {
    process.stdout.write(`${JSON.stringify({ bench: 'prosody-fanout', skipped: 'prosody not installed (apt-get install prosody)' })}\n`);
  } else {
    const result = await benchProsodyFanout(subscribers || undefined, rate || undefined, seconds || undefined, { persistItems });
    process.stdout.write(`${JSON.stringify({ bench: 'prosody-fanout', ...result })}\n`);
  }
}
