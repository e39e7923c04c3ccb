// A gadget document in jsdom with a minimal stand-in for the container runtime's `gadgets` global: Prefs from
// a map, a Hub that records publishes and subscriptions and lets the test deliver messages, and an
// io.makeRequest that either forwards to a real server over HTTP or answers from a test's function.
// finesse.js and MessageDisplay.js are bundled from source by esbuild exactly as the build does.
import { build } from 'esbuild';
import { JSDOM } from 'jsdom';

const SOURCE = 'src/desktop/src/gadgets/finesse-js';
const bundles = new Map<string, Promise<string>>();

export function bundle(entry: 'index.ts' | 'message-display.ts'): Promise<string> {
  let code = bundles.get(entry);
  if (!code) {
    code = build({ entryPoints: [`${SOURCE}/${entry}`], bundle: true, format: 'iife', target: 'es2020', platform: 'browser', write: false }).then(
      (result) => result.outputFiles[0]!.text,
    );
    bundles.set(entry, code);
  }
  return code;
}

export interface Subscription {
  subId: string;
  topic: string;
  onData: (topic: string, data: unknown) => void;
  active: boolean;
}

export interface IoRequest {
  url: string;
  params: Record<string, any>;
}

export interface IoAnswer {
  rc: number;
  text: string;
}

export interface GadgetWindowOptions {
  prefs?: Record<string, string>;
  messages?: Record<string, string>;
  mid?: number;
  /** gadgets.openfinesse.tabId; null = page area. */
  tabId?: string | null;
  /** Forward makeRequest to this origin-rewritten server over real HTTP. */
  serverBaseUrl?: string;
  answer?: (request: IoRequest) => IoAnswer;
  /** Leave `gadgets` out entirely (a page without the container runtime). */
  noGadgets?: boolean;
  /** Load MessageDisplay.js before finesse.js instead of after. */
  messageDisplayFirst?: boolean;
  withMessageDisplay?: boolean;
}

/** Deep copy into this realm, so assertions compare plain objects. */
export const plain = (value: unknown): any => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

function fakeGadgets(
  options: GadgetWindowOptions,
  record: { published: { topic: string; data: any }[]; subscriptions: Subscription[]; requests: IoRequest[]; modifiedUrls: string[] },
) {
  const prefs = options.prefs ?? {};
  const messages = options.messages ?? {};
  let nextSub = 0;
  class Prefs {
    getString = (key: string) => prefs[key] ?? '';
    getInt = (key: string) => {
      const n = Number.parseInt(prefs[key] ?? '', 10);
      return Number.isNaN(n) ? 0 : n;
    };
    getMsg = (key: string) => messages[key] ?? '';
    getModuleId = () => options.mid ?? 7;
  }
  const Hub = {
    subscribe(topic: string, onData: Subscription['onData']) {
      const subId = `sub${++nextSub}`;
      record.subscriptions.push({ subId, topic, onData, active: true });
      return subId;
    },
    unsubscribe(subId: string) {
      for (const s of record.subscriptions) if (s.subId === subId) s.active = false;
    },
    publish(topic: string, data: unknown) {
      record.published.push({ topic, data: plain(data) });
    },
  };
  const io = {
    makeRequest(url: string, callback: (r: unknown) => void, params: Record<string, any>) {
      const request = { url, params: plain(params) };
      record.requests.push(request);
      const reply = (answer: IoAnswer) =>
        callback({ rc: answer.rc, text: answer.text, data: answer.text, errors: answer.rc >= 400 ? [`${answer.rc} Error`] : [] });
      if (options.serverBaseUrl) {
        const target = new URL(url);
        const headers = request.params.HEADERS as Record<string, string>;
        const body = request.params.POST_DATA as string | undefined;
        fetch(`${options.serverBaseUrl}${target.pathname}${target.search}`, {
          method: request.params.METHOD ?? 'GET',
          headers,
          ...(body ? { body } : {}),
        }).then(async (response) => reply({ rc: response.status, text: await response.text() }));
      } else {
        setTimeout(() => reply(options.answer ? options.answer(request) : { rc: 404, text: '' }), 0);
      }
    },
  };
  const views = { getCurrentView: () => ({ getName: () => 'default' }) };
  const openfinesse = { tabId: options.tabId === undefined ? 'home' : options.tabId, modifyUrl: (u: string) => record.modifiedUrls.push(u) };
  return { Prefs, Hub, io, views, openfinesse };
}

export async function gadgetWindow(options: GadgetWindowOptions = {}) {
  const dom = new JSDOM('<!DOCTYPE html><html><head></head><body><p id="content">gadget</p></body></html>', {
    url: 'http://localhost:8082/gadgets/ifr?mid=7',
    runScripts: 'outside-only',
  });
  const window = dom.window as unknown as Window & Record<string, any>;
  const record = {
    published: [] as { topic: string; data: any }[],
    subscriptions: [] as Subscription[],
    requests: [] as IoRequest[],
    modifiedUrls: [] as string[],
  };
  if (!options.noGadgets) window.gadgets = fakeGadgets(options, record);
  const scripts = [await bundle('index.ts')];
  if (options.withMessageDisplay || options.messageDisplayFirst) {
    const display = await bundle('message-display.ts');
    if (options.messageDisplayFirst) scripts.unshift(display);
    else scripts.push(display);
  }
  for (const code of scripts) window.eval(code);

  /** Delivers `data` to every active subscription on exactly `topic` (what the master would publish). */
  function deliver(topic: string, data: unknown): number {
    const targets = record.subscriptions.filter((s) => s.active && s.topic === topic);
    for (const s of targets) s.onData(topic, data);
    return targets.length;
  }
  const publishedOn = (topic: string) => record.published.filter((p) => p.topic === topic).map((p) => p.data);
  const activeTopics = () => record.subscriptions.filter((s) => s.active).map((s) => s.topic);
  return { dom, window, finesse: window.finesse, ...record, deliver, publishedOn, activeTopics, close: () => dom.window.close() };
}

export const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

/** The container prefs of §2.3 as the desktop would give them for agentA (id agentA, password demo). */
export function agentPrefs(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    authorization: Buffer.from('agentA:demo').toString('base64'),
    authToken: '',
    systemAuthMode: 'NON_SSO',
    host: 'localhost',
    hostPort: '8082',
    scheme: 'http',
    restHost: 'localhost',
    localhostPort: '8082',
    localhostFQDN: 'openfinesse.local',
    locale: 'en_US',
    language: 'en',
    country: 'US',
    extension: '1001',
    xmppDomain: 'openfinesse.local',
    pubsubDomain: 'pubsub.openfinesse.local',
    teamId: '1',
    teamName: 'Team A',
    clientDriftInMillis: '-250',
    mobileAgentMode: '',
    mobileAgentDialNumber: '',
    compatibilityMode: 'false',
    ...overrides,
  };
}
