import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { bootstrapFor, type GadgetPage, openGadget, run } from './runtime-harness.js';

// gadgets.util and gadgets.json as a gadget sees them (gadget reference §2.2).

const pages: GadgetPage[] = [];
after(() => {
  for (const page of pages) page.close();
});
async function open(...args: Parameters<typeof openGadget>) {
  const page = await openGadget(...args);
  pages.push(page);
  return page;
}

test('util: getUrlParameters reads the query and the fragment, + as a space, values decoded', async () => {
  const page = await open({ search: '?url=https%3A%2F%2Fx.test%2Fa.xml&mid=7&lang=en&up_name=Jane+Doe&up_odd=%E2%82%AC%20x&bad=%E0%A4#up_frag=a%2Bb&mid=8' });
  const params = run(page, 'gadgets.util.getUrlParameters()');
  assert.equal(params.url, 'https://x.test/a.xml');
  assert.equal(params.mid, '8', 'the fragment wins');
  assert.equal(params.lang, 'en');
  assert.equal(params.up_name, 'Jane Doe');
  assert.equal(params.up_odd, '€ x');
  assert.equal(params.bad, '%E0%A4', 'an undecodable value stays as written');
  assert.equal(params.up_frag, 'a+b');
  const other = run(page, 'gadgets.util.getUrlParameters("https://y.test/p?a=1&b&c=x+y#d=4")');
  assert.deepEqual({ ...other }, { a: '1', b: '', c: 'x y', d: '4' });
  run(page, 'gadgets.util.getUrlParameters().mid = "changed"');
  assert.equal(run(page, 'gadgets.util.getUrlParameters().mid'), '8', 'callers get a copy');
});

test('util: onload handlers run in order once; a later registration runs at once', async () => {
  const page = await open({
    content: `<script>
      window.order = [];
      gadgets.util.registerOnLoadHandler(function () { order.push('a') });
      gadgets.util.registerOnLoadHandler(function () { throw new Error('gadget bug') });
      gadgets.util.registerOnLoadHandler(function () { order.push('b') });
      order.push('content');
    </script>`,
  });
  assert.deepEqual([...page.window.order], ['content', 'a', 'b']);
  run(page, 'gadgets.util.registerOnLoadHandler(function () { order.push("late") }); order.push("after")');
  assert.deepEqual([...page.window.order], ['content', 'a', 'b', 'late', 'after']);
  run(page, 'gadgets.util.runOnLoadHandlers()');
  assert.deepEqual([...page.window.order], ['content', 'a', 'b', 'late', 'after'], 'a second run does nothing');
  assert.ok(page.console.some((line) => line.level === 'error' && /onload handler failed/.test(line.text)));
});

test('util: hasFeature and getFeatureParameters come from the bootstrap', async () => {
  const page = await open({
    bootstrap: bootstrapFor({
      features: { 'pubsub-2': {}, loadingindicator: { 'manual-dismiss': 'true', 'loading-timeout': '20' }, multi: { p: ['1', '2'] } },
    }),
  });
  assert.equal(run(page, 'gadgets.util.hasFeature("pubsub-2")'), true);
  assert.equal(run(page, 'gadgets.util.hasFeature("dynamic-height")'), false);
  assert.equal(run(page, 'gadgets.util.hasFeature("toString")'), false);
  assert.deepEqual({ ...run(page, 'gadgets.util.getFeatureParameters("loadingindicator")') }, { 'manual-dismiss': 'true', 'loading-timeout': '20' });
  assert.deepEqual([...run(page, 'gadgets.util.getFeatureParameters("multi").p')], ['1', '2']);
  assert.equal(run(page, 'gadgets.util.getFeatureParameters("nope")'), undefined);
});

test('util: makeEnum, makeClosure and trim', async () => {
  const page = await open();
  assert.deepEqual({ ...run(page, 'gadgets.util.makeEnum(["A", "b"])') }, { A: 'A', b: 'b' });
  assert.deepEqual([...run(page, 'var o = { k: 2 }; gadgets.util.makeClosure(o, function (x, y, z) { return [this.k, x, y, z] }, 3, 4)(5)')], [2, 3, 4, 5]);
  assert.equal(run(page, 'gadgets.util.trim("  a b \\n")'), 'a b');
  assert.equal(run(page, 'gadgets.util.trim(5)'), 5);
});

test('util: escapeString escapes exactly the reference set and unescapeString reverses it', async () => {
  const page = await open();
  const escaped = (s: string) => page.window.gadgets.util.escapeString(s);
  assert.equal(escaped('a\nb\rc"d\'e<f>g\\h\u2028i\u2029j'), 'a&#10;b&#13;c&#34;d&#39;e&#60;f&#62;g&#92;h&#8232;i&#8233;j');
  assert.equal(escaped('\uff02\uff07\uff1c\uff1e\uff3c'), '&#65282;&#65287;&#65308;&#65310;&#65340;');
  assert.equal(escaped('&+/=?#%:; é'), '&+/=?#%:; é', 'not &, +, /, =');
  assert.equal(escaped(''), '');
  assert.equal(escaped(null as unknown as string), null);
  const unescaped = (s: string) => page.window.gadgets.util.unescapeString(s);
  assert.equal(unescaped(escaped('<a href="x">\'y\'</a>\n')), '<a href="x">\'y\'</a>\n');
  assert.equal(unescaped('&#128512; &amp; &#99999999;'), '😀 &amp; &#99999999;');
});

test('json: parse never throws, stringify is JSON', async () => {
  const page = await open();
  assert.deepEqual({ ...run(page, 'gadgets.json.parse(\'{"a":1}\')') }, { a: 1 });
  assert.equal(run(page, 'gadgets.json.parse("{bad")'), false);
  assert.equal(run(page, 'gadgets.json.parse(undefined)'), false);
  assert.equal(run(page, 'gadgets.json.stringify({ a: [1, "x"] })'), '{"a":[1,"x"]}');
});
