// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow params carry ${variable} placeholders by design
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { WorkflowActionEventData } from '../../../src/desktop/src/gadgets/master/workflow/evaluate.js';
import { masterHarness } from './support/master-harness.js';
import { LiveCall } from './support/record-call.js';

// The master services fed live by a real server while a call happens, with the user's real REST access:
// the CALL_ENDS workflow's HTTP_REQUEST to FINESSE (UPDATE_CALL_DATA on the dialog, as agentA) reaches
// the server, and its effect comes back as the next Dialogs update.

let call: LiveCall;
before(async () => {
  call = await LiveCall.start();
});
after(() => call?.stop());

test('workflow live: workflows load over REST, fire as the call goes, and a FINESSE request changes the dialog', async () => {
  const rest = call.rest();
  const h = masterHarness({ rest });
  h.router.subscribe('g1', 'finesse.containerservices.workflowActionEvent', 'wf');
  h.router.subscribe('g2', 'finesse.api.User.agentA.Dialogs', 'dialogs');
  h.services.start({ state: 'connected' });
  const feed = async (count: number) => {
    for (const item of await call.take(count)) await h.services.onItem(item.node, item.xml);
  };
  await feed(2);
  await h.services.workflows.whenLoaded();
  assert.equal(h.services.workflows.loaded.length, 4);

  await call.ring();
  await feed(2);
  await call.answer();
  await feed(2);
  await call.hangUp();
  // PUT DROPPED (agent ACTIVE) fires CALL_ENDS, whose PUT brings an update of its own.
  await feed(3);
  await feed(1);
  const names = h.seen('g1').map(([, data]) => (data as WorkflowActionEventData).name);
  assert.deepEqual(names, ['Pop CRM', 'Notify CRM', 'Mark call']);
  assert.deepEqual(rest.calls, ['GET /User/agentA', 'GET /User/agentA/Workflows', `PUT /Dialog/${call.dialogId}`]);
  const dialogs = h.seen('g2').map(([, data]) => (data as { content: string }).content);
  assert.ok(
    dialogs.some((xml) => xml.includes('<CallVariable><name>callVariable2</name><value>handled by agentA</value></CallVariable>')),
    'the update of the workflow request reached the gadgets',
  );
  assert.deepEqual(h.opened, [['http://crm.example.com/?q=Chuck&from=4085550100&x=', 'crm ${callVariable1}']]);
  await h.services.stop();
});
