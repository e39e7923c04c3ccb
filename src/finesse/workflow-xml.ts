import type { Workflow, WorkflowAction, WorkflowCondition } from '../domain/workflow.js';
import { workflowActionUri, workflowUri } from './uris.js';
import { element } from './xml-escape.js';

/** A workflow with its actions in full, in the order they run (what agents read). */
export interface WorkflowWithActions {
  workflow: Workflow;
  actions: readonly WorkflowAction[];
}

/** `<WorkflowAction>` (admin reference §7): uri, name, type, handledBy, params, actionVariables. */
export function workflowActionXml(a: WorkflowAction): string {
  const params = a.params.map((p) => `<Param>${element('name', p.name)}${element('value', p.value)}</Param>`).join('');
  const variables = a.actionVariables
    .map(
      (v) =>
        `<ActionVariable>${element('name', v.name)}${element('node', v.node)}${element('type', v.type)}${element('testValue', v.testValue)}</ActionVariable>`,
    )
    .join('');
  return (
    `<WorkflowAction>${element('uri', workflowActionUri(a.id))}${element('name', a.name)}${element('type', a.type)}${element('handledBy', a.handledBy)}` +
    `<params>${params}</params><actionVariables>${variables}</actionVariables></WorkflowAction>`
  );
}

export function workflowActionsXml(actions: readonly WorkflowAction[]): string {
  return `<WorkflowActions>${actions.map(workflowActionXml).join('')}</WorkflowActions>`;
}

/**
 * `<Workflow>` of the configuration API (admin reference §8.1): its actions as summaries (`name`, `type`,
 * `uri`), looked up in `actions`.
 */
export function workflowXml(workflow: Workflow, actions: ReadonlyMap<string, WorkflowAction>): string {
  const summary = (id: string) => {
    const action = actions.get(id);
    return `<WorkflowAction>${element('name', action?.name)}${element('type', action?.type)}${element('uri', workflowActionUri(id))}</WorkflowAction>`;
  };
  return workflowBody(workflow, workflow.actionIds.map(summary).join(''));
}

export function workflowsXml(workflows: readonly Workflow[], actions: readonly WorkflowAction[]): string {
  const byId = new Map(actions.map((a) => [a.id, a]));
  return `<Workflows>${workflows.map((w) => workflowXml(w, byId)).join('')}</Workflows>`;
}

/** `<Workflows>` as agents read them: each workflow's actions in full, so a desktop can run them (gadget reference §5). */
export function workflowsWithActionsXml(workflows: readonly WorkflowWithActions[]): string {
  return `<Workflows>${workflows.map(({ workflow, actions }) => workflowBody(workflow, actions.map(workflowActionXml).join(''))).join('')}</Workflows>`;
}

function workflowBody(w: Workflow, actions: string): string {
  const t = w.triggerSet;
  const c = w.conditionSet;
  return (
    `<Workflow>${element('uri', workflowUri(w.id))}${element('name', w.name)}${element('description', w.description)}${element('media', w.media)}` +
    `<TriggerSet>${element('type', t.type)}${element('name', t.name)}${element('allowOverlappingCallWorkflow', String(t.allowOverlappingCallWorkflow))}` +
    `<triggers>${t.triggers.map((x) => conditionXml(x, 'Trigger')).join('')}</triggers></TriggerSet>` +
    `<ConditionSet>${element('applyMethod', c.applyMethod)}<conditions>${c.conditions.map((x) => conditionXml(x, 'Condition')).join('')}</conditions></ConditionSet>` +
    `<workflowActions>${actions}</workflowActions></Workflow>`
  );
}

/** A condition or trigger filter; the variable's `node` only when it has one (as in the reference's example). */
function conditionXml(condition: WorkflowCondition, root: 'Condition' | 'Trigger'): string {
  const v = condition.variable;
  const variable = `<Variable>${element('name', v.name)}${v.node === '' ? '' : element('node', v.node)}${element('type', v.type)}</Variable>`;
  return `<${root}>${variable}${element('comparator', condition.comparator)}${element('value', condition.value)}</${root}>`;
}
