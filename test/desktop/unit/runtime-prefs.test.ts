import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { bootstrapFor, DesktopEnd, openGadget, run, until } from './runtime-harness.js';

// gadgets.Prefs (gadget reference §2.3): one instance per document from UserPref defaults, `up_*`
// parameters and the secrets; `set` answers locally at once and asks the desktop to persist.

const cleanup: { close(): void }[] = [];
after(() => {
  for (const item of cleanup) item.close();
});

const userPref = (defaultValue: string) => ({ defaultValue, datatype: 'string', displayName: 'x', required: false });

async function open(search = '') {
  const page = await openGadget({
    search: `?url=x&mid=7${search}`,
    bootstrap: bootstrapFor({
      userPrefs: { color: userPref('blue'), size: userPref('12'), list: userPref('a|b%7Cc|<d>'), ratio: userPref('1.5x'), on: userPref('true') },
      messages: { greet: 'Hi <b>&amp;</b>', empty: '' },
      lang: 'fr',
      country: 'CA',
      mid: 7,
    }),
  });
  cleanup.push(page);
  return page;
}

test('prefs: a singleton built from defaults, then up_ parameters, then the secrets', async () => {
  const page = await open('&up_color=red&up_extension=1001&up_authorization=spoofed&up_id=spoofed&up_note=%3Cb%3E%22x%22');
  assert.equal(run(page, 'new gadgets.Prefs() === new gadgets.Prefs()'), true);
  assert.equal(run(page, 'new gadgets.Prefs() instanceof gadgets.Prefs'), true);
  const get = (expr: string) => run(page, `new gadgets.Prefs().${expr}`);
  assert.equal(get('getString("color")'), 'red');
  assert.equal(get('getString("size")'), '12');
  assert.equal(get('getString("extension")'), '1001');
  assert.equal(get('getString("authorization")'), 'YWdlbnQ6c2VjcmV0', 'the secret beats a URL parameter');
  assert.equal(get('getString("authToken")'), '');
  assert.equal(get('getString("id")'), 'agent1');
  assert.equal(get('getString("note")'), '&#60;b&#62;&#34;x&#34;', 'getString is HTML-escaped');
  assert.equal(get('getString("missing")'), '');
});

test('prefs: typed getters, arrays, messages, locale and module id', async () => {
  const page = await open('&up_bad=x1&up_neg=-3&up_zero=0&up_two=2');
  const get = (expr: string) => run(page, `new gadgets.Prefs().${expr}`);
  assert.equal(get('getInt("size")'), 12);
  assert.equal(get('getInt("bad")'), 0);
  assert.equal(get('getInt("missing")'), 0);
  assert.equal(get('getFloat("ratio")'), 1.5);
  assert.equal(get('getFloat("bad")'), 0);
  assert.equal(get('getBool("on")'), true);
  assert.equal(get('getBool("two")'), true);
  assert.equal(get('getBool("neg")'), true);
  assert.equal(get('getBool("zero")'), false);
  assert.equal(get('getBool("bad")'), false);
  assert.equal(get('getBool("missing")'), false);
  assert.deepEqual([...get('getArray("list")')], ['a', 'b|c', '&#60;d&#62;']);
  assert.deepEqual([...get('getArray("missing")')], []);
  assert.equal(get('getMsg("greet")'), 'Hi <b>&amp;</b>', 'messages are not escaped');
  assert.equal(get('getMsg("nope")'), '');
  assert.equal(get('getLang()'), 'fr');
  assert.equal(get('getCountry()'), 'CA');
  assert.equal(get('getModuleId()'), 7);
});

test('prefs: set and setArray change the value at once and send prefs.set in order; container prefs are refused', async () => {
  const page = await open();
  run(
    page,
    `var p = new gadgets.Prefs();
    p.set('color', 'green');
    p.set('a', 1, 'b', true);
    p.setArray('list', ['x|y', 'z']);
    p.set('authorization', 'evil');
    p.set('extension', '9999');`,
  );
  const get = (expr: string) => run(page, `new gadgets.Prefs().${expr}`);
  assert.equal(get('getString("color")'), 'green');
  assert.equal(get('getInt("a")'), 1);
  assert.equal(get('getBool("b")'), true);
  assert.deepEqual([...get('getArray("list")')], ['x|y', 'z']);
  assert.equal(get('getString("authorization")'), 'YWdlbnQ6c2VjcmV0');
  assert.equal(get('getString("extension")'), '');
  assert.ok(page.console.some((line) => line.level === 'warn' && /authorization is a container pref/.test(line.text)));

  const desktop = new DesktopEnd(page);
  cleanup.push(desktop);
  desktop.welcome();
  await until(() => desktop.received.filter((m) => m.kind === 'prefs.set').length === 4, 'prefs.set messages');
  assert.deepEqual(
    desktop.received.filter((m) => m.kind === 'prefs.set'),
    [
      { kind: 'prefs.set', key: 'color', value: 'green' },
      { kind: 'prefs.set', key: 'a', value: '1' },
      { kind: 'prefs.set', key: 'b', value: 'true' },
      { kind: 'prefs.set', key: 'list', value: 'x%7Cy|z' },
    ],
  );
  assert.deepEqual(
    desktop.received.filter((m) => m.kind === 'log'),
    ['authorization', 'extension'].map((name) => ({ kind: 'log', level: 'warn', text: `gadgets.Prefs: ${name} is a container pref; not changed` })),
    'the refusals reach the desktop log, in order with the rest',
  );
  const kinds = desktop.kinds();
  assert.ok(kinds.lastIndexOf('prefs.set') < kinds.indexOf('log'));
});
