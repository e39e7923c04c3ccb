/**
 * Workflows and workflow actions (admin reference §7, §8): what a desktop's workflow engine evaluates on
 * call events (gadget reference §5). A workflow belongs to the teams it is assigned to; there are no
 * global workflows.
 */

export type WorkflowActionType = 'BROWSER_POP' | 'HTTP_REQUEST';
export const WORKFLOW_ACTION_TYPES: readonly WorkflowActionType[] = ['BROWSER_POP', 'HTTP_REQUEST'];

/** Who runs an action: the desktop's workflow engine, or only the gadgets listening for it. */
export type WorkflowActionHandler = 'FINESSE_DESKTOP' | 'OTHER';
export const WORKFLOW_ACTION_HANDLERS: readonly WorkflowActionHandler[] = ['FINESSE_DESKTOP', 'OTHER'];

/** Where a variable's value comes from: a field of the event (SYSTEM) or a node the administrator wrote (CUSTOM). */
export type VariableType = 'SYSTEM' | 'CUSTOM';
export const VARIABLE_TYPES: readonly VariableType[] = ['SYSTEM', 'CUSTOM'];

export interface WorkflowActionParam {
  name: string;
  value: string;
}

export interface ActionVariable {
  name: string;
  /** The path of the value in the event (empty when the name alone says it). */
  node: string;
  type: VariableType;
  /** The value the console's "test" button uses (may be empty). */
  testValue: string;
}

export interface WorkflowAction {
  id: string;
  name: string;
  type: WorkflowActionType;
  handledBy: WorkflowActionHandler;
  /** In the order given; each name once. */
  params: readonly WorkflowActionParam[];
  actionVariables: readonly ActionVariable[];
}

/** The fields of an action an administrator writes. */
export type WorkflowActionFields = Omit<WorkflowAction, 'id'>;

export type TriggerName = 'CALL_ARRIVES' | 'CALL_ANSWERED' | 'CALL_ENDS' | 'CALL_MADE' | 'CALL_PREVIEW';
export const TRIGGER_NAMES: readonly TriggerName[] = ['CALL_ARRIVES', 'CALL_ANSWERED', 'CALL_ENDS', 'CALL_MADE', 'CALL_PREVIEW'];

export type Comparator = 'IS_EQUAL' | 'IS_NOT_EQUAL' | 'BEGINS_WITH' | 'ENDS_WITH' | 'CONTAINS' | 'IS_EMPTY' | 'IS_NOT_EMPTY' | 'IS_IN_LIST' | 'IS_NOT_IN_LIST';
export const COMPARATORS: readonly Comparator[] = [
  'IS_EQUAL',
  'IS_NOT_EQUAL',
  'BEGINS_WITH',
  'ENDS_WITH',
  'CONTAINS',
  'IS_EMPTY',
  'IS_NOT_EMPTY',
  'IS_IN_LIST',
  'IS_NOT_IN_LIST',
];
/** The comparators that look at the variable alone: their condition needs no value. */
export const VALUELESS_COMPARATORS: readonly Comparator[] = ['IS_EMPTY', 'IS_NOT_EMPTY'];

export type ApplyMethod = 'ALL' | 'ANY';
export const APPLY_METHODS: readonly ApplyMethod[] = ['ALL', 'ANY'];

/** A condition (or a trigger filter, which has the same shape): the variable, how it compares, with what. */
export interface WorkflowCondition {
  variable: { name: string; node: string; type: VariableType };
  comparator: Comparator;
  value: string;
}

export interface TriggerSet {
  type: 'EVENT';
  name: TriggerName;
  allowOverlappingCallWorkflow: boolean;
  /** 12.x extra filters on the trigger. */
  triggers: readonly WorkflowCondition[];
}

export interface ConditionSet {
  applyMethod: ApplyMethod;
  conditions: readonly WorkflowCondition[];
}

export interface Workflow {
  id: string;
  name: string;
  description: string;
  /** The media the workflow applies to (voice is `1`). */
  media: string;
  triggerSet: TriggerSet;
  conditionSet: ConditionSet;
  /** The workflow actions run, in this order. */
  actionIds: readonly string[];
  /** The teams it is assigned to (sorted). */
  teamIds: readonly string[];
}

/** The fields of a workflow an administrator writes (team assignments are made per team). */
export type WorkflowFields = Omit<Workflow, 'id' | 'teamIds'>;

/** The workflows of `teamId`, by id. */
export function workflowsOfTeam(workflows: readonly Workflow[], teamId: string | null): Workflow[] {
  if (teamId === null) return [];
  return workflows.filter((w) => w.teamIds.includes(teamId)).sort((a, b) => Number(a.id) - Number(b.id) || a.id.localeCompare(b.id));
}
