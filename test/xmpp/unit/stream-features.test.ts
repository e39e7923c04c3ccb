import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FakeTransport, plainAuth, stack, stanza } from './support/fakes.js';

const OPEN = { to: 'example.test', version: '1.0' };
const SASL = 'urn:ietf:params:xml:ns:xmpp-sasl';

/** The features a new session is offered on this transport. */
function featuresOn(transport: FakeTransport, options: Parameters<typeof stack>[0] = {}): string {
  const { session } = stack(options).connect(transport);
  session.onStreamOpen(OPEN);
  return transport.take().join('');
}

describe('STARTTLS', () => {
  test('offered where the connection can switch to TLS, marked required when configured', () => {
    assert.match(featuresOn(new FakeTransport()), /<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><\/starttls>/);
    assert.match(featuresOn(new FakeTransport(), { requireTls: true }), /<starttls [^>]*><required\/><\/starttls>/);
    const bosh = Object.assign(new FakeTransport(), { kind: 'bosh' as const, canStartTls: false });
    assert.doesNotMatch(featuresOn(bosh), /starttls/);
  });

  test('asked for where it cannot be done: failure, and the stream ends', () => {
    const transport = Object.assign(new FakeTransport(), { canStartTls: false });
    const { session } = stack().connect(transport);
    session.onStreamOpen(OPEN);
    transport.take();
    session.onStanza(stanza(`<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>`));
    assert.deepEqual(transport.take(), [`<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>`]);
    assert.equal(transport.closedWith, null);
    assert.equal(transport.tlsStarts, 0);
  });
});

describe('SASL', () => {
  test('SCRAM-SHA-256 and SCRAM-SHA-1 always, PLAIN on encrypted streams or when allowed without TLS', () => {
    const scram = `<mechanism>SCRAM-SHA-256</mechanism><mechanism>SCRAM-SHA-1</mechanism>`;
    assert.match(featuresOn(new FakeTransport()), new RegExp(`<mechanisms xmlns='${SASL}'>${scram}<mechanism>PLAIN</mechanism></mechanisms>`));
    assert.match(featuresOn(new FakeTransport(), { allowPlainWithoutTls: false }), new RegExp(`<mechanisms xmlns='${SASL}'>${scram}</mechanisms>`));
    const tls = Object.assign(new FakeTransport(), { secure: true, canStartTls: false });
    assert.match(featuresOn(tls, { allowPlainWithoutTls: false }), /<mechanism>PLAIN<\/mechanism>/);
  });

  test('with TLS required, no mechanism is offered on plain TCP and an attempt ends the stream', () => {
    assert.doesNotMatch(featuresOn(new FakeTransport(), { requireTls: true }), /mechanisms/);
    const { session, transport } = stack({ requireTls: true }).connect();
    session.onStreamOpen(OPEN);
    transport.take();
    session.onStanza(stanza(plainAuth('alice')));
    assert.deepEqual(transport.take(), [`<failure xmlns='${SASL}'><encryption-required/></failure>`]);
    assert.match(transport.closedWith ?? '', /<policy-violation /);
  });

  test('PLAIN without an initial response gets an empty challenge, then succeeds with the response', () => {
    const { session, transport } = stack().connect();
    session.onStreamOpen(OPEN);
    transport.take();
    session.onStanza(stanza(`<auth xmlns='${SASL}' mechanism='PLAIN'/>`));
    assert.deepEqual(transport.take(), [`<challenge xmlns='${SASL}'>=</challenge>`]);
    session.onStanza(stanza(`<response xmlns='${SASL}'>${Buffer.from('\0carol\0secret').toString('base64')}</response>`));
    assert.deepEqual(transport.take(), [`<success xmlns='${SASL}'></success>`]);
    assert.equal(session.account?.loginId, 'Carol', 'the account as the authenticator names it');
    assert.equal(session.bareJid, 'carol@example.test', 'localpart case-folded');
  });

  test('unknown mechanisms, bad base64, wrong passwords and aborts each count; the third failure ends the stream', () => {
    const { session, transport } = stack().connect();
    session.onStreamOpen(OPEN);
    transport.take();
    session.onStanza(stanza(`<auth xmlns='${SASL}' mechanism='X-NONE'/>`));
    session.onStanza(stanza(`<auth xmlns='${SASL}' mechanism='PLAIN'>not base64!</auth>`));
    assert.deepEqual(transport.take(), [`<failure xmlns='${SASL}'><invalid-mechanism/></failure>`, `<failure xmlns='${SASL}'><incorrect-encoding/></failure>`]);
    assert.equal(transport.closedWith, undefined);
    session.onStanza(stanza(plainAuth('alice', 'wrong')));
    assert.deepEqual(transport.take(), [`<failure xmlns='${SASL}'><not-authorized/></failure>`]);
    assert.match(transport.closedWith ?? '', /<policy-violation [^>]*\/><text [^>]*>too many failed authentication attempts</);
  });

  test('a response without an exchange is malformed; an element outside SASL and STARTTLS ends the stream', () => {
    const { session, transport } = stack().connect();
    session.onStreamOpen(OPEN);
    transport.take();
    session.onStanza(stanza(`<response xmlns='${SASL}'/>`));
    assert.deepEqual(transport.take(), [`<failure xmlns='${SASL}'><malformed-request/></failure>`]);
    session.onStanza(stanza(`<iq type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq>`));
    assert.match(transport.closedWith ?? '', /<not-authorized [^>]*\/><text [^>]*>authenticate first</);
  });
});

