import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GadgetSpecError } from '../../../src/gadgets/errors.js';
import { buildRenderUrl, parseRenderUrl, type RenderRequest, resolveSpecUrl } from '../../../src/gadgets/urls.js';

const BASE = 'https://finesse.example.com:8445';
const SPEC = 'https://finesse.example.com:8445/3rdpartygadget/files/cv/cv.xml?mrdid=1&maxdialogs=2';
const req = (over: Partial<RenderRequest> = {}): RenderRequest => ({
  specUrl: SPEC,
  moduleId: 3,
  lang: 'en',
  country: 'US',
  view: 'default',
  userPrefs: { scheme: 'https', host: 'finesse.example.com', hostPort: '8445' },
  nocache: false,
  ...over,
});

function refused(query: string, where: RegExp): void {
  assert.throws(
    () => parseRenderUrl(query, BASE),
    (e: unknown) => e instanceof GadgetSpecError && e.code === 'render-url' && where.test(e.where),
  );
}

describe('render URLs', () => {
  test('built with the parameters gadgets expect; url keeps the spec URL with its own query', () => {
    const url = new URL(buildRenderUrl(`${BASE}/`, req({ nocache: true })));
    assert.equal(url.origin + url.pathname, `${BASE}/gadgets/ifr`);
    assert.equal(url.searchParams.get('url'), SPEC);
    assert.deepEqual([...url.searchParams.keys()], ['url', 'mid', 'lang', 'country', 'up_scheme', 'up_host', 'up_hostPort', 'nocache']);
    assert.equal(new URLSearchParams(new URL(url.searchParams.get('url')!).search).get('maxdialogs'), '2');
  });

  test('parsed back to the same request; a non-default view travels', () => {
    for (const r of [req(), req({ nocache: true, view: 'canvas', lang: 'de', country: 'AT', userPrefs: {} })]) {
      assert.deepEqual(parseRenderUrl(buildRenderUrl(BASE, r), BASE), r);
    }
  });

  test('defaults: mid 0, en_US, default view, no prefs, cached; a root-relative url resolves against the base', () => {
    assert.deepEqual(parseRenderUrl('url=/3rdpartygadget/files/x.xml', BASE), {
      specUrl: `${BASE}/3rdpartygadget/files/x.xml`,
      moduleId: 0,
      lang: 'en',
      country: 'US',
      view: 'default',
      userPrefs: {},
      nocache: false,
    });
    assert.equal(parseRenderUrl('url=/x.xml&nocache=0', BASE).nocache, false);
    assert.equal(parseRenderUrl('url=/x.xml&nocache=true', BASE).nocache, true);
  });

  test('invalid parameters are refused, naming the parameter', () => {
    refused('mid=1', /^url$/);
    refused('url=javascript:alert(1)', /^url$/);
    refused('url=x.xml', /^url$/);
    refused('url=file:///etc/passwd', /^url$/);
    refused('url=/x.xml&mid=-1', /^mid$/);
    refused('url=/x.xml&mid=1e3', /^mid$/);
    refused('url=/x.xml&lang=en-US', /^lang$/);
    refused('url=/x.xml&country=U', /^country$/);
    refused('url=/x.xml&view=../x', /^view$/);
    refused('url=/x.xml&url=/y.xml', /^url$/);
    refused('url=/x.xml&up_a%20b=1', /^up_a b$/);
    refused(`url=/x.xml&up_x=${'v'.repeat(3000)}`, /^up_x$/);
    refused(`url=/x.xml&${Array.from({ length: 65 }, (_, i) => `up_p${i}=1`).join('&')}`, /^up_\*$/);
    refused(`url=/x.xml&pad=${'p'.repeat(20_000)}`, /^query$/);
  });

  test('secret prefs never travel in a render URL, neither built nor parsed', () => {
    refused('url=/x.xml&up_authorization=Basic%20eA%3D%3D', /^up_authorization$/);
    assert.throws(() => buildRenderUrl(BASE, req({ userPrefs: { authToken: 't' } })), /secret/);
  });

  test('resolveSpecUrl: relative to the spec URL, http(s) only', () => {
    assert.equal(resolveSpecUrl('msgs/de.xml', SPEC), `${BASE}/3rdpartygadget/files/cv/msgs/de.xml`);
    assert.equal(resolveSpecUrl('../lib/a.js', SPEC), `${BASE}/3rdpartygadget/files/lib/a.js`);
    assert.equal(resolveSpecUrl('/desktop/assets/js/finesse.js', SPEC), `${BASE}/desktop/assets/js/finesse.js`);
    assert.equal(resolveSpecUrl('//cdn.example.net/x.js', SPEC), 'https://cdn.example.net/x.js');
    assert.equal(resolveSpecUrl('javascript:alert(1)', SPEC), undefined);
    assert.equal(resolveSpecUrl('data:text/html,x', SPEC), undefined);
    assert.equal(resolveSpecUrl('http://[::1', SPEC), undefined);
  });
});
