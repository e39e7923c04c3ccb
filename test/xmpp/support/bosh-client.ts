import type { ConnectOptions, TestClient } from './client.js';
import { AuthFailure, Inbox, withTimeout } from './client.js';
import { parseXml } from './stanzas.js';
import type { Element } from './stanzas.js';

const HTTPBIND = 'http://jabber.org/protocol/httpbind';

/**
 * A deliberately small XEP-0124/0206 client written from the specification: one long poll held open
 * (hold=1), a second request whenever there is something to send, rids in order, SASL PLAIN.
 */
export async function connectBosh(url: string, options: ConnectOptions): Promise<TestClient> {
  let rid = 1_000_000 + Math.floor(Math.random() * 1_000_000);
  let sid = '';
  const inbox = new Inbox();
  const controllers = new Set<AbortController>();
  let closed = false;
  let killed = false;
  let outstanding = 0;
  const queue: string[] = [];
  let resolveStreamError: (condition: string) => void = () => undefined;
  const streamErrorSeen = new Promise<string>((resolve) => (resolveStreamError = resolve));

  async function post(attrs: string, payload = ''): Promise<Element> {
    const controller = new AbortController();
    controllers.add(controller);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8' },
        body: `<body xmlns='${HTTPBIND}' xmlns:xmpp='urn:xmpp:xbosh' rid='${rid++}'${sid ? ` sid='${sid}'` : ''} ${attrs}>${payload}</body>`,
        signal: controller.signal,
      });
      return parseXml(await response.text());
    } finally {
      controllers.delete(controller);
    }
  }

  function children(body: Element): Element[] {
    return body.children.filter((c): c is Element => typeof c !== 'string');
  }

  /** During negotiation exactly one request is out; empty answers are polled again. */
  async function exchange(attrs: string, payload = ''): Promise<Element[]> {
    let body = await post(attrs, payload);
    while (children(body).length === 0 && body.attrs.type !== 'terminate') body = await post('');
    if (body.attrs.type === 'terminate') throw new AuthFailure(body.attrs.condition ?? 'terminated');
    return children(body);
  }

  function onBody(body: Element): void {
    for (const child of children(body)) {
      if (child.name === 'stream:error') {
        const condition = children(child).find((c) => c.name !== 'text');
        resolveStreamError(condition?.name ?? 'unknown');
      } else inbox.push(child);
    }
    if (body.attrs.type === 'terminate') {
      closed = true;
      if (body.attrs.condition && body.attrs.condition !== 'remote-stream-error') resolveStreamError(body.attrs.condition);
    }
  }

  function pump(): void {
    while (!closed && !killed && (queue.length > 0 ? outstanding < 2 : outstanding < 1)) {
      const payload = queue.splice(0).join('');
      outstanding++;
      post('', payload).then(
        (body) => {
          outstanding--;
          onBody(body);
          pump();
        },
        () => {
          outstanding--;
        },
      );
    }
  }

  const created = await post(`to='localhost' xml:lang='en' wait='60' hold='1' ver='1.6' xmpp:version='1.0'`);
  sid = created.attrs.sid ?? '';
  if (!sid) throw new Error(`no sid in ${String(created)}`);
  let features = created.getChild('features') ?? (await exchange('')).find((c) => c.name === 'stream:features');
  if (!features?.getChild('mechanisms')?.children.some((m) => typeof m !== 'string' && m.getText() === 'PLAIN')) throw new Error('PLAIN not offered');
  const credentials = Buffer.from(`\0${options.user}\0${options.password ?? 'demo'}`).toString('base64');
  const auth = await exchange('', `<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${credentials}</auth>`);
  if (auth[0]?.name !== 'success') throw new AuthFailure(auth[0] ? (children(auth[0])[0]?.name ?? 'failure') : 'no answer');
  features = (await exchange(`to='localhost' xml:lang='en' xmpp:restart='true'`)).find((c) => c.name === 'stream:features');
  if (!features?.getChild('bind')) throw new Error('no bind feature after restart');
  const resource = options.resource ? `<resource>${options.resource}</resource>` : '';
  const bound = await exchange('', `<iq type='set' id='bind-1' xmlns='jabber:client'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>${resource}</bind></iq>`);
  const jid = bound[0]?.getChild('bind')?.getChildText('jid');
  if (!jid) throw new Error(`bind failed: ${bound.map(String).join('')}`);
  if (options.presence !== false) queue.push(`<presence xmlns='jabber:client'><priority>0</priority></presence>`);
  pump();

  const self: TestClient = {
    transport: 'bosh',
    jid,
    received: inbox.received,
    async sendRaw(text) {
      queue.push(text);
      pump();
    },
    iq: (text) => inbox.request(text, (t) => self.sendRaw(t)),
    waitFor: (match, what) => inbox.waitFor(match, what),
    sync: () => inbox.sync((t) => self.sendRaw(t)),
    streamError: () => withTimeout(streamErrorSeen, 'stream error'),
    async close() {
      if (closed || killed) return;
      closed = true;
      await withTimeout(post(`type='terminate'`, `<presence type='unavailable' xmlns='jabber:client'/>`), 'terminate').catch(() => undefined);
      for (const c of controllers) c.abort();
    },
    async kill() {
      killed = true;
      for (const c of controllers) c.abort();
    },
  };
  return self;
}

/** Posts a raw body (for malformed-input tests) and returns the status and text. */
export async function postRaw(url: string, body: string): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
  return { status: response.status, text: await response.text() };
}
