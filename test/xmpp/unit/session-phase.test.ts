import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PHASE_AFTER_STREAM_OPEN, PHASE_TRANSITIONS, PhaseError, canTransition } from '../../../src/xmpp/session-phase.js';
import type { SessionPhase } from '../../../src/xmpp/session-phase.js';
import { type FakeTransport, plainAuth, stack, stanza } from './support/fakes.js';

const PHASES = Object.keys(PHASE_TRANSITIONS) as SessionPhase[];
const OPEN = { to: 'example.test', version: '1.0' };
const streamError = (transport: FakeTransport): string | undefined =>
  /<([a-z-]+) xmlns='urn:ietf:params:xml:ns:xmpp-streams'/.exec(transport.closedWith ?? '')?.[1];

describe('the session phase table', () => {
  test('every phase may end, and closed is final', () => {
    for (const phase of PHASES) if (phase !== 'closed') assert.ok(canTransition(phase, 'closed'), phase);
    assert.deepEqual(PHASE_TRANSITIONS.closed, []);
  });

  test('bound is reachable from opening only through authentication, the restart and binding', () => {
    const paths: SessionPhase[][] = [];
    const walk = (path: SessionPhase[]): void => {
      const last = path[path.length - 1]!;
      if (last === 'bound') return void paths.push(path);
      for (const next of PHASE_TRANSITIONS[last]) if (!path.includes(next)) walk([...path, next]);
    };
    walk(['opening']);
    assert.ok(paths.length > 0);
    for (const path of paths) {
      const order = ['authenticating', 'restarting', 'binding', 'bound'].map((p) => path.indexOf(p as SessionPhase));
      assert.ok(
        order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1]!)),
        path.join(' → '),
      );
    }
  });

  test('a stream header moves each phase only along the table', () => {
    for (const phase of PHASES) {
      const next = PHASE_AFTER_STREAM_OPEN[phase];
      if (next !== null) assert.ok(canTransition(phase, next), `${phase} → ${next}`);
    }
    assert.equal(PHASE_AFTER_STREAM_OPEN.closed, null);
  });
});

