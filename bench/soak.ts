import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { HEADER_FRAGMENTS, JSON_FRAGMENTS, URL_FRAGMENTS, XML_FRAGMENTS, deriveSeed, mutate, pick, prng, weighted, type Random } from './support/mutator.js';
import { HttpLane, basic, rawHttpStats, rawRequest, type HttpOutcome } from './support/raw-http.js';
import { STREAM_HEADER, TcpConnection, WS_OPEN, WsConnection, bindIq, pingIq, plainAuth, replyTo } from './support/soak-xmpp.js';
import { progress, round } from './support/stats.js';
import { ShadowStream, asSent } from './support/xml-shadow.js';

/*
 * The robustness soak (issue 8, item 6): a million or more seeded mutated inputs against a server running
 * as a child process — REST bodies, HTTP header blocks, request targets (paths and query strings), XMPP
 * stanzas over TCP, BOSH bodies and WebSocket frames — counting crashes, 5xx answers, state changes
 * caused by refused requests, and the server's memory at the start and at the end.
 *
 *   npm run bench soak -- --inputs 1000000 --max-seconds 1500
 *   node --import tsx bench/soak.ts --inputs 1000000 --max-seconds 1500 [--seed 20261202] [--check-every 1] [--settle-seconds 70]
 *
 * The oracle: every PUT /User aimed at one of the soak team's agents (the "check users": no XMPP session,
 * no queue, extensions of digits 8 and 9 only, so no call and no lost-desktop timer can reach them) runs
 * under a per-user lock. After an accepted one (2xx) the user is read back and remembered; after a
 * refused one (any other answer, or the connection closed without one) it is read back and must equal
 * what was remembered. An audit re-reads every check user every few seconds, catching changes no locked
 * request explains.
 */

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');

export const KINDS = ['rest-body', 'header', 'query', 'xmpp-tcp', 'bosh', 'websocket'] as const;
export type Kind = (typeof KINDS)[number];

/** Share of the inputs per kind. */
const KIND_WEIGHTS: Record<Kind, number> = { 'rest-body': 30, header: 12, query: 14, 'xmpp-tcp': 26, bosh: 8, websocket: 10 };
/** Concurrent workers per kind. */
const LANES: Record<Kind, number> = { 'rest-body': 16, header: 8, query: 6, 'xmpp-tcp': 8, bosh: 4, websocket: 4 };

const PASSWORD = 'demo';
const CHECK_USERS = Array.from({ length: 32 }, (_, i) => `soak${String(i + 1).padStart(2, '0')}`);
const SUPERVISOR = 'soakSup';
/** Digits 8 and 9 only: no dialed number of the mutated dialog and call bodies can become one. */
const extensionOf = (user: string): string => `9${(CHECK_USERS.indexOf(user) + 1).toString(2).padStart(7, '0').replace(/0/g, '8').replace(/1/g, '9')}`;
/** Demo users the XMPP, BOSH and WebSocket workers sign in as. */
const XMPP_USERS = ['agentA', 'agentC', 'supervisorA', 'supervisorB'];

export interface SoakOptions {
  inputs: number;
  maxSeconds: number;
  seed: number;
  /** Read a check user back after every n-th refused request (1 = after each). */
  checkEvery: number;
  /** Seconds to wait, connections closed, before the last memory reading. */
  settleSeconds: number;
  /** Only these kinds (all when empty), for a look at one. */
  kinds: Kind[];
}

export const DEFAULT_SOAK: SoakOptions = { inputs: 1_000_000, maxSeconds: 1500, seed: 20261202, checkEvery: 1, settleSeconds: 10, kinds: [] };

interface Example {
  what: string;
  kind: Kind;
  input: string;
  detail: string;
}

type Tally = Record<string, number>;

/** Everything counted during the run. */
class Figures {
  readonly sent = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
  readonly outcomes = Object.fromEntries(KINDS.map((k) => [k, {}])) as Record<Kind, Tally>;
  http5xx = 0;
  xmppInternalErrors = 0;
  refusedButChanged = 0;
  refusedChecked = 0;
  acceptedChanges = 0;
  unattributedChanges = 0;
  indeterminate = 0;
  oracleErrors = 0;
  readonly counters: Tally = {};
  readonly examples: Example[] = [];

  count(name: string, by = 1): void {
    this.counters[name] = (this.counters[name] ?? 0) + by;
  }

  outcome(kind: Kind, outcome: HttpOutcome, input: string): void {
    const key = outcome.kind === 'response' ? String(outcome.status) : outcome.kind;
    const tally = this.outcomes[kind];
    tally[key] = (tally[key] ?? 0) + 1;
    if (outcome.kind === 'response' && outcome.status >= 500) {
      this.http5xx++;
      this.example({ what: `HTTP ${outcome.status}`, kind, input, detail: `${outcome.head}\n\n${outcome.body.toString('utf8').slice(0, 500)}` });
    }
    if (outcome.kind === 'response' && outcome.body.includes('internal-server-error')) this.xmppOutput(kind, outcome.body.toString('utf8'), input);
  }

  /** Any server XMPP output: an internal-server-error condition is the XMPP side's 5xx. */
  xmppOutput(kind: Kind, text: string, input: string): void {
    if (!text.includes('internal-server-error')) return;
    this.xmppInternalErrors++;
    this.example({ what: 'internal-server-error', kind, input, detail: text.slice(0, 500) });
  }

  example(e: Example): void {
    if (this.examples.length < 50) this.examples.push(e);
    process.stderr.write(`\nsoak FAILURE ${e.what} (${e.kind}): input ${JSON.stringify(e.input)}\n${e.detail}\n`);
  }

  get total(): number {
    return KINDS.reduce((sum, k) => sum + this.sent[k], 0);
  }
}

/** How many inputs of each kind may still be sent, and until when. */
class Budget {
  private readonly quota: Record<Kind, number>;
  private readonly deadline: number;
  stopped = false;

  constructor(
    private readonly figures: Figures,
    options: SoakOptions,
  ) {
    const weight = (k: Kind): number => (options.kinds.length === 0 || options.kinds.includes(k) ? KIND_WEIGHTS[k] : 0);
    const weightSum = KINDS.reduce((sum, k) => sum + weight(k), 0);
    this.quota = Object.fromEntries(KINDS.map((k) => [k, Math.ceil((options.inputs * weight(k)) / weightSum)])) as Record<Kind, number>;
    this.deadline = performance.now() + options.maxSeconds * 1000;
  }

  take(kind: Kind): boolean {
    if (this.stopped || this.figures.sent[kind] >= this.quota[kind]) return false;
    if (performance.now() > this.deadline) {
      this.stopped = true;
      return false;
    }
    this.figures.sent[kind]++;
    return true;
  }
}

/** Edits per mutation: one in 40 % of the inputs (more of them stay well-formed and reach the logic behind the parser), else 1 to 6. */
const edits = (random: Random): number => (random() < 0.4 ? 1 : 6);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function rssBytes(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
  } catch {
    return NaN;
  }
}

const mb = (bytes: number): number => round(bytes / 2 ** 20, 1);

