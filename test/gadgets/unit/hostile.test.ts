import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GadgetSpecError } from '../../../src/gadgets/errors.js';
import { parseMessageBundle } from '../../../src/gadgets/messages.js';
import { parseGadgetSpec } from '../../../src/gadgets/spec.js';

const html = '<Content><![CDATA[x]]></Content>';

function xmlError(source: string, message: RegExp, parse: (s: string) => unknown = parseGadgetSpec): void {
  assert.throws(
    () => parse(source),
    (e: unknown) => e instanceof GadgetSpecError && e.code === 'xml' && message.test(e.message),
  );
}

describe('hostile gadget documents', () => {
  test('a DOCTYPE is refused, with or without entity declarations (no XXE, no billion laughs)', () => {
    xmlError(`<!DOCTYPE Module><Module>${html}</Module>`, /DOCTYPE/);
    xmlError(`<!DOCTYPE Module [<!ENTITY x SYSTEM "file:///etc/passwd">]><Module><ModulePrefs title="&x;"/>${html}</Module>`, /DOCTYPE/);
    const lol = '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">';
    xmlError(`<!DOCTYPE m [${lol}]><messagebundle><msg name="x">&b;</msg></messagebundle>`, /DOCTYPE/, parseMessageBundle);
  });

  test('undeclared entities are refused; the predefined ones and character references work', () => {
    xmlError(`<Module><ModulePrefs title="&nbsp;"/>${html}</Module>`, /entity/i);
    const spec = parseGadgetSpec(`<Module><ModulePrefs title="a &amp; b &#x263A; &lt;"/>${html}</Module>`);
    assert.equal(spec.modulePrefs.title, 'a & b ☺ <');
  });

  test('processing instructions other than the XML declaration are refused', () => {
    xmlError(`<?xml version="1.0"?><?xml-stylesheet href="x"?><Module>${html}</Module>`, /processing instructions/);
  });

  test('a huge attribute is refused before it is used', () => {
    xmlError(`<Module><ModulePrefs title="${'A'.repeat(100_000)}"/>${html}</Module>`, /ModulePrefs@title longer than/);
  });

  test('a huge document, deep nesting and many elements are refused', () => {
    xmlError(`<Module>${html}<!--${'x'.repeat(1_100_000)}--></Module>`, /longer than/);
    xmlError(`<Module>${'<a>'.repeat(50)}${'</a>'.repeat(50)}${html}</Module>`, /nesting deeper/);
    xmlError(`<Module>${'<a/>'.repeat(3_000)}${html}</Module>`, /more than 2000 elements/);
  });

  test('malformed XML, several roots, stray text and an empty document are xml errors', () => {
    xmlError('<Module><Content>', /.+/);
    xmlError(`<Module>${html}</Module><Module/>`, /.+/);
    xmlError(`junk<Module>${html}</Module>`, /.+/);
    xmlError('', /no root|.+/);
  });

  test('Content missing is a typed error naming Content', () => {
    assert.throws(
      () => parseGadgetSpec('<Module><ModulePrefs title="x"/></Module>'),
      (e: unknown) => e instanceof GadgetSpecError && e.code === 'missing' && e.where === 'Module/Content',
    );
  });

  test('an unknown datatype names the pref and the allowed ones', () => {
    assert.throws(
      () => parseGadgetSpec(`<Module><UserPref name="p" datatype="script"/>${html}</Module>`),
      /UserPref\[1\]@datatype: unknown datatype "script" \(string, bool, enum, list, location, hidden\)/,
    );
  });

  test('msg names like __proto__ cannot pollute anything', () => {
    const m = parseMessageBundle('<messagebundle><msg name="__proto__">x</msg><msg name="constructor">y</msg></messagebundle>');
    assert.deepEqual(Object.entries(m), [
      ['__proto__', 'x'],
      ['constructor', 'y'],
    ]);
    assert.equal(Object.getPrototypeOf(m), null);
  });
});
