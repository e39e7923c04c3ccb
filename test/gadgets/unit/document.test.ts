import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { prepareGadgetDocument } from '../../../src/gadgets/document.js';
import { GadgetSpecError } from '../../../src/gadgets/errors.js';
import { bundleUrls } from '../../../src/gadgets/locale.js';
import { parseGadgetSpec } from '../../../src/gadgets/spec.js';
import { parseRenderUrl } from '../../../src/gadgets/urls.js';
import { bundle, SAMPLE_SPEC } from './fixtures.js';

const BASE = 'https://f.example.com:8445';
const G = `${BASE}/3rdpartygadget/files/sample`;
const request = (query = ''): ReturnType<typeof parseRenderUrl> =>
  parseRenderUrl(`url=/3rdpartygadget/files/sample/sample.xml&mid=4&lang=de&country=AT&up_scheme=https&up_hostPort=8445${query}`, BASE);
const bundles = new Map([
  [`${G}/messages/ALL_ALL.xml`, bundle({ title: 'Sample' })],
  [`${G}/messages/de_ALL.xml`, bundle({ title: 'Beispiel' })],
]);

describe('the prepared gadget document', () => {
  test('parse, messages, hangman, then URL rewriting, in that order', () => {
    const req = request();
    assert.deepEqual(bundleUrls(parseGadgetSpec(SAMPLE_SPEC), req.specUrl, 'de', 'AT'), [
      `${G}/messages/de_AT.xml`,
      `${G}/messages/de_ALL.xml`,
      `${G}/messages/ALL_ALL.xml`,
    ]);
    const doc = prepareGadgetDocument({ specXml: SAMPLE_SPEC, request: req, bundles });
    assert.equal(doc.modulePrefs.title, 'Beispiel');
    assert.match(doc.html, new RegExp(`<link rel="stylesheet" href="${G}/sample.css">`));
    assert.match(doc.html, /<script src="https:\/\/localhost:8445\/desktop\/assets\/js\/finesse.js">/);
    assert.match(doc.html, /<h1>Beispiel<\/h1><div id="m4">/);
    assert.deepEqual(doc.views, ['default', 'canvas']);
    assert.equal(doc.preferredHeight, 250);
    assert.equal(doc.direction, 'ltr');
  });

  test('prefs: declared defaults overlaid by the render parameters', () => {
    const doc = prepareGadgetDocument({ specXml: SAMPLE_SPEC, request: request('&up_colour=blue&up_extra=1'), bundles });
    assert.deepEqual({ ...doc.prefs }, { scheme: 'https', host: 'localhost', hostPort: '8445', colour: 'blue', compact: 'false', tags: '', extra: '1' });
  });

  test('an unknown required feature is refused when the container lists its features', () => {
    assert.throws(
      () => prepareGadgetDocument({ specXml: SAMPLE_SPEC, request: request(), bundles, knownFeatures: new Set(['pubsub-2', 'settitle']) }),
      (e: unknown) => e instanceof GadgetSpecError && /dynamic-height/.test(e.message) && !/content-rewrite/.test(e.message),
    );
  });

  test('a url Content is not rendered; a view with no Content and no default is refused', () => {
    const urlSpec = '<Module><Content type="url" href="https://x.example/g.html"/></Module>';
    assert.throws(() => prepareGadgetDocument({ specXml: urlSpec, request: request(), bundles }), /only inline html/);
    const canvasOnly = '<Module><Content view="canvas"><![CDATA[x]]></Content></Module>';
    assert.throws(() => prepareGadgetDocument({ specXml: canvasOnly, request: request(), bundles }), /no Content for view "default"/);
    assert.equal(prepareGadgetDocument({ specXml: canvasOnly, request: request('&view=canvas'), bundles }).html, 'x');
  });
});
