import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rewriteContentUrls } from '../../../src/gadgets/rewrite.js';

const SPEC = 'https://f.example.com:8445/3rdpartygadget/files/g/g.xml?x=1';
const G = 'https://f.example.com:8445/3rdpartygadget/files/g';
const rw = (html: string): string => rewriteContentUrls(html, SPEC);

describe('static URL rewriting of the Content', () => {
  test("Shindig's list is absolutised against the spec URL", () => {
    assert.equal(rw('<script src="g.js"></script>'), `<script src="${G}/g.js"></script>`);
    assert.equal(rw("<link rel='stylesheet' href='css/g.css'>"), `<link rel='stylesheet' href="${G}/css/g.css">`);
    assert.equal(rw('<img src=../img/a.png alt=x>'), '<img src="https://f.example.com:8445/3rdpartygadget/files/img/a.png" alt=x>');
    assert.equal(rw('<INPUT type=image SRC="b.png">'), `<INPUT type=image src="${G}/b.png">`);
    assert.equal(rw('<embed src="m.swf">'), `<embed src="${G}/m.swf">`);
    assert.equal(rw('<body class="c" background="bg.png">'), `<body class="c" background="${G}/bg.png">`);
    assert.equal(
      rw('<script src="/desktop/assets/js/finesse.js"></script>'),
      '<script src="https://f.example.com:8445/desktop/assets/js/finesse.js"></script>',
    );
  });

  test('not rewritten: a[href], iframe[src], form[action], non-stylesheet links, absolute and protocol-relative URLs', () => {
    const same = [
      '<a href="x.html">x</a>',
      '<iframe src="f.html"></iframe>',
      '<form action="post.jsp"></form>',
      '<link rel="icon" href="i.png">',
      '<script src="https://cdn.example.net/a.js"></script>',
      '<script src="//cdn.example.net/a.js"></script>',
      '<img src="data:image/png;base64,AAAA">',
      '<img src="javascript:alert(1)">',
      '<img>',
      '<img src>',
      '<style>body { background: url(bg.png) }</style>',
    ];
    for (const html of same) assert.equal(rw(html), html);
  });

  test('an authored <base> is removed, and none is injected', () => {
    assert.equal(rw('<head><base href="http://evil.example/"><BASE target=_top /></head>'), '<head></head>');
  });

  test('the rest is kept byte for byte: doctype, comments, script bodies, stray markup', () => {
    const html = `<!DOCTYPE html>\n<!-- <img src="c.png"> -->\n<script>var s = '<img src="in-script.png">'; if (a<b) {}</script>\n<script src="g.js"/>x<img src="late.png"></script><p>1 < 2</p>`;
    assert.equal(
      rw(html),
      `<!DOCTYPE html>\n<!-- <img src="c.png"> -->\n<script>var s = '<img src="in-script.png">'; if (a<b) {}</script>\n<script src="${G}/g.js"/>x<img src="late.png"></script><p>1 < 2</p>`,
    );
  });

  test('values: character references decoded then re-escaped; unknown references left as written', () => {
    assert.equal(rw('<img src="a.png?x=1&amp;y=2">'), `<img src="${G}/a.png?x=1&amp;y=2">`);
    assert.equal(rw('<img src="&#x61;.png">'), `<img src="${G}/a.png">`);
    assert.equal(rw('<img src="a&copy;.png">'), '<img src="a&copy;.png">');
    assert.equal(rw("<img src='q\"x.png'>"), `<img src="${G}/q%22x.png">`);
  });

  test('hostile markup terminates: unclosed tags, quotes, comments', () => {
    for (const html of ['<img src="a', '<script src=a.js>never closed', '<!-- open', '<', "<img src='", `<${'a '.repeat(10_000)}`]) {
      assert.equal(typeof rw(html), 'string');
    }
  });
});
