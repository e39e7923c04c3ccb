import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Element } from '../../../src/xml/element.js';
import { IqRouter } from '../../../src/xmpp/iq-router.js';
import type { IqHandler } from '../../../src/xmpp/iq-router.js';
import type { SessionHandle } from '../../../src/xmpp/session-api.js';
import { FakeTransport, stanza } from './support/fakes.js';

/** A bound session that only records what it is sent. */
function session(): SessionHandle & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    phase: 'bound',
    streamId: 's',
    transport: new FakeTransport(),
    account: { loginId: 'alice' },
    bareJid: 'alice@example.test',
    resource: 'r',
    fullJid: 'alice@example.test/r',
    available: true,
    priority: 0,
    presence: null,
    send: (xml) => void sent.push(xml),
    deliver: () => undefined,
    close: () => undefined,
    authenticated: () => undefined,
    bound: () => undefined,
    moveTo: () => undefined,
  };
}

const STANZAS = 'urn:ietf:params:xml:ns:xmpp-stanzas';
const named =
  (name: string): IqHandler =>
  (_iq, payload: Element) => ({ payload: `<${name} of='${payload.localName}'/>` });

function router(): IqRouter {
  const r = new IqRouter('example.test');
  r.register('server', 'urn:test', 'q', named('server'));
  r.register('account', 'urn:test', 'q', named('account'));
  const component = r.addComponent('svc.example.test', { missingPayload: 'bad-request' });
  r.register(component, 'urn:test', 'q', named('component'));
  r.register(component, 'urn:any', '*', named('any'));
  return r;
}

function route(r: IqRouter, xml: string): string[] {
  const s = session();
  r.route(stanza(xml), s);
  return s.sent;
}

describe('the IQ router', () => {
  test('routes by addressee: no `to` and the own bare JID go to the account, the domain to the server, a component JID to it', () => {
    const r = router();
    assert.deepEqual(route(r, `<iq type='get' id='1'><q xmlns='urn:test'/></iq>`), [
      `<iq type='result' id='1' to='alice@example.test/r'><account of='q'/></iq>`,
    ]);
    assert.deepEqual(route(r, `<iq type='get' id='2' to='Alice@Example.test'><q xmlns='urn:test'/></iq>`), [
      `<iq type='result' id='2' from='Alice@Example.test' to='alice@example.test/r'><account of='q'/></iq>`,
    ]);
    assert.deepEqual(route(r, `<iq type='get' id='3' to='EXAMPLE.test'><q xmlns='urn:test'/></iq>`), [
      `<iq type='result' id='3' from='EXAMPLE.test' to='alice@example.test/r'><server of='q'/></iq>`,
    ]);
    assert.deepEqual(
      route(r, `<iq type='set' id='4' to='SVC.example.test'><q xmlns='urn:test'/></iq>`),
      [`<iq type='result' id='4' from='svc.example.test' to='alice@example.test/r'><component of='q'/></iq>`],
      'a component answers from its own JID',
    );
  });

  test('a namespace registered for any element matches every element of it; nothing else matches', () => {
    const r = router();
    assert.match(route(r, `<iq type='get' id='a' to='svc.example.test'><whatever xmlns='urn:any'/></iq>`)[0]!, /<any of='whatever'\/>/);
    assert.match(
      route(r, `<iq type='get' id='b' to='svc.example.test'><other xmlns='urn:test'/></iq>`)[0]!,
      new RegExp(`<service-unavailable xmlns='${STANZAS}'/>`),
    );
    assert.match(route(r, `<iq type='get' id='c' to='example.test'><q xmlns='urn:any'/></iq>`)[0]!, /service-unavailable/);
  });

  test('addresses nobody serves get service-unavailable from that address; a malformed one jid-malformed', () => {
    const r = router();
    assert.deepEqual(route(r, `<iq type='get' id='x' to='bob@example.test'><q xmlns='urn:test'/></iq>`), [
      `<iq type='error' id='x' from='bob@example.test' to='alice@example.test/r'><error type='cancel'><service-unavailable xmlns='${STANZAS}'/></error></iq>`,
    ]);
    assert.match(
      route(r, `<iq type='get' id='y' to='svc.example.test/res'><q xmlns='urn:test'/></iq>`)[0]!,
      /from='svc.example.test\/res'.*service-unavailable/,
    );
    assert.deepEqual(route(r, `<iq type='get' id='z' to='a@b@c'><q xmlns='urn:test'/></iq>`), [
      `<iq type='error' id='z' to='alice@example.test/r'><error type='modify'><jid-malformed xmlns='${STANZAS}'/></error></iq>`,
    ]);
  });

  test('a request without payload: service-unavailable, or the component’s own condition', () => {
    const r = router();
    assert.match(route(r, `<iq type='get' id='e' to='example.test'/>`)[0]!, /from='example.test'.*<service-unavailable/);
    assert.match(route(r, `<iq type='get' id='f' to='svc.example.test'/>`)[0]!, /from='svc.example.test'.*<bad-request/);
  });

  test('without an id or with an unknown type: bad-request; results and errors are not answered', () => {
    const r = router();
    assert.match(route(r, `<iq type='get'><q xmlns='urn:test'/></iq>`)[0]!, /<iq type='error' to='alice@example.test\/r'><error type='modify'><bad-request/);
    assert.match(route(r, `<iq type='fetch' id='t'><q xmlns='urn:test'/></iq>`)[0]!, /bad-request/);
    assert.deepEqual(route(r, `<iq type='result' id='ping-1'/>`), []);
    assert.deepEqual(route(r, `<iq type='error' id='ping-2'/>`), []);
  });

  test('handlers registered for any address answer before the address is looked at', () => {
    const r = router();
    r.registerAnywhere('urn:early', 'e', () => ({ error: 'not-allowed' }));
    assert.deepEqual(route(r, `<iq type='set' id='b' to='nobody@elsewhere'><e xmlns='urn:early'/></iq>`), [
      `<iq type='error' id='b' to='alice@example.test/r'><error type='cancel'><not-allowed xmlns='${STANZAS}'/></error></iq>`,
    ]);
  });

  test('an error outcome may carry an application condition after the defined one', () => {
    const r = new IqRouter('example.test');
    r.register('server', 'urn:test', 'q', () => ({ error: 'item-not-found', extra: `<gone xmlns='urn:test#errors'/>` }));
    assert.match(
      route(r, `<iq type='get' id='g' to='example.test'><q xmlns='urn:test'/></iq>`)[0]!,
      /<item-not-found xmlns='[^']+'\/><gone xmlns='urn:test#errors'\/><\/error>/,
    );
  });

  test('handlers can only be registered for a component that was added', () => {
    assert.throws(() => new IqRouter('example.test').register({ component: 'x.example.test' }, 'urn:test', 'q', named('x')));
  });
});
