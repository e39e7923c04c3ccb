/**
 * The renderer's spec loader (gadget reference §1.5): hosted files of this origin from the gadget
 * directory, other URLs through the external fetcher; cached by URL for the TTL (hosted files only while
 * size and mtime are unchanged), `nocache` loading again and refreshing the cache; failures as statuses.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GadgetSourceError, GadgetSources, refuseExternalGadgets } from '../../../src/application/gadget-sources.js';
import type { GadgetFileContent, GadgetFiles } from '../../../src/application/ports/gadget-files.js';
import { ManualClock } from '../../../src/domain/clock.js';

const ORIGIN = 'http://desk.example:8082';

function hostedFiles(contents: Map<string, { text: string; modified: number }>): Pick<GadgetFiles, 'stat' | 'read'> & { reads: number } {
  const files = {
    reads: 0,
    async stat(segments: readonly string[]) {
      const f = contents.get(segments.join('/'));
      return f ? { path: segments.join('/'), size: f.text.length, modified: f.modified } : null;
    },
    async read(segments: readonly string[]): Promise<GadgetFileContent | null> {
      files.reads++;
      const f = contents.get(segments.join('/'));
      return f ? { path: segments.join('/'), size: f.text.length, modified: f.modified, data: Buffer.from(f.text) } : null;
    },
  };
  return files;
}

async function rejectsWith(promise: Promise<unknown>, status: number, message: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof GadgetSourceError);
    assert.equal(error.status, status);
    assert.match(error.message, message);
    return true;
  });
}

describe('GadgetSources', () => {
  test('another server: fetched once, cached for the TTL (5 minutes by default), nocache fetches again; non-200 is 502, 403 stays 403', async () => {
    const clock = new ManualClock();
    const answers: string[] = [];
    let status = 200;
    const fetches: string[] = [];
    const sources = new GadgetSources(
      hostedFiles(new Map()),
      async (url) => {
        fetches.push(url);
        return { status, body: answers.shift() ?? 'default' };
      },
      clock,
    );
    answers.push('one', 'two', 'three');
    const url = 'https://gadgets.example.com/g.xml?a=1#frag';
    assert.equal(await sources.load(url, ORIGIN), 'one');
    assert.equal(await sources.load(url, ORIGIN), 'one');
    assert.deepEqual(fetches, ['https://gadgets.example.com/g.xml?a=1']);
    assert.equal(await sources.load(url, ORIGIN, true), 'two');
    assert.equal(await sources.load(url, ORIGIN), 'two');
    clock.advance(5 * 60_000);
    assert.equal(await sources.load(url, ORIGIN), 'three');
    status = 500;
    await rejectsWith(sources.load('https://gadgets.example.com/other.xml', ORIGIN), 502, /answered 500/);
    status = 403;
    await rejectsWith(sources.load('https://gadgets.example.com/other.xml', ORIGIN), 403, /not allowed/);
  });

  test('a fetcher that throws is 502; the default fetcher refuses every other server with 403', async () => {
    const failing = new GadgetSources(hostedFiles(new Map()), async () => Promise.reject(new Error('ECONNREFUSED')), new ManualClock());
    await rejectsWith(failing.load('https://down.example/g.xml', ORIGIN), 502, /ECONNREFUSED/);
    const refusing = new GadgetSources(hostedFiles(new Map()), refuseExternalGadgets, new ManualClock());
    await rejectsWith(refusing.load('https://gadgets.example.com/g.xml', ORIGIN), 403, /not allowed here \(https:\/\/gadgets\.example\.com\)/);
  });

  test('hosted files: read from the directory by path (the query ignored), re-read when size or mtime change or after the TTL', async () => {
    const clock = new ManualClock();
    const contents = new Map([['g/G.xml', { text: 'v1', modified: 1 }]]);
    const files = hostedFiles(contents);
    const sources = new GadgetSources(files, refuseExternalGadgets, clock, { ttlMs: 1000 });
    assert.equal(await sources.load(`${ORIGIN}/3rdpartygadget/files/g/G.xml?x=1`, ORIGIN), 'v1');
    assert.equal(await sources.load(`${ORIGIN}/3rdpartygadget/files/g/G.xml?x=2`, ORIGIN), 'v1');
    assert.equal(files.reads, 1);
    contents.set('g/G.xml', { text: 'v2', modified: 2 });
    assert.equal(await sources.load(`${ORIGIN}/3rdpartygadget/files/g/G.xml`, ORIGIN), 'v2');
    clock.advance(1000);
    assert.equal(await sources.load(`${ORIGIN}/3rdpartygadget/files/g/G.xml`, ORIGIN), 'v2');
    assert.equal(files.reads, 3);
  });

  test('this origin outside /3rdpartygadget/files/, a traversal or an encoded slash, an absent file: 404', async () => {
    const sources = new GadgetSources(hostedFiles(new Map([['g/G.xml', { text: 'v1', modified: 1 }]])), refuseExternalGadgets, new ManualClock());
    await rejectsWith(sources.load(`${ORIGIN}/desktop/index.html`, ORIGIN), 404, /Not a hosted gadget file/);
    await rejectsWith(sources.load(`${ORIGIN}/3rdpartygadget/files/../../etc/passwd`, ORIGIN), 404, /Not a hosted gadget file/);
    await rejectsWith(sources.load(`${ORIGIN}/3rdpartygadget/files/g%2FG.xml`, ORIGIN), 404, /Not a hosted gadget file/);
    await rejectsWith(sources.load(`${ORIGIN}/3rdpartygadget/files/.env`, ORIGIN), 404, /Not a hosted gadget file/);
    await rejectsWith(sources.load(`${ORIGIN}/3rdpartygadget/files/g/None.xml`, ORIGIN), 404, /No such gadget file/);
  });
});
