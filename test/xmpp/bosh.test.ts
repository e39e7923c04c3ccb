import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { after, before, describe, test } from 'node:test';
import { withTimeout } from './support/client.js';
import { presenceEvent, startXmppServer } from './support/harness.js';
import type { XmppTestServer } from './support/harness.js';
import { parseXml } from './support/stanzas.js';
import type { Element } from './support/stanzas.js';

/** XEP-0124 / XEP-0206 details, spoken as raw HTTP so every attribute and status is visible. */

const HTTPBIND = 'http://jabber.org/protocol/httpbind';
const SASL = 'urn:ietf:params:xml:ns:xmpp-sasl';

interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One HTTP request on its own connection (no pooling), TLS certificates not checked. */
function http(url: string, method: string, body?: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return withTimeout(
    new Promise<HttpAnswer>((resolve, reject) => {
      const req = send(
        target,
        {
          method,
          agent: false,
          rejectUnauthorized: false,
          headers: { ...(body !== undefined ? { 'content-type': 'text/xml; charset=utf-8' } : {}), ...headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    }),
    `${method} ${url}`,
  );
}

const elements = (el: Element): Element[] => el.children.filter((c): c is Element => typeof c !== 'string');

/** A raw BOSH session: the test decides every rid and when each request goes out. */
class RawBosh {
  sid = '';
  rid = 4_000_000_000 + Math.floor(Math.random() * 1_000_000);
  readonly jid: { full: string } = { full: '' };

  constructor(readonly url: string) {}

  async post(attrs: string, payload = '', rid = ++this.rid): Promise<Element & { http: HttpAnswer }> {
    const sid = this.sid ? ` sid='${this.sid}'` : '';
    const answer = await http(
      this.url,
      'POST',
      `<body xmlns='${HTTPBIND}' xmlns:xmpp='urn:xmpp:xbosh' rid='${rid}'${sid}${attrs ? ` ${attrs}` : ''}>${payload}</body>`,
    );
    return Object.assign(parseXml(answer.text), { http: answer });
  }

  async create(attrs = `wait='30' hold='1' ver='1.6'`): Promise<Element & { http: HttpAnswer }> {
    const body = await this.post(`to='localhost' xml:lang='en' xmpp:version='1.0' ${attrs}`);
    this.sid = body.attrs.sid ?? '';
    return body;
  }

  /** Sends and keeps polling (one request at a time) until something other than an empty body comes back. */
  async exchange(attrs: string, payload = ''): Promise<Element[]> {
    let body = await this.post(attrs, payload);
    while (elements(body).length === 0 && body.attrs.type !== 'terminate') body = await this.post('');
    return elements(body);
  }

  /** Session creation, PLAIN, restart, bind; with `presence` initial presence too (every request answered). */
  async login(user: string, resource: string, options: { presence?: boolean; password?: string } = {}): Promise<void> {
    const created = await this.create();
    if (!created.getChild('features')) await this.exchange('');
    const auth = await this.exchange(
      '',
      `<auth xmlns='${SASL}' mechanism='PLAIN'>${Buffer.from(`\0${user}\0${options.password ?? 'demo'}`).toString('base64')}</auth>`,
    );
    assert.equal(auth[0]?.name, 'success', String(auth[0]));
    await this.exchange(`to='localhost' xml:lang='en' xmpp:restart='true'`);
    const bound = await this.exchange(
      '',
      `<iq type='set' id='bind' xmlns='jabber:client'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>${resource}</resource></bind></iq>`,
    );
    this.jid.full = bound[0]!.getChild('bind')!.getChildText('jid')!;
    if (options.presence) {
      const available = presenceEvent('available', user);
      await this.exchange('', `<presence xmlns='jabber:client'><priority>0</priority></presence>`);
      await available;
    }
  }
}

const ping = (id: string): string => `<iq type='get' id='${id}' to='localhost' xmlns='jabber:client'><ping xmlns='urn:xmpp:ping'/></iq>`;
const replyIds = (bodies: Element[]): string[] =>
  bodies
    .flatMap((b) => elements(b))
    .filter((s) => s.name === 'iq' && s.attrs.type === 'result')
    .map((s) => s.attrs.id!);

describe('BOSH over raw HTTP', () => {
  let server: XmppTestServer;
  let url: string;
  before(async () => {
    server = await startXmppServer({ httpsPort: 0, boshTlsPort: 0 });
    url = `http://127.0.0.1:${server.ports.bosh}/http-bind/`;
  });
  after(() => server.stop());

  test('session creation answers sid, wait, hold, requests, inactivity, polling and the lower ver', async () => {
    const bosh = new RawBosh(url);
    const created = await bosh.create(`wait='30' hold='1' ver='1.6'`);
    assert.equal(created.http.status, 200);
    assert.match(String(created.http.headers['content-type']), /^text\/xml/);
    const a = created.attrs;
    assert.match(a.sid ?? '', /^[0-9a-f]{32}$/, 'an unguessable sid: 128 random bits');
    assert.equal(a.wait, '30');
    assert.equal(a.hold, '1');
    assert.equal(a.requests, '2');
    assert.equal(a.inactivity, '60');
    assert.equal(a.polling, '2');
    assert.equal(a.ver, '1.6', 'the client asked for 1.6, so the session speaks 1.6');
    assert.equal(a.from, 'localhost');
    assert.equal(a['xmpp:version'], '1.0');
    assert.ok(created.getChild('features')?.getChild('mechanisms'), 'stream features in the first answer');
    const capped = await new RawBosh(url).create(`wait='3600' hold='9' ver='1.11'`);
    assert.equal(capped.attrs.wait, '60', 'wait is capped at 60 s');
    assert.equal(capped.attrs.hold, '2', 'hold is capped at 2');
    assert.equal(capped.attrs.requests, '3', 'requests = hold + 1');
    assert.equal(capped.attrs.ver, '1.11');
  });

  test('a request with a later rid waits until the gap before it is filled', async () => {
    const bosh = new RawBosh(url);
    await bosh.login('agentA', 'order');
    const base = bosh.rid;
    // rid base+2 first: initial presence. Then rid base+1: a probe of our own presence and a ping.
    const later = bosh.post('', `<presence xmlns='jabber:client'><priority>0</priority></presence>`, base + 2);
    await new Promise((resolve) => setTimeout(resolve, 50)); // let it reach the server first (only strengthens the test)
    const earlier = await bosh.post('', `<presence type='probe' to='agenta@localhost' xmlns='jabber:client'/>${ping('first')}`, base + 1);
    const stream = elements(earlier);
    const pingAt = stream.findIndex((s) => s.attrs.id === 'first');
    assert.ok(pingAt >= 0, `ping answered on rid ${base + 1}: ${String(earlier)}`);
    const ownPresence = (s: Element): boolean => s.name === 'presence' && s.attrs.from === bosh.jid.full && s.attrs.type === undefined;
    assert.ok(!stream.slice(0, pingAt).some(ownPresence), 'the presence of the later rid was not processed before the earlier rid');
    bosh.rid = base + 2;
    server.manualClock.advance(30_000); // release whatever is still held
    const rest = [earlier, await later].flatMap(elements);
    assert.ok(rest.slice(pingAt + 1).some(ownPresence), 'the later rid was processed after the earlier one');
    await bosh.post(`type='terminate'`);
  });

  test('a repeated rid gets the very same response again', async () => {
    const bosh = new RawBosh(url);
    await bosh.login('agentB', 'retransmit');
    const rid = bosh.rid + 1;
    const first = await bosh.post('', ping('once'), rid);
    assert.deepEqual(replyIds([first]), ['once']);
    const again = await bosh.post('', ping('once'), rid);
    assert.equal(again.http.text, first.http.text);
    const next = await bosh.post('', ping('twice'), rid + 1);
    assert.deepEqual(replyIds([next]), ['twice'], 'the retransmitted ping was not processed twice');
    await bosh.post(`type='terminate'`, '', rid + 2);
  });

  test('a rid beyond the window terminates the session with item-not-found', async () => {
    const bosh = new RawBosh(url);
    await bosh.login('agentB', 'window', { presence: true });
    const gone = presenceEvent('unavailable', 'agentB');
    const answer = await bosh.post('', '', bosh.rid + 10);
    assert.equal(answer.attrs.type, 'terminate');
    assert.equal(answer.attrs.condition, 'item-not-found');
    await gone;
    const after = await bosh.post('', ping('late'));
    assert.equal(after.attrs.type, 'terminate');
    assert.equal(after.attrs.condition, 'item-not-found');
  });

  test('hold=1: a second request makes the server answer the first one', async () => {
    const bosh = new RawBosh(url);
    await bosh.login('agentB', 'hold');
    const first = bosh.post('');
    const second = bosh.post('');
    const answered = await first; // no clock moved, so only the second request can have released it
    assert.equal(answered.attrs.type, undefined);
    assert.deepEqual(elements(answered), []);
    const third = bosh.post('', ping('held'));
    assert.deepEqual(replyIds([await second]), ['held'], 'the third request released the second, carrying the answer');
    server.manualClock.advance(30_000); // the third is held until its wait is over
    assert.deepEqual(elements(await third), []);
    await bosh.post(`type='terminate'`);
  });

  test('without a request held for the inactivity period the session ends and the account goes unavailable', async () => {
    const bosh = new RawBosh(url);
    await bosh.login('agentB', 'idle', { presence: true });
    const gone = presenceEvent('unavailable', 'agentB');
    const inactivity = Number((await new RawBosh(url).create()).attrs.inactivity);
    server.manualClock.advance((inactivity - 1) * 1000);
    const stillThere = await bosh.post('', ping('alive'));
    assert.deepEqual(replyIds([stillThere]), ['alive']);
    server.manualClock.advance(inactivity * 1000);
    await gone;
    const after = await bosh.post('', ping('late'));
    assert.equal(after.attrs.type, 'terminate');
    assert.equal(after.attrs.condition, 'item-not-found');
  });

  test("type='terminate' ends the session and the account goes unavailable", async () => {
    const bosh = new RawBosh(url);
    await bosh.login('agentB', 'bye', { presence: true });
    const gone = presenceEvent('unavailable', 'agentB');
    const answer = await bosh.post(`type='terminate'`, `<presence type='unavailable' xmlns='jabber:client'/>`);
    assert.equal(answer.attrs.type, 'terminate');
    await gone;
    assert.equal((await bosh.post('', ping('late'))).attrs.condition, 'item-not-found');
  });

  test('CORS: the OPTIONS preflight and every answer allow other origins, on /http-bind and /http-bind/', async () => {
    for (const path of ['/http-bind', '/http-bind/']) {
      const target = `http://127.0.0.1:${server.ports.bosh}${path}`;
      const preflight = await http(target, 'OPTIONS', undefined, {
        origin: 'https://crm.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      });
      assert.ok(preflight.status >= 200 && preflight.status < 300, `${path} preflight ${preflight.status}`);
      assert.equal(preflight.headers['access-control-allow-origin'], '*');
      assert.match(String(preflight.headers['access-control-allow-methods']), /POST/);
      assert.match(String(preflight.headers['access-control-allow-headers']), /content-type/i);
      const created = await new RawBosh(target).create();
      assert.equal(created.http.headers['access-control-allow-origin'], '*', path);
      assert.ok(created.attrs.sid, path);
    }
  });

  test('BOSH answers on every HTTP listener: REST http and https, BOSH plain and TLS', async () => {
    const listeners: [string, string, string][] = [
      ['http', `http://127.0.0.1:${server.ports.http}/http-bind/`, 'false'],
      ['https', `https://127.0.0.1:${server.ports.https}/http-bind/`, 'true'],
      ['bosh', `http://127.0.0.1:${server.ports.bosh}/http-bind/`, 'false'],
      ['boshTls', `https://127.0.0.1:${server.ports.boshTls}/http-bind/`, 'true'],
    ];
    for (const [name, target, secure] of listeners) {
      const bosh = new RawBosh(target);
      await bosh.login('agentC', `listener-${name}`);
      assert.equal(bosh.jid.full, `agentc@localhost/listener-${name}`, name);
      const created = await new RawBosh(target).create();
      assert.equal(created.attrs.secure, secure, name);
      await bosh.post(`type='terminate'`);
    }
  });
});
