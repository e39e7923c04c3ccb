import { child, children, parseXml, text } from '../../../finesse/xml.js';

// The user's workflows as `GET /finesse/api/User/{id}/Workflows` returns them: each with its trigger,
// conditions and its actions in full (admin reference §7, §8.1; gadget reference §5).

export interface WorkflowConditionDef {
  variable: string;
  comparator: string;
  value: string;
}

export interface WorkflowParam {
  name: string;
  value: string;
}

export interface ActionVariableDef {
  name: string;
  node: string;
  type: string;
  testValue: string;
}

export interface WorkflowActionDef {
  uri: string;
  name: string;
  /** BROWSER_POP | HTTP_REQUEST */
  type: string;
  /** FINESSE_DESKTOP | OTHER, as in REST. */
  handledBy: string;
  params: WorkflowParam[];
  actionVariables: ActionVariableDef[];
}

export interface WorkflowDef {
  uri: string;
  name: string;
  /** '' or the media id (voice is 1). */
  media: string;
  /** CALL_ARRIVES, CALL_ANSWERED, CALL_ENDS, … */
  trigger: string;
  /** 12.x trigger filters: each must hold. */
  triggerFilters: WorkflowConditionDef[];
  applyMethod: 'ALL' | 'ANY';
  conditions: WorkflowConditionDef[];
  actions: WorkflowActionDef[];
}

function condition(el: Element): WorkflowConditionDef {
  return { variable: text(child(el, 'Variable'), 'name'), comparator: text(el, 'comparator'), value: text(el, 'value') };
}

function action(el: Element): WorkflowActionDef {
  return {
    uri: text(el, 'uri'),
    name: text(el, 'name'),
    type: text(el, 'type'),
    handledBy: text(el, 'handledBy'),
    // Param values are taken untrimmed: a body or a path may carry meaningful spaces.
    params: children(child(el, 'params'), 'Param').map((p) => ({ name: text(p, 'name'), value: child(p, 'value')?.textContent ?? '' })),
    actionVariables: children(child(el, 'actionVariables'), 'ActionVariable').map((v) => ({
      name: text(v, 'name'),
      node: text(v, 'node'),
      type: text(v, 'type'),
      testValue: text(v, 'testValue'),
    })),
  };
}

export function parseWorkflow(el: Element): WorkflowDef {
  const triggerSet = child(el, 'TriggerSet');
  const conditionSet = child(el, 'ConditionSet');
  return {
    uri: text(el, 'uri'),
    name: text(el, 'name'),
    media: text(el, 'media'),
    trigger: text(triggerSet, 'name'),
    triggerFilters: children(child(triggerSet, 'triggers'), 'Trigger').map(condition),
    applyMethod: text(conditionSet, 'applyMethod').toUpperCase() === 'ANY' ? 'ANY' : 'ALL',
    conditions: children(child(conditionSet, 'conditions'), 'Condition').map(condition),
    actions: children(child(el, 'workflowActions'), 'WorkflowAction').map(action),
  };
}

/** The `<Workflows>` document's workflows, in document order. */
export function parseWorkflows(xml: string): WorkflowDef[] {
  const root = parseXml(xml);
  if (root.localName !== 'Workflows') throw new Error(`expected <Workflows>, got <${root.localName}>`);
  return children(root, 'Workflow').map(parseWorkflow);
}
