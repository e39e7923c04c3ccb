import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GadgetSpecError } from '../../../src/gadgets/errors.js';
import { bundleUrls, chooseMessages, localeFallback } from '../../../src/gadgets/locale.js';
import { parseMessageBundle } from '../../../src/gadgets/messages.js';
import { parseGadgetSpec } from '../../../src/gadgets/spec.js';
import { bundle, SAMPLE_SPEC } from './fixtures.js';

const SPEC_URL = 'https://finesse.example.com:8445/3rdpartygadget/files/sample/sample.xml?mrdid=1';
const base = 'https://finesse.example.com:8445/3rdpartygadget/files/sample/messages/';

const bundles = new Map([
  [`${base}ALL_ALL.xml`, bundle({ title: 'Sample', hello: 'Hello', bye: 'Bye' })],
  [`${base}de_ALL.xml`, bundle({ title: 'Beispiel', hello: 'Hallo' })],
  [`${base}de_AT.xml`, bundle({ hello: 'Servus' })],
]);

describe('message bundles and locale fallback', () => {
  test('a bundle: msg names to trimmed text, entities and CDATA read', () => {
    const m = parseMessageBundle('<messagebundle>\n <msg name="a"> A &amp; B </msg><msg name="b"><![CDATA[<b>x</b>]]></msg></messagebundle>');
    assert.deepEqual({ ...m }, { a: 'A & B', b: '<b>x</b>' });
  });

  test('a bundle with another root or a nameless msg is a typed error', () => {
    assert.throws(
      () => parseMessageBundle('<bundle/>'),
      (e: unknown) => e instanceof GadgetSpecError && e.code === 'root',
    );
    assert.throws(
      () => parseMessageBundle('<messagebundle><msg>x</msg></messagebundle>'),
      (e: unknown) => e instanceof GadgetSpecError && e.where === 'messagebundle/msg[1]@name',
    );
  });

  test('fallback order: lang_country, then lang, then the default; other languages never', () => {
    const spec = parseGadgetSpec(SAMPLE_SPEC);
    const order = (lang: string, country: string): (string | undefined)[] => localeFallback(spec, lang, country).map((l) => l.messages);
    assert.deepEqual(order('de', 'AT'), ['messages/de_AT.xml', 'messages/de_ALL.xml', 'messages/ALL_ALL.xml']);
    assert.deepEqual(order('DE', 'ch'), ['messages/de_ALL.xml', 'messages/ALL_ALL.xml']);
    assert.deepEqual(order('fr', 'FR'), ['messages/ALL_ALL.xml']);
  });

  test('bundle URLs resolve against the spec URL, most specific first', () => {
    const spec = parseGadgetSpec(SAMPLE_SPEC);
    assert.deepEqual(bundleUrls(spec, SPEC_URL, 'de', 'AT'), [`${base}de_AT.xml`, `${base}de_ALL.xml`, `${base}ALL_ALL.xml`]);
  });

  test('the more specific message wins; missing keys fall back; an unfetched bundle is skipped', () => {
    const spec = parseGadgetSpec(SAMPLE_SPEC);
    const at = chooseMessages(spec, SPEC_URL, 'de', 'AT', bundles);
    assert.deepEqual({ ...at.messages }, { title: 'Beispiel', hello: 'Servus', bye: 'Bye' });
    const en = chooseMessages(spec, SPEC_URL, 'en', 'US', bundles);
    assert.deepEqual({ ...en.messages }, { title: 'Sample', hello: 'Hello', bye: 'Bye' });
    const partial = chooseMessages(spec, SPEC_URL, 'de', 'AT', new Map([[`${base}de_AT.xml`, bundle({ hello: 'Servus' })]]));
    assert.deepEqual({ ...partial.messages }, { hello: 'Servus' });
  });

  test('inline msgs and language_direction come from the chosen Locale', () => {
    const spec = parseGadgetSpec(SAMPLE_SPEC);
    const he = chooseMessages(spec, SPEC_URL, 'he', 'IL', bundles);
    assert.equal(he.direction, 'rtl');
    assert.equal(he.messages.title, 'כותרת');
    assert.equal(he.messages.bye, 'Bye');
    assert.equal(chooseMessages(spec, SPEC_URL, 'de', 'AT', bundles).direction, 'ltr');
  });

  test('a hostile bundle fails the choice with a typed error', () => {
    const spec = parseGadgetSpec(SAMPLE_SPEC);
    const evil = new Map([[`${base}ALL_ALL.xml`, '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><messagebundle/>']]);
    assert.throws(
      () => chooseMessages(spec, SPEC_URL, 'en', 'US', evil),
      (e: unknown) => e instanceof GadgetSpecError && e.code === 'xml',
    );
  });
});
