import type { ConfigApi } from './config-api.js';
import { xmlObject } from './config-api.js';

/** Helpers of the workflow tests: the bodies finesse.js sends for workflow actions and workflows. */

const escaped = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The given fields as sibling elements (undefined ones left out). */
const fields = (f: Record<string, string | undefined>): string =>
  Object.entries(f)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<${k}>${escaped(v!)}</${k}>`)
    .join('');

export interface ActionBody {
  uri?: string;
  name?: string;
  type?: string;
  handledBy?: string;
  params?: Record<string, string>;
  variables?: { name: string; node?: string; type?: string; testValue?: string }[];
}

/** `<WorkflowAction>` with `params{Param*}` and `actionVariables{ActionVariable*}` when given. */
export function actionBody(a: ActionBody): string {
  const head = fields({ uri: a.uri, name: a.name, type: a.type, handledBy: a.handledBy });
  const params =
    a.params === undefined
      ? ''
      : `<params>${Object.entries(a.params)
          .map(([name, value]) => `<Param>${fields({ name, value })}</Param>`)
          .join('')}</params>`;
  const variables = a.variables === undefined ? '' : `<actionVariables>${a.variables.map((v) => xmlObject('ActionVariable', v)).join('')}</actionVariables>`;
  return `<WorkflowAction>${head}${params}${variables}</WorkflowAction>`;
}

/** A BROWSER_POP action that opens `path` in `windowName`. */
export const browserPop = (name: string, path = 'http://crm.example.com/?q=${callVariable1}', windowName = 'crm'): string =>
  actionBody({ name, type: 'BROWSER_POP', handledBy: 'FINESSE_DESKTOP', params: { path, windowName } });

export const createBrowserPop = (api: ConfigApi, name: string): Promise<string> => api.create('/WorkflowAction', browserPop(name));

export interface ConditionBody {
  name: string;
  type?: string;
  node?: string;
  comparator: string;
  value?: string;
}

export interface WorkflowBody {
  uri?: string;
  name?: string;
  description?: string;
  media?: string;
  /** The trigger name; undefined leaves the TriggerSet out. */
  trigger?: string;
  allowOverlapping?: boolean;
  triggers?: ConditionBody[];
  applyMethod?: string;
  /** undefined leaves the ConditionSet out. */
  conditions?: ConditionBody[];
  /** Action ids; undefined leaves workflowActions out. */
  actions?: string[];
}

const conditionXml = (root: string, c: ConditionBody) =>
  `<${root}>${xmlObject('Variable', { name: c.name, node: c.node, type: c.type })}${fields({ comparator: c.comparator, value: c.value })}</${root}>`;

/** `<Workflow>` as finesse.js sends it: each action by its uri only. */
export function workflowBody(w: WorkflowBody): string {
  const head = fields({ uri: w.uri, name: w.name, description: w.description, media: w.media });
  const triggers = w.triggers === undefined ? '' : `<triggers>${w.triggers.map((t) => conditionXml('Trigger', t)).join('')}</triggers>`;
  const overlapping = w.allowOverlapping === undefined ? '' : `<allowOverlappingCallWorkflow>${w.allowOverlapping}</allowOverlappingCallWorkflow>`;
  const triggerSet = w.trigger === undefined ? '' : `<TriggerSet><type>EVENT</type><name>${w.trigger}</name>${overlapping}${triggers}</TriggerSet>`;
  const conditionSet =
    w.conditions === undefined
      ? ''
      : `<ConditionSet><applyMethod>${w.applyMethod ?? 'ALL'}</applyMethod><conditions>${w.conditions.map((c) => conditionXml('Condition', c)).join('')}</conditions></ConditionSet>`;
  const actions =
    w.actions === undefined
      ? ''
      : `<workflowActions>${w.actions.map((id) => `<WorkflowAction><uri>/finesse/api/WorkflowAction/${id}</uri></WorkflowAction>`).join('')}</workflowActions>`;
  return `<Workflow>${head}${triggerSet}${conditionSet}${actions}</Workflow>`;
}

/** A CALL_ANSWERED workflow running `actions`. */
export const createWorkflow = (api: ConfigApi, name: string, actions: string[] = [], extra: Partial<WorkflowBody> = {}): Promise<string> =>
  api.create('/Workflow', workflowBody({ name, trigger: 'CALL_ANSWERED', actions, ...extra }));

/** The body of `PUT /Team/{id}/Workflows` naming these workflows. */
export const teamWorkflows = (...ids: string[]): string =>
  `<Workflows>${ids.map((id) => `<Workflow><uri>/finesse/api/Workflow/${id}</uri></Workflow>`).join('')}</Workflows>`;
