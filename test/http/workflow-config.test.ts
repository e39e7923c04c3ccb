/**
 * The Workflow configuration API (admin reference §8, §1, §15) and the team assignment of workflows (§9):
 * list, get, create (200 + Location), partial update, delete (removing it from every team); triggers and
 * trigger filters, conditions with their comparators, actions by uri, media, allowOverlappingCallWorkflow;
 * the limits (≤ 5 conditions and actions, 100 workflows, 20 per team, name ≤ 40 unique, description ≤
 * 128); every documented error; a refused request changes nothing; the audit log.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ConfigApi } from '../support/config-api.js';
import { configApi } from '../support/config-api.js';
import { freshServer } from '../support/fresh.js';
import type { TestServer } from '../support/server.js';
import { createBrowserPop, createWorkflow, teamWorkflows, workflowBody } from '../support/workflows.js';
import type { XmlElement } from '../support/xml.js';
import { assertApiError, at, childNames, leaves } from '../support/xml.js';

let server: TestServer;
let api: ConfigApi;
const actions: string[] = [];
before(async () => {
  server = await freshServer();
  api = configApi(server.baseUrl);
  for (let i = 1; i <= 6; i++) actions.push(await createBrowserPop(api, `Pop ${i}`));
});
after(() => server.stop());

const names = async () => (await api.read('admin', '/Workflows')).children.map((c) => leaves(c).name);
const teamNames = async (team: string) => (await api.read('admin', `/Team/${team}/Workflows`)).children.map((c) => leaves(c).name);
const conditionsOf = (w: XmlElement, path = 'ConditionSet/conditions') =>
  (at(w, path)?.children ?? []).map((c) => ({ ...leaves(at(c, 'Variable')!), comparator: leaves(c).comparator, value: leaves(c).value }));
const actionUris = (w: XmlElement) => (at(w, 'workflowActions')?.children ?? []).map((a) => leaves(a).uri);

describe('Workflow create, read, update, delete', () => {
  test('create: 200, empty body, Location; read back in the reference shape with action summaries; in the store', async () => {
    const id = await api.create(
      '/Workflow',
      workflowBody({
        name: 'Pop CRM on answer',
        description: 'Opens the CRM for VIP callers',
        trigger: 'CALL_ANSWERED',
        allowOverlapping: true,
        triggers: [{ name: 'queueName', comparator: 'IS_EQUAL', value: 'Sales' }],
        applyMethod: 'ANY',
        conditions: [
          { name: 'callVariable2', type: 'SYSTEM', comparator: 'IS_EQUAL', value: 'VIP' },
          { name: 'user.customer.tier', type: 'CUSTOM', node: '/Dialog/mediaProperties/callvariables', comparator: 'IS_IN_LIST', value: 'gold, platinum' },
          { name: 'callVariable3', comparator: 'IS_NOT_EMPTY' },
        ],
        actions: [actions[1]!, actions[0]!],
      }),
    );
    const read = await api.read('admin', `/Workflow/${id}`);
    assert.equal(read.name, 'Workflow');
    assert.deepEqual(childNames(read), ['uri', 'name', 'description', 'media', 'TriggerSet', 'ConditionSet', 'workflowActions']);
    assert.deepEqual(leaves(read), { uri: `/finesse/api/Workflow/${id}`, name: 'Pop CRM on answer', description: 'Opens the CRM for VIP callers', media: '1' });
    const trigger = at(read, 'TriggerSet')!;
    assert.deepEqual(childNames(trigger), ['type', 'name', 'allowOverlappingCallWorkflow', 'triggers']);
    assert.deepEqual(leaves(trigger), { type: 'EVENT', name: 'CALL_ANSWERED', allowOverlappingCallWorkflow: 'true' });
    assert.deepEqual(conditionsOf(read, 'TriggerSet/triggers'), [{ name: 'queueName', type: 'SYSTEM', comparator: 'IS_EQUAL', value: 'Sales' }]);
    assert.equal(leaves(at(read, 'ConditionSet')!).applyMethod, 'ANY');
    assert.deepEqual(conditionsOf(read), [
      { name: 'callVariable2', type: 'SYSTEM', comparator: 'IS_EQUAL', value: 'VIP' },
      { name: 'user.customer.tier', node: '/Dialog/mediaProperties/callvariables', type: 'CUSTOM', comparator: 'IS_IN_LIST', value: 'gold, platinum' },
      { name: 'callVariable3', type: 'SYSTEM', comparator: 'IS_NOT_EMPTY', value: '' },
    ]);
    const summaries = at(read, 'workflowActions')!.children;
    assert.deepEqual(summaries.map(leaves), [
      { name: 'Pop 2', type: 'BROWSER_POP', uri: `/finesse/api/WorkflowAction/${actions[1]}` },
      { name: 'Pop 1', type: 'BROWSER_POP', uri: `/finesse/api/WorkflowAction/${actions[0]}` },
    ]);
    assert.deepEqual(childNames(summaries[0]!), ['name', 'type', 'uri']);
    assert.ok((await names()).includes('Pop CRM on answer'));
    const stored = (await server.store.loadWorkflows()).find((w) => w.id === id)!;
    assert.deepEqual(stored.actionIds, [actions[1], actions[0]]);
    assert.deepEqual(stored.teamIds, []);
  });

  test('defaults: no ConditionSet = ALL with none; no actions; media 1; overlapping false; POST /Workflows creates too', async () => {
    const id = await api.create('/Workflows', workflowBody({ name: 'Minimal', trigger: 'CALL_ARRIVES' }));
    const read = await api.read('admin', `/Workflow/${id}`);
    // Empty elements are leaves too: an empty list of actions.
    assert.deepEqual(leaves(read), { uri: `/finesse/api/Workflow/${id}`, name: 'Minimal', description: '', media: '1', workflowActions: '' });
    assert.equal(leaves(at(read, 'TriggerSet')!).allowOverlappingCallWorkflow, 'false');
    assert.deepEqual(leaves(at(read, 'ConditionSet')!), { applyMethod: 'ALL', conditions: '' });
    assert.deepEqual(conditionsOf(read), []);
    assert.deepEqual(actionUris(read), []);
    for (const trigger of ['CALL_ENDS', 'CALL_MADE', 'CALL_PREVIEW']) await createWorkflow(api, `Trigger ${trigger}`, [], { trigger });
  });

  test('update is partial (finesse.js sends uri too); a set or list given replaces the whole of it; delete removes it from every team', async () => {
    const id = await createWorkflow(api, 'Edited', [actions[0]!], { conditions: [{ name: 'DNIS', comparator: 'BEGINS_WITH', value: '800' }] });
    await api.change('PUT', '/Team/1/Workflows', teamWorkflows(id));
    await api.change('PUT', '/Team/2/Workflows', teamWorkflows(id));
    await api.change('PUT', `/Workflow/${id}`, workflowBody({ uri: `/finesse/api/Workflow/${id}`, name: 'Edited 2', description: 'Now described' }));
    let read = await api.read('admin', `/Workflow/${id}`);
    assert.deepEqual([leaves(read).name, leaves(read).description], ['Edited 2', 'Now described']);
    assert.equal(conditionsOf(read).length, 1);
    assert.deepEqual(actionUris(read), [`/finesse/api/WorkflowAction/${actions[0]}`]);
    await api.change('PUT', `/Workflow/${id}`, workflowBody({ trigger: 'CALL_ENDS', conditions: [], actions: [actions[2]!, actions[3]!] }));
    read = await api.read('admin', `/Workflow/${id}`);
    assert.equal(leaves(at(read, 'TriggerSet')!).name, 'CALL_ENDS');
    assert.deepEqual(conditionsOf(read), []);
    assert.deepEqual(actionUris(read), [`/finesse/api/WorkflowAction/${actions[2]}`, `/finesse/api/WorkflowAction/${actions[3]}`]);
    // Team assignments stay through an update.
    assert.ok((await teamNames('1')).includes('Edited 2'));
    await api.change('DELETE', `/Workflow/${id}`);
    assertApiError(await api.call('admin', 'GET', `/Workflow/${id}`), 404, 'Not Found', { data: id });
    assert.ok(!(await teamNames('1')).includes('Edited 2'));
    assert.ok(!(await teamNames('2')).includes('Edited 2'));
    assert.ok(Number(await createWorkflow(api, 'After delete')) > Number(id));
  });

  test('unknown ids are 404 Not Found on GET, PUT and DELETE (before the body is read)', async () => {
    assertApiError(await api.call('admin', 'GET', '/Workflow/4040'), 404, 'Not Found', { data: '4040' });
    assertApiError(await api.call('admin', 'PUT', '/Workflow/4040', '<Nonsense/>'), 404, 'Not Found', { data: '4040' });
    assertApiError(await api.call('admin', 'DELETE', '/Workflow/4040'), 404, 'Not Found', { data: '4040' });
  });
});

describe('Workflow validation: each documented error, nothing changed', () => {
  test('required fields and enumerations → 400 Bad Request naming the field or value', async () => {
    const before = await names();
    const post = (body?: string) => api.call('admin', 'POST', '/Workflow', body);
    assertApiError(await post(workflowBody({ trigger: 'CALL_ANSWERED' })), 400, 'Bad Request', { data: 'name' });
    assertApiError(await post(workflowBody({ name: 'x' })), 400, 'Bad Request', { data: 'TriggerSet' });
    assertApiError(await post(workflowBody({ name: 'x', trigger: 'CALL_HELD' })), 400, 'Bad Request', { data: 'CALL_HELD' });
    assertApiError(await post('<Workflow><name>x</name><TriggerSet><type>TIMER</type><name>CALL_ENDS</name></TriggerSet></Workflow>'), 400, 'Bad Request', {
      data: 'TIMER',
    });
    assertApiError(await post(workflowBody({ name: 'x', trigger: 'CALL_ENDS', applyMethod: 'SOME', conditions: [] })), 400, 'Bad Request', { data: 'SOME' });
    const condition = (c: { name: string; comparator: string; value?: string; type?: string }) =>
      workflowBody({ name: 'x', trigger: 'CALL_ENDS', conditions: [c] });
    assertApiError(await post(condition({ name: 'DNIS', comparator: 'MATCHES', value: '1' })), 400, 'Bad Request', { data: 'MATCHES' });
    assertApiError(await post(condition({ name: 'DNIS', comparator: 'IS_EQUAL' })), 400, 'Bad Request', { data: 'value' });
    assertApiError(await post(condition({ name: '', comparator: 'IS_EQUAL', value: '1' })), 400, 'Bad Request', { data: 'name' });
    assertApiError(await post(condition({ name: 'DNIS', comparator: 'IS_EQUAL', value: '1', type: 'LOCAL' })), 400, 'Bad Request', { data: 'LOCAL' });
    assertApiError(
      await post(
        workflowBody({ name: 'x', trigger: 'CALL_ENDS', allowOverlapping: undefined }).replace(
          '</name></TriggerSet>',
          '</name><allowOverlappingCallWorkflow>maybe</allowOverlappingCallWorkflow></TriggerSet>',
        ),
      ),
      400,
      'Bad Request',
      { data: 'maybe' },
    );
    assertApiError(await post(workflowBody({ name: 'x', trigger: 'CALL_ENDS', actions: [actions[0]!, actions[0]!] })), 400, 'Bad Request', {
      data: actions[0],
    });
    assertApiError(
      await post(
        '<Workflow><name>x</name><TriggerSet><name>CALL_ENDS</name></TriggerSet><workflowActions><WorkflowAction><uri>/finesse/api/PhoneBook/1</uri></WorkflowAction></workflowActions></Workflow>',
      ),
      400,
      'Bad Request',
    );
    assertApiError(await post(workflowBody({ name: 'n'.repeat(41), trigger: 'CALL_ENDS' })), 400, 'Bad Request', { data: 'n'.repeat(41) });
    assertApiError(await post(workflowBody({ name: 'x', description: 'd'.repeat(129), trigger: 'CALL_ENDS' })), 400, 'Bad Request', { data: 'description' });
    assertApiError(await post(), 400, 'Bad Request');
    assertApiError(await post('<WorkflowAction><name>x</name></WorkflowAction>'), 400, 'Bad Request');
    assert.deepEqual(await names(), before);
    const id = await api.create('/Workflow', workflowBody({ name: 'é'.repeat(40), description: 'd'.repeat(128), trigger: 'CALL_ENDS' }));
    assert.equal(leaves(await api.read('admin', `/Workflow/${id}`)).name, 'é'.repeat(40));
  });

  test('an action that does not exist → 400 Finesse API Error naming it; the name is unique → 400 Finesse API Error', async () => {
    await createWorkflow(api, 'Unique workflow');
    const other = await createWorkflow(api, 'Other workflow');
    const before = await names();
    assertApiError(
      await api.call('admin', 'POST', '/Workflow', workflowBody({ name: 'Ghost action', trigger: 'CALL_ENDS', actions: ['4040'] })),
      400,
      'Finesse API Error',
      {
        data: '4040',
      },
    );
    assertApiError(await api.call('admin', 'POST', '/Workflow', workflowBody({ name: 'Unique workflow', trigger: 'CALL_ENDS' })), 400, 'Finesse API Error', {
      data: 'Unique workflow',
    });
    assertApiError(await api.call('admin', 'PUT', `/Workflow/${other}`, workflowBody({ name: 'Unique workflow' })), 400, 'Finesse API Error');
    assertApiError(await api.call('admin', 'PUT', `/Workflow/${other}`, workflowBody({ actions: ['4040'] })), 400, 'Finesse API Error', { data: '4040' });
    assert.deepEqual(await names(), before);
  });

  test('six conditions, trigger filters or actions → 400 Maximum Exceeded; five are fine', async () => {
    const six = Array.from({ length: 6 }, (_, i) => ({ name: `callVariable${i + 1}`, comparator: 'CONTAINS', value: 'x' }));
    const post = (body: string) => api.call('admin', 'POST', '/Workflow', body);
    assertApiError(await post(workflowBody({ name: 'Six conditions', trigger: 'CALL_ENDS', conditions: six })), 400, 'Maximum Exceeded', { data: '5' });
    assertApiError(await post(workflowBody({ name: 'Six filters', trigger: 'CALL_ENDS', triggers: six })), 400, 'Maximum Exceeded', { data: '5' });
    assertApiError(await post(workflowBody({ name: 'Six actions', trigger: 'CALL_ENDS', actions })), 400, 'Maximum Exceeded', { data: '5' });
    const id = await createWorkflow(api, 'Five of each', actions.slice(0, 5), { conditions: six.slice(0, 5), triggers: six.slice(0, 5) });
    assertApiError(await api.call('admin', 'PUT', `/Workflow/${id}`, workflowBody({ actions })), 400, 'Maximum Exceeded', { data: '5' });
    assert.equal(actionUris(await api.read('admin', `/Workflow/${id}`)).length, 5);
  });

  test('a PUT with no updatable field is 400 Invalid Input; the workflow is unchanged', async () => {
    const id = await createWorkflow(api, 'Stays');
    assertApiError(await api.call('admin', 'PUT', `/Workflow/${id}`, workflowBody({ uri: `/finesse/api/Workflow/${id}` })), 400, 'Invalid Input');
    assertApiError(await api.call('admin', 'PUT', `/Workflow/${id}`, workflowBody({ name: '' })), 400, 'Bad Request', { data: 'name' });
    assert.equal(leaves(await api.read('admin', `/Workflow/${id}`)).name, 'Stays');
  });
});

describe('Workflow limit: 100 in the system → 400 Maximum Exceeded', () => {
  test('the 101st workflow is refused', async () => {
    const fresh = await freshServer();
    try {
      const own = configApi(fresh.baseUrl);
      for (let i = 1; i <= 100; i++) await createWorkflow(own, `Workflow ${i}`);
      assertApiError(await own.call('admin', 'POST', '/Workflow', workflowBody({ name: 'Workflow 101', trigger: 'CALL_ENDS' })), 400, 'Maximum Exceeded', {
        data: '100',
      });
      assert.equal((await own.read('admin', '/Workflows')).children.length, 100);
    } finally {
      await fresh.stop();
    }
  });
});

describe('Team assignment of workflows (GET|PUT /Team/{id}/Workflows)', () => {
  test('PUT replaces the team list; GET lists the full workflows; an empty list clears it', async () => {
    const a = await createWorkflow(api, 'Team list A', [actions[0]!]);
    const b = await createWorkflow(api, 'Team list B');
    await api.change('PUT', '/Team/1/Workflows', teamWorkflows(a, b));
    const list = await api.read('admin', '/Team/1/Workflows');
    assert.equal(list.name, 'Workflows');
    assert.deepEqual(
      list.children.map((w) => leaves(w).name),
      ['Team list A', 'Team list B'],
    );
    assert.deepEqual(childNames(list.children[0]!), ['uri', 'name', 'description', 'media', 'TriggerSet', 'ConditionSet', 'workflowActions']);
    await api.change('PUT', '/Team/1/Workflows', teamWorkflows(b));
    assert.deepEqual(await teamNames('1'), ['Team list B']);
    await api.change('PUT', '/Team/1/Workflows', '<Workflows/>');
    assert.deepEqual(await teamNames('1'), []);
    assert.deepEqual((await server.store.loadWorkflows()).find((w) => w.id === b)?.teamIds, []);
  });

  test('unknown team 404 (team-assignment error); unknown workflow 400 Finesse API Error; a bad uri 400 Bad Request; nothing changes', async () => {
    const w = await createWorkflow(api, 'Assign check');
    await api.change('PUT', '/Team/2/Workflows', teamWorkflows(w));
    assertApiError(await api.call('admin', 'GET', '/Team/574/Workflows'), 404, 'finesse.api.team.team_assignment_invalid_team', { data: '574' });
    assertApiError(await api.call('admin', 'PUT', '/Team/574/Workflows', teamWorkflows(w)), 404, 'finesse.api.team.team_assignment_invalid_team', {
      data: '574',
    });
    assertApiError(await api.call('admin', 'PUT', '/Team/2/Workflows', teamWorkflows('4040')), 400, 'Finesse API Error', { data: '4040' });
    assertApiError(
      await api.call('admin', 'PUT', '/Team/2/Workflows', '<Workflows><Workflow><uri>/finesse/api/WorkflowAction/1</uri></Workflow></Workflows>'),
      400,
      'Bad Request',
    );
    assertApiError(await api.call('admin', 'PUT', '/Team/2/Workflows', '<PhoneBooks/>'), 400, 'Bad Request');
    assert.deepEqual(await teamNames('2'), ['Assign check']);
  });

  test('more than 20 workflows for a team → 400 Maximum Exceeded; 20 are fine', async () => {
    const ids: string[] = [];
    for (let i = 1; i <= 21; i++) ids.push(await createWorkflow(api, `Team limit ${i}`));
    await api.change('PUT', '/Team/1/Workflows', teamWorkflows(...ids.slice(0, 20)));
    assertApiError(await api.call('admin', 'PUT', '/Team/1/Workflows', teamWorkflows(...ids)), 400, 'Maximum Exceeded', { data: '20' });
    assert.equal((await teamNames('1')).length, 20);
    await api.change('PUT', '/Team/1/Workflows', '<Workflows/>');
    for (const id of ids) await api.change('DELETE', `/Workflow/${id}`);
  });
});

describe('Who may change workflows, and the audit log', () => {
  test('agents and supervisors get 401 Authorization Failure on every admin call; nothing changes', async () => {
    const id = await createWorkflow(api, 'Admins only');
    const before = await names();
    for (const actor of ['agentA', 'supervisorA']) {
      assertApiError(await api.call(actor, 'GET', '/Workflows'), 401, 'Authorization Failure', { data: actor });
      assertApiError(await api.call(actor, 'GET', `/Workflow/${id}`), 401, 'Authorization Failure');
      assertApiError(await api.call(actor, 'POST', '/Workflow', workflowBody({ name: 'Mine', trigger: 'CALL_ENDS' })), 401, 'Authorization Failure');
      assertApiError(await api.call(actor, 'PUT', `/Workflow/${id}`, workflowBody({ name: 'Mine' })), 401, 'Authorization Failure');
      assertApiError(await api.call(actor, 'DELETE', `/Workflow/${id}`), 401, 'Authorization Failure');
      assertApiError(await api.call(actor, 'GET', '/Team/1/Workflows'), 401, 'Authorization Failure');
      assertApiError(await api.call(actor, 'PUT', '/Team/1/Workflows', teamWorkflows(id)), 401, 'Authorization Failure');
    }
    assert.deepEqual(await names(), before);
    assert.ok(!(await teamNames('1')).includes('Admins only'));
  });

  test('each change is in the audit log with who, what, before and after', async () => {
    const id = await createWorkflow(api, 'Audited', [actions[0]!]);
    await api.change('PUT', `/Workflow/${id}`, workflowBody({ name: 'Audited 2' }));
    await api.change('PUT', '/Team/2/Workflows', teamWorkflows(id));
    await api.change('DELETE', `/Workflow/${id}`);
    const entries = (await server.store.loadAudit({ limit: 200 })).filter(
      (e) => (e.resource === 'Workflow' && e.resourceId === id) || e.resource === 'Team/Workflows',
    );
    assert.deepEqual(
      entries.filter((e) => e.resource === 'Workflow').map((e) => [e.action, e.actor]),
      [
        ['delete', 'admin'],
        ['update', 'admin'],
        ['create', 'admin'],
      ],
    );
    const deleted = entries.find((e) => e.action === 'delete')!;
    assert.deepEqual(JSON.parse(deleted.before!).teamIds, ['2']);
    assert.deepEqual(JSON.parse(deleted.before!).actionIds, [actions[0]]);
    const assigned = entries.find((e) => e.resource === 'Team/Workflows' && e.resourceId === '2' && JSON.parse(e.after!).workflowIds.includes(id))!;
    assert.equal(assigned.action, 'assign');
    assert.equal(assigned.actor, 'admin');
  });
});
