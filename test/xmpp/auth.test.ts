import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { client as createClient } from '@xmpp/client';
import { request } from '../support/http.js';
import { withTimeout } from './support/client.js';
import { startXmppServer } from './support/harness.js';
import type { XmppTestServer } from './support/harness.js';
import { RawXmpp } from './support/raw-tcp.js';
import { connectSlixmpp } from './support/slixmpp-client.js';

/** SASL over TCP: the mechanisms clients really use, lockout shared with REST, the TLS switches. */

const mechanismsOf = (features: string): string[] => [...features.matchAll(/<mechanism>([^<]+)<\/mechanism>/g)].map((m) => m[1]!);
const restStatus = async (server: XmppTestServer, user: string, password: string): Promise<{ status: number; body: string }> =>
  request(server.baseUrl, 'GET', `/finesse/api/User/${user}`, { user, password });

/** One SASL PLAIN attempt on a fresh connection. */
async function plainAttempt(server: XmppTestServer, user: string, password: string): Promise<{ outcome: string; condition?: string }> {
  const raw = await RawXmpp.connect(server.ports.xmpp!);
  try {
    await raw.open();
    return await raw.plain(user, password);
  } finally {
    raw.destroy();
  }
}

describe('XMPP authentication with the default settings', () => {
  let server: XmppTestServer;
  before(async () => {
    server = await startXmppServer();
  });
  after(() => server.stop());

  // @xmpp/client 0.14 implements SCRAM-SHA-1, PLAIN and ANONYMOUS only (no SCRAM-SHA-256), so its strongest
  // common mechanism with this server is SCRAM-SHA-1 -- not PLAIN, although PLAIN is offered too.
  test('@xmpp/client authenticates with SCRAM (SHA-1, the strongest it implements), not PLAIN', async () => {
    const mechanisms: string[] = [];
    const c = createClient({ service: `xmpp://127.0.0.1:${server.ports.xmpp}`, domain: 'localhost', username: 'agentA', password: 'demo', resource: 'mech' });
    c.reconnect.stop();
    c.on('send', (el: { name: string; attrs: Record<string, string> }) => {
      if (el.name === 'auth') mechanisms.push(el.attrs.mechanism ?? '');
    });
    c.on('error', () => undefined);
    try {
      await withTimeout(c.start(), 'xmpp.js start');
      assert.deepEqual(mechanisms, ['SCRAM-SHA-1']);
    } finally {
      await withTimeout(c.stop(), 'xmpp.js stop').catch(() => undefined);
    }
  });

  test('SCRAM-SHA-1 and SCRAM-SHA-256 from a raw client; a wrong SCRAM proof is not-authorized', async () => {
    for (const mechanism of ['SCRAM-SHA-1', 'SCRAM-SHA-256'] as const) {
      const raw = await RawXmpp.connect(server.ports.xmpp!);
      assert.ok(mechanismsOf(await raw.open()).includes(mechanism));
      assert.deepEqual(await raw.scram(mechanism, 'agentA'), { outcome: 'success' }, mechanism);
      assert.equal(await raw.bind(`raw-${mechanism}`, false), `agenta@localhost/raw-${mechanism}`);
      raw.destroy();
    }
    const raw = await RawXmpp.connect(server.ports.xmpp!);
    await raw.open();
    assert.deepEqual(await raw.scram('SCRAM-SHA-1', 'agentA', 'wrong'), { outcome: 'failure', condition: 'not-authorized' });
    raw.destroy();
  });

  test('slixmpp signs in with PLAIN on the unencrypted stream, as Pidgin in the lab does', async () => {
    const client = await connectSlixmpp(server.ports.xmpp!, { user: 'agentA', resource: 'plain', mechanism: 'PLAIN' });
    try {
      assert.equal(client.mechanism, 'PLAIN');
      assert.equal(client.jid, 'agenta@localhost/plain');
      await client.sync();
    } finally {
      await client.close();
    }
  });

  test('five bad XMPP passwords lock REST too; the locked account gets not-authorized on XMPP', async () => {
    for (let i = 0; i < 5; i++) assert.deepEqual(await plainAttempt(server, 'agentB', 'wrong'), { outcome: 'failure', condition: 'not-authorized' });
    const rest = await restStatus(server, 'agentB', 'demo');
    assert.equal(rest.status, 401);
    assert.match(rest.body, /ACCOUNT_LOCKED/);
    assert.deepEqual(await plainAttempt(server, 'agentB', 'demo'), { outcome: 'failure', condition: 'not-authorized' });
    server.manualClock.advance(300_000);
    assert.equal((await restStatus(server, 'agentB', 'demo')).status, 200);
    assert.deepEqual(await plainAttempt(server, 'agentB', 'demo'), { outcome: 'success' });
  });

  test('five bad REST passwords lock XMPP, PLAIN and SCRAM alike', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await restStatus(server, 'agentC', 'wrong')).status, 401);
    assert.deepEqual(await plainAttempt(server, 'agentC', 'demo'), { outcome: 'failure', condition: 'not-authorized' });
    const raw = await RawXmpp.connect(server.ports.xmpp!);
    await raw.open();
    assert.deepEqual(await raw.scram('SCRAM-SHA-256', 'agentC'), { outcome: 'failure', condition: 'not-authorized' });
    raw.destroy();
    server.manualClock.advance(300_000);
    assert.deepEqual(await plainAttempt(server, 'agentC', 'demo'), { outcome: 'success' });
  });

  test('the third failed attempt on one connection ends the stream', async () => {
    const raw = await RawXmpp.connect(server.ports.xmpp!);
    await raw.open();
    for (let i = 0; i < 3; i++) assert.equal((await raw.plain('supervisorB', 'wrong')).condition, 'not-authorized');
    assert.equal(await raw.streamError(), 'policy-violation');
    await withTimeout(raw.closed, 'connection closed');
    server.manualClock.advance(300_000);
  });
});

