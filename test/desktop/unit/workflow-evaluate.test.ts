// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow params carry ${variable} placeholders by design
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WorkflowDef } from '../../../src/desktop/src/gadgets/master/workflow/definitions.js';
import { actionEventData, conditionHolds, expandPlaceholders, workflowApplies } from '../../../src/desktop/src/gadgets/master/workflow/evaluate.js';
import { finesseApiPath } from '../../../src/desktop/src/gadgets/master/workflow/execute.js';

// The pure part of the workflow engine (gadget reference §5; comparators of admin reference §8.1).

const vars = new Map([
  ['callVariable1', 'Chuck'],
  ['DNIS', '8005551234'],
  ['queueName', 'Sales'],
  ['user.account', 'A-42'],
  ['empty', ''],
]);

const holds = (variable: string, comparator: string, value = '') => conditionHolds({ variable, comparator, value }, vars);

test('workflow conditions: each comparator, values trimmed, unknown variables empty', () => {
  assert.equal(holds('callVariable1', 'IS_EQUAL', ' Chuck '), true);
  assert.equal(holds('callVariable1', 'IS_EQUAL', 'chuck'), false);
  assert.equal(holds('callVariable1', 'IS_NOT_EQUAL', 'Bob'), true);
  assert.equal(holds('DNIS', 'BEGINS_WITH', '800'), true);
  assert.equal(holds('DNIS', 'BEGINS_WITH', '900'), false);
  assert.equal(holds('DNIS', 'ENDS_WITH', '1234'), true);
  assert.equal(holds('user.account', 'CONTAINS', '-4'), true);
  assert.equal(holds('user.account', 'CONTAINS', 'B'), false);
  assert.equal(holds('empty', 'IS_EMPTY'), true);
  assert.equal(holds('nothing', 'IS_EMPTY'), true);
  assert.equal(holds('queueName', 'IS_NOT_EMPTY'), true);
  assert.equal(holds('queueName', 'IS_IN_LIST', 'Support , Sales ,'), true);
  assert.equal(holds('queueName', 'IS_IN_LIST', 'Support,Sal'), false);
  assert.equal(holds('queueName', 'IS_NOT_IN_LIST', 'Support, Billing'), true);
  assert.equal(holds('queueName', 'IS_NOT_IN_LIST', 'Sales'), false);
  assert.equal(holds('queueName', 'MATCHES_REGEX', '.*'), false);
});

function workflow(applyMethod: 'ALL' | 'ANY', conditions: [string, string, string][], filters: [string, string, string][] = []): WorkflowDef {
  const c = ([variable, comparator, value]: [string, string, string]) => ({ variable, comparator, value });
  return {
    uri: '/w/1',
    name: 'w',
    media: '1',
    trigger: 'CALL_ARRIVES',
    triggerFilters: filters.map(c),
    applyMethod,
    conditions: conditions.map(c),
    actions: [],
  };
}

test('workflow conditions: ALL, ANY, none, and 12.x trigger filters', () => {
  const yes: [string, string, string] = ['queueName', 'IS_EQUAL', 'Sales'];
  const no: [string, string, string] = ['queueName', 'IS_EQUAL', 'Support'];
  assert.equal(workflowApplies(workflow('ALL', [yes, yes]), vars), true);
  assert.equal(workflowApplies(workflow('ALL', [yes, no]), vars), false);
  assert.equal(workflowApplies(workflow('ANY', [no, yes]), vars), true);
  assert.equal(workflowApplies(workflow('ANY', [no, no]), vars), false);
  assert.equal(workflowApplies(workflow('ALL', []), vars), true);
  assert.equal(workflowApplies(workflow('ANY', []), vars), true);
  assert.equal(workflowApplies(workflow('ANY', [yes], [no]), vars), false);
});

test('workflow expansion: ${name} replaced by the value, a missing variable by nothing', () => {
  assert.equal(
    expandPlaceholders('http://crm/?q=${callVariable1}&a=${user.account}&x=${missing}&y=${ DNIS }', vars),
    'http://crm/?q=Chuck&a=A-42&x=&y=8005551234',
  );
  assert.equal(expandPlaceholders('no placeholders, $ {callVariable1}', vars), 'no placeholders, $ {callVariable1}');
  const event = actionEventData(
    {
      uri: '/finesse/api/WorkflowAction/3',
      name: 'Pop',
      type: 'BROWSER_POP',
      handledBy: 'FINESSE_DESKTOP',
      params: [
        { name: 'path', value: 'http://crm/?q=${callVariable1}' },
        { name: 'windowName', value: 'crm' },
      ],
      actionVariables: [
        { name: 'callVariable1', node: '/n', type: 'SYSTEM', testValue: 'T' },
        { name: 'callVariable9', node: '', type: 'SYSTEM', testValue: '' },
      ],
    },
    vars,
  );
  assert.deepEqual(event, {
    uri: '/finesse/api/WorkflowAction/3',
    name: 'Pop',
    type: 'BROWSER_POP',
    handledBy: 'FINESSE',
    params: [
      { name: 'path', value: 'http://crm/?q=${callVariable1}', expandedValue: 'http://crm/?q=Chuck' },
      { name: 'windowName', value: 'crm', expandedValue: 'crm' },
    ],
    actionVariables: [
      { name: 'callVariable1', node: '/n', type: 'SYSTEM', testValue: 'T', actualValue: 'Chuck' },
      { name: 'callVariable9', node: '', type: 'SYSTEM', testValue: '', actualValue: '' },
    ],
  });
});

test('workflow HTTP requests to FINESSE: only paths under /finesse/api', () => {
  assert.equal(finesseApiPath('/finesse/api/Dialog/1'), '/Dialog/1');
  assert.equal(finesseApiPath('/User/agentA?x=1'), '/User/agentA?x=1');
  for (const bad of ['http://evil/finesse/api/User/1', '//evil/x', 'User/1', '/finesse/api/../openfinesse/api/calls', '/User/%2e%2e/x', '/a/..']) {
    assert.equal(finesseApiPath(bad), null, bad);
  }
});
