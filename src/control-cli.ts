import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { progress } from './cli-progress.js';
import type { CallRecord } from './domain/call-record.js';
import type { CallView } from './telephony/call-view.js';
import type { TrafficStatus } from './telephony/traffic-generator.js';

/** `GET /calls/{id}`: the live call, or its history record once it ended. */
type CallAnswer = CallView | { id: string; state: 'ENDED'; record: CallRecord };

/** `20s`, `5m`, `1h` or a plain number of seconds. */
export function parseDuration(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (!m) throw new InvalidArgumentError('must be a duration such as 20s, 5m or 1h');
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return unit === 'ms' ? n / 1000 : unit === 'm' ? n * 60 : unit === 'h' ? n * 3600 : n;
}

function collectVariable(value: string, previous: Record<string, string>): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError('must be name=value');
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

interface Connection {
  server: string;
  user: string;
  password: string;
}

class ControlClient {
  constructor(private readonly connection: Connection) {}

  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.connection.server.replace(/\/$/, '')}/openfinesse/api${path}`, {
      method,
      headers: {
        authorization: `Basic ${Buffer.from(`${this.connection.user}:${this.connection.password}`).toString('base64')}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    const json: unknown = text ? JSON.parse(text) : {};
    if (!response.ok) {
      const error = (json as { error?: { type?: string; message?: string; data?: string } }).error;
      throw new Error(`${response.status} ${error?.type ?? ''}: ${error?.message ?? text} ${error?.data ?? ''}`.trim());
    }
    return json as T;
  }
}

