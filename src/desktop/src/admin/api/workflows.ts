import { child, children, text } from '../../finesse/xml';
import { type AdminApi, itemId, tag } from './admin-api';

export type ActionType = 'BROWSER_POP' | 'HTTP_REQUEST';
export type VariableType = 'SYSTEM' | 'CUSTOM';

export interface ActionVariable {
  name: string;
  node: string;
  type: VariableType;
  testValue: string;
}

/** A workflow action (admin reference §7); `params` by name (`path`, `windowName`, `method`, …). */
export interface AdminWorkflowAction {
  id: string;
  name: string;
  type: ActionType;
  handledBy: 'FINESSE_DESKTOP' | 'OTHER';
  params: Record<string, string>;
  variables: ActionVariable[];
}

export type ActionFields = Omit<AdminWorkflowAction, 'id'>;

/** The params each type has, in the order the form shows them (admin reference §7). */
export const ACTION_PARAMS: Record<ActionType, readonly string[]> = {
  BROWSER_POP: ['path', 'windowName'],
  HTTP_REQUEST: ['method', 'location', 'path', 'contentType', 'body'],
};

export const TRIGGERS = ['CALL_ARRIVES', 'CALL_ANSWERED', 'CALL_ENDS', 'CALL_MADE', 'CALL_PREVIEW'] as const;
export const COMPARATORS = [
  'IS_EQUAL',
  'IS_NOT_EQUAL',
  'BEGINS_WITH',
  'ENDS_WITH',
  'CONTAINS',
  'IS_EMPTY',
  'IS_NOT_EMPTY',
  'IS_IN_LIST',
  'IS_NOT_IN_LIST',
] as const;

export interface WorkflowCondition {
  name: string;
  node: string;
  type: VariableType;
  comparator: string;
  value: string;
}

/** A workflow (admin reference §8): its trigger, conditions and the ids of its actions in the order they run. */
export interface AdminWorkflow {
  id: string;
  name: string;
  description: string;
  trigger: string;
  allowOverlapping: boolean;
  applyMethod: 'ALL' | 'ANY';
  conditions: WorkflowCondition[];
  actionIds: string[];
}

export type WorkflowFields = Omit<AdminWorkflow, 'id'>;

const actionPath = (id: string): string => `/WorkflowAction/${encodeURIComponent(id)}`;
const workflowPath = (id: string): string => `/Workflow/${encodeURIComponent(id)}`;
const actionUri = (id: string): string => `/finesse/api/WorkflowAction/${id}`;

export async function listWorkflowActions(api: AdminApi): Promise<AdminWorkflowAction[]> {
  return children(await api.getXml('/WorkflowActions'), 'WorkflowAction').map((a) => ({
    id: itemId(a),
    name: text(a, 'name'),
    type: text(a, 'type') as ActionType,
    handledBy: text(a, 'handledBy') as AdminWorkflowAction['handledBy'],
    params: Object.fromEntries(children(child(a, 'params'), 'Param').map((p) => [text(p, 'name'), text(p, 'value')])),
    variables: children(child(a, 'actionVariables'), 'ActionVariable').map((v) => ({
      name: text(v, 'name'),
      node: text(v, 'node'),
      type: text(v, 'type') as VariableType,
      testValue: text(v, 'testValue'),
    })),
  }));
}

/** The whole action: params and variables given replace the stored ones. Empty optional params are left out. */
function actionXml(f: ActionFields): string {
  const params = ACTION_PARAMS[f.type]
    .filter((name) => (f.params[name] ?? '') !== '' || name === 'path')
    .map((name) => `<Param>${tag('name', name)}${tag('value', f.params[name] ?? '')}</Param>`)
    .join('');
  const variables = f.variables
    .map((v) => `<ActionVariable>${tag('name', v.name)}${tag('node', v.node)}${tag('type', v.type)}${tag('testValue', v.testValue)}</ActionVariable>`)
    .join('');
  return `<WorkflowAction>${tag('name', f.name)}${tag('type', f.type)}${tag('handledBy', f.handledBy)}<params>${params}</params><actionVariables>${variables}</actionVariables></WorkflowAction>`;
}

export function createWorkflowAction(api: AdminApi, f: ActionFields): Promise<string> {
  return api.create('/WorkflowAction', actionXml(f));
}

export function updateWorkflowAction(api: AdminApi, id: string, f: ActionFields): Promise<void> {
  return api.put(actionPath(id), actionXml(f));
}

/** Refused (400 naming the workflows) while a workflow runs the action. */
export function deleteWorkflowAction(api: AdminApi, id: string): Promise<void> {
  return api.remove(actionPath(id));
}

export async function listWorkflows(api: AdminApi): Promise<AdminWorkflow[]> {
  return children(await api.getXml('/Workflows'), 'Workflow').map((w) => {
    const triggers = child(w, 'TriggerSet');
    const conditions = child(w, 'ConditionSet');
    return {
      id: itemId(w),
      name: text(w, 'name'),
      description: text(w, 'description'),
      trigger: text(triggers, 'name'),
      allowOverlapping: text(triggers, 'allowOverlappingCallWorkflow') === 'true',
      applyMethod: text(conditions, 'applyMethod') === 'ANY' ? 'ANY' : 'ALL',
      conditions: children(child(conditions, 'conditions'), 'Condition').map((c) => {
        const variable = child(c, 'Variable');
        return {
          name: text(variable, 'name'),
          node: text(variable, 'node'),
          type: (text(variable, 'type') || 'SYSTEM') as VariableType,
          comparator: text(c, 'comparator'),
          value: text(c, 'value'),
        };
      }),
      actionIds: children(child(w, 'workflowActions'), 'WorkflowAction').map(itemId),
    };
  });
}

/** The whole workflow: its TriggerSet, ConditionSet and actions replace the stored ones. */
function workflowXml(f: WorkflowFields): string {
  const conditions = f.conditions
    .map((c) => {
      const variable = `<Variable>${tag('name', c.name)}${c.node === '' ? '' : tag('node', c.node)}${tag('type', c.type)}</Variable>`;
      const value = c.comparator === 'IS_EMPTY' || c.comparator === 'IS_NOT_EMPTY' ? '' : tag('value', c.value);
      return `<Condition>${variable}${tag('comparator', c.comparator)}${value}</Condition>`;
    })
    .join('');
  const actions = f.actionIds.map((id) => `<WorkflowAction>${tag('uri', actionUri(id))}</WorkflowAction>`).join('');
  return (
    `<Workflow>${tag('name', f.name)}${tag('description', f.description)}` +
    `<TriggerSet>${tag('type', 'EVENT')}${tag('name', f.trigger)}${tag('allowOverlappingCallWorkflow', f.allowOverlapping)}</TriggerSet>` +
    `<ConditionSet>${tag('applyMethod', f.applyMethod)}<conditions>${conditions}</conditions></ConditionSet>` +
    `<workflowActions>${actions}</workflowActions></Workflow>`
  );
}

export function createWorkflow(api: AdminApi, f: WorkflowFields): Promise<string> {
  return api.create('/Workflow', workflowXml(f));
}

export function updateWorkflow(api: AdminApi, id: string, f: WorkflowFields): Promise<void> {
  return api.put(workflowPath(id), workflowXml(f));
}

/** Deletes the workflow and takes it from every team. */
export function deleteWorkflow(api: AdminApi, id: string): Promise<void> {
  return api.remove(workflowPath(id));
}