// --- the server --------------------------------------------------------------------------------------

interface SoakServer {
  child: ChildProcess;
  ports: Record<string, number | null>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  errorLogs: string[];
  stderr: () => string;
  dir: string;
}

async function startServer(): Promise<SoakServer> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  const dir = mkdtempSync(join(tmpdir(), 'openfinesse-soak-'));
  writeFileSync(
    join(dir, 'soak.yaml'),
    stringify({
      teams: [{ id: 'soak', name: 'Soak Team' }],
      users: [
        ...CHECK_USERS.map((loginId) => ({ loginId, password: PASSWORD, team: 'soak' })),
        { loginId: SUPERVISOR, password: PASSWORD, team: 'soak', supervises: ['soak'] },
      ],
    }),
  );
  const args = [
    CLI,
    'start',
    '--demo',
    '--data-dir',
    join(dir, 'data'),
    '--config',
    join(dir, 'soak.yaml'),
    '--http-port',
    '0',
    '--https-port',
    'off',
    '--xmpp-port',
    '0',
    '--bosh-port',
    'off',
    '--bosh-tls-port',
    'off',
    // Mutated stanzas arrive far faster than a person types; wrong passwords must not lock the accounts the soak signs in with.
    '--xmpp-rate',
    '1000000',
    '--lockout-failures',
    '1000000',
    '--log-level',
    'warn',
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-20_000)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const errorLogs: string[] = [];
  const ports = await new Promise<Record<string, number | null>>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.includes('"ready"')) {
        const entry = JSON.parse(line) as { ready?: boolean; ports?: Record<string, number | null> };
        if (entry.ready && entry.ports) resolve(entry.ports);
        return;
      }
      // Error and fatal log lines (pino levels 50, 60): unhandled errors, failed event listeners.
      if (/"level":\s*[56]0/.test(line)) {
        errorLogs.push(line.slice(0, 2000));
        process.stderr.write(`\nsoak: server logged an error: ${line.slice(0, 2000)}\n`);
      }
    });
    void exited.then(({ code, signal }) => reject(new Error(`server exited (${code ?? signal}) before ready\n${stderr}`)));
  });
  return { child, ports, exited, errorLogs, stderr: () => stderr, dir };
}

// --- seeds -------------------------------------------------------------------------------------------

const selfBodies = (ext: string): string[] => [
  '<User><state>READY</state></User>',
  '<User><state>NOT_READY</state><reasonCodeId>1</reasonCodeId></User>',
  '<User><state>NOT_READY</state><reasonCodeId>4</reasonCodeId></User>',
  '<User><state>NOT_READY</state></User>',
  '<User><state>LOGOUT</state><reasonCodeId>5</reasonCodeId></User>',
  `<User><state>LOGIN</state><extension>${ext}</extension></User>`,
  `<User><state>LOGIN</state><extension>${ext}</extension></User>`,
  '<?xml version="1.0" encoding="UTF-8"?><User><state>READY</state></User>',
  '<User xmlns="http://www.cisco.com/vtg/finesse"><state>NOT_READY</state><reasonCodeId>2</reasonCodeId></User>',
  '<User><state>WORK_READY</state></User>',
  `<User><state>LOGIN</state><extension>${ext}</extension><mobileAgent><mode>NAILED_CONNECTION</mode><dialNumber>5551234</dialNumber></mobileAgent></User>`,
];
const SUPERVISOR_BODIES = [
  '<User><state>NOT_READY</state></User>',
  '<User><state>READY</state></User>',
  '<User><state>LOGOUT</state></User>',
  '<User><state>NOT_READY</state><reasonCodeId>3</reasonCodeId></User>',
];
const CONTENT_TYPES = [
  'application/xml',
  'text/xml',
  'text/plain',
  'application/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/atom+xml',
  'text/xml; charset=iso-8859-1',
  '',
];

const DIALOG_POSTS = [
  '<Dialog><requestedAction>MAKE_CALL</requestedAction><fromAddress>1002</fromAddress><toAddress>5551234</toAddress></Dialog>',
  '<Dialog><requestedAction>MAKE_CALL</requestedAction><fromAddress>1002</fromAddress><toAddress>1001</toAddress></Dialog>',
  '<Dialog><requestedAction>MAKE_CALL</requestedAction><fromAddress>1002</fromAddress><toAddress>5000</toAddress></Dialog>',
  '<Dialog><requestedAction>MAKE_CALL</requestedAction><fromAddress>1002</fromAddress><toAddress>5550100</toAddress></Dialog>',
  '<Dialog><requestedAction>MAKE_CALL</requestedAction><fromAddress>1002</fromAddress><toAddress>5551234</toAddress><mediaProperties><callvariables><CallVariable><name>callVariable1</name><value>x</value></CallVariable></callvariables></mediaProperties></Dialog>',
  '<Dialog><requestedAction>SILENT_MONITOR</requestedAction><fromAddress>1002</fromAddress><toAddress>1001</toAddress></Dialog>',
];
const DIALOG_PUTS = [
  '<Dialog><targetMediaAddress>1002</targetMediaAddress><requestedAction>ANSWER</requestedAction></Dialog>',
  '<Dialog><targetMediaAddress>1002</targetMediaAddress><requestedAction>DROP</requestedAction></Dialog>',
  '<Dialog><targetMediaAddress>1002</targetMediaAddress><requestedAction>HOLD</requestedAction></Dialog>',
  '<Dialog><targetMediaAddress>1002</targetMediaAddress><requestedAction>RETRIEVE</requestedAction></Dialog>',
  '<Dialog><requestedAction>SEND_DTMF</requestedAction><targetMediaAddress>1002</targetMediaAddress><actionParams><ActionParam><name>dtmfString</name><value>12#</value></ActionParam></actionParams></Dialog>',
  '<Dialog><requestedAction>UPDATE_CALL_DATA</requestedAction><mediaProperties><wrapUpReason>Sales Inquiry</wrapUpReason><callvariables><CallVariable><name>callVariable1</name><value>abc</value></CallVariable></callvariables></mediaProperties></Dialog>',
  '<Dialog><requestedAction>CONSULT_CALL</requestedAction><targetMediaAddress>1002</targetMediaAddress><toAddress>1001</toAddress></Dialog>',
  '<Dialog><requestedAction>TRANSFER_SST</requestedAction><targetMediaAddress>1002</targetMediaAddress><toAddress>5551234</toAddress></Dialog>',
];
const CONTROL_CALLS = [
  '{"from":"5559876","to":"5001","talkSeconds":1,"agentAnswerSeconds":1}',
  '{"from":"5559876","to":"1003","callVariables":{"callVariable1":"x"},"talkSeconds":1}',
  '{"from":"+15551234567","to":"5000","agentAnswerSeconds":1,"talkSeconds":1}',
];

