import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { client as createClient } from '@xmpp/client';
import type { XmppLimits } from '../../src/config.js';
import type { XmppSession } from '../../src/xmpp/session.js';
import { withTimeout } from './support/client.js';
import { presenceEvent, startXmppServer } from './support/harness.js';
import type { XmppTestServer } from './support/harness.js';
import { RawXmpp, STREAM_OPEN } from './support/raw-tcp.js';

/** Limits of issue 3 §6 and keep-alives, each on a server whose limits make it quick to reach. */

const PUBSUB = 'http://jabber.org/protocol/pubsub';
const TEAM = '/finesse/api/Team/1/Users';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const serverWith = (limits: Partial<XmppLimits>): Promise<XmppTestServer> => startXmppServer({ xmppLimits: limits as XmppLimits });

/** The server's session for a bound full JID (the registry is public on the running server). */
function sessionOf(server: XmppTestServer, bare: string, resource: string): XmppSession {
  const session = server.xmpp.registry.find(bare, resource);
  assert.ok(session, `${bare}/${resource} bound`);
  return session;
}

/** Waits (bounded) until the server has seen input from the session at the current manual-clock time. */
async function activityNoted(server: XmppTestServer, session: XmppSession): Promise<void> {
  for (let i = 0; i < 400 && session.lastActivity !== server.manualClock.now(); i++) await sleep(5);
  assert.equal(session.lastActivity, server.manualClock.now(), 'input reached the server');
}

async function until(what: string, condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await sleep(5);
  assert.ok(condition(), what);
}

const ping = (id: string): string => `<iq type='get' id='${id}' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>`;
const pong = async (raw: RawXmpp, id: string): Promise<void> => {
  raw.send(ping(id));
  await raw.read(new RegExp(`<iq[^>]*id='${id}'[^>]*type='result'|<iq[^>]*type='result'[^>]*id='${id}'`), `answer to ${id}`);
};

describe('rate, authentication timeout, connections per IP, BOSH sessions', () => {
  let server: XmppTestServer;
  before(async () => {
    server = await serverWith({ stanzasPerSecond: 5, authTimeoutSeconds: 20, maxConnectionsPerIp: 6, maxBoshSessions: 2 });
  });
  after(() => server.stop());

  test('a burst of stanzas beyond the per-connection rate ends that stream with policy-violation', async () => {
    const bystander = await RawXmpp.login(server.ports.xmpp!, 'agentB', 'calm');
    const flooder = await RawXmpp.login(server.ports.xmpp!, 'agentA', 'flood');
    // The clock stands still, so the bucket (burst 10) never refills: the negotiation took 3 tokens.
    flooder.send(Array.from({ length: 20 }, (_, i) => ping(`f${i}`)).join(''));
    assert.equal(await flooder.streamError(), 'policy-violation');
    await withTimeout(flooder.closed, 'flooder closed');
    await pong(bystander, 'still-here');
    bystander.destroy();
  });

  test('a DOCTYPE with entities before the stream header is refused with restricted-xml', async () => {
    const bystander = await RawXmpp.login(server.ports.xmpp!, 'agentB', 'calm-2');
    const hostile = await RawXmpp.connect(server.ports.xmpp!);
    const laughs = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} '${`&l${i};`.repeat(10)}'>`).join('');
    hostile.send(
      `<?xml version='1.0'?><!DOCTYPE stream:stream [<!ENTITY l0 'lol'>${laughs}]><stream:stream to='localhost' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>&l9;`,
    );
    assert.equal(await hostile.streamError(), 'restricted-xml');
    await withTimeout(hostile.closed, 'hostile closed');
    await pong(bystander, 'unharmed');
    bystander.destroy();
  });

  test('a connection that does not authenticate in time is closed; an authenticated one is not', async () => {
    const slow = await RawXmpp.connect(server.ports.xmpp!);
    await slow.open();
    const signedIn = await RawXmpp.login(server.ports.xmpp!, 'agentC', 'fast');
    await pong(signedIn, 'before');
    const sessions = server.xmpp.sessionCount;
    server.manualClock.advance(19_000);
    assert.equal(server.xmpp.sessionCount, sessions, 'nothing closed before the timeout');
    server.manualClock.advance(1_000);
    assert.equal(await slow.streamError(), 'connection-timeout');
    await withTimeout(slow.closed, 'closed');
    await pong(signedIn, 'after');
    signedIn.destroy();
  });

  test('connections beyond the per-IP cap are refused with policy-violation until one closes', async () => {
    await until('earlier connections gone', () => server.xmpp.sessionCount === 0);
    const open = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const raw = await RawXmpp.connect(server.ports.xmpp!);
        await raw.open();
        return raw;
      }),
    );
    const refused = await RawXmpp.connect(server.ports.xmpp!);
    assert.equal(await refused.streamError(), 'policy-violation');
    await withTimeout(refused.closed, 'refused closed');
    open.pop()!.destroy();
    await until('the closed connection is counted out', () => server.xmpp.sessionCount === 5);
    const again = await RawXmpp.connect(server.ports.xmpp!);
    assert.match(await again.open(), /<mechanisms/);
    for (const raw of [...open, again]) raw.destroy();
  });

  test('a refused connection does not hold the server up when it stops, whether its peer closes or not', async () => {
    const own = await serverWith({ maxConnectionsPerIp: 1 });
    const admitted = await RawXmpp.connect(own.ports.xmpp!);
    await admitted.open();
    const closedByPeer = await RawXmpp.connect(own.ports.xmpp!);
    closedByPeer.send(STREAM_OPEN); // unread by the server, which has refused the connection already
    assert.equal(await closedByPeer.streamError(), 'policy-violation');
    closedByPeer.destroy();
    const leftOpen = await RawXmpp.connect(own.ports.xmpp!);
    leftOpen.send(STREAM_OPEN);
    assert.equal(await leftOpen.streamError(), 'policy-violation');
    await withTimeout(own.stop(), 'the server stopped');
    await withTimeout(admitted.closed, 'the admitted connection closed by the shutdown');
    leftOpen.destroy();
  });

  test('BOSH sessions beyond the cap are refused with a policy-violation terminate', async () => {
    await until('earlier connections gone', () => server.xmpp.sessionCount === 0);
    const create = async (): Promise<string> => {
      const response = await fetch(`http://127.0.0.1:${server.ports.bosh}/http-bind/`, {
        method: 'POST',
        body: `<body xmlns='http://jabber.org/protocol/httpbind' rid='1' to='localhost' wait='10' hold='1' xmpp:version='1.0' xmlns:xmpp='urn:xmpp:xbosh'/>`,
      });
      return response.text();
    };
    assert.match(await create(), /sid='/);
    assert.match(await create(), /sid='/);
    const third = await create();
    assert.match(third, /type='terminate'/);
    assert.match(third, /condition='policy-violation'/);
    server.manualClock.advance(120_000); // inactivity ends both sessions
    await until('BOSH sessions ended', () => server.xmpp.sessionCount === 0);
    assert.match(await create(), /sid='/);
  });
});

