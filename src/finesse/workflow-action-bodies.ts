import type { ActionVariable, WorkflowActionFields, WorkflowActionParam } from '../domain/workflow.js';
import { VARIABLE_TYPES, WORKFLOW_ACTION_HANDLERS, WORKFLOW_ACTION_TYPES } from '../domain/workflow.js';
import type { WorkflowActionPatch } from '../domain/workflow-action-rules.js';
import { noUpdatableField, oneOf, required } from './configuration-bodies.js';
import type { XmlElement } from './xml-reader.js';
import { child, childText } from './xml-reader.js';

/**
 * The request bodies of the WorkflowAction configuration API (admin reference §7): what finesse.js sends
 * (`name, type, handledBy, params{Param*}, actionVariables{ActionVariable*}`, plus `uri` on update, which
 * is ignored). A missing required field or an unreadable value is 400 Bad Request naming it; a PUT with
 * none of the updatable fields is 400 Invalid Input. The rules (workflow-action-rules.ts) check the rest.
 */

/** `<WorkflowAction>` of a create: name and type are required; handledBy is FINESSE_DESKTOP unless given. */
export function readWorkflowActionFields(body: XmlElement): WorkflowActionFields {
  return {
    name: required(body, 'name'),
    type: oneOf('type', required(body, 'type'), WORKFLOW_ACTION_TYPES),
    handledBy: oneOf('handledBy', childText(body, 'handledBy') || 'FINESSE_DESKTOP', WORKFLOW_ACTION_HANDLERS),
    params: readParams(child(body, 'params')),
    actionVariables: readActionVariables(child(body, 'actionVariables')),
  };
}

/** `<WorkflowAction>` of an update: any of its fields; `params` and `actionVariables` replace the whole list. */
export function readWorkflowActionPatch(body: XmlElement): WorkflowActionPatch {
  const patch: WorkflowActionPatch = {};
  const name = childText(body, 'name');
  const type = childText(body, 'type');
  const handledBy = childText(body, 'handledBy');
  const params = child(body, 'params');
  const variables = child(body, 'actionVariables');
  if (name !== undefined) patch.name = name;
  if (type !== undefined) patch.type = oneOf('type', type, WORKFLOW_ACTION_TYPES);
  if (handledBy !== undefined) patch.handledBy = oneOf('handledBy', handledBy, WORKFLOW_ACTION_HANDLERS);
  if (params !== undefined) patch.params = readParams(params);
  if (variables !== undefined) patch.actionVariables = readActionVariables(variables);
  if (Object.keys(patch).length === 0) throw noUpdatableField('name, type, handledBy, params, actionVariables');
  return patch;
}

function readParams(list: XmlElement | undefined): WorkflowActionParam[] {
  return (list?.children ?? []).filter((c) => c.name === 'Param').map((param) => ({ name: required(param, 'name'), value: childText(param, 'value') ?? '' }));
}

function readActionVariables(list: XmlElement | undefined): ActionVariable[] {
  return (list?.children ?? [])
    .filter((c) => c.name === 'ActionVariable')
    .map((variable) => ({
      name: childText(variable, 'name') ?? '',
      node: childText(variable, 'node') ?? '',
      type: oneOf('type', childText(variable, 'type') || 'SYSTEM', VARIABLE_TYPES),
      testValue: childText(variable, 'testValue') ?? '',
    }));
}
