import { ManualClock } from '../../../src/domain/clock.js';
import { request, setState } from '../../support/http.js';
import type { HttpResult } from '../../support/http.js';
import { freshServer } from '../../support/fresh.js';
import type { TestServer } from '../../support/server.js';
import { DialogNames, XmppWatcher } from '../../support/xmpp-updates.js';

export interface CallTestServer extends TestServer {
  clock: ManualClock;
}

/** A demo server (REST only) on a manual clock. Notification sequences are tested over XMPP: see startXmppCallServer. */
export async function startCallServer(config: Parameters<typeof freshServer>[0] = {}): Promise<CallTestServer> {
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 9));
  const server = await freshServer(config, clock);
  return Object.assign(server, { clock });
}

export const signIn = async (server: TestServer, loginId: string, extension: string, ready = true): Promise<void> => {
  await expectStatus(setState(server.baseUrl, loginId, loginId, `<User><state>LOGIN</state><extension>${extension}</extension></User>`), 202);
  if (ready) await expectStatus(setState(server.baseUrl, loginId, loginId, '<User><state>READY</state></User>'), 202);
};

export async function expectStatus(result: Promise<HttpResult>, status: number): Promise<HttpResult> {
  const r = await result;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${r.body}`);
  return r;
}

export function dialogAction(server: TestServer, user: string, dialogId: string, body: string, requestId?: string): Promise<HttpResult> {
  return request(server.baseUrl, 'PUT', `/finesse/api/Dialog/${dialogId}`, {
    user,
    body: `<Dialog>${body}</Dialog>`,
    ...(requestId ? { headers: { requestId } } : {}),
  });
}

export function newDialog(server: TestServer, user: string, body: string, requestId?: string): Promise<HttpResult> {
  return request(server.baseUrl, 'POST', `/finesse/api/User/${user}/Dialogs`, {
    user,
    body: `<Dialog>${body}</Dialog>`,
    ...(requestId ? { headers: { requestId } } : {}),
  });
}

export async function control(server: TestServer, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(`${server.baseUrl}/openfinesse/api${path}`, {
    method,
    headers: { authorization: `Basic ${Buffer.from('admin:demo').toString('base64')}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

/** An external caller dials `to`; returns the call id. */
export async function externalCall(server: TestServer, to: string, from = '4085550100', extra: Record<string, unknown> = {}): Promise<string> {
  const r = await control(server, 'POST', '/calls', { from, to, ...extra });
  if (r.status !== 201) throw new Error(`call refused: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json.id as string;
}

/** A demo server with XMPP on TCP, timers on a manual clock, and XMPP watchers that close with it. */
export interface XmppCallServer extends TestServer {
  clock: ManualClock;
  names: DialogNames;
  /** Connects the user over XMPP and collects his notifications. */
  watch(loginId: string): Promise<XmppWatcher>;
  /** The real id of dialog D1, D2 … */
  id(name: string): string;
}

/** `clock` and `names` may be shared with an earlier server on the same data directory (a restart). */
export async function startXmppCallServer(
  config: Parameters<typeof freshServer>[0] = {},
  shared: { clock?: ManualClock; names?: DialogNames } = {},
): Promise<XmppCallServer> {
  const clock = shared.clock ?? new ManualClock(Date.UTC(2026, 0, 1, 9));
  const server = await freshServer({ xmppPort: 0, ...config }, clock);
  const names = shared.names ?? new DialogNames();
  const watchers: XmppWatcher[] = [];
  const stop = server.stop.bind(server);
  return Object.assign(server, {
    clock,
    names,
    async watch(loginId: string) {
      const w = await XmppWatcher.connect(server, loginId, names);
      watchers.push(w);
      return w;
    },
    id: (name: string) => names.id(name),
    async stop() {
      await Promise.all(watchers.splice(0).map((w) => w.close()));
      await stop();
    },
  });
}