/** Request targets for GET, with the user each is sent as. */
const GET_TARGETS: [string, string][] = [
  ['/finesse/api/User/agentA?x=1', 'agentA'],
  ['/finesse/api/User/agentA/ReasonCodes?category=NOT_READY', 'agentA'],
  ['/finesse/api/User/agentA/ReasonCodes?category=LOGOUT', 'agentA'],
  ['/finesse/api/User/agentA/ReasonCode/1', 'agentA'],
  ['/finesse/api/User/agentA/WrapUpReasons', 'agentA'],
  ['/finesse/api/User/agentA/WrapUpReason/2', 'agentA'],
  ['/finesse/api/User/agentA/Dialogs?', 'agentA'],
  ['/finesse/api/User/agentA/Queues', 'agentA'],
  ['/finesse/api/Queue/1', 'supervisorA'],
  ['/finesse/api/SystemInfo?x', 'agentA'],
  ['/finesse/api/Team/1?includeLoggedOutAgents=true', 'supervisorA'],
  ['/finesse/api/Team/soak?includeLoggedOutAgents=false', SUPERVISOR],
  ['/finesse/api/Users', 'admin'],
  ['/finesse/api/User/soak03', 'admin'],
  ['/finesse/api/User/soak05/Dialogs', SUPERVISOR],
  ['/openfinesse/api/calls?since=0&limit=5', 'admin'],
  ['/openfinesse/api/calls/abc', 'admin'],
  ['/openfinesse/health', 'admin'],
  ['/desktop/?a=b', 'admin'],
  ['/http-bind/?x', 'admin'],
];

const STANZAS = (user: string, jid: string): string[] => [
  `<iq type='get' id='p1'><ping xmlns='urn:xmpp:ping'/></iq>`,
  `<iq type='set' id='s1' to='pubsub.localhost'><pubsub xmlns='http://jabber.org/protocol/pubsub'><subscribe node='/finesse/api/User/${user}' jid='${jid}'/></pubsub></iq>`,
  `<iq type='set' id='s2' to='pubsub.localhost'><pubsub xmlns='http://jabber.org/protocol/pubsub'><subscribe node='/finesse/api/Team/1/Users' jid='${jid}'/></pubsub></iq>`,
  `<iq type='set' id='u1' to='pubsub.localhost'><pubsub xmlns='http://jabber.org/protocol/pubsub'><unsubscribe node='/finesse/api/Team/1/Users' jid='${jid}'/></pubsub></iq>`,
  `<iq type='get' id='i1' to='pubsub.localhost'><pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='/finesse/api/User/${user}'/></pubsub></iq>`,
  `<iq type='get' id='sb' to='pubsub.localhost'><pubsub xmlns='http://jabber.org/protocol/pubsub'><subscriptions/></pubsub></iq>`,
  `<iq type='get' id='d1' to='pubsub.localhost'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>`,
  `<iq type='get' id='d2' to='localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>`,
  `<iq type='get' id='v1' to='localhost'><query xmlns='jabber:iq:version'/></iq>`,
  `<iq type='get' id='r1'><query xmlns='jabber:iq:roster'/></iq>`,
  `<iq type='set' id='b2'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>again</resource></bind></iq>`,
  `<iq type='set' id='x1' to='agentb@localhost/desk'><query xmlns='urn:x'/></iq>`,
  `<iq type='get' id='t1'><time xmlns='urn:xmpp:time'/></iq>`,
  `<presence><priority>0</priority><status>soak</status></presence>`,
  `<presence type='unavailable'/>`,
  `<presence to='finesse@localhost' type='probe'/>`,
  `<presence to='agentb@localhost' type='subscribe'/>`,
  `<message to='agentc@localhost' type='chat'><body>hello &amp; bye</body></message>`,
  `<message to='${jid}'><body>self</body></message>`,
];

const PRE_AUTH_TCP = [
  `<?xml version='1.0'?>${STREAM_HEADER}${plainAuth('agentC', PASSWORD)}`,
  `<?xml version='1.0'?>${STREAM_HEADER}<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-256'>${Buffer.from('n,,n=agentC,r=abcdefghijkl').toString('base64')}</auth>`,
  `<?xml version='1.0'?>${STREAM_HEADER}<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>`,
  `<?xml version='1.0'?>${STREAM_HEADER}${plainAuth('agentC', PASSWORD)}${STREAM_HEADER}${bindIq('b', 'pre')}<presence/>`,
  `${STREAM_HEADER}<iq type='get' id='x'><ping xmlns='urn:xmpp:ping'/></iq>`,
];
const PRE_AUTH_WS = [
  WS_OPEN,
  plainAuth('agentC', PASSWORD),
  `<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-1'>${Buffer.from('n,,n=agentC,r=zyxwvu').toString('base64')}</auth>`,
];

const BOSH_NS = 'http://jabber.org/protocol/httpbind';
const boshCreate = (rid: number): string =>
  `<body rid='${rid}' xmlns='${BOSH_NS}' to='localhost' xml:lang='en' wait='1' hold='0' ver='1.6' xmpp:version='1.0' xmlns:xmpp='urn:xmpp:xbosh'/>`;
const boshCreateSeeds = (rid: number): string[] => [
  boshCreate(rid),
  `<body rid='${rid}' xmlns='${BOSH_NS}' to='localhost' xml:lang='en' wait='60' hold='1' ver='1.11' xmpp:version='1.0' xmlns:xmpp='urn:xmpp:xbosh'/>`,
  `<body content='text/xml; charset=utf-8' rid='${rid}' xmlns='${BOSH_NS}' to='localhost' route='xmpp:localhost:5222' secure='false' wait='1' hold='0' xmpp:version='1.0' xmlns:xmpp='urn:xmpp:xbosh'>${plainAuth('agentC', PASSWORD)}</body>`,
];
const boshIn = (rid: number, sid: string, inner: string): string => `<body rid='${rid}' sid='${sid}' xmlns='${BOSH_NS}'>${inner}</body>`;
const boshInSeeds = (rid: number, sid: string, stanzas: string[], random: Random): string[] => [
  boshIn(rid, sid, pick(random, stanzas)),
  boshIn(rid, sid, pick(random, stanzas) + pick(random, stanzas)),
  `<body rid='${rid}' sid='${sid}' xmlns='${BOSH_NS}'/>`,
  `<body rid='${rid}' sid='${sid}' xmlns='${BOSH_NS}' to='localhost' xml:lang='en' xmpp:restart='true' xmlns:xmpp='urn:xmpp:xbosh'/>`,
  `<body rid='${rid}' sid='${sid}' type='terminate' xmlns='${BOSH_NS}'><presence type='unavailable'/></body>`,
];

// --- the oracle --------------------------------------------------------------------------------------

/**
 * What each check user looks like (GET /User as the administrator) after the last accepted request, and
 * a lock per user so that requests for one user never overlap and every answer is attributed exactly.
 */
class Oracle {
  private readonly snapshots = new Map<string, string>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly readers = new Map<string, HttpLane>();
  private refusedSeen = 0;

  constructor(
    port: number,
    private readonly figures: Figures,
    private readonly checkEvery: number,
  ) {
    CHECK_USERS.forEach((user, i) => this.readers.set(user, new HttpLane(port, 900 + i)));
  }

  /** Runs `fn` when every earlier call for `user` has finished. */
  locked<T>(user: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(user) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    this.locks.set(
      user,
      next.catch(() => undefined),
    );
    return next;
  }

