import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GadgetChanges } from '../../../src/application/gadget-changes.js';
import { STOCK_DESKTOP_LAYOUT } from '../../../src/domain/desktop-layout.js';
import { withServedGadgetTab } from '../../../src/domain/gadget-serve-layout.js';
import { readDesktopLayout } from '../../../src/finesse/desktop-layout-xml.js';

const TAB = { id: 'myGadget', label: 'My gadget', gadgets: ['/3rdpartygadget/files/hello/Hello.xml', '/3rdpartygadget/files/hello/B.xml?a=1&b=2'] };

test('gadget serve layout: every role gets the tab last, once, however often it is added', () => {
  const once = withServedGadgetTab(STOCK_DESKTOP_LAYOUT, TAB);
  const twice = withServedGadgetTab(once, TAB);
  assert.equal(twice, once);
  assert.equal(readDesktopLayout(once), once, 'a valid layout');
  const layouts = once.split('<layout>').slice(1);
  assert.equal(layouts.length, 2);
  for (const layout of layouts) {
    assert.equal(layout.match(/<id>myGadget<\/id>/g)?.length, 1);
    assert.match(
      layout,
      /<tab><id>myGadget<\/id><label>My gadget<\/label><gadgets><gadget>\/3rdpartygadget\/files\/hello\/Hello\.xml<\/gadget><gadget>\/3rdpartygadget\/files\/hello\/B\.xml\?a=1&amp;b=2<\/gadget><\/gadgets><\/tab>\s*<\/tabs>/,
    );
  }
  assert.match(once, /<id>home<\/id>[\s\S]*<id>myHistory<\/id>[\s\S]*<id>myGadget<\/id>/);
});

test('gadget serve layout: a role without tabs gets them; other tabs are kept as written', () => {
  const layout = '<finesseLayout xmlns="http://www.cisco.com/vtg/finesse"><layout><role>Agent</role><page/></layout></finesseLayout>';
  assert.equal(
    withServedGadgetTab(layout, { ...TAB, gadgets: ['/3rdpartygadget/files/x/X.xml'] }),
    '<finesseLayout xmlns="http://www.cisco.com/vtg/finesse"><layout><role>Agent</role><page/><tabs><tab><id>myGadget</id><label>My gadget</label><gadgets><gadget>/3rdpartygadget/files/x/X.xml</gadget></gadgets></tab></tabs></layout></finesseLayout>',
  );
});

test('gadget change feed: versions, paths since a version, a waiting poll answered by a change or the timeout', async () => {
  const changes = new GadgetChanges();
  assert.deepEqual(await changes.changesSince(null, 1000), { version: 0, paths: [] });
  const waiting = changes.changesSince(0, 5000);
  changes.record(['/a.js', '/a.js', '/b.js']);
  assert.deepEqual(await waiting, { version: 1, paths: ['/a.js', '/b.js'] });
  changes.record([]);
  changes.record(['/c.js', '/a.js']);
  assert.deepEqual(await changes.changesSince(0, 1000), { version: 2, paths: ['/a.js', '/b.js', '/c.js'] });
  assert.deepEqual(await changes.changesSince(1, 1000), { version: 2, paths: ['/c.js', '/a.js'] });
  assert.deepEqual(await changes.changesSince(99, 1000), { version: 2, paths: [] }, 'a version from before a restart starts over');
  assert.deepEqual(await changes.changesSince(2, 10), { version: 2, paths: [] });
  const closing = changes.changesSince(2, 60_000);
  changes.close();
  assert.deepEqual(await closing, { version: 2, paths: [] });
});
