import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { nodeTopic } from '../../../src/desktop/src/gadgets/master/master-services.js';
import { xmlTextToObject } from '../../../src/desktop/src/gadgets/master/xml-object.js';
import { masterHarness } from './support/master-harness.js';
import { type RecordedCall, recordAnsweredCall } from './support/record-call.js';

// The XMPP → hub feed (gadget reference §3.2): every item of the desktop's connection is republished on
// finesse.api.<node> as {content, object}, against items a real server sent during one answered call.

let call: RecordedCall;
before(async () => {
  call = await recordAnsweredCall();
});

test('master feed: node → topic', () => {
  assert.equal(nodeTopic('/finesse/api/User/1001'), 'finesse.api.User.1001');
  assert.equal(nodeTopic('/finesse/api/User/agentA/Dialogs'), 'finesse.api.User.agentA.Dialogs');
  assert.equal(nodeTopic('/finesse/api/Team/5/Users'), 'finesse.api.Team.5.Users');
  assert.equal(nodeTopic('/finesse/api/Queue/4'), 'finesse.api.Queue.4');
});

test('master feed: every recorded item reaches subscribers of its topic with content and the converted Update', async () => {
  const h = masterHarness();
  h.router.subscribe('g1', 'finesse.api.User.agentA', 'user');
  h.router.subscribe('g2', 'finesse.api.User.agentA.Dialogs', 'dialogs');
  h.router.subscribe('g2', 'finesse.api.**', 'all');
  for (const item of call.items) await h.services.onItem(item.node, item.xml);

  const userItems = call.items.filter((i) => i.node === '/finesse/api/User/agentA');
  const dialogItems = call.items.filter((i) => i.node === '/finesse/api/User/agentA/Dialogs');
  assert.equal(userItems.length, 6);
  assert.equal(dialogItems.length, 5);
  assert.deepEqual(
    h.seen('g1').map(([topic, data]) => [topic, (data as { content: string }).content]),
    userItems.map((i) => ['finesse.api.User.agentA', i.xml]),
  );
  const g2 = h.delivered.filter((d) => d.clientId === 'g2');
  assert.equal(g2.filter((d) => d.subId === 'dialogs').length, 5);
  assert.equal(g2.filter((d) => d.subId === 'all').length, 11);

  const [post] = h.seen('g2').filter(([topic]) => topic === 'finesse.api.User.agentA.Dialogs');
  const { Update } = (post![1] as { object: { Update: any } }).object;
  assert.equal(Update.event, 'POST');
  assert.equal(Update.requestId, null);
  assert.equal(Update.source, '/finesse/api/User/agentA/Dialogs');
  const dialog = Update.data.dialogs.Dialog;
  assert.equal(dialog.id, call.dialogId);
  assert.equal(dialog.state, 'ALERTING');
  assert.equal(dialog.associatedDialogUri, null);
  assert.equal(dialog.mediaProperties.queueName, 'Sales');
  assert.equal(dialog.mediaProperties.callvariables.CallVariable.length, 11);
  assert.deepEqual(dialog.mediaProperties.callvariables.CallVariable[10], { name: 'user.account', value: 'A-42' });
  assert.deepEqual(dialog.mediaProperties.callvariables.CallVariable[1], { name: 'callVariable2', value: null });
  assert.deepEqual(
    dialog.participants.Participant.map((p: any) => [p.mediaAddress, p.state, p.actions?.action]),
    [
      ['4085550100', 'INITIATED', ['DROP', 'UPDATE_CALL_DATA']],
      ['1001', 'ALERTING', 'ANSWER'],
    ],
  );

  const [user] = h.seen('g1');
  const userObject = (user![1] as { object: { Update: any } }).object.Update;
  assert.equal(userObject.data.user.state, 'NOT_READY');
  assert.deepEqual(userObject.data.user.roles, { role: 'Agent' });
});

test('master feed: the conversion keeps attributes as @name and text beside them as #text, namespaces out', () => {
  assert.deepEqual(xmlTextToObject('<a xmlns="urn:x" id="1"><b>t</b><b/><c k="v">text</c><d></d></a>'), {
    a: { '@id': '1', b: ['t', null], c: { '@k': 'v', '#text': 'text' }, d: null },
  });
  assert.deepEqual(xmlTextToObject('<a><__proto__>x</__proto__></a>'), JSON.parse('{"a":{"__proto__":"x"}}'));
  assert.throws(() => xmlTextToObject('<a>'));
});

test('master feed: an item that is not XML is logged and not published', async () => {
  const h = masterHarness();
  h.router.subscribe('g1', 'finesse.api.**', 'all');
  await h.services.onItem('/finesse/api/Queue/1', '<Update><data>');
  assert.deepEqual(h.seen('g1'), []);
  assert.match(h.logged[0]!, /Queue\/1 is not XML/);
});
