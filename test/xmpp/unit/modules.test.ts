import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KeepAlive } from '../../../src/xmpp/modules/ping.js';
import type { XmppSession } from '../../../src/xmpp/session.js';
import { stack, stanza } from './support/fakes.js';

const DISCO_INFO = 'http://jabber.org/protocol/disco#info';
const DISCO_ITEMS = 'http://jabber.org/protocol/disco#items';

describe('presence', () => {
  test('initial presence goes to the account’s available resources, itself included; the service contact greets it', () => {
    const s = stack();
    const desk = s.login('alice', 'desk');
    const phone = s.login('alice', 'phone', { presence: false });
    phone.session.onStanza(stanza(`<presence>\n <priority>3</priority>\n <status>on &amp; off</status></presence>`));
    const broadcast = `<presence from='alice@example.test/phone' to='%'>\n <priority>3</priority>\n <status>on &amp; off</status></presence>`;
    assert.deepEqual(desk.transport.take(), [broadcast.replace('%', 'alice@example.test/desk')]);
    assert.deepEqual(phone.transport.take(), [
      broadcast.replace('%', 'alice@example.test/phone'),
      `<presence from='service@example.test' to='alice@example.test/phone'/>`,
    ]);
    assert.equal(phone.session.priority, 3);
    assert.equal(s.registry.isAvailable('alice', 'alice@example.test'), true);
  });

  test('what was published before initial presence arrives right after it', () => {
    const s = stack();
    const early = s.login('bob', 'early', { presence: false });
    assert.equal(s.pubsub.publish('/own/bob', '<first/>'), 0);
    early.session.onStanza(stanza('<presence/>'));
    const sent = early.transport.take();
    assert.equal(sent.length, 3);
    assert.match(sent[1]!, /from='service@example.test'/);
    assert.match(sent[2]!, /<item id='[^']+'><first\/><\/item>/);
  });

  test('probes: own resources answered with their presence, the service contact available, anyone else unavailable', () => {
    const s = stack();
    const a = s.login('alice', 'a');
    a.session.onStanza(stanza(`<presence type='probe' to='alice@example.test'/>`));
    a.session.onStanza(stanza(`<presence type='probe' to='service@example.test'/>`));
    a.session.onStanza(stanza(`<presence type='probe' to='bob@example.test/x'/>`));
    assert.deepEqual(a.transport.take(), [
      `<presence from='alice@example.test/a' to='alice@example.test/a'></presence>`,
      `<presence from='service@example.test' to='alice@example.test/a'/>`,
      `<presence type='unavailable' from='bob@example.test' to='alice@example.test/a'/>`,
    ]);
  });

  test('unavailable presence, and a session that ends, tell the other resources', () => {
    const s = stack();
    const stay = s.login('carol', 'stay');
    const leave = s.login('carol', 'leave');
    const end = s.login('carol', 'end');
    stay.transport.take();
    leave.session.onStanza(stanza(`<presence type='unavailable'/>`));
    end.session.close();
    assert.deepEqual(stay.transport.take(), [
      `<presence type='unavailable' from='carol@example.test/leave' to='carol@example.test/stay'/>`,
      `<presence type='unavailable' from='carol@example.test/end' to='carol@example.test/stay'/>`,
    ]);
    assert.equal(leave.session.available, false);
  });
});

describe('messages', () => {
  test('routed to a full JID, or to the available non-negative resources of a bare JID, stamped with the sender', () => {
    const s = stack();
    const alice = s.login('alice', 'a');
    const bob1 = s.login('bob', 'one');
    const bob2 = s.login('bob', 'two', { presence: false });
    bob2.session.onStanza(stanza(`<presence><priority>-1</priority></presence>`));
    for (const c of [bob1, bob2]) c.transport.take();
    alice.session.onStanza(stanza(`<message to='bob@example.test' from='forged@x' id='m'><body>it's &lt;ok&gt;</body></message>`));
    assert.deepEqual(bob1.transport.take(), [`<message to='bob@example.test' from='alice@example.test/a' id='m'><body>it&apos;s &lt;ok&gt;</body></message>`]);
    assert.deepEqual(bob2.transport.take(), []);
    alice.session.onStanza(stanza(`<message to='bob@example.test/two'><x xmlns='urn:x'>a<y/>b</x></message>`));
    assert.deepEqual(bob2.transport.take(), [`<message to='bob@example.test/two' from='alice@example.test/a'><x xmlns='urn:x'>a<y/>b</x></message>`]);
  });
});