  async read(user: string): Promise<string | null> {
    const outcome = await this.readers.get(user)!.send(
      rawRequest('GET', `/finesse/api/User/${user}`, [
        ['Host', 'localhost'],
        ['Authorization', basic('admin', PASSWORD)],
      ]),
    );
    if (outcome.kind !== 'response' || outcome.status !== 200) {
      this.figures.oracleErrors++;
      process.stderr.write(
        `\nsoak: reading ${user} back failed: ${outcome.kind === 'response' ? `${outcome.status} ${outcome.body.toString('utf8').slice(0, 300)}` : outcome.kind}\n`,
      );
      return null;
    }
    return outcome.body.toString('utf8');
  }

  async remember(user: string): Promise<void> {
    const snapshot = await this.read(user);
    if (snapshot !== null) this.snapshots.set(user, snapshot);
  }

  /** Sends a request that may change `user` and checks what it did. */
  put(user: string, kind: Kind, input: string, send: () => Promise<HttpOutcome>): Promise<HttpOutcome> {
    return this.locked(user, async () => {
      const outcome = await send();
      this.figures.outcome(kind, outcome, input);
      if (outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300) {
        this.figures.acceptedChanges++;
        await this.remember(user);
        return outcome;
      }
      if (outcome.kind === 'timeout') {
        // Unknown whether the server acted on it: take what the user looks like now as the new truth.
        await sleep(200);
        const now = await this.read(user);
        if (now !== null && now !== this.snapshots.get(user)) this.figures.indeterminate++;
        if (now !== null) this.snapshots.set(user, now);
        return outcome;
      }
      if (++this.refusedSeen % this.checkEvery !== 0) return outcome;
      this.figures.refusedChecked++;
      const before = this.snapshots.get(user);
      const now = await this.read(user);
      if (now !== null && now !== before) {
        this.figures.refusedButChanged++;
        this.figures.example({
          what: 'refused request changed state',
          kind,
          input,
          detail: `answer: ${outcome.kind === 'response' ? `${outcome.status} ${outcome.body.toString('utf8').slice(0, 300)}` : outcome.kind}\nbefore: ${before}\nafter:  ${now}`,
        });
        this.snapshots.set(user, now);
      }
      return outcome;
    });
  }

  /** Re-reads every check user under its lock; a difference no locked request explains is counted. */
  async audit(): Promise<void> {
    await Promise.all(
      CHECK_USERS.map((user) =>
        this.locked(user, async () => {
          const now = await this.read(user);
          if (now === null) return;
          const before = this.snapshots.get(user);
          if (before !== undefined && now !== before) {
            this.figures.unattributedChanges++;
            this.figures.example({
              what: 'state changed outside any locked request',
              kind: 'rest-body',
              input: user,
              detail: `before: ${before}\nafter:  ${now}`,
            });
          }
          this.snapshots.set(user, now);
        }),
      ),
    );
  }

  close(): void {
    for (const reader of this.readers.values()) reader.close();
  }
}

// --- workers -----------------------------------------------------------------------------------------

interface Context {
  port: number;
  xmppPort: number;
  budget: Budget;
  figures: Figures;
  oracle: Oracle;
  seed: number;
  /** Dialog ids of agentB, refreshed by the dialog keeper. */
  dialogIds: string[];
}

const xmlHeaders = (user: string, contentType: string, body: string): [string, string][] => [
  ['Host', 'localhost'],
  ['Authorization', basic(user, PASSWORD)],
  ...(contentType ? ([['Content-Type', contentType]] as [string, string][]) : []),
  ['Content-Length', String(Buffer.byteLength(body))],
];

async function restBodyWorker(ctx: Context, lane: number): Promise<void> {
  const random = prng(deriveSeed(ctx.seed, `rest-body-${lane}`));
  const http = new HttpLane(ctx.port, lane);
  try {
    while (ctx.budget.take('rest-body')) {
      const target = weighted(random, { check: 80, dialogPost: 7, dialogPut: 9, control: 4 });
      const contentType = random() < 0.75 ? 'application/xml' : pick(random, CONTENT_TYPES);
      if (target === 'check') {
        const user = pick(random, CHECK_USERS);
        const bySupervisor = random() < 0.15;
        const body = mutate(random, pick(random, bySupervisor ? SUPERVISOR_BODIES : selfBodies(extensionOf(user))), XML_FRAGMENTS, edits(random));
        const request = rawRequest('PUT', `/finesse/api/User/${user}`, xmlHeaders(bySupervisor ? SUPERVISOR : user, contentType, body), body);
        await ctx.oracle.put(user, 'rest-body', body, () => http.send(request));
      } else if (target === 'dialogPost') {
        const body = mutate(random, pick(random, DIALOG_POSTS), XML_FRAGMENTS, edits(random));
        ctx.figures.outcome(
          'rest-body',
          await http.send(rawRequest('POST', '/finesse/api/User/agentB/Dialogs', xmlHeaders('agentB', contentType, body), body)),
          body,
        );
      } else if (target === 'dialogPut') {
        const live = ctx.dialogIds.length > 0 && random() < 0.8;
        if (live) ctx.figures.count('dialogPutsOnLiveDialogs');
        const id = live ? pick(random, ctx.dialogIds) : String(Math.floor(random() * 100_000));
        const body = mutate(random, pick(random, DIALOG_PUTS), XML_FRAGMENTS, edits(random));
        ctx.figures.outcome('rest-body', await http.send(rawRequest('PUT', `/finesse/api/Dialog/${id}`, xmlHeaders('agentB', contentType, body), body)), body);
      } else {
        const body = mutate(random, pick(random, CONTROL_CALLS), random() < 0.5 ? JSON_FRAGMENTS : XML_FRAGMENTS, edits(random));
        const type = random() < 0.9 ? 'application/json' : contentType;
        ctx.figures.outcome('rest-body', await http.send(rawRequest('POST', '/openfinesse/api/calls', xmlHeaders('admin', type, body), body)), body);
      }
    }
  } finally {
    http.close();
  }
}

const ALL_HEADER_FRAGMENTS = [...HEADER_FRAGMENTS, ...XML_FRAGMENTS];

async function headerWorker(ctx: Context, lane: number): Promise<void> {
  const random = prng(deriveSeed(ctx.seed, `header-${lane}`));
  const http = new HttpLane(ctx.port, 100 + lane);
  let n = 0;
  while (ctx.budget.take('header')) {
    const target = weighted(random, { check: 70, user: 15, team: 15 });
    const user = target === 'check' ? pick(random, CHECK_USERS) : target === 'user' ? 'agentA' : 'supervisorA';
    const body = target === 'check' ? pick(random, selfBodies(extensionOf(user)).slice(0, 6)) : undefined;
    const lines = [
      `Host: 127.0.0.1:${ctx.port}`,
      `Authorization: ${basic(user, PASSWORD)}`,
      ...(body !== undefined ? ['Content-Type: application/xml; charset=utf-8'] : []),
      'Accept: application/xml, text/xml, */*',
      `requestId: soak-h${lane}-${n++}`,
      'User-Agent: openfinesse-soak/1',
      ...(body !== undefined ? [`Content-Length: ${Buffer.byteLength(body)}`] : []),
      'Connection: keep-alive',
    ];
    const block = mutate(random, lines.join('\r\n'), ALL_HEADER_FRAGMENTS, edits(random));
    const path = target === 'check' ? `/finesse/api/User/${user}` : target === 'user' ? '/finesse/api/User/agentA' : '/finesse/api/Team/1';
    const request = rawRequest(body !== undefined ? 'PUT' : 'GET', path, block, body);
    // Mutated framing headers make the answer's place in a reused connection uncertain: one connection each.
    const send = (): Promise<HttpOutcome> => http.send(request, { oneShot: true, timeoutMs: 3000 });
    if (target === 'check') await ctx.oracle.put(user, 'header', block, send);
    else ctx.figures.outcome('header', await send(), block);
  }
  http.close();
}

