// finesse.restservices.Workflow(s) and WorkflowAction(s) (finesse-reference §8.5, admin reference): a user's
// workflows with their actions embedded.
import { getArray } from '../utilities.js';
import { textField, type XmlData } from './fields.js';
import { RestCollection, type RestItemClass } from './rest-collection.js';
import { RestObject } from './rest-object.js';
import { SubCollection } from './sub-collection.js';

export interface WorkflowParam {
  name: string;
  value: string;
}

export interface WorkflowActionVariable {
  name: string;
  node: string;
  type: string;
  testValue: string;
}

export class WorkflowAction extends RestObject {
  static HandledBy = { FINESSE_DESKTOP: 'FINESSE_DESKTOP', OTHER: 'OTHER' };
  static Type = { BROWSER_POP: 'BROWSER_POP', HTTP_REQUEST: 'HTTP_REQUEST' };

  override getRestType(): string {
    return 'WorkflowAction';
  }

  getName(): string {
    return textField(this._data?.name);
  }

  getType(): string {
    return textField(this._data?.type);
  }

  getHandledBy(): string {
    return textField(this._data?.handledBy);
  }

  /** The params in order, each `{name, value}`. */
  getParams(): WorkflowParam[] {
    return (getArray(this._data?.params?.Param) as Record<string, unknown>[]).map((p) => ({ name: textField(p?.name), value: textField(p?.value) }));
  }

  /** The action variables in order, each `{name, node, type, testValue}`. */
  getActionVariables(): WorkflowActionVariable[] {
    return (getArray(this._data?.actionVariables?.ActionVariable) as Record<string, unknown>[]).map((v) => ({
      name: textField(v?.name),
      node: textField(v?.node),
      type: textField(v?.type),
      testValue: textField(v?.testValue),
    }));
  }
}

/** `/finesse/api/WorkflowActions`, or a workflow's embedded `workflowActions`. */
export class WorkflowActions extends RestCollection {
  override getRestType(): string {
    return 'WorkflowActions';
  }

  override getRestUrl(): string {
    return '/finesse/api/WorkflowActions';
  }

  override getRestItemType(): string {
    return 'WorkflowAction';
  }

  override getRestItemClass(): RestItemClass {
    return WorkflowAction;
  }
}

export class Workflow extends RestObject {
  override getRestType(): string {
    return 'Workflow';
  }

  getName(): string {
    return textField(this._data?.name);
  }

  getDescription(): string {
    return textField(this._data?.description);
  }

  getTriggerSet(): XmlData {
    return this._data?.TriggerSet ?? null;
  }

  getConditionSet(): XmlData {
    return this._data?.ConditionSet ?? null;
  }

  /** The actions embedded in the workflow, as a WorkflowActions collection (no request). */
  getWorkflowActions(): WorkflowActions {
    return new WorkflowActions({ data: this._data?.workflowActions ?? null, parent: this });
  }
}

export class Workflows extends SubCollection {
  override getRestType(): string {
    return 'Workflows';
  }

  override getRestItemType(): string {
    return 'Workflow';
  }

  override getRestItemClass(): RestItemClass {
    return Workflow;
  }
}
