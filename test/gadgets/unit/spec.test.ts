import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GadgetSpecError } from '../../../src/gadgets/errors.js';
import { contentForView, parseGadgetSpec, unknownRequiredFeatures } from '../../../src/gadgets/spec.js';
import { SAMPLE_SPEC } from './fixtures.js';

const minimal = (inner: string, prefs = '<ModulePrefs title="t"/>'): string => `<Module>${prefs}${inner}</Module>`;
const html = '<Content type="html"><![CDATA[<p>hi</p>]]></Content>';

function rejects(source: string, code: GadgetSpecError['code'], where: RegExp): void {
  assert.throws(
    () => parseGadgetSpec(source),
    (e: unknown) => {
      assert.ok(e instanceof GadgetSpecError, String(e));
      assert.equal(e.code, code, e.message);
      assert.match(e.where, where);
      return true;
    },
  );
}

describe('gadget spec', () => {
  test('ModulePrefs: title, description, height, scrolling, author and every attribute as written', () => {
    const spec = parseGadgetSpec(SAMPLE_SPEC);
    const p = spec.modulePrefs;
    assert.deepEqual([p.title, p.description, p.height, p.scrolling, p.author], ['__MSG_title__', 'Sample gadget', 300, true, 'ACME']);
    assert.equal(p.attributes.author_email, 'a@example.com');
  });

  test('Require and Optional features with their Params, in document order', () => {
    const spec = parseGadgetSpec(SAMPLE_SPEC);
    assert.deepEqual(
      spec.features.map((f) => [f.name, f.required]),
      [
        ['pubsub-2', true],
        ['settitle', true],
        ['content-rewrite', false],
        ['dynamic-height', true],
      ],
    );
    assert.deepEqual(spec.features[2]!.params, { 'exclude-urls': '.*' });
    assert.deepEqual(spec.features[3]!.params, { min: '100' });
    assert.deepEqual(unknownRequiredFeatures(spec, new Set(['pubsub-2', 'settitle'])), ['dynamic-height']);
  });

  test('UserPrefs: datatypes, defaults, required, display names and enum values', () => {
    const prefs = parseGadgetSpec(SAMPLE_SPEC).userPrefs;
    assert.deepEqual(
      prefs.map((p) => [p.name, p.datatype, p.defaultValue, p.required]),
      [
        ['scheme', 'hidden', '', false],
        ['host', 'hidden', 'localhost', false],
        ['hostPort', 'hidden', '', false],
        ['colour', 'enum', 'red', true],
        ['compact', 'bool', 'false', false],
        ['tags', 'list', '', false],
      ],
    );
    const colour = prefs[3]!;
    assert.equal(colour.displayName, 'Colour');
    assert.equal(prefs[0]!.displayName, 'scheme');
    assert.deepEqual(colour.enumValues, [
      { value: 'red', displayValue: 'Red' },
      { value: 'blue', displayValue: 'blue' },
    ]);
  });

  test('datatype defaults to string; lower-cased', () => {
    const spec = parseGadgetSpec(minimal(`<UserPref name="a"/><UserPref name="b" datatype="BOOL"/>${html}`));
    assert.deepEqual(
      spec.userPrefs.map((p) => p.datatype),
      ['string', 'bool'],
    );
  });

  test('Locales: lang, country, messages, direction, inline msgs; all/ALL mean the default', () => {
    const locales = parseGadgetSpec(SAMPLE_SPEC).locales;
    assert.equal(locales.length, 4);
    assert.deepEqual(
      locales.map((l) => [l.lang, l.country, l.messages, l.languageDirection]),
      [
        [undefined, undefined, 'messages/ALL_ALL.xml', 'ltr'],
        ['de', undefined, 'messages/de_ALL.xml', 'ltr'],
        ['de', 'AT', 'messages/de_AT.xml', 'ltr'],
        ['he', undefined, undefined, 'rtl'],
      ],
    );
    assert.deepEqual({ ...locales[3]!.inlineMessages }, { title: 'כותרת' });
    const all = parseGadgetSpec(minimal(html, '<ModulePrefs><Locale lang="all" country="ALL"/></ModulePrefs>')).locales[0]!;
    assert.deepEqual([all.lang, all.country], [undefined, undefined]);
  });

  test('Content: inline html kept as written (stray DOCTYPE inside CDATA included), views, preferred height', () => {
    const spec = parseGadgetSpec(SAMPLE_SPEC);
    const c = spec.contents[0]!;
    assert.equal(c.type, 'html');
    assert.deepEqual(c.views, ['default', 'canvas']);
    assert.equal(c.preferredHeight, 250);
    assert.match(c.body, /<!DOCTYPE html>/);
    assert.match(c.body, /<link rel="stylesheet" href="sample.css">/);
    assert.equal(contentForView(spec, 'canvas'), c);
    assert.equal(contentForView(spec, 'home'), c);
  });

  test('Content: type url with href; views default to default; several Contents by view', () => {
    const spec = parseGadgetSpec(minimal('<Content type="url" href="http://example.com/g.html" view="canvas"/><Content><![CDATA[x]]></Content>'));
    assert.deepEqual(
      spec.contents.map((c) => [c.type, c.href, c.views]),
      [
        ['url', 'http://example.com/g.html', ['canvas']],
        ['html', undefined, ['default']],
      ],
    );
    assert.equal(contentForView(spec, 'canvas')!.type, 'url');
    assert.equal(contentForView(spec, 'profile')!.type, 'html');
  });

  test('ModulePrefs may be absent; unknown children are ignored', () => {
    const spec = parseGadgetSpec(`<Module><Foo/>${html}<Bar x="1"/></Module>`);
    assert.equal(spec.modulePrefs.title, '');
    assert.equal(spec.modulePrefs.height, undefined);
    assert.equal(spec.contents.length, 1);
  });

  test('bad specs: a typed error naming what is wrong', () => {
    rejects('<Gadget/>', 'root', /^Gadget$/);
    rejects(minimal(''), 'missing', /Module\/Content/);
    rejects(minimal(html, '<ModulePrefs/><ModulePrefs/>'), 'invalid', /ModulePrefs/);
    rejects(minimal(`<UserPref name="x" datatype="colour"/>${html}`), 'invalid', /UserPref\[1\]@datatype/);
    rejects(minimal(`<UserPref datatype="string"/>${html}`), 'missing', /UserPref\[1\]@name/);
    rejects(minimal(`<UserPref name="a b"/>${html}`), 'invalid', /UserPref\[1\]@name/);
    rejects(minimal(`<UserPref name="x"/><UserPref name="x"/>${html}`), 'invalid', /UserPref\[x\]/);
    rejects(minimal(`<UserPref name="x" required="maybe"/>${html}`), 'invalid', /@required/);
    rejects(minimal(`<UserPref name="x" datatype="bool" default_value="yes"/>${html}`), 'invalid', /@default_value/);
    rejects(minimal(`<UserPref name="x" datatype="enum"><EnumValue/></UserPref>${html}`), 'missing', /EnumValue\[1\]@value/);
    rejects(minimal(html, '<ModulePrefs height="tall"/>'), 'invalid', /ModulePrefs@height/);
    rejects(minimal(html, '<ModulePrefs scrolling="auto"/>'), 'invalid', /ModulePrefs@scrolling/);
    rejects(minimal(html, '<ModulePrefs><Require/></ModulePrefs>'), 'missing', /Require\[1\]@feature/);
    rejects(minimal(html, '<ModulePrefs><Require feature="x"><Param>1</Param></Require></ModulePrefs>'), 'missing', /Param\[1\]@name/);
    rejects(minimal(html, '<ModulePrefs><Locale lang="english!"/></ModulePrefs>'), 'invalid', /@lang/);
    rejects(minimal(html, '<ModulePrefs><Locale language_direction="up"/></ModulePrefs>'), 'invalid', /@language_direction/);
    rejects(minimal(html, '<ModulePrefs><Locale><msg>x</msg></Locale></ModulePrefs>'), 'missing', /msg\[1\]@name/);
    rejects(minimal('<Content type="flash"/>'), 'invalid', /Content\[1\]@type/);
    rejects(minimal('<Content type="url"/>'), 'missing', /Content\[1\]@href/);
    rejects(minimal('<Content view="a"/><Content view="b,a"/>'), 'invalid', /Content@view/);
    rejects(minimal('<Content preferred_height="-5"/>'), 'invalid', /preferred_height/);
  });
});
