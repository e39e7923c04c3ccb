import { readFileSync } from 'node:fs';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import type { EffectiveLayout, LayoutGadget } from '../../../src/desktop/src/gadgets/protocol.js';

// The chromium tests of the desktop host play the server parts other helpers build (the layout
// endpoint, the /gadgets/ifr renderer, the makeRequest proxy) with playwright routes, and the gadget
// side of the channel with a probe document that speaks it by hand.

const PROBE = readFileSync(new URL('../../fixtures/gadgets/host/probe.html', import.meta.url), 'utf8');

export const gadget = (url: string): LayoutGadget => ({ url, builtIn: null, id: null, maxRows: null });
export const builtIn = (name: LayoutGadget['builtIn'], file: string): LayoutGadget => ({
  url: `/desktop/scripts/js/${file}`,
  builtIn: name,
  id: null,
  maxRows: null,
});

/** Page: call control (mid 1). Tab crm: probe A (2), probe B (3) | queue statistics (4). Tab home: recent calls (5), probe C (6). */
export const TEST_LAYOUT: EffectiveLayout = {
  role: 'Agent',
  source: 'team',
  title: 'Acme desk',
  logo: null,
  header: { left: [], right: [] },
  page: [builtIn('callControl', 'callcontrol.js')],
  tabs: [
    {
      id: 'crm',
      label: 'CRM',
      icon: null,
      columns: [
        [gadget('/3rdpartygadget/files/probe.xml'), gadget('/3rdpartygadget/files/probe.xml?second=1')],
        [builtIn('queueStatistics', 'queueStatistics.js')],
      ],
    },
    {
      id: 'home',
      label: 'finesse.container.tabs.agent.homeLabel',
      icon: null,
      columns: [[builtIn('recentCallHistory', 'recentCallHistory.js'), gadget('/3rdpartygadget/files/probe.xml')]],
    },
  ],
};

export interface GadgetRoutes {
  proxyRequests: { headers: Record<string, string>; body: unknown }[];
  /** How the next proxy call is answered: a ProxyResponse, or 'fail' (the connection is cut). */
  proxyAnswer: unknown;
}

/** Serves `layout` as the effective layout, every gadget document as the probe, and a scripted proxy. */
export async function routeGadgets(context: BrowserContext, layout: EffectiveLayout = TEST_LAYOUT): Promise<GadgetRoutes> {
  const routes: GadgetRoutes = { proxyRequests: [], proxyAnswer: { rc: 200, body: 'hello', headers: { 'content-type': ['text/plain'] }, errors: [] } };
  await context.route('**/openfinesse/desktop/layout', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(layout) }),
  );
  await context.route('**/gadgets/ifr?**', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: PROBE }));
  await context.route('**/openfinesse/gadgets/proxy', async (route) => {
    const request = route.request();
    routes.proxyRequests.push({ headers: await request.allHeaders(), body: request.postDataJSON() });
    if (routes.proxyAnswer === 'fail') return route.abort();
    return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(routes.proxyAnswer) });
  });
  return routes;
}

/** The live frame of gadget `mid`. */
export function frameOf(page: Page, mid: number): Frame {
  const frame = page.frames().find((f) => !f.isDetached() && new URL(f.url(), 'http://x').searchParams.get('mid') === String(mid));
  if (!frame) throw new Error(`no frame for gadget ${mid}`);
  return frame;
}

type Fx = {
  secrets: { nonce: string; authorization: string; authToken: string; id: string; tabId: string | null };
  mid: number;
  query: string;
  received: { kind: string; [k: string]: unknown }[];
  welcomes: number;
  parentDocument: string;
  ownStorage: string;
  hello(nonce: string, mid?: number): void;
  send(message: unknown): void;
  connect(): void;
};

/** Runs `fn` on the probe's `fx` in gadget `mid`'s frame. */
export function probe<T, A = undefined>(page: Page, mid: number, fn: (fx: Fx, arg: A) => T, arg?: A): Promise<T> {
  return frameOf(page, mid).evaluate(({ source, arg }) => new Function('fx', 'arg', `return (${source})(fx, arg)`)((window as unknown as { fx: Fx }).fx, arg), {
    source: fn.toString(),
    arg,
  }) as Promise<T>;
}

/** What gadget `mid` received on its port so far. */
export const received = (page: Page, mid: number) => probe(page, mid, (fx) => fx.received);

/** Handshake with the right nonce, then `hub.connect`; resolves when the connect ack is in. */
export async function connectProbe(page: Page, mid: number, eventually: <T>(check: () => Promise<T>) => Promise<T>): Promise<void> {
  await probe(page, mid, (fx) => fx.connect());
  await eventually(async () => {
    if ((await probe(page, mid, (fx) => fx.welcomes)) !== 1) throw new Error('no welcome yet');
  });
  await probe(page, mid, (fx) => fx.send({ kind: 'hub.connect' }));
  await eventually(async () => {
    const acks = (await received(page, mid)).filter((m) => m.kind === 'hub.ack' && m.op === 'connect');
    if (acks.length === 0) throw new Error('no connect ack yet');
  });
}
