/**
 * What agents read of the workflows (main reference §3, admin reference §10, gadget reference §5):
 * `/User/{id}/Workflows` (the user himself or an administrator) and `/TeamResource/{team}/Workflows`
 * (the team's members and administrators) = the workflows assigned to the user's team, each with its
 * triggers, conditions and its actions in full (params and variables), so a desktop can evaluate and run
 * them. A change by the administrator shows on the next read.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ConfigApi } from '../support/config-api.js';
import { configApi } from '../support/config-api.js';
import { freshServer } from '../support/fresh.js';
import type { TestServer } from '../support/server.js';
import { actionBody, createWorkflow, teamWorkflows, workflowBody } from '../support/workflows.js';
import type { XmlElement } from '../support/xml.js';
import { assertApiError, at, childNames, leaves } from '../support/xml.js';

let server: TestServer;
let api: ConfigApi;
const ids: Record<string, string> = {};
before(async () => {
  server = await freshServer();
  api = configApi(server.baseUrl);
  ids.pop = await api.create(
    '/WorkflowAction',
    actionBody({
      name: 'Search CRM',
      type: 'BROWSER_POP',
      handledBy: 'FINESSE_DESKTOP',
      params: { path: 'http://crm.example.com/?q=${callVariable1}', windowName: 'crmWindow' },
      variables: [{ name: 'callVariable1', node: '/Dialog/mediaProperties/callvariables/CallVariable/value', type: 'SYSTEM', testValue: '12345' }],
    }),
  );
  ids.rest = await api.create(
    '/WorkflowAction',
    actionBody({
      name: 'Log to ticketing',
      type: 'HTTP_REQUEST',
      handledBy: 'OTHER',
      params: { method: 'POST', location: 'OTHER', contentType: 'application/json', path: 'https://tickets.example.com/calls', body: '{"dnis":"${DNIS}"}' },
      variables: [{ name: 'DNIS', type: 'SYSTEM' }],
    }),
  );
  ids.vip = await api.create(
    '/Workflow',
    workflowBody({
      name: 'VIP pop',
      description: 'CRM for VIPs',
      trigger: 'CALL_ANSWERED',
      conditions: [{ name: 'callVariable2', comparator: 'IS_EQUAL', value: 'VIP' }],
      actions: [ids.pop, ids.rest],
    }),
  );
  ids.arrives = await createWorkflow(api, 'On arrival', [ids.rest], { trigger: 'CALL_ARRIVES' });
  ids.unassigned = await createWorkflow(api, 'Nobody', [ids.pop]);
  await api.change('PUT', '/Team/1/Workflows', teamWorkflows(ids.vip));
  await api.change('PUT', '/Team/2/Workflows', teamWorkflows(ids.arrives));
});
after(() => server.stop());

const namesOf = (list: XmlElement) => list.children.map((w) => leaves(w).name);
const paramsOf = (action: XmlElement) => Object.fromEntries((at(action, 'params')?.children ?? []).map((p) => [leaves(p).name, leaves(p).value]));

describe('GET /User/{id}/Workflows', () => {
  test("the team's workflows, each with its trigger, conditions and actions in full", async () => {
    const list = await api.read('agentA', '/User/agentA/Workflows');
    assert.equal(list.name, 'Workflows');
    assert.deepEqual(namesOf(list), ['VIP pop']);
    const vip = list.children[0]!;
    assert.deepEqual(childNames(vip), ['uri', 'name', 'description', 'media', 'TriggerSet', 'ConditionSet', 'workflowActions']);
    assert.equal(leaves(vip).uri, `/finesse/api/Workflow/${ids.vip}`);
    assert.deepEqual(leaves(at(vip, 'TriggerSet')!), { type: 'EVENT', name: 'CALL_ANSWERED', allowOverlappingCallWorkflow: 'false', triggers: '' });
    const condition = at(vip, 'ConditionSet/conditions')!.children[0]!;
    assert.deepEqual(leaves(at(condition, 'Variable')!), { name: 'callVariable2', type: 'SYSTEM' });
    assert.deepEqual([leaves(condition).comparator, leaves(condition).value], ['IS_EQUAL', 'VIP']);
    const [pop, rest] = at(vip, 'workflowActions')!.children;
    assert.deepEqual(childNames(pop!), ['uri', 'name', 'type', 'handledBy', 'params', 'actionVariables']);
    assert.deepEqual(leaves(pop!), { uri: `/finesse/api/WorkflowAction/${ids.pop}`, name: 'Search CRM', type: 'BROWSER_POP', handledBy: 'FINESSE_DESKTOP' });
    assert.deepEqual(paramsOf(pop!), { path: 'http://crm.example.com/?q=${callVariable1}', windowName: 'crmWindow' });
    assert.deepEqual(leaves(at(pop!, 'actionVariables')!.children[0]!), {
      name: 'callVariable1',
      node: '/Dialog/mediaProperties/callvariables/CallVariable/value',
      type: 'SYSTEM',
      testValue: '12345',
    });
    assert.equal(leaves(rest!).handledBy, 'OTHER');
    assert.equal(paramsOf(rest!).body, '{"dnis":"${DNIS}"}');
    assert.deepEqual(namesOf(await api.read('agentC', '/User/agentC/Workflows')), ['On arrival']);
    assert.deepEqual(namesOf(await api.read('supervisorA', '/User/supervisorA/Workflows')), ['VIP pop']);
  });

  test("an administrator reads anyone's (his own list is empty: no team); another agent's is refused as the other per-user lists", async () => {
    assert.deepEqual(namesOf(await api.read('admin', '/User/agentC/Workflows')), ['On arrival']);
    assert.deepEqual(namesOf(await api.read('admin', '/User/admin/Workflows')), []);
    assertApiError(await api.call('admin', 'GET', '/User/ghost/Workflows'), 404, 'User Not Found', { data: 'ghost' });
    const theirs = await api.call('agentA', 'GET', '/User/agentC/Workflows');
    const reasons = await api.call('agentA', 'GET', '/User/agentC/WrapUpReasons');
    assert.equal(theirs.status, 401);
    assert.equal(theirs.status, reasons.status);
    assert.equal(theirs.body, reasons.body);
  });

  test('an assignment, a changed workflow, a changed action and a delete show on the next read', async () => {
    await api.change('PUT', '/Team/1/Workflows', teamWorkflows(ids.vip!, ids.unassigned!));
    assert.deepEqual(namesOf(await api.read('agentA', '/User/agentA/Workflows')), ['VIP pop', 'Nobody']);
    await api.change('PUT', `/Workflow/${ids.unassigned}`, workflowBody({ name: 'Somebody', trigger: 'CALL_ENDS' }));
    let list = await api.read('agentB', '/User/agentB/Workflows');
    assert.deepEqual(namesOf(list), ['VIP pop', 'Somebody']);
    assert.equal(leaves(at(list.children[1]!, 'TriggerSet')!).name, 'CALL_ENDS');
    await api.change('PUT', `/WorkflowAction/${ids.pop}`, actionBody({ params: { path: 'http://crm2.example.com/${callVariable1}', windowName: 'crm2' } }));
    list = await api.read('agentA', '/User/agentA/Workflows');
    assert.equal(paramsOf(at(list.children[0]!, 'workflowActions')!.children[0]!).path, 'http://crm2.example.com/${callVariable1}');
    await api.change('DELETE', `/Workflow/${ids.unassigned}`);
    assert.deepEqual(namesOf(await api.read('agentA', '/User/agentA/Workflows')), ['VIP pop']);
    await api.change('PUT', '/Team/1/Workflows', '<Workflows/>');
    assert.deepEqual(namesOf(await api.read('agentA', '/User/agentA/Workflows')), []);
    await api.change('PUT', '/Team/1/Workflows', teamWorkflows(ids.vip!));
  });
});

describe('GET /TeamResource/{team}/Workflows', () => {
  test("members read their team's workflows with the actions in full", async () => {
    const list = await api.read('agentA', '/TeamResource/1/Workflows');
    assert.deepEqual(namesOf(list), ['VIP pop']);
    assert.equal(at(list.children[0]!, 'workflowActions')!.children.length, 2);
    assert.deepEqual(childNames(at(list.children[0]!, 'workflowActions')!.children[0]!), ['uri', 'name', 'type', 'handledBy', 'params', 'actionVariables']);
    assert.deepEqual(namesOf(await api.read('supervisorB', '/TeamResource/2/Workflows')), ['On arrival']);
  });

  test('another team (or one that does not exist) is 401 for an agent; an administrator reads any and gets 404 for none', async () => {
    assertApiError(await api.call('agentA', 'GET', '/TeamResource/2/Workflows'), 401, 'Authorization Failure', { data: 'agentA' });
    assertApiError(await api.call('agentA', 'GET', '/TeamResource/999/Workflows'), 401, 'Authorization Failure', { data: 'agentA' });
    assert.deepEqual(namesOf(await api.read('admin', '/TeamResource/2/Workflows')), ['On arrival']);
    assertApiError(await api.call('admin', 'GET', '/TeamResource/999/Workflows'), 404, 'Not Found', { data: '999' });
  });

  test('only GET is served: other methods are 405', async () => {
    assertApiError(await api.call('admin', 'PUT', '/TeamResource/1/Workflows', '<Workflows/>'), 405, 'Method Not Allowed');
    assertApiError(await api.call('agentA', 'POST', '/User/agentA/Workflows', '<Workflows/>'), 405, 'Method Not Allowed');
  });
});
