import { DomainError } from '../domain/errors.js';
import type { UserAccount } from '../domain/model.js';
import type { WorkflowAction, WorkflowActionFields } from '../domain/workflow.js';
import type { WorkflowActionPatch } from '../domain/workflow-action-rules.js';
import { changedWorkflowAction, newWorkflowAction } from '../domain/workflow-action-rules.js';
import type { ConfigurationChanges } from './configuration-changes.js';
import { auditJson } from './configuration-changes.js';
import type { Store } from './ports/store.js';

export type WorkflowStore = Pick<Store, 'loadWorkflowActions' | 'loadWorkflows' | 'reserveIds'>;

/**
 * The WorkflowAction configuration API (admin reference §7). Like phone books, workflow actions are read
 * from the store on every request, so a change any node committed is seen at once; changes go through the
 * configuration unit of work (durable with their audit entries before the answer). An action a workflow
 * runs cannot be deleted (400 Finesse API Error naming the workflows); the database's foreign key keeps
 * it so against another node's concurrent change.
 */
export class WorkflowActionAdmin {
  constructor(
    private readonly changes: Pick<ConfigurationChanges, 'make'>,
    private readonly store: WorkflowStore,
  ) {}

  list(): Promise<WorkflowAction[]> {
    return this.store.loadWorkflowActions();
  }

  async get(id: string): Promise<WorkflowAction> {
    return requireAction(await this.store.loadWorkflowActions(), id);
  }

  /** `fieldsOf` reads the request body. */
  create(actor: UserAccount, fieldsOf: () => WorkflowActionFields): Promise<WorkflowAction> {
    return this.changes.make(actor.loginId, async () => {
      const checked = newWorkflowAction(await this.store.loadWorkflowActions(), '', fieldsOf());
      const created = { ...checked, id: String(await this.store.reserveIds('workflowAction', 1)) };
      return {
        writes: [{ kind: 'workflowAction', action: created }],
        audit: [{ resource: 'WorkflowAction', resourceId: created.id, action: 'create', before: null, after: auditJson(created) }],
        apply: () => undefined,
        result: created,
      };
    });
  }

  /** `patchOf` reads the request body; it runs once the action is known to exist (404 comes before 400). */
  update(actor: UserAccount, id: string, patchOf: (current: WorkflowAction) => WorkflowActionPatch): Promise<WorkflowAction> {
    return this.changes.make(actor.loginId, async () => {
      const actions = await this.store.loadWorkflowActions();
      const current = requireAction(actions, id);
      const changed = changedWorkflowAction(actions, current, patchOf(current));
      return {
        writes: [{ kind: 'workflowAction', action: changed }],
        audit: [{ resource: 'WorkflowAction', resourceId: id, action: 'update', before: auditJson(current), after: auditJson(changed) }],
        apply: () => undefined,
        result: changed,
      };
    });
  }

  /** Deletes an action no workflow runs; its id is never handed out again. */
  delete(actor: UserAccount, id: string): Promise<void> {
    return this.changes.make(actor.loginId, async () => {
      const current = requireAction(await this.store.loadWorkflowActions(), id);
      const users = (await this.store.loadWorkflows()).filter((w) => w.actionIds.includes(id));
      if (users.length > 0) {
        const names = users.map((w) => `"${w.name}"`).join(', ');
        throw new DomainError('ConfigurationRefused', `The workflow action is used by the workflows ${names}: remove it from them first`, id);
      }
      await this.store.reserveIds('workflowAction', 0);
      return {
        writes: [{ kind: 'workflowActionDeleted', id }],
        audit: [{ resource: 'WorkflowAction', resourceId: id, action: 'delete', before: auditJson(current), after: null }],
        apply: () => undefined,
        result: undefined,
      };
    });
  }
}

/** The action `id` among `actions`, or 404 Not Found. */
export function requireAction(actions: readonly WorkflowAction[], id: string): WorkflowAction {
  const action = actions.find((a) => a.id === id);
  if (!action) throw new DomainError('NotFound', 'Invalid workflow action id specified', id);
  return action;
}
