import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { withTimeout } from './support/client.js';
import { startXmppServer } from './support/harness.js';
import type { XmppTestServer } from './support/harness.js';
import { RawXmpp } from './support/raw-tcp.js';

const STREAM_OPEN = `<?xml version='1.0'?><stream:stream to='localhost' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>`;
const PLAIN_AGENT_A = `<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${Buffer.from('\0agentA\0demo').toString('base64')}</auth>`;
const FRAMING = 'urn:ietf:params:xml:ns:xmpp-framing';

/** A WebSocket XMPP session signed in as agentA with a bound resource; frames are kept as received. */
async function webSocketSession(
  server: XmppTestServer,
): Promise<{ ws: WebSocket; frames: string[]; closed: Promise<number>; next(pattern: RegExp): Promise<string> }> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.ports.http}/ws/`, 'xmpp');
  const frames: string[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (data) => {
    frames.push(String(data));
    for (const wake of waiters.splice(0)) wake();
  });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));
  let seen = 0;
  const next = (pattern: RegExp): Promise<string> =>
    withTimeout(
      (async () => {
        for (;;) {
          while (seen < frames.length) {
            const frame = frames[seen++]!;
            if (pattern.test(frame)) return frame;
          }
          await new Promise<void>((resolve) => waiters.push(resolve));
        }
      })(),
      `a frame matching ${pattern}; received ${JSON.stringify(frames)}`,
    );
  const open = `<open xmlns='${FRAMING}' to='localhost' version='1.0'/>`;
  ws.send(open);
  await next(/<stream:features/);
  ws.send(PLAIN_AGENT_A);
  await next(/<success/);
  ws.send(open);
  await next(/<bind/);
  ws.send(`<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>frames</resource></bind></iq>`);
  await next(/<jid>/);
  return { ws, frames, closed, next };
}

describe('stream framing and restarts', () => {
  let server: XmppTestServer;
  before(async () => {
    server = await startXmppServer({ httpsPort: 0 });
  });
  after(() => server.stop());

  test('an entity reference that is never finished ends the stream at once with not-well-formed (TCP)', async () => {
    for (const stanza of [
      `<message to='agentb@localhost' xmlns='jabber:client'><body>fish & chips</body></message>`,
      `<iq type='get' id='e' to='pu&bsub.localhost'><ping xmlns='urn:xmpp:ping'/></iq>`,
    ]) {
      const client = await RawXmpp.login(server.ports.xmpp!, 'agentA', 'entity');
      client.send(stanza);
      assert.equal(await client.streamError(), 'not-well-formed', stanza);
      await withTimeout(client.closed, 'the server closes the connection');
    }
  });

  test('the same over WebSocket', async () => {
    const { ws, next, closed } = await webSocketSession(server);
    ws.send(`<message to='agentb@localhost' xmlns='jabber:client'><body>fish & chips</body></message>`);
    assert.match(await next(/<stream:error/), /<not-well-formed /);
    assert.equal(await withTimeout(closed, 'close'), 1000);
  });

  test('a WebSocket frame that ends inside an element is refused, not joined with the next frame (RFC 7395 §3.3.3)', async () => {
    const { ws, frames, next, closed } = await webSocketSession(server);
    ws.send(`<iq type='get' id='spl`);
    ws.send(`it'><ping xmlns='urn:xmpp:ping'/></iq>`);
    assert.match(await next(/<stream:error/), /<bad-format /);
    assert.equal(await withTimeout(closed, 'close'), 1000);
    assert.ok(!frames.some((f) => f.includes("id='split'")), 'the joined halves were not answered');
  });

  test('a WebSocket frame with two whole elements is served', async () => {
    const { ws, next } = await webSocketSession(server);
    ws.send(`<iq type='get' id='one'><ping xmlns='urn:xmpp:ping'/></iq><iq type='get' id='two'><ping xmlns='urn:xmpp:ping'/></iq>`);
    await next(/id='one'/);
    await next(/id='two'/);
    ws.close();
  });

  test('a stream header sent right behind the SASL exchange in the same packet opens the new stream (TCP)', async () => {
    const client = await RawXmpp.connect(server.ports.xmpp!);
    await client.open();
    client.send(PLAIN_AGENT_A + STREAM_OPEN);
    await client.read(/<success[^>]*\/?>/, 'success');
    await client.read(/<stream:features[\s\S]*?<bind/, 'the features of the restarted stream');
    client.send(`<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>pipelined</resource></bind></iq>`);
    assert.equal((await client.read(/<jid>([^<]+)<\/jid>/, 'bound'))[1], 'agenta@localhost/pipelined');
    client.destroy();
  });

  test('plaintext sent behind <starttls/> is dropped, never read as if it came through TLS', async () => {
    const client = await RawXmpp.connect(server.ports.xmpp!);
    await client.open();
    client.send(`<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>${STREAM_OPEN}${PLAIN_AGENT_A}`);
    await client.read(/<proceed[^>]*\/>/, 'proceed');
    const plain = client.raw;
    plain.removeAllListeners('data');
    const { connect: tlsConnect } = await import('node:tls');
    const secure = tlsConnect({ socket: plain, rejectUnauthorized: false, servername: 'localhost' });
    await withTimeout(new Promise<void>((resolve, reject) => secure.once('secureConnect', resolve).once('error', reject)), 'tls handshake');
    let received = '';
    secure.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
    secure.write(STREAM_OPEN);
    await withTimeout(
      (async () => {
        while (!received.includes('</stream:features>')) await new Promise((resolve) => setTimeout(resolve, 10));
      })(),
      'features over TLS',
    );
    assert.match(received, /<mechanisms/, 'over TLS the client is still unauthenticated: the injected <auth> was not used');
    assert.doesNotMatch(received, /<success/);
    secure.destroy();
  });
});