describe('resource binding', () => {
  const bind = (resource?: string): ReturnType<typeof stanza> =>
    stanza(
      `<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>${resource === undefined ? '' : `<resource>${resource}</resource>`}</bind></iq>`,
    );
  const authenticated = (s: ReturnType<typeof stack>, loginId = 'alice') => {
    const c = s.connect();
    c.session.onStreamOpen(OPEN);
    c.session.onStanza(stanza(plainAuth(loginId)));
    c.session.onStreamOpen(OPEN);
    c.transport.take();
    return c;
  };

  test('binds the requested resource, or one the server picks', () => {
    const s = stack();
    const first = authenticated(s);
    first.session.onStanza(bind('desk'));
    assert.deepEqual(first.transport.take(), [
      `<iq type='result' id='b' to='alice@example.test/desk'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>alice@example.test/desk</jid></bind></iq>`,
    ]);
    const second = authenticated(s);
    second.session.onStanza(bind());
    assert.match(second.session.resource, /^openfinesse-[0-9a-f]{12}$/);
    assert.equal(s.registry.size, 2);
  });

  test('a resource with control characters is refused and the session stays unbound', () => {
    const c = authenticated(stack());
    c.session.onStanza(bind('bad\tname'));
    assert.match(c.transport.take()[0]!, /<iq type='error' id='b' to='alice@example.test'><error type='modify'><bad-request/);
    assert.equal(c.session.phase, 'binding');
  });

  test('a second session on the same full JID replaces the first, which ends with conflict', () => {
    const s = stack();
    const first = authenticated(s);
    first.session.onStanza(bind('desk'));
    const second = authenticated(s);
    second.session.onStanza(bind('desk'));
    assert.match(first.transport.closedWith ?? '', /<conflict /);
    assert.equal(s.registry.find('alice@example.test', 'desk'), second.session);
    assert.equal(s.registry.size, 1);
  });

  test('binding again once bound is not allowed, whatever the address', () => {
    const c = authenticated(stack());
    c.session.onStanza(bind('desk'));
    c.transport.take();
    c.session.onStanza(stanza(`<iq type='set' id='again' to='pubsub.example.test'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>`));
    assert.match(c.transport.take()[0]!, /<iq type='error' id='again' to='alice@example.test\/desk'><error type='cancel'><not-allowed /);
  });

  test('session establishment (RFC 3921) is offered as optional and answered with an empty result', () => {
    const c = authenticated(stack());
    c.session.onStanza(bind('desk'));
    c.transport.take();
    c.session.onStanza(stanza(`<iq type='set' id='s'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>`));
    assert.deepEqual(c.transport.take(), [`<iq type='result' id='s' to='alice@example.test/desk'/>`]);
  });
});