/**
 * Targets the HTTP parser may refuse (anything but visible ASCII): the server answers those and closes
 * the connection, so they get a connection of their own.
 */
const UNSAFE_TARGET = /[^\x21-\x7e]/;

async function queryWorker(ctx: Context, lane: number): Promise<void> {
  const random = prng(deriveSeed(ctx.seed, `query-${lane}`));
  const http = new HttpLane(ctx.port, 200 + lane);
  let n = 0;
  while (ctx.budget.take('query')) {
    if (random() < 0.25) {
      const user = pick(random, CHECK_USERS);
      const query = mutate(random, `?requestId=q${lane}-${n++}&state=READY&extension=${extensionOf(user)}`, URL_FRAGMENTS, edits(random));
      const body = pick(random, selfBodies(extensionOf(user)).slice(0, 6));
      const request = rawRequest('PUT', `/finesse/api/User/${user}${query}`, xmlHeaders(user, 'application/xml', body), body);
      await ctx.oracle.put(user, 'query', query, () => http.send(request, { oneShot: UNSAFE_TARGET.test(query), timeoutMs: 5000 }));
    } else {
      const [seed, user] = pick(random, GET_TARGETS);
      const target = mutate(random, seed, URL_FRAGMENTS, edits(random));
      const request = rawRequest('GET', target, [
        ['Host', 'localhost'],
        ['Authorization', basic(user, PASSWORD)],
      ]);
      ctx.figures.outcome('query', await http.send(request, { oneShot: UNSAFE_TARGET.test(target), timeoutMs: 5000 }), target);
    }
  }
  http.close();
}

async function xmppTcpWorker(ctx: Context, lane: number): Promise<void> {
  const random = prng(deriveSeed(ctx.seed, `xmpp-tcp-${lane}`));
  const user = XMPP_USERS[lane % XMPP_USERS.length]!;
  const resource = `soak-tcp-${lane}`;
  const stanzas = STANZAS(user, `${user.toLowerCase()}@localhost/${resource}`);
  const onText = (input: () => string) => (text: string) => ctx.figures.xmppOutput('xmpp-tcp', text, input());
  let lastInput = '';
  let conn: TcpConnection | null = null;
  let shadow: ShadowStream | null = null;
  let sync = 0;
  let preAuth = 0;
  try {
    while (!ctx.budget.stopped) {
      if (random() < 0.15) {
        if (!ctx.budget.take('xmpp-tcp')) break;
        const input = asSent(mutate(random, pick(random, PRE_AUTH_TCP), XML_FRAGMENTS, edits(random)));
        const n = preAuth++;
        const c = new TcpConnection(
          ctx.xmppPort,
          onText(() => input),
          `127.${1 + lane}.${(n >> 8) & 0xff}.${1 + (n % 250)}`,
        );
        c.write(input);
        c.end();
        if (!(await c.waitClosed(5000))) {
          ctx.figures.count('xmppPreAuthNotClosed');
          c.destroy();
        }
        ctx.figures.count('xmppPreAuthConnections');
        continue;
      }
      if (!conn || conn.closed) {
        conn = new TcpConnection(
          ctx.xmppPort,
          onText(() => lastInput),
        );
        ctx.figures.count('xmppTcpLogins');
        if (!(await conn.login(user, PASSWORD, resource))) {
          ctx.figures.count('xmppTcpLoginFailures');
          conn.destroy();
          conn = null;
          await sleep(100);
          continue;
        }
        shadow = new ShadowStream(STREAM_HEADER);
      }
      const parts: string[] = [];
      let terminal: 'failed' | 'open' | 'closed' | null = null;
      const size = 1 + Math.floor(random() * 8);
      for (let k = 0; k < size && ctx.budget.take('xmpp-tcp'); k++) {
        const stanza = asSent(mutate(random, pick(random, stanzas), XML_FRAGMENTS, edits(random)));
        parts.push(stanza);
        const state = shadow!.write(stanza);
        if (state !== 'ok') {
          terminal = state;
          break;
        }
      }
      if (parts.length === 0) break;
      lastInput = parts.join('');
      const id = `sync${sync++}`;
      if (terminal === null && !shadow!.completes(pingIq(id), id)) {
        // Well-formed so far, but something left unfinished (a comment, an entity reference, a tag) would
        // swallow the ping: give up on this stream as below.
        terminal = 'open';
        lastInput += pingIq(id);
      }
      if (terminal === null) {
        conn.write(lastInput + pingIq(id));
        const result = await conn.wait(replyTo(id), 10_000);
        if (result === 'closed') ctx.figures.count('xmppTcpStreamsClosedByServer');
        if (result === 'timeout') {
          ctx.figures.count('xmppTcpStalls');
          ctx.figures.example({ what: 'no answer to a ping pipelined after well-formed stanzas', kind: 'xmpp-tcp', input: lastInput, detail: '' });
          conn.destroy();
          conn = null;
        }
        continue;
      }
      conn.write(lastInput);
      if (terminal === 'open') {
        // The server waits for the rest of the element: end our side, as a client that gave up would.
        ctx.figures.count('xmppTcpLeftOpen');
        conn.end();
      }
      if (await conn.waitClosed(10_000)) {
        if (terminal !== 'open') ctx.figures.count('xmppTcpStreamsClosedByServer');
      } else {
        ctx.figures.count('xmppTcpNotClosedAfterError');
        ctx.figures.example({ what: `stream not closed after a ${terminal} input`, kind: 'xmpp-tcp', input: lastInput, detail: '' });
        conn.destroy();
      }
      conn = null;
    }
  } finally {
    conn?.destroy();
  }
}

