// The finesse.js rest objects under test against this server's recordings (fixtures/finesse-rest.json,
// made by scripts/record-finesse-fixtures.ts): a jsdom DOMParser as the browser's, and a RestEnvironment that
// answers makeRequest from the recorded REST answers and delivers recorded Updates as hub data.
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import type {
  FinesseConfig,
  HubUpdate,
  MakeRequestParams,
  MakeRequestResponse,
  RestEnvironment,
} from '../../../src/desktop/src/gadgets/finesse-js/rest/environment.js';
import { setRestEnvironment } from '../../../src/desktop/src/gadgets/finesse-js/rest/environment.js';
import { xml2js } from '../../../src/desktop/src/gadgets/finesse-js/xml.js';

(globalThis as { DOMParser?: unknown }).DOMParser = new JSDOM('').window.DOMParser;

interface Recorded {
  status: number;
  body: string;
}

export interface Fixtures {
  ids: Record<string, string>;
  rest: Record<string, Recorded>;
  writes: Record<string, Recorded>;
  updates: { label: string; node: string; text: string }[];
}

export const fixtures: Fixtures = JSON.parse(readFileSync(new URL('./fixtures/finesse-rest.json', import.meta.url), 'utf8'));

export interface SentRequest {
  url: string;
  /** The path without origin and without the nocache parameter. */
  path: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  nocache: string | null;
}

export const ORIGIN = 'https://finesse.example.com:8445';

type HubListener = (data: HubUpdate) => void;

/** A RestEnvironment answering from the recordings; installs itself as the rest objects' environment. */
export class RecordedFinesse implements RestEnvironment {
  readonly sent: SentRequest[] = [];
  readonly explicitNodes: string[] = [];
  readonly listeners = new Map<string, HubListener[]>();
  /** GET answers by path; starts as the recordings, tests may replace entries. */
  readonly answers: Record<string, Recorded> = { ...fixtures.rest };
  /** The answer to the next writes (202, empty body, as recorded). */
  writeAnswer: Recorded = fixtures.writes.accepted as Recorded;

  constructor(private readonly settings: FinesseConfig = {}) {
    setRestEnvironment(this);
  }

  config(): FinesseConfig {
    return {
      id: 'agentA',
      authorization: Buffer.from('agentA:demo').toString('base64'),
      authToken: '',
      systemAuthMode: 'NON_SSO',
      scheme: 'https',
      host: 'finesse.example.com',
      hostPort: '8445',
      locale: 'en_US',
      ...this.settings,
    };
  }

  makeRequest(url: string, callback: (response: MakeRequestResponse) => void, params: MakeRequestParams): void {
    const parsed = new URL(url);
    const nocache = parsed.searchParams.get('nocache');
    parsed.searchParams.delete('nocache');
    const path = `${parsed.pathname}${parsed.search}`;
    const method = String(params.METHOD ?? 'GET');
    const body = params.POST_DATA === undefined ? undefined : String(params.POST_DATA);
    this.sent.push({ url, path, method, headers: { ...(params.HEADERS as Record<string, string>) }, body, nocache });
    const answer = method === 'GET' ? (this.answers[path] ?? { status: 404, body: '' }) : this.writeAnswer;
    const errors = answer.status < 200 || answer.status >= 400 ? [`${answer.status} Error`] : [];
    setTimeout(() => callback({ rc: answer.status, text: answer.body, data: answer.body, errors }), 0);
  }

  subscribe(topic: string, onData: HubListener): void {
    this.listeners.set(topic, [...(this.listeners.get(topic) ?? []), onData]);
  }

  unsubscribe(topic: string, onData: HubListener): void {
    this.listeners.set(
      topic,
      (this.listeners.get(topic) ?? []).filter((l) => l !== onData),
    );
  }

  subscribeNode(node: string): void {
    this.explicitNodes.push(node);
  }

  /** Publishes one Update as the master does: topic from its node, data `{content, object}`. */
  deliver(update: { node: string; text: string }): void {
    const topic = update.node.replace(/^\//, '').replace(/\//g, '.');
    for (const listener of this.listeners.get(topic) ?? []) listener({ content: update.text, object: xml2js(update.text) });
  }

  /** Delivers every recorded Update with this label, in order; `rewrite` may change the text first. */
  deliverLabel(label: string, rewrite: (text: string) => string = (t) => t): void {
    for (const u of updatesLabelled(label)) this.deliver({ node: u.node, text: rewrite(u.text) });
  }

  lastSent(): SentRequest {
    const last = this.sent.at(-1);
    if (!last) throw new Error('nothing sent');
    return last;
  }
}

export const updatesLabelled = (label: string) => fixtures.updates.filter((u) => u.label === label);

/** Resolves with what `make` passes to its onLoad (fails on onError). */
export function loaded<T>(make: (onLoad: (obj: T) => void, onError: (rsp: unknown) => void) => unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    make(resolve, (rsp) => reject(new Error(`onError ${JSON.stringify(rsp)}`)));
  });
}

/** Lets queued timers and microtasks run (answers are delivered on a timer). */
export const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 5));
