/**
 * The store contract of workflows and workflow actions, on both databases: every field read back, a
 * workflow's actions in order and its teams replaced with it, a deleted workflow's rows gone with it, and
 * an action a workflow runs kept by the database (the write is refused, nothing committed).
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { WriteRefused } from '../../src/application/ports/store.js';
import type { Team } from '../../src/domain/model.js';
import type { Workflow, WorkflowAction } from '../../src/domain/workflow.js';
import { openStore } from '../../src/store/open.js';
import type { KyselyStore } from '../../src/store/store.js';
import { STORE_DRIVERS } from './support/drivers.js';

const team = (id: string): Team => ({
  id,
  name: `Team ${id}`,
  settings: { wrapUpOnIncoming: 'OPTIONAL', wrapUpOnOutgoing: 'OPTIONAL', wrapUpTimerSeconds: 0 },
});

const action = (id: string, name = `Action ${id}`): WorkflowAction => ({
  id,
  name,
  type: 'HTTP_REQUEST',
  handledBy: 'OTHER',
  params: [
    { name: 'method', value: 'PUT' },
    { name: 'location', value: 'FINESSE' },
    { name: 'path', value: '/finesse/api/User/${agent} "quoted" <&>' },
  ],
  actionVariables: [{ name: 'agent', node: '/Dialog/x', type: 'CUSTOM', testValue: '1001' }],
});

const workflow = (id: string, actionIds: string[], teamIds: string[] = []): Workflow => ({
  id,
  name: `Workflow ${id}`,
  description: 'Pops the CRM, é',
  media: '1',
  triggerSet: {
    type: 'EVENT',
    name: 'CALL_ANSWERED',
    allowOverlappingCallWorkflow: true,
    triggers: [{ variable: { name: 'queueName', node: '', type: 'SYSTEM' }, comparator: 'IS_EQUAL', value: 'Sales' }],
  },
  conditionSet: {
    applyMethod: 'ANY',
    conditions: [{ variable: { name: 'callVariable1', node: '', type: 'SYSTEM' }, comparator: 'IS_IN_LIST', value: 'a, b' }],
  },
  actionIds,
  teamIds,
});

for (const driver of STORE_DRIVERS) {
  describe(`store contract of workflows on ${driver.name}`, () => {
    const opened: KyselyStore[] = [];
    after(async () => {
      for (const s of opened) await s.close();
    });
    async function open(): Promise<KyselyStore> {
      const store = await openStore(await driver.newSpec());
      opened.push(store);
      await store.commit([
        { kind: 'team', team: team('1') },
        { kind: 'team', team: team('2') },
      ]);
      return store;
    }

    test('actions and workflows read back with every field; actions in order; an update replaces actions and teams', async () => {
      const store = await open();
      await store.commit([
        { kind: 'workflowAction', action: action('2') },
        { kind: 'workflowAction', action: action('10') },
        { kind: 'workflowAction', action: action('3') },
        { kind: 'workflow', workflow: workflow('1', ['10', '2', '3'], ['2', '1']) },
      ]);
      assert.deepEqual(await store.loadWorkflowActions(), [action('2'), action('3'), action('10')]);
      assert.deepEqual(await store.loadWorkflows(), [workflow('1', ['10', '2', '3'], ['1', '2'])]);
      await store.commit([{ kind: 'workflow', workflow: { ...workflow('1', ['3'], ['2']), name: 'Renamed' } }]);
      assert.deepEqual(await store.loadWorkflows(), [{ ...workflow('1', ['3'], ['2']), name: 'Renamed' }]);
      await store.commit([{ kind: 'workflowAction', action: { ...action('3'), name: 'Three', params: [], actionVariables: [] } }]);
      assert.equal((await store.loadWorkflowActions()).find((a) => a.id === '3')?.name, 'Three');
    });

    test('a deleted workflow takes its actions list and teams with it; an action no workflow runs is deleted', async () => {
      const store = await open();
      await store.commit([
        { kind: 'workflowAction', action: action('1') },
        { kind: 'workflow', workflow: workflow('5', ['1'], ['1']) },
      ]);
      await store.commit([{ kind: 'workflowDeleted', id: '5' }]);
      assert.deepEqual(await store.loadWorkflows(), []);
      assert.deepEqual(await store.db.selectFrom('workflow_steps').selectAll().execute(), []);
      assert.deepEqual(await store.db.selectFrom('workflow_teams').selectAll().execute(), []);
      await store.commit([{ kind: 'workflowActionDeleted', id: '1' }]);
      assert.deepEqual(await store.loadWorkflowActions(), []);
    });

    test('an action a workflow runs cannot be deleted: the batch is refused and nothing of it committed', async () => {
      const store = await open();
      await store.commit([
        { kind: 'workflowAction', action: action('1') },
        { kind: 'workflow', workflow: workflow('1', ['1']) },
      ]);
      await assert.rejects(
        store.commit([
          { kind: 'workflowAction', action: action('2') },
          { kind: 'workflowActionDeleted', id: '1' },
        ]),
        (error) => error instanceof WriteRefused && error.reason === 'constraint',
      );
      assert.deepEqual(
        (await store.loadWorkflowActions()).map((a) => a.id),
        ['1'],
      );
      // In one batch (two changes committed together), a workflow that stops running the action, then the action's delete.
      await store.commit([
        { kind: 'workflow', workflow: workflow('1', []) },
        { kind: 'workflowActionDeleted', id: '1' },
      ]);
      assert.deepEqual(await store.loadWorkflowActions(), []);
      assert.deepEqual((await store.loadWorkflows())[0]?.actionIds, []);
    });

    test('workflow ids and action ids come from their own sequences, past the highest stored id', async () => {
      const store = await open();
      await store.commit([
        { kind: 'workflowAction', action: action('7') },
        { kind: 'workflow', workflow: workflow('4', ['7']) },
      ]);
      assert.equal(await store.reserveIds('workflowAction', 1), 8);
      assert.equal(await store.reserveIds('workflow', 1), 5);
    });
  });
}
