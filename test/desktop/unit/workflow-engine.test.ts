// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow params carry ${variable} placeholders by design
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { WorkflowActionEventData } from '../../../src/desktop/src/gadgets/master/workflow/evaluate.js';
import { parseWorkflows } from '../../../src/desktop/src/gadgets/master/workflow/definitions.js';
import { FakeRest, masterHarness, settle } from './support/master-harness.js';
import { type RecordedCall, recordAnsweredCall } from './support/record-call.js';

// The workflow engine (gadget reference §5) against what a real server sent agentA during one answered
// Sales call (callVariable1 ' Chuck ', ECC user.account), with the workflows of support/record-call.ts:
// "Pop on arrival" (CALL_ARRIVES, ALL), "Notify on answer" (CALL_ANSWERED, ANY, handled by OTHER),
// "Never" (CALL_ANSWERED, a condition that fails), "Mark on end" (CALL_ENDS, HTTP_REQUEST to FINESSE).

let call: RecordedCall;
before(async () => {
  call = await recordAnsweredCall();
});

const TOPIC = 'finesse.containerservices.workflowActionEvent';

async function engineOn(workflowsXml = call.workflowsXml) {
  const rest = new FakeRest();
  rest.gets.set('/User/agentA', call.userXml);
  rest.gets.set('/User/agentA/Workflows', workflowsXml);
  const h = masterHarness({ rest });
  h.router.subscribe('g1', TOPIC, 'wf');
  h.services.start({ state: 'connected' });
  await settle();
  const events = () => h.seen('g1').map(([, data]) => data as WorkflowActionEventData);
  return { ...h, rest, events };
}

test('workflow engine: the user’s workflows load with their actions embedded', () => {
  const workflows = parseWorkflows(call.workflowsXml);
  assert.deepEqual(
    workflows.map((w) => [w.name, w.trigger, w.applyMethod, w.conditions.length, w.actions.map((a) => a.name)]),
    [
      ['Pop on arrival', 'CALL_ARRIVES', 'ALL', 2, ['Pop CRM']],
      ['Notify on answer', 'CALL_ANSWERED', 'ANY', 2, ['Notify CRM']],
      ['Never', 'CALL_ANSWERED', 'ALL', 1, ['Pop CRM']],
      ['Mark on end', 'CALL_ENDS', 'ALL', 0, ['Mark call']],
    ],
  );
});

test('workflow engine: arrival, answer and end each fire their workflows once; conditions decide; OTHER is only published', async () => {
  const h = await engineOn();
  for (const item of call.items) await h.services.onItem(item.node, item.xml);
  const events = h.events();
  assert.deepEqual(
    events.map((e) => [e.name, e.type, e.handledBy]),
    [
      ['Pop CRM', 'BROWSER_POP', 'FINESSE'],
      ['Notify CRM', 'HTTP_REQUEST', 'OTHER'],
      ['Mark call', 'HTTP_REQUEST', 'FINESSE'],
    ],
  );
  const [pop, notify, mark] = events;
  assert.deepEqual(pop!.params, [
    {
      name: 'path',
      value: 'http://crm.example.com/?q=${callVariable1}&from=${fromAddress}&x=${noSuchVariable}',
      expandedValue: 'http://crm.example.com/?q=Chuck&from=4085550100&x=',
    },
    { name: 'windowName', value: 'crm ${callVariable1}', expandedValue: 'crm Chuck' },
  ]);
  assert.deepEqual(pop!.actionVariables, [
    {
      name: 'callVariable1',
      node: '/Dialog/mediaProperties/callvariables/CallVariable/name[.="callVariable1"]/../value',
      type: 'SYSTEM',
      testValue: 'T',
      actualValue: 'Chuck',
    },
  ]);
  assert.equal(pop!.uri, '/finesse/api/WorkflowAction/1');
  assert.equal(notify!.params.find((p) => p.name === 'path')!.expandedValue, 'http://crm.example.com/answered?agent=agentA');
  assert.equal(notify!.params.find((p) => p.name === 'body')!.expandedValue, '{"caller":"4085550100"}');

  // BROWSER_POP ran with the expanded path and the window name as written; OTHER was not run anywhere.
  assert.deepEqual(h.opened, [['http://crm.example.com/?q=Chuck&from=4085550100&x=', 'crm ${callVariable1}']]);
  assert.deepEqual(h.rest.proxied, []);
  const writes = h.rest.requests.filter((r) => r.method !== 'GET');
  assert.deepEqual(writes, [
    {
      method: 'PUT',
      path: `/Dialog/${call.dialogId}`,
      body: mark!.params.find((p) => p.name === 'body')!.expandedValue,
      contentType: 'application/xml',
    },
  ]);
  assert.match(writes[0]!.body!, /<value>handled by agentA<\/value>/);
});

test('workflow engine: repeated updates of a dialog, and a reload after reconnecting, fire nothing twice', async () => {
  const h = await engineOn();
  const beforeDelete = call.items.slice(0, -1);
  for (const item of [...beforeDelete, ...beforeDelete]) await h.services.onItem(item.node, item.xml);
  h.services.onConnectionStatus({ state: 'reconnecting' });
  h.services.onConnectionStatus({ state: 'connected' });
  await settle();
  for (const item of beforeDelete) await h.services.onItem(item.node, item.xml);
  assert.deepEqual(
    h.events().map((e) => e.name),
    ['Pop CRM', 'Notify CRM', 'Mark call'],
  );
  assert.equal(h.opened.length, 1);
});

test('workflow engine: an HTTP_REQUEST to OTHER the desktop handles goes through the makeRequest proxy', async () => {
  const handled = call.workflowsXml.replace(
    '<name>Notify CRM</name><type>HTTP_REQUEST</type><handledBy>OTHER</handledBy>',
    '<name>Notify CRM</name><type>HTTP_REQUEST</type><handledBy>FINESSE_DESKTOP</handledBy>',
  );
  assert.notEqual(handled, call.workflowsXml);
  const h = await engineOn(handled);
  for (const item of call.items) await h.services.onItem(item.node, item.xml);
  assert.deepEqual(h.rest.proxied, [
    {
      mid: 0,
      specUrl: '',
      url: 'http://crm.example.com/answered?agent=agentA',
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"caller":"4085550100"}',
      getFullHeaders: false,
    },
  ]);
  assert.equal(h.events().find((e) => e.name === 'Notify CRM')!.handledBy, 'FINESSE');
});

test('workflow engine: conditions that fail fire nothing; a workflow list that cannot load keeps the engine quiet', async () => {
  const strict = call.workflowsXml.replace('<value>Support , Sales</value>', '<value>Support</value>').replace('<value>50</value>', '<value>40</value>');
  const h = await engineOn(strict);
  for (const item of call.items) await h.services.onItem(item.node, item.xml);
  assert.deepEqual(
    h.events().map((e) => e.name),
    ['Mark call'],
  );

  const broken = await engineOn('<NotWorkflows/>');
  for (const item of call.items) await broken.services.onItem(item.node, item.xml);
  assert.deepEqual(broken.events(), []);
  assert.match(broken.logged.join('\n'), /could not load the workflows/);
});
