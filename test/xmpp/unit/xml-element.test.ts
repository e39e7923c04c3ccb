import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readXml } from '../../../src/finesse/xml-reader.js';
import { Element, serialize } from '../../../src/xml/element.js';
import { attributes, escapeText, escapeXml } from '../../../src/xml/escape.js';
import { stanza } from './support/fakes.js';

describe('the one escaper', () => {
  test('attribute values: all five entities; text: &, < and > only; nothing to escape returns the same string', () => {
    assert.equal(escapeXml(`a&b<c>d"e'f`), 'a&amp;b&lt;c&gt;d&quot;e&apos;f');
    assert.equal(escapeText(`a&b<c>d"e'f`), `a&amp;b&lt;c&gt;d"e'f`);
    const plain = 'nothing here';
    assert.equal(escapeXml(plain), plain);
    assert.equal(escapeText(plain), plain);
  });

  test('attributes: single-quoted, in order, unset ones left out', () => {
    assert.equal(attributes({ id: `a'b`, from: undefined, to: 'x&y' }), ` id='a&apos;b' to='x&amp;y'`);
  });
});

describe('the one element model', () => {
  test('a REST body and a stanza are the same Element: children are elements, text the character data', () => {
    const body = readXml(`<User>\n  <state>READY</state>\n  <extension>1001</extension>\n</User>`);
    const iq = stanza(`<iq type='set' id='1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource> desk </resource></bind></iq>`);
    assert.ok(body instanceof Element && iq instanceof Element);
    assert.deepEqual(
      body.children.map((c) => [c.name, c.text]),
      [
        ['state', 'READY'],
        ['extension', '1001'],
      ],
    );
    assert.equal(body.text.trim(), '');
    assert.deepEqual(body.attributes, {});
    assert.equal(iq.children[0]!.child('resource')?.text, ' desk ');
  });

  test('namespaces are inherited from the parent; prefixed names resolve their prefix', () => {
    const message = stanza(`<message><event xmlns='urn:e'><items><item/></items></event></message>`);
    assert.equal(message.namespace, 'jabber:client', 'from the stream root');
    assert.equal(message.child('event', 'urn:e')?.child('items')?.namespace, 'urn:e');
    const error = new Element('stream:error', { 'xmlns:stream': 'http://etherx.jabber.org/streams' });
    assert.equal(error.localName, 'error');
    assert.equal(error.namespace, 'http://etherx.jabber.org/streams');
  });

  test('mixed content keeps its order for serialization; attributes and text are escaped', () => {
    const el = stanza(`<body a='1&amp;2' b="it's">x &lt; y<b>bold</b>tail &amp; more<i/></body>`);
    assert.equal(el.text, 'x < ytail & more');
    assert.deepEqual(
      el.children.map((c) => c.name),
      ['b', 'i'],
    );
    assert.equal(serialize(el), `<body a='1&amp;2' b='it&apos;s'>x &lt; y<b>bold</b>tail &amp; more<i/></body>`);
  });

  test('an element built in code: append text and children, serialize, empty ones self-close', () => {
    const el = new Element('presence', { to: `a'b` });
    assert.equal(serialize(el), `<presence to='a&apos;b'/>`);
    el.append('hi ');
    el.append(new Element('show'));
    el.append(' there');
    assert.equal(serialize(el), `<presence to='a&apos;b'>hi <show/> there</presence>`);
    assert.equal(el.text, 'hi  there');
  });
});
