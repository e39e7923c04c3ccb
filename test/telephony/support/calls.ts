import type { DialogSnapshot } from '../../../src/domain/dialog.js';
import { ManualClock } from '../../../src/domain/clock.js';
import type { DomainEvent } from '../../../src/domain/events.js';
import { startDialogNotifier } from '../../../src/notify/dialog-notifier.js';
import { request, setState } from '../../support/http.js';
import type { HttpResult } from '../../support/http.js';
import { freshServer } from '../../support/fresh.js';
import type { TestServer } from '../../support/server.js';
import { DialogNames, XmppWatcher } from '../../support/xmpp-updates.js';

export interface CallTestServer extends TestServer {
  clock: ManualClock;
  recorder: Recorder;
}

/** A demo server (REST only) on a manual clock, with every domain event and dialog publication recorded. */
export async function startCallServer(config: Parameters<typeof freshServer>[0] = {}): Promise<CallTestServer> {
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 9));
  const server = await freshServer(config, clock);
  const recorder = new Recorder();
  server.bus.subscribe((event) => recorder.event(event));
  startDialogNotifier(server.bus, (node, update) => recorder.publications.push({ node, update }));
  return Object.assign(server, { clock, recorder });
}

/**
 * Turns events into one readable line each, dialog ids renamed D1, D2 … in order of appearance:
 * `user agentA RESERVED`, `POST agentA D1 ALERTING 1001:ALERTING(ANSWER) 4085550100:INITIATED(DROP,UPDATE_CALL_DATA) [req]`.
 */
export class Recorder {
  readonly lines: string[] = [];
  readonly publications: { node: string; update: string }[] = [];
  private readonly ids = new Map<string, string>();
  private taken = 0;

  event(event: DomainEvent): void {
    const req = 'requestId' in event && event.requestId !== '' ? ` [${event.requestId}]` : '';
    switch (event.type) {
      case 'UserChanged': {
        const s = event.user.status;
        const extra = (s.pendingState ? ` pending=${s.pendingState}` : '') + (s.reasonCodeId !== null && s.state !== 'READY' ? ` rc=${s.reasonCodeId}` : '');
        this.lines.push(`user ${event.user.account.loginId} ${s.state}${extra}${req}`);
        return;
      }
      case 'DialogAdded':
        this.lines.push(`POST ${event.loginId} ${this.dialogLine(event.dialog)}${req}`);
        return;
      case 'DialogUpdated':
        this.lines.push(`PUT ${event.loginId} ${this.dialogLine(event.dialog)}${req}`);
        return;
      case 'DialogRemoved':
        this.lines.push(`DELETE ${event.loginId} ${this.id(event.dialog.id)}${req}`);
        return;
      case 'DialogRequestFailed':
        this.lines.push(`ERROR ${event.loginId} ${this.id(event.dialogId)} ${event.error.errorType}${req}`);
        return;
      default:
        return;
    }
  }

  id(dialogId: string): string {
    let name = this.ids.get(dialogId);
    if (name === undefined) this.ids.set(dialogId, (name = `D${this.ids.size + 1}`));
    return name;
  }

  realId(name: string): string {
    for (const [id, n] of this.ids) if (n === name) return id;
    throw new Error(`no dialog ${name}`);
  }

  private dialogLine(d: DialogSnapshot): string {
    const parts = d.participants.map((p) => `${p.mediaAddress}:${p.state}${p.stateCause ? `/${p.stateCause}` : ''}(${p.actions.join(',')})`);
    return `${this.id(d.id)} ${d.state} ${parts.join(' ')}`;
  }

  /** The lines recorded since the last call. */
  take(): string[] {
    const result = this.lines.slice(this.taken);
    this.taken = this.lines.length;
    return result;
  }
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
  return request(server.baseUrl, 'PUT', `/finesse/api/Dialog/${dialogId}`, { user, body: `<Dialog>${body}</Dialog>`, ...(requestId ? { headers: { requestId } } : {}) });
}

export function newDialog(server: TestServer, user: string, body: string, requestId?: string): Promise<HttpResult> {
  return request(server.baseUrl, 'POST', `/finesse/api/User/${user}/Dialogs`, { user, body: `<Dialog>${body}</Dialog>`, ...(requestId ? { headers: { requestId } } : {}) });
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

export async function startXmppCallServer(config: Parameters<typeof freshServer>[0] = {}): Promise<XmppCallServer> {
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 9));
  const server = await freshServer({ xmppPort: 0, ...config }, clock);
  const names = new DialogNames();
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
