import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isValidPattern, isValidTopic, topicMatches } from '../../../src/desktop/src/gadgets/hub/topics.js';

// OpenAjax Hub 2.0 topics and patterns, gadget reference §2.6.

test('hub topics: dot-separated non-empty tokens; spaces allowed; no wildcard in a published topic', () => {
  for (const topic of ['a', 'finesse.api.User.1001', 'finesse.clientLogging.My Gadget', ' ', 'a.b c.d']) {
    assert.equal(isValidTopic(topic), true, topic);
  }
  for (const topic of ['', '.', 'a.', '.a', 'a..b', '*', 'a.*', 'a.**', 'a*b', 'a.b*', 42, undefined, null, ['a']]) {
    assert.equal(isValidTopic(topic), false, String(topic));
  }
});

test('hub patterns: * anywhere as a whole token, ** only as the last token', () => {
  for (const pattern of ['a', '*', '**', 'a.*', '*.b', 'a.*.c', 'a.**', '*.**', 'a.*.**', 'x y.*']) {
    assert.equal(isValidPattern(pattern), true, pattern);
  }
  for (const pattern of ['', 'a.', '.a', 'a..b', '**.a', 'a.**.b', 'a.**.**', 'a*', 'a.b*', '*a', '***', 'a.***', 7, null]) {
    assert.equal(isValidPattern(pattern), false, String(pattern));
  }
});

test('hub matching: literal tokens must be equal, whole topic only', () => {
  assert.equal(topicMatches('a.b', 'a.b'), true);
  assert.equal(topicMatches('a.b', 'a.b.c'), false);
  assert.equal(topicMatches('a.b.c', 'a.b'), false);
  assert.equal(topicMatches('a.b', 'a.B'), false, 'case-sensitive');
  assert.equal(topicMatches('finesse.clientLogging.My Gadget', 'finesse.clientLogging.My Gadget'), true);
});

test('hub matching: * is exactly one token', () => {
  assert.equal(topicMatches('a.*', 'a.b'), true);
  assert.equal(topicMatches('a.*', 'a'), false);
  assert.equal(topicMatches('a.*', 'a.b.c'), false);
  assert.equal(topicMatches('*.b', 'a.b'), true);
  assert.equal(topicMatches('*.b', 'a.c'), false);
  assert.equal(topicMatches('a.*.c', 'a.x.c'), true);
  assert.equal(topicMatches('a.*.c', 'a.c'), false);
  assert.equal(topicMatches('*', 'a'), true);
  assert.equal(topicMatches('*', 'a.b'), false);
});

test('hub matching: ** is one or more trailing tokens (a.** matches a.b and a.b.c, not a)', () => {
  assert.equal(topicMatches('a.**', 'a.b'), true);
  assert.equal(topicMatches('a.**', 'a.b.c'), true);
  assert.equal(topicMatches('a.**', 'a'), false);
  assert.equal(topicMatches('a.**', 'b.c'), false);
  assert.equal(topicMatches('**', 'a'), true);
  assert.equal(topicMatches('**', 'a.b.c'), true);
  assert.equal(topicMatches('*.**', 'a'), false);
  assert.equal(topicMatches('*.**', 'a.b'), true);
  assert.equal(topicMatches('finesse.api.User.*.**', 'finesse.api.User.1001'), false);
  assert.equal(topicMatches('finesse.api.User.*.**', 'finesse.api.User.1001.Dialogs'), true);
  assert.equal(topicMatches('finesse.info.responses.**', 'finesse.info.responses.abc-123'), true);
});
