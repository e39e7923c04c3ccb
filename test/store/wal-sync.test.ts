import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { WalSync } from '../../src/store/wal-sync.js';
import { tempDir } from './support/drivers.js';

test('under load the flushes are paced: callers meanwhile share the next one, which waits out the pause', async () => {
  const wal = join(tempDir(), 'db-wal');
  writeFileSync(wal, 'x');
  const pacingMs = 60;
  const sync = new WalSync(wal, pacingMs);
  try {
    const first = sync.sync();
    const startedAt = performance.now();
    const second = sync.sync();
    assert.notEqual(second, first, 'a caller after a flush started waits for the next one');
    assert.equal(sync.sync(), second, 'every caller meanwhile joins that one');
    await first;
    assert.equal(sync.sync(), second, 'still the same one during the pause');
    await second;
    assert.ok(performance.now() - startedAt >= pacingMs - 1, 'the second flush started no sooner than the pause after the first');

    await new Promise((resolve) => setTimeout(resolve, pacingMs * 2));
    const afterQuiet = sync.sync();
    assert.notEqual(afterQuiet, second);
    await afterQuiet;
  } finally {
    sync.close();
  }
});

test('a pause of a fraction of a millisecond is never cut short: back-to-back flushes are the pause apart at least', async () => {
  const wal = join(tempDir(), 'db-wal');
  writeFileSync(wal, 'x');
  const pacingMs = 2;
  const sync = new WalSync(wal, pacingMs);
  try {
    await sync.sync();
    const startedAt = performance.now();
    const flushes = 40;
    // Each caller comes a moment after the flush before ended, so the pause left is under 2 ms each time.
    for (let i = 0; i < flushes; i++) await sync.sync();
    const elapsed = performance.now() - startedAt;
    assert.ok(elapsed >= flushes * pacingMs - 1, `${flushes} paced flushes in ${elapsed.toFixed(1)} ms`);
  } finally {
    sync.close();
  }
});

test('with no WAL file yet there is nothing to flush', async () => {
  const sync = new WalSync(join(tempDir(), 'missing-wal'), 60);
  await sync.sync();
  await sync.sync();
  sync.close();
});