describe('idle timeout, pings and keep-alives', () => {
  let server: XmppTestServer;
  before(async () => {
    server = await serverWith({ idleTimeoutSeconds: 300 });
  });
  after(() => server.stop());

  test('a silent session is pinged by the server at half the idle timeout and closed at the full timeout', async () => {
    const raw = await RawXmpp.login(server.ports.xmpp!, 'agentA', 'silent');
    await pong(raw, 'start');
    const session = sessionOf(server, 'agenta@localhost', 'silent');
    await activityNoted(server, session);
    server.manualClock.advance(149_000);
    assert.equal(session.pingOutstanding, false, 'no ping before half the idle timeout');
    server.manualClock.advance(76_000); // sweeps run every 75 s: one of them sees 150 s or more (and < 300 s) of silence
    assert.equal(session.pingOutstanding, true);
    const serverPing = await raw.read(
      /<iq type='get' from='localhost' to='agenta@localhost\/silent' id='([^']+)'><ping xmlns='urn:xmpp:ping'\/><\/iq>/,
      'server ping',
    );
    assert.equal(session.isEnded, false);
    const gone = presenceEvent('unavailable', 'agentA');
    server.manualClock.advance(151_000); // a sweep sees 300 s or more of silence, the ping unanswered
    assert.equal(await raw.streamError(), 'connection-timeout');
    await gone;
    await withTimeout(raw.closed, 'closed');
    assert.ok(serverPing[1]);
  });

  test('a client answering the server ping stays connected past the idle timeout', async () => {
    const answered: string[] = [];
    const c = createClient({
      service: `xmpp://127.0.0.1:${server.ports.xmpp}`,
      domain: 'localhost',
      username: 'agentB',
      password: 'demo',
      resource: 'answers',
    });
    c.reconnect.stop();
    c.on('error', () => undefined);
    c.on('send', (el: { name: string; attrs: Record<string, string> }) => {
      if (el.name === 'iq' && el.attrs.id?.startsWith('ping-')) answered.push(`${el.attrs.type} ${el.attrs.id}`);
    });
    try {
      await withTimeout(c.start(), 'start');
      const session = sessionOf(server, 'agentb@localhost', 'answers');
      for (let round = 0; round < 3; round++) {
        server.manualClock.advance(225_000); // past half the idle timeout: the server pings
        await until('the client answered the ping', () => !session.pingOutstanding && session.lastActivity === server.manualClock.now());
      }
      assert.equal(session.isEnded, false, 'alive after 675 s without a stanza of its own');
      assert.equal(answered.length, 3, answered.join());
      assert.ok(
        answered.every((a) => /^(result|error) ping-\d+$/.test(a)),
        answered.join(),
      );
    } finally {
      await withTimeout(c.stop(), 'stop').catch(() => undefined);
    }
  });

  test('whitespace keep-alives count as activity', async () => {
    const raw = await RawXmpp.login(server.ports.xmpp!, 'agentC', 'spaces');
    await pong(raw, 'start');
    const session = sessionOf(server, 'agentc@localhost', 'spaces');
    for (let i = 0; i < 5; i++) {
      server.manualClock.advance(100_000);
      raw.send(' ');
      await activityNoted(server, session);
    }
    assert.equal(session.isEnded, false, 'alive after 500 s of whitespace only');
    assert.equal(session.pingOutstanding, false, 'never silent for half the timeout');
    await pong(raw, 'end');
    assert.doesNotMatch(raw.unread, /urn:xmpp:ping/);
    raw.destroy();
  });
});

