import { WORKFLOW_LIMITS } from './configuration-limits.js';
import { DomainError } from './errors.js';
import type { Workflow, WorkflowAction, WorkflowCondition, WorkflowFields } from './workflow.js';
import { VALUELESS_COMPARATORS } from './workflow.js';

/** A partial update: the fields present change (a set or list present replaces the whole of it), the others stay. */
export type WorkflowPatch = Partial<WorkflowFields>;

type Limits = { readonly [K in keyof typeof WORKFLOW_LIMITS]: number };

const length = (text: string): number => [...text].length;

/**
 * The rules of the Workflow configuration API (admin reference §8, §15.1): the fields (name 1–40
 * characters, description ≤ 128, a variable name and — but for IS_EMPTY / IS_NOT_EMPTY — a value in each
 * condition, each action once: 400 Bad Request), then the references (every action exists) and the
 * unique name (400 Finesse API Error), then the limits (≤ 5 trigger filters, conditions and actions, 100
 * workflows in the system: 400 Maximum Exceeded).
 */
export function newWorkflow(
  configured: readonly Workflow[],
  actions: readonly WorkflowAction[],
  id: string,
  fields: WorkflowFields,
  limits: Limits = WORKFLOW_LIMITS,
): Workflow {
  const created: Workflow = { id, ...fields, teamIds: [] };
  checkWorkflow(configured, actions, created, limits);
  if (configured.length >= limits.system)
    throw new DomainError('MaximumExceeded', `At most ${limits.system} workflows may be configured`, String(limits.system));
  return created;
}

/** `current` with `patch` applied, checked as a whole; its team assignments stay. */
export function changedWorkflow(
  configured: readonly Workflow[],
  actions: readonly WorkflowAction[],
  current: Workflow,
  patch: WorkflowPatch,
  limits: Limits = WORKFLOW_LIMITS,
): Workflow {
  const changed: Workflow = { ...current, ...patch };
  checkWorkflow(configured, actions, changed, limits);
  return changed;
}

/** A team may have at most 20 workflows (400 Maximum Exceeded); `count` is how many it would have. */
export function checkTeamWorkflowCount(count: number, limits: Limits = WORKFLOW_LIMITS): void {
  if (count > limits.perTeam) throw new DomainError('MaximumExceeded', `A team may have at most ${limits.perTeam} workflows`, String(limits.perTeam));
}

function checkWorkflow(configured: readonly Workflow[], actions: readonly WorkflowAction[], workflow: Workflow, limits: Limits): void {
  if (workflow.name === '') throw new DomainError('BadRequest', 'The name must not be empty', 'name');
  if (length(workflow.name) > limits.nameMaxCharacters) {
    throw new DomainError('BadRequest', `The name must be at most ${limits.nameMaxCharacters} characters`, workflow.name);
  }
  if (length(workflow.description) > limits.descriptionMaxCharacters) {
    throw new DomainError('BadRequest', `The description must be at most ${limits.descriptionMaxCharacters} characters`, 'description');
  }
  if (workflow.media === '') throw new DomainError('BadRequest', 'The media must not be empty', 'media');
  for (const condition of [...workflow.triggerSet.triggers, ...workflow.conditionSet.conditions]) checkCondition(condition);
  const seen = new Set<string>();
  for (const id of workflow.actionIds) {
    if (seen.has(id)) throw new DomainError('BadRequest', 'Each workflow action may be named once in a workflow', id);
    seen.add(id);
  }
  for (const id of workflow.actionIds) {
    if (!actions.some((a) => a.id === id)) throw new DomainError('ConfigurationRefused', `The workflow action ${id} does not exist`, id);
  }
  if (configured.some((w) => w.id !== workflow.id && w.name === workflow.name)) {
    throw new DomainError('ConfigurationRefused', `A workflow named "${workflow.name}" already exists`, workflow.name);
  }
  checkCount(workflow.triggerSet.triggers.length, limits.triggers, 'trigger filters');
  checkCount(workflow.conditionSet.conditions.length, limits.conditions, 'conditions');
  checkCount(workflow.actionIds.length, limits.actions, 'workflow actions');
}

function checkCondition(condition: WorkflowCondition): void {
  if (condition.variable.name === '') throw new DomainError('BadRequest', 'Each condition needs the name of its variable', 'name');
  if (condition.value === '' && !VALUELESS_COMPARATORS.includes(condition.comparator)) {
    throw new DomainError('BadRequest', `A condition with ${condition.comparator} needs a value`, 'value');
  }
}

function checkCount(count: number, max: number, what: string): void {
  if (count > max) throw new DomainError('MaximumExceeded', `A workflow has at most ${max} ${what}`, String(max));
}