describe('a session moving through its phases', () => {
  test('opening → authenticating → restarting → binding → bound → closed', () => {
    const { connect, registry, ended } = stack();
    const { session, transport } = connect();
    assert.equal(session.phase, 'opening');
    session.onStreamOpen(OPEN);
    assert.equal(session.phase, 'authenticating');
    assert.match(transport.take().join(''), /<mechanisms[^>]*>.*PLAIN.*<\/mechanisms>/);
    session.onStanza(stanza(plainAuth('alice')));
    assert.equal(session.phase, 'restarting');
    assert.equal(transport.restarts, 1, 'the transport expects a new stream');
    assert.deepEqual(transport.take(), [`<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'></success>`]);
    session.onStreamOpen(OPEN);
    assert.equal(session.phase, 'binding');
    assert.match(transport.take().join(''), /<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'\/><session/);
    session.onStanza(stanza(`<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>desk</resource></bind></iq>`));
    assert.equal(session.phase, 'bound');
    assert.equal(session.fullJid, 'alice@example.test/desk');
    assert.equal(registry.find('alice@example.test', 'desk'), session);
    session.onStreamClose();
    assert.equal(session.phase, 'closed');
    assert.equal(transport.closedWith, null);
    assert.equal(registry.find('alice@example.test', 'desk'), undefined, 'unbound when it ends');
    assert.deepEqual(ended, [session]);
  });

  test('STARTTLS: authenticating → negotiating-tls → authenticating, and STARTTLS is no longer offered', () => {
    const { connect } = stack();
    const { session, transport } = connect();
    session.onStreamOpen(OPEN);
    assert.match(transport.take().join(''), /<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><\/starttls>/);
    session.onStanza(stanza(`<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>`));
    assert.equal(session.phase, 'negotiating-tls');
    assert.equal(transport.tlsStarts, 1);
    session.onStanza(stanza('<presence/>'));
    assert.equal(streamError(transport), 'bad-format', 'nothing but a new stream header is expected');
  });

  test('after the TLS handshake the stream reopens without STARTTLS', () => {
    const { connect } = stack();
    const { session, transport } = connect();
    session.onStreamOpen(OPEN);
    session.onStanza(stanza(`<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>`));
    transport.take();
    session.onStreamOpen(OPEN);
    assert.equal(session.phase, 'authenticating');
    assert.doesNotMatch(transport.take().join(''), /starttls/);
  });

  test('each phase refuses what does not belong to it', () => {
    const { connect, login } = stack();
    const cases: [string, () => FakeTransport, string][] = [
      [
        'a stanza before the stream header',
        () => {
          const { session, transport } = connect();
          session.onStanza(stanza('<presence/>'));
          return transport;
        },
        'bad-format',
      ],
      [
        'a stanza before authentication',
        () => {
          const { session, transport } = connect();
          session.onStreamOpen(OPEN);
          session.onStanza(stanza('<presence/>'));
          return transport;
        },
        'not-authorized',
      ],
      [
        'presence before binding',
        () => {
          const { session, transport } = connect();
          session.onStreamOpen(OPEN);
          session.onStanza(stanza(plainAuth('bob')));
          session.onStreamOpen(OPEN);
          session.onStanza(stanza('<presence/>'));
          return transport;
        },
        'not-authorized',
      ],
      [
        'an unknown stanza once bound',
        () => {
          const { session, transport } = login('bob', 'x');
          session.onStanza(stanza('<unknown/>'));
          return transport;
        },
        'unsupported-stanza-type',
      ],
    ];
    for (const [what, run, condition] of cases) assert.equal(streamError(run()), condition, what);
  });

  test('an IQ other than bind before binding is answered not-authorized and the stream stays', () => {
    const { connect } = stack();
    const { session, transport } = connect();
    session.onStreamOpen(OPEN);
    session.onStanza(stanza(plainAuth('bob')));
    session.onStreamOpen(OPEN);
    transport.take();
    session.onStanza(stanza(`<iq type='get' id='r'><query xmlns='jabber:iq:roster'/></iq>`));
    assert.deepEqual(transport.take(), [
      `<iq type='error' id='r' to='bob@example.test'><error type='auth'><not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>`,
    ]);
    assert.equal(session.phase, 'binding');
  });

  test('a header on a bad host or version opens the stream, then ends it', () => {
    const { connect } = stack();
    const wrongHost = connect();
    wrongHost.session.onStreamOpen({ to: 'elsewhere.test', version: '1.0' });
    assert.equal(wrongHost.transport.opened, 1);
    assert.equal(streamError(wrongHost.transport), 'host-unknown');
    const oldVersion = connect();
    oldVersion.session.onStreamOpen({ to: 'example.test' });
    assert.equal(streamError(oldVersion.transport), 'unsupported-version');
    assert.equal(oldVersion.session.phase, 'closed');
  });

  test('moving outside the table throws', () => {
    const { connect } = stack();
    const { session } = connect();
    assert.throws(() => session.moveTo('bound'), PhaseError);
    session.close();
    assert.throws(() => session.moveTo('authenticating'), PhaseError);
  });

  test('a closed session ignores input and sends nothing', () => {
    const { login } = stack();
    const { session, transport } = login('alice', 'a');
    session.close('system-shutdown');
    session.onStanza(stanza(`<iq type='get' id='p'><ping xmlns='urn:xmpp:ping'/></iq>`));
    session.onStreamOpen(OPEN);
    session.send('<x/>');
    assert.deepEqual(transport.take(), []);
    assert.equal(transport.opened, 2, 'no further header');
  });
});

describe('limits enforced by the session', () => {
  test('authentication must finish within the timeout; afterwards the timer is gone', () => {
    const { connect, login, clock } = stack({ limits: { authTimeoutSeconds: 10 } });
    const slow = connect();
    slow.session.onStreamOpen(OPEN);
    const quick = login('alice', 'q');
    clock.advance(10_000);
    assert.equal(streamError(slow.transport), 'connection-timeout');
    assert.equal(quick.session.phase, 'bound');
  });

  test('more stanzas than twice the rate at once end the stream with policy-violation', () => {
    const { login } = stack({ limits: { stanzasPerSecond: 5 } });
    const { session, transport } = login('alice', 'r'); // auth, bind and presence took 3 of the 10 tokens
    for (let i = 0; i < 7; i++) session.onStanza(stanza(`<iq type='get' id='p${i}'><ping xmlns='urn:xmpp:ping'/></iq>`));
    assert.equal(transport.closedWith, undefined);
    session.onStanza(stanza(`<iq type='get' id='over'><ping xmlns='urn:xmpp:ping'/></iq>`));
    assert.equal(streamError(transport), 'policy-violation');
  });

  test('output waiting beyond the cap aborts the session', () => {
    const { login } = stack({ limits: { maxQueuedBytes: 1000 } });
    const { session, transport } = login('alice', 'slow');
    transport.queuedBytes = 1001;
    session.deliver('<message', Buffer.from('/>'));
    assert.equal(streamError(transport), 'policy-violation');
    assert.equal(transport.aborted, true);
    assert.equal(session.isEnded, true);
  });
});
