import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type HangmanContext, substituteHangman, substituteSpec } from '../../../src/gadgets/hangman.js';
import { parseGadgetSpec } from '../../../src/gadgets/spec.js';
import { SAMPLE_SPEC } from './fixtures.js';

const spec = parseGadgetSpec(SAMPLE_SPEC);
const ctx = (over: Partial<HangmanContext> = {}): HangmanContext => ({
  messages: { title: 'Sample', greeting: 'Hi <b>there</b>' },
  direction: 'ltr',
  moduleId: 7,
  userPrefs: { scheme: 'https', hostPort: '8445' },
  ...over,
});

describe('hangman substitution', () => {
  test('__UP_ takes the render parameter, else the declared default', () => {
    assert.equal(
      substituteHangman('__UP_scheme__://__UP_host__:__UP_hostPort__/desktop/assets/js/finesse.js', spec, ctx()),
      'https://localhost:8445/desktop/assets/js/finesse.js',
    );
  });

  test('__UP_ values are HTML-escaped; an undeclared, unsupplied name stays; a declared one without default is empty', () => {
    const c = ctx({ userPrefs: { host: '"><script>alert(1)</script>' } });
    assert.equal(substituteHangman('<a title="__UP_host__">', spec, c), '<a title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">');
    assert.equal(substituteHangman('[__UP_nosuch__][__UP_tags__]', spec, c), '[__UP_nosuch__][]');
  });

  test('secret prefs are never substituted, even when supplied', () => {
    const c = ctx({ userPrefs: { authorization: 'Basic c2VjcmV0', authToken: 'tok' } });
    assert.equal(substituteHangman('[__UP_authorization__][__UP_authToken__]', spec, c), '[][]');
  });

  test('__MSG_ takes the message as written; an unknown key stays', () => {
    assert.equal(substituteHangman('<h1>__MSG_greeting__</h1>__MSG_missing__', spec, ctx()), '<h1>Hi <b>there</b></h1>__MSG_missing__');
  });

  test('__MODULE_ID__ and the BIDI tokens, ltr and rtl', () => {
    const text = '__MODULE_ID__ __BIDI_START_EDGE__ __BIDI_END_EDGE__ __BIDI_DIR__ __BIDI_REVERSE_DIR__ __BIDI_OTHER__';
    assert.equal(substituteHangman(text, spec, ctx()), '7 left right ltr rtl __BIDI_OTHER__');
    assert.equal(substituteHangman(text, spec, ctx({ direction: 'rtl' })), '7 right left rtl ltr __BIDI_OTHER__');
  });

  test('one pass: a substituted value is never substituted again', () => {
    const c = ctx({ messages: { a: '__UP_scheme__' }, userPrefs: { scheme: '__MSG_a__' } });
    assert.equal(substituteHangman('__MSG_a__|__UP_scheme__', spec, c), '__UP_scheme__|__MSG_a__');
  });

  test('substituteSpec rewrites the title and the Content, leaving the parsed spec untouched', () => {
    const out = substituteSpec(spec, ctx());
    assert.equal(out.modulePrefs.title, 'Sample');
    const body = out.contents[0]!.body;
    assert.match(body, /<script src="https:\/\/localhost:8445\/desktop\/assets\/js\/finesse.js">/);
    assert.match(body, /<body class="ltr"><h1>Sample<\/h1><div id="m7"><\/div>/);
    assert.equal(spec.modulePrefs.title, '__MSG_title__');
  });
});
