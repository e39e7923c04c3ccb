import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { DEFAULT_XMPP_LIMITS } from '../src/config.js';
import { mutate, prng } from '../bench/support/mutator.js';
import { request, setState } from './support/http.js';
import { startTestServer, type TestServer } from './support/server.js';
import { withTimeout } from './xmpp/support/client.js';
import { RawXmpp } from './xmpp/support/raw-tcp.js';

const stateOf = async (server: TestServer): Promise<string> => {
  const response = await request(server.baseUrl, 'GET', '/finesse/api/User/agentA', { user: 'agentA' });
  assert.equal(response.status, 200);
  return /<state>([A-Z_]*)<\/state>/.exec(response.body)![1]!;
};

describe('mangled input never crashes the server or changes state it should not', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ xmppLimits: { ...DEFAULT_XMPP_LIMITS, stanzasPerSecond: 100_000 } });
    assert.equal((await setState(server.baseUrl, 'agentA', 'agentA', '<User><state>LOGIN</state><extension>1001</extension></User>')).status, 202);
  });
  after(() => server.stop());

  test('400 mangled PUT /User bodies: every answer is 202 or a 4xx ApiErrors, and a refused one changes nothing', async () => {
    const random = prng(20261122);
    const seeds = [
      '<User><state>READY</state></User>',
      '<User><state>NOT_READY</state><reasonCodeId>1</reasonCodeId></User>',
      '<?xml version="1.0" encoding="UTF-8"?><User><state>NOT_READY</state></User>',
    ];
    const types = ['application/xml', 'text/xml', 'text/plain', 'application/json', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'];
    const seen = new Set<number>();
    for (let i = 0; i < 400; i++) {
      const body = mutate(random, seeds[i % seeds.length]!);
      const before = await stateOf(server);
      const response = await request(server.baseUrl, 'PUT', '/finesse/api/User/agentA', {
        user: 'agentA',
        body,
        headers: { 'content-type': types[Math.floor(random() * types.length)]! },
      });
      assert.ok([202, 400, 413, 415].includes(response.status), `#${i} ${JSON.stringify(body)} → ${response.status} ${response.body}`);
      seen.add(response.status);
      if (response.status !== 202) {
        assert.match(response.body, /<ApiErrors><ApiError><ErrorType>/, `#${i}`);
        assert.equal(await stateOf(server), before, `#${i} a refused request changed the state`);
      }
    }
    // The mutations must have produced accepted, refused and wrongly labelled bodies alike.
    assert.deepEqual([...seen].sort(), [202, 400, 415]);
  });

  test('200 mangled XMPP streams over TCP, before and after authentication, each end only their own stream', async () => {
    const random = prng(7);
    const stanzas = [
      `<iq type='get' id='p'><ping xmlns='urn:xmpp:ping'/></iq>`,
      `<iq type='set' id='s' to='pubsub.localhost'><pubsub xmlns='http://jabber.org/protocol/pubsub'><subscribe node='/finesse/api/Team/1/Users' jid='agenta@localhost/fuzz'/></pubsub></iq>`,
      `<presence><priority>0</priority></presence>`,
      `<iq type='get' id='d' to='pubsub.localhost'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>`,
    ];
    const witness = await RawXmpp.login(server.ports.xmpp!, 'agentB', 'witness');
    for (let i = 0; i < 200; i++) {
      if (i % 2 === 0) {
        // Whatever the mangled opening was, the closing tag that follows must end the stream: cleanly,
        // or with a stream error for the mangling — never a stream left waiting.
        const opening = mutate(
          random,
          `<?xml version='1.0'?><stream:stream to='localhost' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'><auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGFnZW50QQBkZW1v</auth>`,
        );
        const answer = await exchangeUntilClosed(server.ports.xmpp!, [opening, '</stream:stream>']);
        assert.ok(answer === '' || answer.endsWith('</stream:stream>'), `#${i} ${JSON.stringify(opening)} → ${answer}`);
      } else {
        const client = await RawXmpp.login(server.ports.xmpp!, 'agentA', `fuzz${i}`);
        client.send(mutate(random, stanzas[i % stanzas.length]!));
        client.send(`<iq type='get' id='after'><ping xmlns='urn:xmpp:ping'/></iq>`);
        await Promise.race([client.read(/id='after'|<\/stream:stream>|<stream:error/, 'an answer or a stream error'), client.closed]);
        client.destroy();
      }
    }
    witness.send(`<iq type='get' id='alive'><ping xmlns='urn:xmpp:ping'/></iq>`);
    await witness.read(/<iq[^>]*id='alive'[^>]*type='result'|<iq[^>]*type='result'[^>]*id='alive'/, 'the witness is still served');
    witness.destroy();
  });

  test('200 mangled BOSH bodies and WebSocket frames get HTTP or stream errors, never a 5xx', async () => {
    const random = prng(99);
    const bosh = `${server.baseUrl}/http-bind/`;
    for (let i = 0; i < 200; i++) {
      const body = mutate(
        random,
        `<body rid='${1000 + i}' xmlns='http://jabber.org/protocol/httpbind' to='localhost' xml:lang='en' wait='1' hold='1' ver='1.6' xmpp:version='1.0' xmlns:xmpp='urn:xmpp:xbosh'/>`,
      );
      const response = await fetch(bosh, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8' }, body });
      const text = await response.text();
      // A session was created (the mangling spared the request) or refused: 400, or a terminal <body type='terminate'>.
      const created = response.status === 200 && /<body[^>]*\ssid=/.test(text);
      const refused = response.status === 400 || (response.status === 200 && /<body[^>]*type='terminate'/.test(text));
      assert.ok(created || refused, `#${i} ${JSON.stringify(body)} → ${response.status} ${text}`);
      const sid = /\ssid='([^']+)'/.exec(text)?.[1];
      if (created && sid)
        await fetch(bosh, { method: 'POST', body: `<body rid='${2000 + i}' sid='${sid}' type='terminate' xmlns='http://jabber.org/protocol/httpbind'/>` }).then(
          (r) => r.text(),
        );
    }
    for (let i = 0; i < 50; i++) {
      // After the mangled frames a <close/> must end the session: the server closes the WebSocket.
      const frames = [
        mutate(random, `<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>`),
        mutate(random, `<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGFnZW50QQBkZW1v</auth>`),
        `<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>`,
      ];
      const ws = new WebSocket(`ws://127.0.0.1:${server.ports.http}/ws/`, 'xmpp');
      const received: string[] = [];
      ws.on('message', (data) => received.push(String(data)));
      const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
      await new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));
      for (const frame of frames) ws.send(frame);
      const code = await withTimeout(closed, `#${i} the server closes after ${JSON.stringify(frames)}; received ${JSON.stringify(received)}`);
      assert.ok([1000, 1002, 1005, 1007].includes(code), `#${i} close code ${code}`);
      const last = received.at(-1) ?? '';
      assert.ok(received.length === 0 || /^<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'\/>$/.test(last), `#${i} last frame ${last}`);
    }
    const health = await fetch(`${server.baseUrl}/openfinesse/health`);
    assert.equal(health.status, 200);
    const after = await RawXmpp.login(server.ports.xmpp!, 'agentC', 'after');
    after.send(`<iq type='get' id='alive'><ping xmlns='urn:xmpp:ping'/></iq>`);
    await after.read(/id='alive'/, 'a fresh session is served');
    after.destroy();
  });
});

/** Writes `parts` on a new XMPP TCP connection and resolves with everything the server sent once it closed it. */
function exchangeUntilClosed(port: number, parts: string[]): Promise<string> {
  const socket = connect({ port, host: '127.0.0.1' });
  let answer = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (answer += chunk));
  socket.once('connect', () => {
    for (const part of parts) socket.write(part);
  });
  const closed = new Promise<string>((resolve) => socket.once('close', () => resolve(answer)));
  socket.on('error', () => undefined);
  return withTimeout(closed, `the server closes the stream after ${JSON.stringify(parts)}; it sent ${answer}`).finally(() => socket.destroy());
}
