import { WORKFLOW_ACTION_LIMITS } from './configuration-limits.js';
import { DomainError } from './errors.js';
import type { WorkflowAction, WorkflowActionFields, WorkflowActionParam, WorkflowActionType } from './workflow.js';

/** A partial update: the fields present change (a list present replaces the whole list), the others stay. */
export type WorkflowActionPatch = Partial<WorkflowActionFields>;

type Limits = { readonly [K in keyof typeof WORKFLOW_ACTION_LIMITS]: number };

/** The params each type takes (admin reference §7), which of them are required, and the values some allow. */
const PARAMS: Record<WorkflowActionType, { allowed: readonly string[]; required: readonly string[]; values: Record<string, readonly string[]> }> = {
  BROWSER_POP: { allowed: ['path', 'windowName'], required: ['path'], values: {} },
  HTTP_REQUEST: {
    allowed: ['method', 'location', 'contentType', 'path', 'body'],
    required: ['method', 'location', 'path'],
    values: { method: ['POST', 'PUT'], location: ['FINESSE', 'OTHER'] },
  },
};

const length = (text: string): number => [...text].length;

/**
 * The rules of the WorkflowAction configuration API (admin reference §7, §15.1): the fields (name 1–64
 * characters, the params of its type, variables named 1–32 characters, each once: 400 Bad Request), the
 * name unique among all actions (400 Finesse API Error), then the limits (≤ 5 variables, 100 actions in
 * the system: 400 Maximum Exceeded).
 */
export function newWorkflowAction(
  configured: readonly WorkflowAction[],
  id: string,
  fields: WorkflowActionFields,
  limits: Limits = WORKFLOW_ACTION_LIMITS,
): WorkflowAction {
  const created: WorkflowAction = { id, ...fields };
  checkAction(configured, created, limits);
  if (configured.length >= limits.system) {
    throw new DomainError('MaximumExceeded', `At most ${limits.system} workflow actions may be configured`, String(limits.system));
  }
  return created;
}

/** `current` with `patch` applied, checked as a whole (a new type needs the params of that type). */
export function changedWorkflowAction(
  configured: readonly WorkflowAction[],
  current: WorkflowAction,
  patch: WorkflowActionPatch,
  limits: Limits = WORKFLOW_ACTION_LIMITS,
): WorkflowAction {
  const changed: WorkflowAction = { ...current, ...patch };
  checkAction(configured, changed, limits);
  return changed;
}

function checkAction(configured: readonly WorkflowAction[], action: WorkflowAction, limits: Limits): void {
  checkName(action.name, limits);
  checkParams(action.type, action.params);
  const seen = new Set<string>();
  for (const variable of action.actionVariables) {
    if (variable.name === '') throw new DomainError('BadRequest', 'Each action variable needs a name', 'name');
    if (length(variable.name) > limits.variableNameMaxCharacters) {
      throw new DomainError('BadRequest', `An action variable name must be at most ${limits.variableNameMaxCharacters} characters`, variable.name);
    }
    if (seen.has(variable.name)) throw new DomainError('BadRequest', 'Each action variable may be named once', variable.name);
    seen.add(variable.name);
  }
  if (configured.some((a) => a.id !== action.id && a.name === action.name)) {
    throw new DomainError('ConfigurationRefused', `A workflow action named "${action.name}" already exists`, action.name);
  }
  if (action.actionVariables.length > limits.variables) {
    throw new DomainError('MaximumExceeded', `A workflow action has at most ${limits.variables} action variables`, String(limits.variables));
  }
}

function checkName(name: string, limits: Limits): void {
  if (name === '') throw new DomainError('BadRequest', 'The name must not be empty', 'name');
  if (length(name) > limits.nameMaxCharacters) throw new DomainError('BadRequest', `The name must be at most ${limits.nameMaxCharacters} characters`, name);
}

function checkParams(type: WorkflowActionType, params: readonly WorkflowActionParam[]): void {
  const rule = PARAMS[type];
  const seen = new Set<string>();
  for (const { name, value } of params) {
    if (!rule.allowed.includes(name)) throw new DomainError('BadRequest', `A ${type} action takes the params ${rule.allowed.join(', ')}`, name);
    if (seen.has(name)) throw new DomainError('BadRequest', 'Each param may be given once', name);
    seen.add(name);
    const values = rule.values[name];
    if (values && !values.includes(value)) throw new DomainError('BadRequest', `The ${name} param must be one of ${values.join(', ')}`, value);
  }
  for (const name of rule.required) {
    if (!params.some((p) => p.name === name && p.value !== '')) throw new DomainError('BadRequest', `A ${type} action needs the ${name} param`, name);
  }
}