describe('xmppRequireTls: true', () => {
  let server: XmppTestServer;
  before(async () => {
    server = await startXmppServer({ xmppRequireTls: true });
  });
  after(() => server.stop());

  test('before STARTTLS no mechanism is offered and authentication is refused', async () => {
    const raw = await RawXmpp.connect(server.ports.xmpp!);
    const features = await raw.open();
    assert.match(features, /<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required\/><\/starttls>/);
    assert.deepEqual(mechanismsOf(features), []);
    assert.deepEqual(await raw.plain('agentA'), { outcome: 'failure', condition: 'encryption-required' });
    await withTimeout(raw.closed, 'connection closed');
  });

  test('after STARTTLS the mechanisms are offered and sign-in works', async () => {
    const raw = await RawXmpp.connect(server.ports.xmpp!);
    await raw.open();
    await raw.startTls();
    const features = await raw.open();
    assert.doesNotMatch(features, /starttls/);
    assert.deepEqual(mechanismsOf(features).sort(), ['PLAIN', 'SCRAM-SHA-1', 'SCRAM-SHA-256']);
    assert.deepEqual(await raw.plain('agentA'), { outcome: 'success' });
    assert.equal(await raw.bind('tls', false), 'agenta@localhost/tls');
    raw.destroy();
  });
});

describe('xmppAllowPlainWithoutTls: false', () => {
  let server: XmppTestServer;
  before(async () => {
    server = await startXmppServer({ xmppAllowPlainWithoutTls: false });
  });
  after(() => server.stop());

  test('PLAIN is neither offered nor accepted on a plain stream; SCRAM is; after STARTTLS PLAIN is back', async () => {
    const raw = await RawXmpp.connect(server.ports.xmpp!);
    assert.deepEqual(mechanismsOf(await raw.open()).sort(), ['SCRAM-SHA-1', 'SCRAM-SHA-256']);
    assert.equal((await raw.plain('agentA')).outcome, 'failure');
    assert.deepEqual(await raw.scram('SCRAM-SHA-256', 'agentA'), { outcome: 'success' });
    raw.destroy();
    const secure = await RawXmpp.connect(server.ports.xmpp!);
    await secure.open();
    await secure.startTls();
    assert.ok(mechanismsOf(await secure.open()).includes('PLAIN'));
    assert.deepEqual(await secure.plain('agentA'), { outcome: 'success' });
    secure.destroy();
  });
});
