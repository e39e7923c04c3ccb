// finesse.js XML conversion (gadget reference §4.5) and finesse.utilities.Utilities (§4.3).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtures } from './finesse-rest-harness.js';
import { createUtilities } from '../../../src/desktop/src/gadgets/finesse-js/utilities.js';
import { json2xml, xml2JsObj, xml2js } from '../../../src/desktop/src/gadgets/finesse-js/xml.js';

const U = createUtilities();

test('xml2js: text → string, empty → null, one child → object, repeated → array, attributes → @name, text beside them → #text', () => {
  assert.deepEqual(xml2js('<a><t>x</t><e/><e2></e2><one><v>1</v></one><r>1</r><r>2</r><at k="v">txt</at><bare k="v"/></a>'), {
    a: { t: 'x', e: null, e2: null, one: { v: '1' }, r: ['1', '2'], at: { '@k': 'v', '#text': 'txt' }, bare: { '@k': 'v' } },
  });
  assert.deepEqual(xml2js('<a>\n  <b>keep  spaces </b>\n</a>'), { a: { b: 'keep  spaces ' } });
  assert.deepEqual(xml2js('<a><![CDATA[<b>]]></a>'), { a: '<b>' });
  assert.equal(xml2js('not xml <'), null);
  assert.equal(xml2js(''), null);
});

test('xml2js of a recorded ReasonCodes answer: the category attribute, the items as an array', () => {
  const body = fixtures.rest['/finesse/api/User/agentA/ReasonCodes?category=LOGOUT']!.body;
  const object = xml2js(body) as any;
  assert.equal(object.ReasonCodes['@category'], 'LOGOUT');
  assert.deepEqual(
    object.ReasonCodes.ReasonCode.map((r: any) => [r.uri, r.label, r.forAll]),
    [
      ['/finesse/api/ReasonCode/5', 'End of Shift', 'true'],
      ['/finesse/api/ReasonCode/6', 'Personal', 'true'],
    ],
  );
});

test('xml2js of a recorded Update: one Dialog under dialogs is an object, empty fields null, repeated CallVariable an array', () => {
  const post = fixtures.updates.find((u) => u.label === 'inbound-alerting' && u.node.endsWith('/Dialogs'))!;
  const update = (xml2js(post.text) as any).Update;
  assert.equal(update.event, 'POST');
  assert.equal(update.requestId, null);
  assert.equal(update.source, '/finesse/api/User/agentA/Dialogs');
  const dialog = update.data.dialogs.Dialog;
  assert.equal(dialog.id, fixtures.ids.inbound);
  assert.equal(dialog.associatedDialogUri, null);
  assert.ok(Array.isArray(dialog.mediaProperties.callvariables.CallVariable));
  assert.ok(Array.isArray(dialog.participants.Participant));
});

test('xml2JsObj takes text, a document or an element', () => {
  const doc = new DOMParser().parseFromString('<x><y>1</y></x>', 'text/xml');
  assert.deepEqual(xml2JsObj('<x><y>1</y></x>'), { x: { y: '1' } });
  assert.deepEqual(xml2JsObj(doc), { x: { y: '1' } });
  assert.deepEqual(xml2JsObj(doc.documentElement.firstChild as Element), { y: '1' });
});

test('json2xml is the inverse: arrays repeat elements, @ attributes, #text, null empty, text escaped', () => {
  const object = {
    User: {
      state: 'NOT_READY',
      reasonCodeId: '2',
      roles: { role: ['Agent', 'Supervisor'] },
      pendingState: null,
      note: 'a<b&c',
      at: { '@k': 'v"', '#text': 't' },
    },
  };
  const text = json2xml(object);
  assert.equal(
    text,
    '<User><state>NOT_READY</state><reasonCodeId>2</reasonCodeId><roles><role>Agent</role><role>Supervisor</role></roles><pendingState/><note>a&lt;b&amp;c</note><at k="v&quot;">t</at></User>',
  );
  assert.deepEqual(xml2js(text), object);
  const body = fixtures.rest['/finesse/api/User/agentA/Workflows']!.body;
  const workflows = xml2js(body);
  assert.deepEqual(xml2js(json2xml(workflows)), workflows);
});

test('Utilities: validateHandler, generateUUID v4, getArray, trim, currentTimeMillis', () => {
  const f = () => 1;
  assert.equal(U.validateHandler(f), f);
  assert.equal(typeof U.validateHandler(undefined), 'function');
  assert.equal(U.validateHandler('x')(), undefined);
  const ids = new Set(Array.from({ length: 50 }, () => U.generateUUID()));
  assert.equal(ids.size, 50);
  for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.deepEqual(U.getArray(null), []);
  assert.deepEqual(U.getArray(undefined), []);
  assert.deepEqual(U.getArray({ a: 1 }), [{ a: 1 }]);
  assert.deepEqual(U.getArray([1, 2]), [1, 2]);
  assert.equal(U.trim('  a b \n'), 'a b');
  assert.equal(U.trim(null), '');
  assert.ok(Math.abs(U.currentTimeMillis() - Date.now()) < 1000);
});

test('Utilities: base64 of UTF-8 both ways, the Authorization header under Basic and SSO', () => {
  assert.equal(U.b64Encode('agentA:demo'), Buffer.from('agentA:demo').toString('base64'));
  assert.equal(U.b64Decode(U.b64Encode('Zoë:пароль')), 'Zoë:пароль');
  assert.equal(U.getAuthHeaderString({ authorization: 'YWdlbnRBOmRlbW8=', systemAuthMode: 'NON_SSO' }), 'Basic YWdlbnRBOmRlbW8=');
  assert.equal(U.getAuthHeaderString({ authorization: '', authToken: 'tok', systemAuthMode: 'SSO' }), 'Bearer tok');
  assert.equal(U.getAuthHeaderString({ authToken: 'tok' }), 'Bearer tok');
});

test('Utilities: getErrCode/getErrData/getErrOverrideable read the first ApiError of a recorded 400', () => {
  const recorded = fixtures.writes.invalidState!;
  const rsp = { status: recorded.status, content: recorded.body, object: xml2js(recorded.body) };
  assert.equal(U.getErrCode(rsp), 'Invalid State specified for user');
  assert.equal(U.getErrData(rsp), 'DANCING');
  assert.equal(U.getErrOverrideable(rsp), false);
  const two = { object: { ApiErrors: { ApiError: [{ ErrorCode: 'E1', ErrorData: 'd1', Overrideable: 'true' }, { ErrorData: 'd2' }] } } };
  assert.deepEqual([U.getErrCode(two), U.getErrData(two), U.getErrOverrideable(two)], ['E1', 'd1', true]);
  assert.equal(U.getErrCode({ status: 500, content: '', object: null }), undefined);
  assert.equal(U.getErrData(undefined), undefined);
});