describe('discovery, roster and ping', () => {
  test('the server lists the features modules added, in order, and the pubsub component as an item', () => {
    const { login } = stack();
    const { session, transport } = login('alice', 'a');
    session.onStanza(stanza(`<iq type='get' id='i' to='example.test'><query xmlns='${DISCO_INFO}'/></iq>`));
    session.onStanza(stanza(`<iq type='get' id='j' to='example.test'><query xmlns='${DISCO_ITEMS}'/></iq>`));
    assert.deepEqual(transport.take(), [
      `<iq type='result' id='i' from='example.test' to='alice@example.test/a'><query xmlns='${DISCO_INFO}'><identity category='server' type='im' name='test-server'/>` +
        `<feature var='${DISCO_INFO}'/><feature var='${DISCO_ITEMS}'/><feature var='urn:xmpp:ping'/><feature var='jabber:iq:roster'/></query></iq>`,
      `<iq type='result' id='j' from='example.test' to='alice@example.test/a'><query xmlns='${DISCO_ITEMS}'><item jid='pubsub.example.test' name='Notifications'/></query></iq>`,
    ]);
  });

  test('the account answers disco#info and an empty roster; the server does not keep rosters', () => {
    const { login } = stack();
    const { session, transport } = login('alice', 'a');
    session.onStanza(stanza(`<iq type='get' id='r'><query xmlns='jabber:iq:roster'/></iq>`));
    session.onStanza(stanza(`<iq type='get' id='s' to='example.test'><query xmlns='jabber:iq:roster'/></iq>`));
    session.onStanza(stanza(`<iq type='get' id='d'><query xmlns='${DISCO_INFO}'/></iq>`));
    const [roster, serverRoster, disco] = transport.take();
    assert.equal(roster, `<iq type='result' id='r' to='alice@example.test/a'><query xmlns='jabber:iq:roster' ver='empty'/></iq>`);
    assert.match(serverRoster!, /<service-unavailable /);
    assert.match(disco!, /<identity category='account' type='registered'\/>/);
  });

  test('the pubsub component answers discovery of its nodes through the node policy', () => {
    const { login } = stack();
    const { session, transport } = login('alice', 'a');
    session.onStanza(stanza(`<iq type='get' id='n' to='pubsub.example.test'><query xmlns='${DISCO_ITEMS}'/></iq>`));
    session.onStanza(stanza(`<iq type='get' id='f' to='pubsub.example.test'><query xmlns='${DISCO_INFO}' node='/secret'/></iq>`));
    session.onStanza(stanza(`<iq type='set' id='e' to='pubsub.example.test'/>`));
    const [items, forbidden, empty] = transport.take();
    assert.match(
      items!,
      /<item jid='pubsub.example.test' node='\/own\/alice' name='\/own\/alice'\/><item [^>]*node='\/everyone'[^>]*\/><item [^>]*node='\/open\/a'/,
    );
    assert.match(forbidden!, /from='pubsub.example.test'.*<item-not-found /);
    assert.match(empty!, /<bad-request /);
  });

  test('keep-alive pings a session silent for half the idle time once, and closes one silent for all of it', () => {
    const s = stack({ limits: { idleTimeoutSeconds: 8 } });
    const sessions = new Set<XmppSession>();
    const quiet = s.login('alice', 'quiet');
    const chatty = s.login('bob', 'chatty');
    sessions.add(quiet.session).add(chatty.session);
    const keepAlive = new KeepAlive('example.test', s.clock, 8, () => sessions);
    s.clock.advance(4000);
    chatty.session.touch();
    assert.deepEqual(quiet.transport.take(), [
      `<iq type='get' from='example.test' to='alice@example.test/quiet' id='ping-1'><ping xmlns='urn:xmpp:ping'/></iq>`,
    ]);
    s.clock.advance(2000);
    assert.deepEqual(quiet.transport.take(), [], 'one ping outstanding at a time');
    s.clock.advance(2000);
    assert.match(quiet.transport.closedWith ?? '', /<connection-timeout /);
    assert.equal(chatty.transport.closedWith, undefined);
    keepAlive.stop();
  });
});
