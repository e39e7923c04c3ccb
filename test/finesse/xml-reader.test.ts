import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readXml, XmlReadError } from '../../src/finesse/xml-reader.js';

const state = (xml: string) => readXml(xml).children.find((c) => c.name === 'state')?.text;

test('one document after another: each is read whole and alone, whatever the one before did', () => {
  const refused = [
    '<!DOCTYPE x [<!ENTITY a "b">]><User><state>READY</state></User>',
    '<User><state>READY</state>', // unclosed
    '<User><state>READY</state></User><User/>',
    '<?php x?><User/>',
    '<User>&unknown;</User>',
    `${'<a>'.repeat(40)}${'</a>'.repeat(40)}`,
    '<User><state>READY</User>',
  ];
  for (const bad of refused) {
    assert.throws(() => readXml(bad), XmlReadError, bad);
    assert.equal(state('<User><state>NOT_READY</state></User>'), 'NOT_READY', `a good document after ${bad}`);
  }
  assert.equal(state('<User><state>READY</state></User>'), 'READY');
  assert.equal(state('<User>\n<state>TALKING</state>\n</User>'), 'TALKING');
});

test("a document's limits are its own", () => {
  assert.throws(() => readXml('<a><b><c/></b></a>', { maxDepth: 2, maxElements: 100 }), /nesting deeper than 2 levels/);
  assert.equal(readXml('<a><b><c/></b></a>').name, 'a');
  assert.throws(() => readXml('<a><b/><b/></a>', { maxDepth: 10, maxElements: 2 }), /more than 2 elements/);
  assert.equal(readXml('<a><b/><b/></a>').children.length, 2);
});
