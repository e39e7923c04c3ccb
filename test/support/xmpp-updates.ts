import assert from 'node:assert/strict';
import { WebSocket as WsWebSocket } from 'ws';
import { client as createClient, xml } from '@xmpp/client';
import { readXml } from '../../src/finesse/xml-reader.js';
import type { XmlElement } from '../../src/finesse/xml-reader.js';
import type { TestServer } from './server.js';
import { withTimeout } from '../xmpp/support/client.js';

// The test server's certificate is self-signed; @xmpp/websocket expects a global WebSocket (Node 20 has none).
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
(globalThis as { WebSocket?: unknown }).WebSocket ??= WsWebSocket;

const WAIT_MS = 5000;
const PUBSUB_EVENT = 'http://jabber.org/protocol/pubsub#event';
const PUBSUB = 'http://jabber.org/protocol/pubsub';

/** One Finesse notification, decoded: the escaped `<Update>` text parsed once more. */
export interface Update {
  node: string;
  event: string;
  requestId: string;
  source: string;
  /** The one child of `<data>`, or undefined when `<data>` is empty. */
  data: XmlElement | undefined;
  /** The `<Update>` document exactly as carried. */
  text: string;
}

/** Dialog ids shown as D1, D2 … in the order the test first looks at them; share one per test server. */
export class DialogNames {
  private readonly names = new Map<string, string>();

  name(dialogId: string): string {
    let name = this.names.get(dialogId);
    if (name === undefined) this.names.set(dialogId, (name = `D${this.names.size + 1}`));
    return name;
  }

  /** The real dialog id behind a name. */
  id(name: string): string {
    for (const [id, n] of this.names) if (n === name) return id;
    throw new Error(`no dialog ${name} seen yet`);
  }
}

const child = (e: XmlElement | undefined, name: string): XmlElement | undefined => e?.children.find((c) => c.name === name);
const text = (e: XmlElement | undefined, name: string): string => child(e, name)?.text ?? '';

/**
 * A user's XMPP session (@xmpp/client over TCP with STARTTLS, presence priority 0) that decodes every
 * pubsub notification, checks its envelope (from the pubsub service, to the bare JID, Update children
 * data/event/requestId/source in that order, and the POST/PUT/DELETE source rules of reference §9.5), and
 * renders it as one line:
 *
 * - `user TALKING pending=NOT_READY rc=2 [req]` on `/finesse/api/User/{id}`
 * - `POST D1 ALERTING 4085550100:INITIATED(DROP,UPDATE_CALL_DATA) 1001:ALERTING(ANSWER) [req]` on the Dialogs node
 *   (POST/DELETE with the collection source and `<dialogs><Dialog>`, PUT with the item source and `<dialog>`)
 * - `ERROR D1 Device Busy 13 CF_DEVICE_BUSY [req]` for an asynchronous `apiErrors` on the Dialogs node
 * - `queue 1 callsInQueue=0 startTimeOfLongestCallInQueue= agentsReady=1 …` on `/finesse/api/Queue/{id}`
 * - `PUT <node>` for anything else (read `updates` for the content).
 */
export class XmppWatcher {
  /** Every decoded notification, in order of arrival. */
  readonly updates: Update[] = [];
  private taken = 0;
  private waiters: (() => void)[] = [];
  private pings = 0;
  /** Malformed notifications, reported by the next take. */
  private readonly problems: Error[] = [];

  private constructor(
    readonly loginId: string,
    private readonly names: DialogNames,
    private readonly client: any,
  ) {}

  /**
   * `plain` signs in with SASL PLAIN (over the TLS stream) instead of SCRAM, whose 4096 rounds of HMAC the
   * client library runs one event-loop turn each: slow on a test process that is busy with a load.
   */
  static async connect(server: TestServer, loginId: string, names: DialogNames, password = 'demo', plain = false): Promise<XmppWatcher> {
    const options = { service: `xmpp://127.0.0.1:${server.ports.xmpp}`, domain: 'localhost', username: loginId, password, resource: 'watch' };
    const c = createClient(
      plain
        ? {
            ...options,
            credentials: (authenticate: (credentials: unknown, mechanism: string) => Promise<void>) => authenticate({ username: loginId, password }, 'PLAIN'),
          }
        : options,
    );
    c.reconnect.stop();
    c.on('error', () => undefined);
    const watcher = new XmppWatcher(loginId, names, c);
    c.on('stanza', (stanza: any) => watcher.receive(stanza));
    await withTimeout(c.start(), `${loginId} connects`);
    await c.send(xml('presence', {}, xml('priority', {}, '0')));
    await watcher.sync();
    return watcher;
  }

