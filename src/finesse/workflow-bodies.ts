import { DomainError } from '../domain/errors.js';
import type { ConditionSet, TriggerSet, WorkflowCondition, WorkflowFields } from '../domain/workflow.js';
import { APPLY_METHODS, COMPARATORS, TRIGGER_NAMES, VARIABLE_TYPES } from '../domain/workflow.js';
import type { WorkflowPatch } from '../domain/workflow-rules.js';
import { noUpdatableField, oneOf, readAssignedIds, readBoolean, required } from './configuration-bodies.js';
import type { XmlElement } from './xml-reader.js';
import { child, childText } from './xml-reader.js';

/**
 * The request bodies of the Workflow configuration API (admin reference §8): `name, description, media,
 * TriggerSet, ConditionSet, workflowActions` (plus `uri` on update, which is ignored). Each
 * `workflowActions/WorkflowAction` needs only its `uri`. A set or list given replaces the whole of it;
 * what a set leaves out takes its default (`type` EVENT, `allowOverlappingCallWorkflow` false,
 * `applyMethod` ALL, a variable's `type` SYSTEM). A missing required field or an unreadable value is 400
 * Bad Request naming it; a PUT with none of the updatable fields is 400 Invalid Input.
 */

const VOICE = '1';

/** `<Workflow>` of a create: name and TriggerSet are required. */
export function readWorkflowFields(body: XmlElement): WorkflowFields {
  const triggerSet = child(body, 'TriggerSet');
  if (triggerSet === undefined) throw new DomainError('BadRequest', 'TriggerSet is required', 'TriggerSet');
  return {
    name: required(body, 'name'),
    description: childText(body, 'description') ?? '',
    media: childText(body, 'media') || VOICE,
    triggerSet: readTriggerSet(triggerSet),
    conditionSet: readConditionSet(child(body, 'ConditionSet')),
    actionIds: readActionIds(child(body, 'workflowActions')),
  };
}

/** `<Workflow>` of an update: any of its fields. */
export function readWorkflowPatch(body: XmlElement): WorkflowPatch {
  const patch: WorkflowPatch = {};
  const name = childText(body, 'name');
  const description = childText(body, 'description');
  const media = childText(body, 'media');
  const triggerSet = child(body, 'TriggerSet');
  const conditionSet = child(body, 'ConditionSet');
  const actions = child(body, 'workflowActions');
  if (name !== undefined) patch.name = name;
  if (description !== undefined) patch.description = description;
  if (media !== undefined) patch.media = media;
  if (triggerSet !== undefined) patch.triggerSet = readTriggerSet(triggerSet);
  if (conditionSet !== undefined) patch.conditionSet = readConditionSet(conditionSet);
  if (actions !== undefined) patch.actionIds = readActionIds(actions);
  if (Object.keys(patch).length === 0) throw noUpdatableField('name, description, media, TriggerSet, ConditionSet, workflowActions');
  return patch;
}

function readTriggerSet(set: XmlElement): TriggerSet {
  const overlapping = childText(set, 'allowOverlappingCallWorkflow');
  return {
    type: oneOf('TriggerSet type', childText(set, 'type') || 'EVENT', ['EVENT'] as const),
    name: oneOf('trigger name', required(set, 'name'), TRIGGER_NAMES),
    allowOverlappingCallWorkflow: overlapping ? readBoolean('allowOverlappingCallWorkflow', overlapping) : false,
    triggers: readConditions(child(set, 'triggers'), 'Trigger'),
  };
}

function readConditionSet(set: XmlElement | undefined): ConditionSet {
  if (set === undefined) return { applyMethod: 'ALL', conditions: [] };
  return {
    applyMethod: oneOf('applyMethod', childText(set, 'applyMethod') || 'ALL', APPLY_METHODS),
    conditions: readConditions(child(set, 'conditions'), 'Condition'),
  };
}

function readConditions(list: XmlElement | undefined, item: 'Condition' | 'Trigger'): WorkflowCondition[] {
  return (list?.children ?? [])
    .filter((c) => c.name === item)
    .map((condition) => {
      const variable = child(condition, 'Variable');
      if (variable === undefined) throw new DomainError('BadRequest', `Each ${item} needs its Variable`, 'Variable');
      return {
        variable: {
          name: childText(variable, 'name') ?? '',
          node: childText(variable, 'node') ?? '',
          type: oneOf('variable type', childText(variable, 'type') || 'SYSTEM', VARIABLE_TYPES),
        },
        comparator: oneOf('comparator', required(condition, 'comparator'), COMPARATORS),
        value: childText(condition, 'value') ?? '',
      };
    });
}

function readActionIds(list: XmlElement | undefined): string[] {
  return list === undefined ? [] : readAssignedIds(list, 'WorkflowAction');
}