async function websocketWorker(ctx: Context, lane: number): Promise<void> {
  const random = prng(deriveSeed(ctx.seed, `websocket-${lane}`));
  const user = XMPP_USERS[(lane + 1) % XMPP_USERS.length]!;
  const resource = `soak-ws-${lane}`;
  const stanzas = STANZAS(user, `${user.toLowerCase()}@localhost/${resource}`);
  let lastInput = '';
  const onText = (text: string): void => ctx.figures.xmppOutput('websocket', text, lastInput);
  const refused = (c: WsConnection): void => {
    if (c.refusedStatus !== null && c.refusedStatus >= 500) {
      ctx.figures.http5xx++;
      ctx.figures.example({ what: `WebSocket upgrade answered ${c.refusedStatus}`, kind: 'websocket', input: lastInput, detail: '' });
    }
  };
  let conn: WsConnection | null = null;
  let shadow: ShadowStream | null = null;
  let sync = 0;
  try {
    while (!ctx.budget.stopped) {
      if (random() < 0.15) {
        if (!ctx.budget.take('websocket')) break;
        const c = new WsConnection(ctx.port, onText);
        if (!(await c.opened)) {
          refused(c);
          ctx.figures.count('wsUpgradeFailures');
          continue;
        }
        lastInput = asSent(mutate(random, PRE_AUTH_WS[0]!, XML_FRAGMENTS, edits(random)));
        c.write(lastInput);
        if (ctx.budget.take('websocket')) {
          const second = asSent(mutate(random, pick(random, PRE_AUTH_WS.slice(1)), XML_FRAGMENTS, edits(random)));
          lastInput += second;
          c.write(second);
        }
        c.end();
        if (!(await c.waitClosed(5000))) {
          ctx.figures.count('wsPreAuthNotClosed');
          c.destroy();
        }
        ctx.figures.count('wsPreAuthConnections');
        continue;
      }
      if (!conn || conn.closed) {
        conn = new WsConnection(ctx.port, onText);
        ctx.figures.count('wsLogins');
        if (!(await conn.login(user, PASSWORD, resource))) {
          refused(conn);
          ctx.figures.count('wsLoginFailures');
          conn.destroy();
          conn = null;
          await sleep(100);
          continue;
        }
        shadow = new ShadowStream('<frames>');
      }
      const frames: string[] = [];
      let terminal: 'failed' | 'open' | 'closed' | null = null;
      const size = 1 + Math.floor(random() * 8);
      for (let k = 0; k < size && ctx.budget.take('websocket'); k++) {
        const frame = asSent(mutate(random, pick(random, stanzas), XML_FRAGMENTS, edits(random)));
        frames.push(frame);
        const state = shadow!.write(frame);
        if (state !== 'ok') {
          terminal = state;
          break;
        }
      }
      if (frames.length === 0) break;
      const id = `sync${sync++}`;
      const unfinished = terminal === null && !shadow!.completes(pingIq(id), id);
      frames.push(pingIq(id));
      lastInput = JSON.stringify(frames);
      for (const frame of frames) conn.write(frame);
      if (unfinished) {
        // The frame ended inside a tag, an attribute value, an entity reference, a comment or a CDATA
        // section: the server keeps reading the next frame as its continuation (see the soak's notes in
        // bench/RESULTS.md), so the ping is swallowed. Close, as a client that gave up would.
        ctx.figures.count('wsLeftUnfinished');
        conn.end();
        if (!(await conn.waitClosed(10_000))) conn.destroy();
        conn = null;
        continue;
      }
      if (terminal !== null) {
        // The server closes at the frame that failed or stayed open; after a frame closing the synthetic
        // root it fails at the next frame, the ping.
        if (await conn.waitClosed(10_000)) ctx.figures.count('wsStreamsClosedByServer');
        else {
          ctx.figures.count('wsNotClosedAfterError');
          ctx.figures.example({ what: `WebSocket not closed after a ${terminal} frame`, kind: 'websocket', input: lastInput, detail: '' });
          conn.destroy();
        }
        conn = null;
        continue;
      }
      const result = await conn.wait(replyTo(id), 10_000);
      if (result === 'closed') ctx.figures.count('wsStreamsClosedByServer');
      if (result === 'timeout') {
        ctx.figures.count('wsStalls');
        ctx.figures.example({ what: 'no answer and no close after well-formed frames', kind: 'websocket', input: lastInput, detail: '' });
        conn.destroy();
        conn = null;
      }
    }
  } finally {
    conn?.destroy();
  }
}

