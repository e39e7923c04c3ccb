/**
 * The workflow and workflow action rules alone (no server): the order in which they refuse (admin reference
 * §15.1: the fields, then uniqueness and references, then the limits), the limits taken as parameters,
 * and the per-team count.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WORKFLOW_ACTION_LIMITS, WORKFLOW_LIMITS } from '../../src/domain/configuration-limits.js';
import { DomainError } from '../../src/domain/errors.js';
import type { Workflow, WorkflowAction, WorkflowCondition, WorkflowFields } from '../../src/domain/workflow.js';
import { workflowsOfTeam } from '../../src/domain/workflow.js';
import { changedWorkflowAction, newWorkflowAction } from '../../src/domain/workflow-action-rules.js';
import { changedWorkflow, checkTeamWorkflowCount, newWorkflow } from '../../src/domain/workflow-rules.js';

const refused = (kind: DomainError['kind'], data?: string) => (error: unknown) =>
  error instanceof DomainError && error.kind === kind && (data === undefined || error.data === data);

const action = (id: string, name = `Action ${id}`): WorkflowAction => ({
  id,
  name,
  type: 'BROWSER_POP',
  handledBy: 'FINESSE_DESKTOP',
  params: [{ name: 'path', value: 'http://x' }],
  actionVariables: [],
});
const condition = (name: string): WorkflowCondition => ({ variable: { name, node: '', type: 'SYSTEM' }, comparator: 'IS_EQUAL', value: 'x' });
const fields = (name: string, extra: Partial<WorkflowFields> = {}): WorkflowFields => ({
  name,
  description: '',
  media: '1',
  triggerSet: { type: 'EVENT', name: 'CALL_ANSWERED', allowOverlappingCallWorkflow: false, triggers: [] },
  conditionSet: { applyMethod: 'ALL', conditions: [] },
  actionIds: [],
  ...extra,
});
const workflow = (id: string, name: string, teamIds: string[] = []): Workflow => ({ id, ...fields(name), teamIds });

describe('workflow action rules', () => {
  test('the fields first, then the unique name, then the variable count, then the system count', () => {
    const existing = [action('1', 'Taken')];
    const six = Array.from({ length: 6 }, (_, i) => ({ name: `v${i}`, node: '', type: 'SYSTEM' as const, testValue: '' }));
    const { id: _id, ...taken } = action('', 'Taken');
    assert.throws(() => newWorkflowAction(existing, '', { ...taken, params: [], actionVariables: six }), refused('BadRequest', 'path'));
    assert.throws(() => newWorkflowAction(existing, '', { ...taken, actionVariables: six }), refused('ConfigurationRefused', 'Taken'));
    assert.throws(() => newWorkflowAction(existing, '', { ...taken, name: 'Free', actionVariables: six }), refused('MaximumExceeded', '5'));
    const full = { ...WORKFLOW_ACTION_LIMITS, system: 1 };
    assert.throws(() => newWorkflowAction(existing, '', { ...taken, name: 'Free' }, full), refused('MaximumExceeded', '1'));
  });

  test('a change keeps its own name and may change type only with the params of the new type', () => {
    const current = action('1', 'Mine');
    assert.equal(changedWorkflowAction([current], current, { name: 'Mine' }).name, 'Mine');
    assert.throws(() => changedWorkflowAction([current], current, { type: 'HTTP_REQUEST' }), refused('BadRequest'));
    const changed = changedWorkflowAction([current], current, {
      type: 'HTTP_REQUEST',
      params: [
        { name: 'method', value: 'POST' },
        { name: 'location', value: 'OTHER' },
        { name: 'path', value: 'https://x' },
      ],
    });
    assert.equal(changed.type, 'HTTP_REQUEST');
  });
});

describe('workflow rules', () => {
  test('the fields first, then the actions named and the unique name, then the counts, then the system count', () => {
    const existing = [workflow('1', 'Taken')];
    const actions = [action('1')];
    const six = Array.from({ length: 6 }, (_, i) => condition(`v${i}`));
    const long = 'd'.repeat(WORKFLOW_LIMITS.descriptionMaxCharacters + 1);
    const tooMany = { conditionSet: { applyMethod: 'ALL' as const, conditions: six }, actionIds: ['9'] };
    assert.throws(() => newWorkflow(existing, actions, '', fields('Taken', { ...tooMany, description: long })), refused('BadRequest', 'description'));
    assert.throws(() => newWorkflow(existing, actions, '', fields('Taken', tooMany)), refused('ConfigurationRefused', '9'));
    assert.throws(() => newWorkflow(existing, actions, '', fields('Taken', { ...tooMany, actionIds: ['1'] })), refused('ConfigurationRefused', 'Taken'));
    assert.throws(() => newWorkflow(existing, actions, '', fields('Free', { ...tooMany, actionIds: ['1'] })), refused('MaximumExceeded', '5'));
    assert.throws(() => newWorkflow(existing, actions, '', fields('Free'), { ...WORKFLOW_LIMITS, system: 1 }), refused('MaximumExceeded', '1'));
    assert.equal(newWorkflow(existing, actions, '2', fields('Free', { actionIds: ['1'] })).id, '2');
  });

  test('IS_EMPTY and IS_NOT_EMPTY need no value; the others do', () => {
    const empty = (comparator: WorkflowCondition['comparator']) =>
      fields('C', { conditionSet: { applyMethod: 'ANY', conditions: [{ ...condition('callVariable1'), comparator, value: '' }] } });
    assert.doesNotThrow(() => newWorkflow([], [], '1', empty('IS_EMPTY')));
    assert.doesNotThrow(() => newWorkflow([], [], '1', empty('IS_NOT_EMPTY')));
    assert.throws(() => newWorkflow([], [], '1', empty('IS_IN_LIST')), refused('BadRequest', 'value'));
  });

  test('a change keeps the team assignments; a team has at most 20 workflows; a team reads its own by id', () => {
    const current = workflow('3', 'Assigned', ['1']);
    assert.deepEqual(changedWorkflow([current], [], current, { name: 'Renamed' }).teamIds, ['1']);
    assert.doesNotThrow(() => checkTeamWorkflowCount(20));
    assert.throws(() => checkTeamWorkflowCount(21), refused('MaximumExceeded', '20'));
    const all = [workflow('10', 'b', ['1']), workflow('9', 'a', ['1', '2']), workflow('2', 'c', ['2'])];
    assert.deepEqual(
      workflowsOfTeam(all, '1').map((w) => w.id),
      ['9', '10'],
    );
    assert.deepEqual(workflowsOfTeam(all, null), []);
  });
});