describe('bounded output queue', () => {
  let server: XmppTestServer;
  before(async () => {
    server = await serverWith({ maxQueuedBytes: 256 * 1024 });
  });
  after(() => server.stop());

  test('a subscriber that stops reading is closed; another subscriber keeps receiving everything', async () => {
    const subscribe = async (raw: RawXmpp, jid: string): Promise<void> => {
      raw.send(`<iq type='set' id='sub' to='pubsub.localhost'><pubsub xmlns='${PUBSUB}'><subscribe node='${TEAM}' jid='${jid}'/></pubsub></iq>`);
      await raw.read(/<iq[^>]*id='sub'[^>]*>/, 'subscribed');
    };
    const slow = await RawXmpp.login(server.ports.xmpp!, 'supervisorA', 'slow');
    await subscribe(slow, 'supervisora@localhost/slow');
    const fast = await RawXmpp.login(server.ports.xmpp!, 'admin', 'fast');
    await subscribe(fast, 'admin@localhost/fast');
    await pong(slow, 'ready');
    await pong(fast, 'ready');
    const slowSession = sessionOf(server, 'supervisora@localhost', 'slow');

    // The fast subscriber counts messages as they stream past instead of keeping them.
    let received = 0;
    let tail = '';
    fast.raw.removeAllListeners('data');
    fast.raw.on('data', (chunk: Buffer) => {
      const text = tail + chunk.toString('latin1');
      received += text.split('</message>').length - 1;
      tail = text.slice(-9); // shorter than the end tag, so no tag is counted twice
    });
    slow.raw.pause();

    // Published through the server's own pubsub service, as the notifiers do; 400 × 64 KiB = 26 MB, far
    // beyond what the loopback socket buffers can absorb for the reader that stopped.
    const filler = 'x'.repeat(64 * 1024);
    const total = 400;
    for (let i = 0; i < total; i++) {
      // Keep the fast subscriber's backlog (three messages) well under the 256 KiB limit.
      for (let spins = 0; i - received >= 3; spins++) {
        if (spins > 50_000) assert.fail(`the fast subscriber stalled at ${received}`);
        await new Promise((resolve) => setImmediate(resolve));
      }
      server.xmpp.pubsub.publish(
        TEAM,
        `<Update><data><user><note>${filler}</note></user></data><event>PUT</event><requestId>${i}</requestId><source>/finesse/api/User/agentA</source></Update>`,
      );
    }
    await until('the slow subscriber was closed', () => slowSession.isEnded);
    assert.equal(server.xmpp.registry.find('supervisora@localhost', 'slow'), undefined);
    await until(`the fast subscriber received all ${total} (has ${received})`, () => received === total);
    slow.raw.resume();
    await withTimeout(slow.closed, 'slow connection closed');
    fast.destroy();
  });

  test('a burst larger than the limit, published in one turn to a reader that keeps up, is delivered whole', async () => {
    const reader = await RawXmpp.login(server.ports.xmpp!, 'admin', 'burst');
    reader.send(
      `<iq type='set' id='sub' to='pubsub.localhost'><pubsub xmlns='${PUBSUB}'><subscribe node='${TEAM}' jid='admin@localhost/burst'/></pubsub></iq>`,
    );
    await reader.read(/<iq[^>]*id='sub'[^>]*>/, 'subscribed');
    await pong(reader, 'ready');
    const session = sessionOf(server, 'admin@localhost', 'burst');
    let received = 0;
    let tail = '';
    reader.raw.removeAllListeners('data');
    reader.raw.on('data', (chunk: Buffer) => {
      const text = tail + chunk.toString('latin1');
      received += text.split('</message>').length - 1;
      tail = text.slice(-9);
    });
    // 12 × 32 KiB = 384 KiB written in one event-loop turn, above the 256 KiB limit: it is our own cork,
    // not a slow reader, so the session must survive.
    const filler = 'y'.repeat(32 * 1024);
    const total = 12;
    for (let i = 0; i < total; i++) {
      server.xmpp.pubsub.publish(
        TEAM,
        `<Update><data><user><note>${filler}</note></user></data><event>PUT</event><requestId>b${i}</requestId><source>/finesse/api/User/agentA</source></Update>`,
      );
    }
    assert.equal(session.isEnded, false);
    await until(`the reader received all ${total} (has ${received})`, () => received === total);
    assert.equal(session.isEnded, false);
    reader.destroy();
  });
});
