import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { build } from 'esbuild';
import { JSDOM, VirtualConsole } from 'jsdom';
import { parseGadgetMessage } from '../../../src/desktop/src/gadgets/hub/channel.js';
import type { HubPolicy } from '../../../src/desktop/src/gadgets/hub/policy.js';
import { HubRouter } from '../../../src/desktop/src/gadgets/hub/router.js';
import type { GadgetBootstrap, GadgetSecrets } from '../../../src/desktop/src/gadgets/protocol.js';

// A gadget document in jsdom with the gadget runtime bundle loaded exactly as the renderer lays it out
// (bootstrap JSON, runtime, Content, runOnLoadHandlers), and the desktop's end of the channel played
// by the test: the hello arrives at a stand-in `parent`, the welcome carries one end of a real
// MessageChannel, and hub messages go through the real HubRouter, as the desktop host does.

let bundle: Promise<string> | undefined;

/** The runtime as scripts/build-gadget-assets.mjs bundles it (a classic IIFE script). */
export function runtimeBundle(): Promise<string> {
  bundle ??= build({
    entryPoints: ['src/desktop/src/gadgets/runtime/index.ts'],
    bundle: true,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    legalComments: 'none',
    write: false,
  }).then((result) => result.outputFiles[0]!.text);
  return bundle;
}

export const DESKTOP_ORIGIN = 'https://desktop.test:8445';
export const SPEC_URL = 'https://desktop.test:8445/3rdpartygadget/files/acme/acme.xml';

export const SECRETS: GadgetSecrets = { nonce: 'n-123', authorization: 'YWdlbnQ6c2VjcmV0', authToken: '', id: 'agent1', tabId: 'home' };

export function bootstrapFor(overrides: Partial<GadgetBootstrap> = {}): GadgetBootstrap {
  return {
    mid: 7,
    specUrl: SPEC_URL,
    desktopOrigin: DESKTOP_ORIGIN,
    title: 'Acme',
    height: 200,
    scrolling: false,
    view: 'default',
    views: ['default', 'canvas'],
    features: { 'pubsub-2': {}, setprefs: {} },
    lang: 'en',
    country: 'US',
    languageDirection: 'ltr',
    messages: { hello: 'Hello <b>you</b>' },
    userPrefs: {},
    ...overrides,
  };
}

export interface GadgetPageOptions {
  /** What window.name holds when the document starts (a JSON string, or anything). */
  name?: string;
  /** The bootstrap JSON; null leaves the element out. */
  bootstrap?: GadgetBootstrap | null;
  /** HTML of the Content (scripts run in order, before runOnLoadHandlers). */
  content?: string;
  /** Query and fragment of the render URL. */
  search?: string;
  /** Runs before the document is parsed (stubs). */
  beforeParse?: (window: JSDOM['window']) => void;
}

export interface ConsoleLine {
  level: string;
  text: string;
}

type GadgetWindow = JSDOM['window'] & Record<string, any>;

export interface GadgetPage {
  dom: JSDOM;
  window: GadgetWindow;
  /** What the runtime posted to its parent, with the target origin. */
  hellos: { message: any; targetOrigin: string }[];
  parent: { postMessage(message: unknown, targetOrigin: string): void };
  console: ConsoleLine[];
  close(): void;
}

export async function openGadget(options: GadgetPageOptions = {}): Promise<GadgetPage> {
  const runtime = await runtimeBundle();
  const hellos: GadgetPage['hellos'] = [];
  const parent = { postMessage: (message: unknown, targetOrigin: string) => void hellos.push({ message, targetOrigin }) };
  const lines: ConsoleLine[] = [];
  const virtualConsole = new VirtualConsole();
  for (const level of ['log', 'info', 'warn', 'error'] as const) {
    virtualConsole.on(level, (...args: unknown[]) => lines.push({ level, text: args.map(String).join(' ') }));
  }
  virtualConsole.on('jsdomError', (error) => lines.push({ level: 'jsdomError', text: String(error.message) }));
  const bootstrap = options.bootstrap === undefined ? bootstrapFor() : options.bootstrap;
  const bootstrapTag =
    bootstrap === null ? '' : `<script type="application/json" id="openfinesse-gadget">${JSON.stringify(bootstrap).replace(/</g, '\\u003c')}</script>`;
  const html = `<!DOCTYPE html><html><head>${bootstrapTag}<script>${runtime}</script></head><body>${options.content ?? ''}<script>gadgets.util.runOnLoadHandlers()</script></body></html>`;
  const dom = new JSDOM(html, {
    url: `https://gadgets.test:8446/gadgets/ifr${options.search ?? '?url=x&mid=7'}`,
    runScripts: 'dangerously',
    virtualConsole,
    beforeParse(window) {
      window.name = options.name ?? JSON.stringify(SECRETS);
      Object.defineProperty(window, 'parent', { configurable: true, get: () => parent });
      options.beforeParse?.(window);
    },
  });
  return { dom, window: dom.window as GadgetWindow, hellos, parent, console: lines, close: () => dom.window.close() };
}