  /** Explicit subscription (Team/Users, Queue nodes) with the full JID; fails unless `subscribed`. */
  async subscribe(node: string): Promise<void> {
    const reply = await this.client.iqCaller.request(
      xml('iq', { type: 'set', to: 'pubsub.localhost' }, xml('pubsub', { xmlns: PUBSUB }, xml('subscribe', { node, jid: String(this.client.jid) }))),
    );
    assert.equal(reply.getChild('pubsub')?.getChild('subscription')?.attrs.subscription, 'subscribed', `subscribe ${node}`);
  }

  /** A ping round trip: everything the server sent before the answer has been received. */
  async sync(): Promise<void> {
    const id = `sync-${++this.pings}`;
    await withTimeout(
      this.client.iqCaller.request(xml('iq', { type: 'get', to: 'localhost', id }, xml('ping', { xmlns: 'urn:xmpp:ping' }))),
      `${this.loginId} ping`,
    );
  }

  /** Waits until `count` notifications (optionally of one node) have arrived since the last take. */
  async until(count: number, node?: string): Promise<void> {
    const have = (): number => this.updates.slice(this.taken).filter((u) => node === undefined || u.node === node).length;
    const deadline = Date.now() + WAIT_MS;
    while (have() < count && this.problems.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) assert.fail(`${this.loginId}: ${have()} of ${count} notifications arrived:\n${this.pending().join('\n')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The lines of the notifications received since the last take, after a ping round trip. */
  async take(): Promise<string[]> {
    await this.sync();
    const lines = this.pending();
    this.taken = this.updates.length;
    return lines;
  }

  /** The raw notifications received since the last take, after a ping round trip. */
  async takeUpdates(): Promise<Update[]> {
    await this.sync();
    const result = this.updates.slice(this.taken);
    this.taken = this.updates.length;
    return result;
  }

  /** Waits for as many notifications as `lines`, then asserts they are exactly these, in this order, and nothing more. */
  async expect(lines: readonly string[], message?: string): Promise<void> {
    await this.until(lines.length);
    assert.deepEqual(await this.take(), lines, message ?? `${this.loginId}'s notifications`);
  }

  close(): Promise<void> {
    return withTimeout<unknown>(this.client.stop(), `${this.loginId} stops`).then(
      () => undefined,
      () => undefined,
    );
  }

  private pending(): string[] {
    if (this.problems.length > 0) throw this.problems[0];
    return this.updates.slice(this.taken).map((u) => this.line(u));
  }

  private receive(stanza: any): void {
    try {
      this.decode(stanza);
    } catch (err) {
      this.problems.push(err as Error);
    }
    for (const wake of this.waiters.splice(0)) wake();
  }

  private decode(stanza: any): void {
    if (stanza.name !== 'message') return;
    const items = stanza.getChild('event', PUBSUB_EVENT)?.getChild('items');
    if (!items) return;
    const item = items.getChild('item');
    const notification = item?.getChild('notification', PUBSUB);
    assert.ok(notification, `pubsub event without a notification: ${String(stanza)}`);
    assert.equal(stanza.attrs.from, 'pubsub.localhost', 'notification from the pubsub service');
    assert.equal(String(stanza.attrs.to).split('/')[0]!.toLowerCase(), `${this.loginId}@localhost`.toLowerCase(), 'notification to the subscriber');
    assert.ok(item.attrs.id, 'item id');
    const updateText: string = notification.getText();
    const update = readXml(updateText);
    assert.equal(update.name, 'Update');
    assert.deepEqual(
      update.children.map((c) => c.name),
      ['data', 'event', 'requestId', 'source'],
      `Update children in Finesse order: ${updateText}`,
    );
    const data = child(update, 'data')!;
    assert.ok(data.children.length <= 1, `one object in <data>: ${updateText}`);
    this.updates.push({
      node: items.attrs.node,
      event: text(update, 'event'),
      requestId: text(update, 'requestId'),
      source: text(update, 'source'),
      data: data.children[0],
      text: updateText,
    });
  }

  private line(u: Update): string {
    const req = u.requestId === '' ? '' : ` [${u.requestId}]`;
    if (u.node === `/finesse/api/User/${this.loginId}`) {
      assert.equal(u.event, 'PUT', u.text);
      assert.equal(u.source, u.node, u.text);
      assert.equal(u.data?.name, 'user', u.text);
      const pending = text(u.data, 'pendingState');
      const rc = text(u.data, 'reasonCodeId');
      return `user ${text(u.data, 'state')}${pending ? ` pending=${pending}` : ''}${rc !== '-1' && rc !== '' ? ` rc=${rc}` : ''}${req}`;
    }
    if (u.node === `/finesse/api/User/${this.loginId}/Dialogs`) {
      if (u.data?.name === 'apiErrors') {
        assert.equal(u.event, 'PUT', u.text);
        const m = /^\/finesse\/api\/Dialog\/([^/]+)$/.exec(u.source);
        assert.ok(m, `apiErrors with the dialog source: ${u.text}`);
        const errors = u.data.children.map((e) => {
          assert.equal(e.name, 'apiError', u.text);
          return `${text(e, 'errorType')} ${text(e, 'errorData')} ${text(e, 'errorMessage')}`;
        });
        return `ERROR ${this.names.name(m[1]!)} ${errors.join(' | ')}${req}`;
      }
      let dialog: XmlElement | undefined;
      if (u.event === 'POST' || u.event === 'DELETE') {
        assert.equal(u.source, u.node, `${u.event} carries the collection source: ${u.text}`);
        assert.equal(u.data?.name, 'dialogs', u.text);
        assert.deepEqual(
          u.data.children.map((c) => c.name),
          ['Dialog'],
          u.text,
        );
        dialog = u.data.children[0];
      } else {
        assert.equal(u.event, 'PUT', u.text);
        assert.equal(u.data?.name, 'dialog', u.text);
        dialog = u.data;
        assert.equal(u.source, `/finesse/api/Dialog/${text(dialog, 'id')}`, `PUT carries the item source: ${u.text}`);
      }
      assert.equal(text(dialog, 'uri'), `/finesse/api/Dialog/${text(dialog, 'id')}`, u.text);
      return `${u.event} ${dialogLine(dialog!, this.names)}${req}`;
    }
    const queue = /^\/finesse\/api\/Queue\/([^/]+)$/.exec(u.node);
    if (queue) {
      assert.equal(u.event, 'PUT', u.text);
      assert.equal(u.source, u.node, u.text);
      assert.equal(u.data?.name, 'queue', u.text);
      assert.equal(text(u.data, 'uri'), u.node, u.text);
      const stats = child(u.data, 'statistics')?.children ?? [];
      return `queue ${queue[1]} ${stats.map((st) => `${st.name}=${st.text}`).join(' ')}${req}`;
    }
    return `${u.event} ${u.node}${req}`;
  }
}

/** `D1 ACTIVE 4085550100:ACTIVE(HOLD,…) 1001:HELD(…)`, a state cause as `FAILED/BUSY`. */
export function dialogLine(dialog: XmlElement, names: DialogNames): string {
  const parts = (child(dialog, 'participants')?.children ?? []).map((p) => {
    const actions = (child(p, 'actions')?.children ?? []).map((a) => a.text);
    const cause = text(p, 'stateCause');
    return `${text(p, 'mediaAddress')}:${text(p, 'state')}${cause ? `/${cause}` : ''}(${actions.join(',')})`;
  });
  return `${names.name(text(dialog, 'id'))} ${text(dialog, 'state')} ${parts.join(' ')}`;
}

/** A participant element of a dialog in an update, by media address. */
export function participantOf(u: Update, mediaAddress: string): XmlElement {
  const dialog = u.data?.name === 'dialogs' ? u.data.children[0] : u.data;
  const p = child(dialog, 'participants')?.children.find((q) => text(q, 'mediaAddress') === mediaAddress);
  assert.ok(p, `no participant ${mediaAddress} in ${u.text}`);
  return p;
}

export function field(e: XmlElement | undefined, path: string): string {
  let current = e;
  for (const name of path.split('/')) current = child(current, name);
  assert.ok(current, `no ${path}`);
  return current.text;
}
