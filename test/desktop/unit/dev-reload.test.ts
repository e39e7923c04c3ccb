import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GADGET_CHANGES_URL, isAffectedBy, watchGadgetChanges } from '../../../src/desktop/src/gadgets/dev-reload.js';

type Answer = { status: number; body?: unknown } | 'network down';

/** A fetch that answers the polls in order and records the URLs asked; after the last answer it never answers. */
function scriptedFetch(answers: Answer[]): { fetch: typeof fetch; urls: string[] } {
  const urls: string[] = [];
  const fetchStub = (async (input: RequestInfo | URL, init?: RequestInit) => {
    urls.push(String(input));
    const answer = answers.shift();
    if (answer === undefined) {
      return new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
    }
    if (answer === 'network down') throw new TypeError('fetch failed');
    return new Response(answer.status === 204 ? null : JSON.stringify(answer.body ?? {}), { status: answer.status });
  }) as typeof fetch;
  return { fetch: fetchStub, urls };
}

const settle = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));

test('dev reload: the first poll learns the version, later ones report changed paths and follow the version', async () => {
  const { fetch, urls } = scriptedFetch([
    { status: 200, body: { version: 3, paths: [] } },
    { status: 200, body: { version: 4, paths: ['/3rdpartygadget/files/hello/hello.js'] } },
    { status: 200, body: { version: 4, paths: [] } },
  ]);
  const seen: string[][] = [];
  const stop = watchGadgetChanges((paths) => seen.push(paths), fetch);
  await settle();
  stop();
  assert.deepEqual(urls, [GADGET_CHANGES_URL, `${GADGET_CHANGES_URL}?since=3`, `${GADGET_CHANGES_URL}?since=4`, `${GADGET_CHANGES_URL}?since=4`]);
  assert.deepEqual(seen, [['/3rdpartygadget/files/hello/hello.js']]);
});

test('dev reload: a server without gadget serve (204, or 404 without the route) ends the watch', async () => {
  for (const status of [204, 404]) {
    const { fetch, urls } = scriptedFetch([{ status, body: status === 204 ? null : { error: 'not found' } }]);
    watchGadgetChanges(() => assert.fail('no change expected'), fetch);
    await settle();
    assert.deepEqual(urls, [GADGET_CHANGES_URL]);
  }
});

test('dev reload: a failed poll is retried later, not in a tight loop', async () => {
  const { fetch, urls } = scriptedFetch(['network down']);
  const stop = watchGadgetChanges(() => undefined, fetch);
  await settle(100);
  stop();
  assert.equal(urls.length, 1);
});

test('dev reload: a change affects the gadgets whose spec lies in the same hosted folder', () => {
  const spec = 'http://localhost:8082/3rdpartygadget/files/hello/HelloGadget.xml?x=1';
  assert.equal(isAffectedBy(spec, '/3rdpartygadget/files/hello/hello.js'), true);
  assert.equal(isAffectedBy(spec, '/3rdpartygadget/files/hello/img/logo.png'), true);
  assert.equal(isAffectedBy('/3rdpartygadget/files/hello/HelloGadget.xml', '/3rdpartygadget/files/hello/HelloGadget.xml'), true);
  assert.equal(isAffectedBy(spec, '/3rdpartygadget/files/other/other.js'), false);
  assert.equal(isAffectedBy(spec, '/3rdpartygadget/files/hello2/x.js'), false);
});