/** Ctrl-C does not kill the command: it sets the flag, and the command's loop ends the call or traffic cleanly. */
function interruptFlag(): { interrupted: boolean } {
  const flag = { interrupted: false };
  process.on('SIGINT', () => {
    flag.interrupted = true;
  });
  return flag;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const clock = (seconds: number): string => `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;

/** `--server`, `--user`, `--password` (and their environment variables) of the commands that talk to a running server. */
export function connectionOptions(command: Command): Command {
  return command
    .addOption(new Option('--server <url>', 'base URL of a running openfinesse').env('OPENFINESSE_SERVER').default('http://127.0.0.1:8082'))
    .addOption(new Option('--user <name>', 'administrator user').env('OPENFINESSE_ADMIN_USER').default('admin'))
    .addOption(new Option('--password <password>', 'administrator password').env('OPENFINESSE_ADMIN_PASSWORD').default('demo'));
}

/** `openfinesse call` and `openfinesse traffic`: the outside world, against a running server. */
export function registerControlCommands(program: Command): void {
  connectionOptions(
    program
      .command('call')
      .description('place an external call to a queue dialed number or an agent extension, and follow it')
      .requiredOption('--to <number>', 'queue dialed number (e.g. 5000) or agent extension')
      .option('--from <number>', 'caller number (ANI)', '4085550100')
      .option('--var <name=value>', 'call variable, repeatable (callVariable1..10, user.<name>)', collectVariable, {})
      .option('--talk <duration>', 'the caller hangs up this long after an agent answers', parseDuration)
      .option('--no-wait', 'print the call and return at once'),
  ).action(placeCall);

  connectionOptions(
    program
      .command('traffic')
      .description('generate a stream of external calls for a while, with a live progress line')
      .requiredOption('--to <number>', 'queue dialed number or agent extension')
      .requiredOption('--rate <calls>', 'calls per minute', (v) => {
        const n = Number(v);
        if (!(n > 0)) throw new InvalidArgumentError('must be a number above 0');
        return n;
      })
      .option('--talk <duration>', 'each caller hangs up this long after being answered', parseDuration, 20)
      .option('--duration <duration>', 'how long to keep placing calls', parseDuration, 60)
      .option('--auto-answer <duration>', 'offered agents answer by themselves after this long (no desktop needed)', parseDuration)
      .option('--stop', 'stop the running traffic generator and exit'),
  ).action(runTraffic);
}

type CallOptions = { to: string; from: string; var: Record<string, string>; talk?: number; wait: boolean } & Connection;
type TrafficOptions = { to: string; rate: number; talk: number; duration: number; autoAnswer?: number; stop?: boolean } & Connection;

/** Places the call and, unless --no-wait, follows it with a live line until it ends. */
async function placeCall(options: CallOptions): Promise<void> {
  const client = new ControlClient(options);
  const call = await client.call<CallView>('POST', '/calls', {
    from: options.from,
    to: options.to,
    callVariables: options.var,
    ...(options.talk !== undefined ? { talkSeconds: options.talk } : {}),
  });
  if (!options.wait) {
    process.stdout.write(`${JSON.stringify(call)}\n`);
    return;
  }
  const stop = interruptFlag();
  const line = progress();
  const started = Date.now();
  for (;;) {
    const view = await client.call<CallAnswer>('GET', `/calls/${call.id}`);
    if ('record' in view) {
      const r = view.record;
      line.done(
        `call ${call.id} ended: ${r.outcome}, talk ${Math.round(r.durationMs / 1000)}s, agents ${r.agents.join(', ') || '-'}${r.wrapUpReason ? `, wrap-up "${r.wrapUpReason}"` : ''}`,
      );
      return;
    }
    if (view.endedAt !== null) {
      const wrapping = (view.participants as { loginId: string | null; state: string }[]).filter((p) => p.state === 'WRAP_UP').map((p) => p.loginId);
      line.done(
        `call ${call.id} ended after ${clock((view.endedAt - view.startedAt) / 1000)}${wrapping.length ? `; wrapping up: ${wrapping.join(', ')}` : ''}`,
      );
      return;
    }
    const agents = (view.participants as { loginId: string | null; state: string }[]).filter((p) => p.loginId !== null).map((p) => `${p.loginId} ${p.state}`);
    line.show(
      `call ${call.id} ${options.from} → ${options.to}${view.queueName ? ` (${view.queueName})` : ''}: ${view.state}${agents.length ? ` — ${agents.join(', ')}` : ''}  ${clock((Date.now() - started) / 1000)}`,
    );
    if (stop.interrupted) {
      await client.call('POST', `/calls/${call.id}/hangup`).catch(() => undefined);
      stop.interrupted = false;
    }
    await sleep(500);
  }
}

/** Starts the traffic generator and shows its progress until it is done (or stopped with Ctrl-C). */
async function runTraffic(options: TrafficOptions): Promise<void> {
  const client = new ControlClient(options);
  if (options.stop) {
    process.stdout.write(`${JSON.stringify(await client.call('DELETE', '/traffic'))}\n`);
    return;
  }
  await client.call('POST', '/traffic', {
    to: options.to,
    rate: options.rate,
    talkSeconds: options.talk,
    durationSeconds: options.duration,
    agentAnswerSeconds: options.autoAnswer ?? null,
  });
  const stop = interruptFlag();
  const line = progress();
  const started = Date.now();
  for (;;) {
    const s = await client.call<TrafficStatus>(stop.interrupted ? 'DELETE' : 'GET', '/traffic');
    const elapsed = Math.min(options.duration, (Date.now() - started) / 1000);
    const text = `[${clock(elapsed)}/${clock(options.duration)}] ${options.to}: placed ${s.placed}  queued ${s.queued}  ringing ${s.ringing}  talking ${s.talking}  finished ${s.finished}  failed ${s.failed}`;
    // Once the generator has stopped, wait for the calls agents have picked up; callers still in the
    // queue keep waiting on the server (until answered or the queue time limit) without us.
    if (!s.running && (stop.interrupted || s.ringing + s.talking === 0)) {
      const waiting = s.queued > 0 ? `  (${s.queued} callers still queued)` : '';
      line.done(`${text}${stop.interrupted ? '  (stopped)' : '  (done)'}${waiting}`);
      return;
    }
    line.show(text);
    await sleep(1000);
  }
}
