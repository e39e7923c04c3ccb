import type { ActionVariableDef, WorkflowActionDef, WorkflowConditionDef, WorkflowDef } from './definitions.js';
import type { WorkflowVariables } from './variables.js';

// Pure evaluation of the workflow engine (gadget reference §5): whether a workflow's trigger filters and
// conditions hold for a dialog's variables, and the `finesse.containerservices.workflowActionEvent` payload
// of each of its actions, `${name}` placeholders expanded.

/** The hub payload of one action (§3.2); `handledBy` is the hub's FINESSE | OTHER, not REST's FINESSE_DESKTOP. */
export interface WorkflowActionEventData {
  uri: string;
  name: string;
  type: string;
  handledBy: 'FINESSE' | 'OTHER';
  params: { name: string; value: string; expandedValue: string }[];
  actionVariables: (ActionVariableDef & { actualValue: string })[];
}

/** Comma-separated list items, each trimmed; empty items dropped. */
function listItems(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Whether one condition holds; an unknown variable reads as '' and an unknown comparator never holds. */
export function conditionHolds(condition: WorkflowConditionDef, vars: WorkflowVariables): boolean {
  const actual = (vars.get(condition.variable) ?? '').trim();
  const wanted = condition.value.trim();
  switch (condition.comparator) {
    case 'IS_EQUAL':
      return actual === wanted;
    case 'IS_NOT_EQUAL':
      return actual !== wanted;
    case 'BEGINS_WITH':
      return actual.startsWith(wanted);
    case 'ENDS_WITH':
      return actual.endsWith(wanted);
    case 'CONTAINS':
      return actual.includes(wanted);
    case 'IS_EMPTY':
      return actual === '';
    case 'IS_NOT_EMPTY':
      return actual !== '';
    case 'IS_IN_LIST':
      return listItems(wanted).includes(actual);
    case 'IS_NOT_IN_LIST':
      return !listItems(wanted).includes(actual);
    default:
      return false;
  }
}

/** Trigger filters must all hold; then the conditions by their apply method (no conditions: applies). */
export function workflowApplies(workflow: WorkflowDef, vars: WorkflowVariables): boolean {
  if (!workflow.triggerFilters.every((filter) => conditionHolds(filter, vars))) return false;
  if (workflow.conditions.length === 0) return true;
  const holds = (condition: WorkflowConditionDef) => conditionHolds(condition, vars);
  return workflow.applyMethod === 'ANY' ? workflow.conditions.some(holds) : workflow.conditions.every(holds);
}

/** `${name}` → the variable's value; a variable the dialog does not have → ''. */
export function expandPlaceholders(template: string, vars: WorkflowVariables): string {
  return template.replace(/\$\{([^}]*)\}/g, (_match, name: string) => vars.get(name.trim()) ?? '');
}

export function actionEventData(action: WorkflowActionDef, vars: WorkflowVariables): WorkflowActionEventData {
  return {
    uri: action.uri,
    name: action.name,
    type: action.type,
    handledBy: action.handledBy === 'FINESSE_DESKTOP' ? 'FINESSE' : 'OTHER',
    params: action.params.map((p) => ({ name: p.name, value: p.value, expandedValue: expandPlaceholders(p.value, vars) })),
    actionVariables: action.actionVariables.map((v) => ({ ...v, actualValue: vars.get(v.name) ?? '' })),
  };
}

/** The value of a param by name, expanded or as written ('' when absent). */
export function paramOf(event: WorkflowActionEventData, name: string, expanded = true): string {
  const param = event.params.find((p) => p.name === name);
  if (!param) return '';
  return expanded ? param.expandedValue : param.value;
}