async function boshWorker(ctx: Context, lane: number): Promise<void> {
  const random = prng(deriveSeed(ctx.seed, `bosh-${lane}`));
  const user = XMPP_USERS[(lane + 2) % XMPP_USERS.length]!;
  const http = new HttpLane(ctx.port, 300 + lane);
  const stanzas = STANZAS(user, `${user.toLowerCase()}@localhost/soak-bosh-${lane}`);
  const post = (body: string): Promise<HttpOutcome> =>
    http.send(
      rawRequest(
        'POST',
        '/http-bind/',
        [
          ['Host', 'localhost'],
          ['Content-Type', 'text/xml; charset=utf-8'],
          ['Content-Length', String(Buffer.byteLength(body))],
        ],
        body,
      ),
    );
  /** Unmutated traffic: its answers are checked for 5xx too, but it is not counted as input. */
  const plain = async (body: string, expect: RegExp): Promise<string | null> => {
    const outcome = await post(body);
    if (outcome.kind === 'response' && outcome.status >= 500) ctx.figures.outcome('bosh', outcome, body);
    if (outcome.kind !== 'response' || outcome.status !== 200) return null;
    const text = outcome.body.toString('utf8');
    return expect.test(text) && !/type=['"]terminate['"]/.test(text) ? text : null;
  };
  const sidOf = (text: string): string | undefined => /\bsid=['"]([^'"]+)['"]/.exec(text)?.[1];
  let session: { sid: string; rid: number } | null = null;
  let sessions = 0;
  try {
    while (!ctx.budget.stopped) {
      if (random() < 0.4) {
        if (!ctx.budget.take('bosh')) break;
        const rid = 1000 + Math.floor(random() * 1_000_000);
        const body = mutate(random, pick(random, boshCreateSeeds(rid)), XML_FRAGMENTS, edits(random));
        const outcome = await post(body);
        ctx.figures.outcome('bosh', outcome, body);
        const text = outcome.kind === 'response' ? outcome.body.toString('utf8') : '';
        const sid = sidOf(text);
        if (sid && !/type=['"]terminate['"]/.test(text)) {
          // Whatever rid the mutation left, a terminate with the next few ends the session.
          ctx.figures.count('boshSessionsCreatedByMutations');
          await plain(`<body rid='${rid + 1}' sid='${sid}' type='terminate' xmlns='${BOSH_NS}'/>`, /./);
        }
        continue;
      }
      if (!session) {
        const rid = 1000 + Math.floor(random() * 1_000_000);
        ctx.figures.count('boshLogins');
        const created = await plain(boshCreate(rid), /<\/stream:features>/);
        const sid = created ? sidOf(created) : undefined;
        const ok =
          sid !== undefined &&
          (await plain(boshIn(rid + 1, sid, plainAuth(user, PASSWORD)), /<success\b/)) !== null &&
          (await plain(
            `<body rid='${rid + 2}' sid='${sid}' xmlns='${BOSH_NS}' to='localhost' xml:lang='en' xmpp:restart='true' xmlns:xmpp='urn:xmpp:xbosh'/>`,
            /<bind\b/,
          )) !== null &&
          (await plain(boshIn(rid + 3, sid, bindIq('bind1', `soak-bosh-${lane}-${sessions++}`)), replyTo('bind1'))) !== null;
        if (!ok) {
          ctx.figures.count('boshLoginFailures');
          await sleep(100);
          continue;
        }
        session = { sid: sid!, rid: rid + 3 };
      }
      if (!ctx.budget.take('bosh')) break;
      const body = mutate(random, pick(random, boshInSeeds(session.rid + 1, session.sid, stanzas, random)), XML_FRAGMENTS, edits(random));
      const outcome = await post(body);
      ctx.figures.outcome('bosh', outcome, body);
      const text = outcome.kind === 'response' ? outcome.body.toString('utf8') : '';
      if (outcome.kind === 'response' && outcome.status === 200 && !/type=['"]terminate['"]/.test(text)) session.rid++;
      else {
        // If the mutation hit the sid, the session itself lives on: end it, so sessions do not pile up
        // until their inactivity timeout.
        ctx.figures.count('boshSessionsEnded');
        await plain(`<body rid='${session.rid + 1}' sid='${session.sid}' type='terminate' xmlns='${BOSH_NS}'/>`, /./);
        session = null;
      }
    }
  } finally {
    if (session) await plain(`<body rid='${session.rid + 1}' sid='${session.sid}' type='terminate' xmlns='${BOSH_NS}'/>`, /./);
    http.close();
  }
}

/**
 * Keeps agentB, whose dialogs the mutated Dialog bodies act on, signed in and able to place calls: every
 * two seconds it reads agentB's dialogs (for the ids the workers aim at), now and then drops them and
 * puts agentB back to NOT_READY. Unmutated, not counted as inputs; answers checked for 5xx.
 */
async function dialogKeeper(ctx: Context): Promise<void> {
  const http = new HttpLane(ctx.port, 400);
  const auth = basic('agentB', PASSWORD);
  const send = async (method: string, path: string, body?: string): Promise<HttpOutcome> => {
    const outcome = await http.send(
      rawRequest(
        method,
        path,
        [
          ['Host', 'localhost'],
          ['Authorization', auth],
          ...(body
            ? ([
                ['Content-Type', 'application/xml'],
                ['Content-Length', String(Buffer.byteLength(body))],
              ] as [string, string][])
            : []),
        ],
        body,
      ),
    );
    if (outcome.kind === 'response' && outcome.status >= 500) ctx.figures.outcome('rest-body', outcome, `${method} ${path} ${body ?? ''}`);
    return outcome;
  };
  let round_ = 0;
  while (!ctx.budget.stopped) {
    const dialogs = await send('GET', '/finesse/api/User/agentB/Dialogs');
    const ids = dialogs.kind === 'response' ? [...dialogs.body.toString('utf8').matchAll(/<\/fromAddress><id>([^<]+)<\/id>/g)].map((m) => m[1]!) : [];
    ctx.dialogIds.splice(0, ctx.dialogIds.length, ...ids);
    if (round_++ % 5 === 4) {
      for (const id of ids)
        await send('PUT', `/finesse/api/Dialog/${id}`, '<Dialog><targetMediaAddress>1002</targetMediaAddress><requestedAction>DROP</requestedAction></Dialog>');
      await send('PUT', '/finesse/api/User/agentB', '<User><state>LOGIN</state><extension>1002</extension></User>');
      await send('PUT', '/finesse/api/User/agentB', '<User><state>NOT_READY</state></User>');
    }
    for (let i = 0; i < 20 && !ctx.budget.stopped; i++) await sleep(100);
  }
  http.close();
}

// --- the run -----------------------------------------------------------------------------------------

export interface SoakResult {
  seed: number;
  inputs: number;
  inputsByKind: Record<Kind, number>;
  seconds: number;
  inputsPerSecond: number;
  crashes: number;
  http5xx: number;
  xmppInternalErrors: number;
  serverErrorLogs: number;
  refusedButChanged: number;
  refusedChecked: number;
  acceptedChanges: number;
  unattributedChanges: number;
  indeterminate: number;
  oracleErrors: number;
  rssStartMb: number;
  rssPeakMb: number;
  rssEndMb: number;
  rssSettledMb: number;
  heapUsedStartMb: number;
  heapUsedEndMb: number;
  heapUsedSettledMb: number;
  memoryTrend: { inputs: number; rssMb: number; heapUsedMb: number }[];
  settleSeconds: number;
  serverMetrics5xx: number;
  serverXmppConnectionsAtEnd: number;
  answersByKind: Record<Kind, Tally>;
  counters: Tally;
  stoppedBy: 'count' | 'time' | 'crash';
  serverExit: string;
  examples: Example[];
}

export async function benchSoak(partial: Partial<SoakOptions> = {}): Promise<SoakResult> {
  const options = { ...DEFAULT_SOAK, ...partial };
  const figures = new Figures();
  const server = await startServer();
  const pid = server.child.pid!;
  let crashed: string | null = null;
  let stopping = false;
  const budget = new Budget(figures, options);
  void server.exited.then(({ code, signal }) => {
    if (stopping) return;
    crashed = `exit code ${code}, signal ${signal}`;
    budget.stopped = true;
    process.stderr.write(`\nsoak: THE SERVER EXITED (${crashed})\n${server.stderr()}\n`);
  });
  const port = server.ports.http!;
  const oracle = new Oracle(port, figures, options.checkEvery);
  const setup = new HttpLane(port, 500);
  const put = async (user: string, body: string): Promise<void> => {
    const outcome = await setup.send(rawRequest('PUT', `/finesse/api/User/${user}`, xmlHeaders(user, 'application/xml', body), body));
    if (outcome.kind !== 'response' || outcome.status !== 202)
      throw new Error(`setup: PUT ${user} ${body} → ${outcome.kind === 'response' ? `${outcome.status} ${outcome.body.toString('utf8')}` : outcome.kind}`);
  };
  const metric = async (pattern: RegExp): Promise<number> => {
    const outcome = await setup.send(rawRequest('GET', '/openfinesse/metrics', [['Host', 'localhost']]));
    if (outcome.kind !== 'response') return NaN;
    return [...outcome.body.toString('utf8').matchAll(pattern)].reduce((sum, m) => sum + Number(m[1]), 0);
  };

  try {
    for (const user of CHECK_USERS) await put(user, `<User><state>LOGIN</state><extension>${extensionOf(user)}</extension></User>`);
    await put('agentA', '<User><state>LOGIN</state><extension>1001</extension></User>');
    await put('agentB', '<User><state>LOGIN</state><extension>1002</extension></User>');
    await put('agentC', '<User><state>LOGIN</state><extension>1003</extension></User>');
    for (const user of CHECK_USERS) await oracle.remember(user);
    await sleep(1000);
    const heapUsed = (): Promise<number> => metric(/^openfinesse_nodejs_heap_size_used_bytes (\d+)/gm);
    const rssStart = rssBytes(pid);
    const heapStart = await heapUsed();
    let rssPeak = rssStart;
    /** RSS and heap in use each time another tenth of the inputs has been sent. */
    const memoryTrend: { inputs: number; rssMb: number; heapUsedMb: number }[] = [{ inputs: 0, rssMb: mb(rssStart), heapUsedMb: mb(heapStart) }];

    const ctx: Context = { port, xmppPort: server.ports.xmpp!, budget, figures, oracle, seed: options.seed, dialogIds: [] };
    const started = performance.now();
    let lastTotal = 0;
    let lastAt = started;
    const ticker = setInterval(() => {
      const now = performance.now();
      const total = figures.total;
      const rss = rssBytes(pid);
      if (rss > rssPeak) rssPeak = rss;
      progress(
        `soak ${Math.round((now - started) / 1000)}s: ${total.toLocaleString('en')}/${options.inputs.toLocaleString('en')} inputs (${Math.round(((total - lastTotal) * 1000) / (now - lastAt))}/s) ` +
          KINDS.map((k) => `${k} ${figures.sent[k]}`).join(' ') +
          ` | crashes ${crashed ? 1 : 0} 5xx ${figures.http5xx} xmpp-ise ${figures.xmppInternalErrors} refused-changed ${figures.refusedButChanged} unattributed ${figures.unattributedChanges} errlogs ${server.errorLogs.length} | rss ${mb(rss)} MB`,
      );
      lastTotal = total;
      lastAt = now;
      if (total >= (memoryTrend.length * options.inputs) / 10 && !crashed) {
        void heapUsed().then((heap) => memoryTrend.push({ inputs: total, rssMb: mb(rss), heapUsedMb: mb(heap) }));
      }
    }, 5000);
    let auditing = true;
    const auditor = (async () => {
      while (auditing) {
        for (let i = 0; i < 50 && auditing; i++) await sleep(100);
        if (auditing && !crashed) await oracle.audit();
      }
    })();

    const workers: Promise<void>[] = [dialogKeeper(ctx)];
    const spawnWorkers = (kind: Kind, fn: (ctx: Context, lane: number) => Promise<void>): void => {
      for (let lane = 0; lane < LANES[kind]; lane++) {
        workers.push(
          fn(ctx, lane).catch((error: unknown) => {
            figures.count('workerErrors');
            process.stderr.write(`\nsoak: ${kind} worker ${lane} failed: ${(error as Error).stack}\n`);
          }),
        );
      }
    };
    spawnWorkers('rest-body', restBodyWorker);
    spawnWorkers('header', headerWorker);
    spawnWorkers('query', queryWorker);
    spawnWorkers('xmpp-tcp', xmppTcpWorker);
    spawnWorkers('websocket', websocketWorker);
    spawnWorkers('bosh', boshWorker);
    // Workers of a kind stop when its share is sent; the keeper stops with the budget.
    await Promise.all(workers.slice(1));
    const stoppedBy = crashed ? 'crash' : budget.stopped ? 'time' : 'count';
    budget.stopped = true;
    await workers[0];
    const seconds = (performance.now() - started) / 1000;
    clearInterval(ticker);
    auditing = false;
    await auditor;
    if (!crashed) await oracle.audit();
    const rssEnd = rssBytes(pid);
    const heapEnd = crashed ? NaN : await heapUsed();
    const serverMetrics5xx = crashed ? NaN : await metric(/^openfinesse_http_requests_total\{[^}]*status="5\d\d"[^}]*\} (\d+)/gm);
    oracle.close();
    for (let i = 0; i < options.settleSeconds * 10 && !crashed; i++) await sleep(100);
    const rssSettled = rssBytes(pid);
    const heapSettled = crashed ? NaN : await heapUsed();
    const serverXmppConnectionsAtEnd = crashed ? NaN : await metric(/^openfinesse_xmpp_connections (\d+)/gm);
    setup.close();
    progress('');

    stopping = true;
    if (!crashed) server.child.kill('SIGTERM');
    const exit = await server.exited;
    return {
      seed: options.seed,
      inputs: figures.total,
      inputsByKind: { ...figures.sent },
      seconds: round(seconds, 1),
      inputsPerSecond: Math.round(figures.total / seconds),
      crashes: crashed ? 1 : 0,
      http5xx: figures.http5xx,
      xmppInternalErrors: figures.xmppInternalErrors,
      serverErrorLogs: server.errorLogs.length,
      refusedButChanged: figures.refusedButChanged,
      refusedChecked: figures.refusedChecked,
      acceptedChanges: figures.acceptedChanges,
      unattributedChanges: figures.unattributedChanges,
      indeterminate: figures.indeterminate,
      oracleErrors: figures.oracleErrors,
      rssStartMb: mb(rssStart),
      rssPeakMb: mb(rssPeak),
      rssEndMb: mb(rssEnd),
      rssSettledMb: mb(rssSettled),
      heapUsedStartMb: mb(heapStart),
      heapUsedEndMb: mb(heapEnd),
      heapUsedSettledMb: mb(heapSettled),
      memoryTrend,
      settleSeconds: options.settleSeconds,
      serverMetrics5xx,
      serverXmppConnectionsAtEnd,
      answersByKind: figures.outcomes,
      counters: { ...figures.counters, httpRetriesOnClosedKeepAlive: rawHttpStats.retries },
      stoppedBy,
      serverExit: crashed ?? `exit code ${exit.code}, signal ${exit.signal}`,
      examples: figures.examples,
    };
  } finally {
    stopping = true;
    if (server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    rmSync(server.dir, { recursive: true, force: true });
  }
}

/** `--inputs 1000000 --max-seconds 1500 --seed 20261202 --check-every 1 --settle-seconds 10 --kinds rest-body,bosh` */
export function parseSoakArgs(argv: string[]): Partial<SoakOptions> {
  const options: Partial<SoakOptions> = {};
  const names: Record<string, Exclude<keyof SoakOptions, 'kinds'>> = {
    '--inputs': 'inputs',
    '--max-seconds': 'maxSeconds',
    '--seed': 'seed',
    '--check-every': 'checkEvery',
    '--settle-seconds': 'settleSeconds',
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    if (flag === '--kinds') {
      const kinds = (inline ?? argv[++i] ?? '').split(',').filter(Boolean);
      const unknown = kinds.filter((k) => !(KINDS as readonly string[]).includes(k));
      if (unknown.length > 0) throw new Error(`soak: unknown kind ${unknown.join(', ')} (known: ${KINDS.join(', ')})`);
      options.kinds = kinds as Kind[];
      continue;
    }
    const key = names[flag];
    if (!key) throw new Error(`soak: unknown option ${flag} (known: ${Object.keys(names).join(', ')})`);
    const value = Number(inline ?? argv[++i]);
    if (!Number.isFinite(value) || value < 0) throw new Error(`soak: ${flag} needs a number`);
    options[key] = value;
  }
  return options;
}

/** The figures that must be zero. */
export function soakFailed(result: SoakResult): boolean {
  return result.crashes + result.http5xx + result.xmppInternalErrors + result.refusedButChanged + result.unattributedChanges + result.serverErrorLogs > 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchSoak(parseSoakArgs(process.argv.slice(2)));
  process.stdout.write(`${JSON.stringify({ bench: 'soak', ...result })}\n`);
  if (soakFailed(result)) process.exitCode = 1;
}