/** Polls `condition` until it holds (the runtime answers through timers and port messages). */
export async function until(condition: () => boolean, what = 'condition', timeoutMs = 2000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Runs gadget code inside the document (values it builds belong to the document's realm). */
export function run(page: GadgetPage, code: string): any {
  return page.window.eval(code);
}

/**
 * The desktop's end after the welcome: every message the gadget sent, in order, and (unless `hub:
 * false`) the hub messages answered by a real HubRouter with this gadget as client `String(mid)`.
 */
export class DesktopEnd {
  readonly received: any[] = [];
  readonly router: HubRouter;
  private readonly port: MessagePort;
  private readonly gadgetPort: MessagePort;
  readonly clientId: string;

  constructor(
    private readonly page: GadgetPage,
    options: { hub?: boolean; policy?: HubPolicy; mid?: number } = {},
  ) {
    this.clientId = String(options.mid ?? 7);
    const { port1, port2 } = new MessageChannel();
    this.port = port2;
    this.gadgetPort = port1;
    this.router = new HubRouter({
      deliver: (d) => {
        if (d.clientId === this.clientId) this.send({ kind: 'hub.deliver', subId: d.subId, topic: d.topic, data: d.data });
      },
      policy: options.policy,
    });
    this.port.on('message', (message: any) => {
      this.received.push(message);
      if (options.hub !== false) this.answerHub(message);
    });
  }

  /** Sends the welcome to the gadget window as the desktop would, from `source` (the parent by default). */
  welcome(source: unknown = this.page.parent, data: unknown = { kind: 'openfinesse.welcome' }): void {
    const { window } = this.page;
    window.dispatchEvent(new window.MessageEvent('message', { data, source: source as any, ports: [this.portForGadget()] as any }));
  }

  send(message: unknown): void {
    this.port.postMessage(message);
  }

  kinds(): string[] {
    return this.received.map((m) => m.kind);
  }

  close(): void {
    this.port.close();
    this.gadgetPort.close();
  }

  /**
   * The gadget's end of the channel: postMessage into the Node port, and each message re-created in
   * the document's realm (a browser's structured clone would create it there).
   */
  private portForGadget() {
    const intoRealm = this.page.window.eval(
      `(function clone(v) {
        if (Array.isArray(v)) { const a = []; for (const x of v) a.push(clone(x)); return a; }
        if (v !== null && typeof v === 'object') { const o = {}; for (const k of Object.keys(v)) o[k] = clone(v[k]); return o; }
        return v;
      })`,
    ) as (value: unknown) => unknown;
    const port = this.gadgetPort;
    return {
      postMessage: (message: unknown) => port.postMessage(message),
      set onmessage(handler: (event: { data: unknown }) => void) {
        port.on('message', (data: unknown) => handler({ data: intoRealm(data) }));
      },
    };
  }

  private answerHub(raw: unknown): void {
    const parsed = parseGadgetMessage(raw);
    if (!parsed.ok) return;
    const m = parsed.message;
    const id = this.clientId;
    const ack = (op: string, result: { ok: boolean; error?: string }, subId?: string) =>
      this.send({ kind: 'hub.ack', op, ...(subId === undefined ? {} : { subId }), ok: result.ok, ...(result.ok ? {} : { error: result.error }) });
    switch (m.kind) {
      case 'hub.connect':
        return ack('connect', this.router.connect(id));
      case 'hub.disconnect':
        this.router.disconnect(id);
        return ack('disconnect', { ok: true });
      case 'hub.subscribe':
        return ack('subscribe', this.router.subscribe(id, m.topic, m.subId), m.subId);
      case 'hub.unsubscribe':
        return ack('unsubscribe', this.router.unsubscribe(id, m.subId), m.subId);
      case 'hub.publish': {
        const result = this.router.publish(id, m.topic, m.data);
        if (!result.ok) this.send({ kind: 'hub.error', topic: m.topic, error: result.error });
      }
    }
  }
}
