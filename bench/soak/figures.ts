import type { HttpOutcome } from '../support/raw-http.js';
import { KIND_WEIGHTS, KINDS, type Kind, type SoakOptions } from './options.js';

export interface Example {
  what: string;
  kind: Kind;
  input: string;
  detail: string;
}

export type Tally = Record<string, number>;

/** Everything counted during the run. */
export class Figures {
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
export class Budget {
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
