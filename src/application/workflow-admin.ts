import type { Directory } from '../domain/directory.js';
import { DomainError } from '../domain/errors.js';
import type { UserAccount } from '../domain/model.js';
import { assignToTeam } from '../domain/team-assignments.js';
import type { Workflow, WorkflowFields } from '../domain/workflow.js';
import { workflowsOfTeam } from '../domain/workflow.js';
import type { WorkflowPatch } from '../domain/workflow-rules.js';
import { changedWorkflow, checkTeamWorkflowCount, newWorkflow } from '../domain/workflow-rules.js';
import type { ConfigurationChanges } from './configuration-changes.js';
import { auditJson } from './configuration-changes.js';
import { invalidTeam } from './reason-code-admin.js';
import type { WorkflowStore } from './workflow-action-admin.js';

/**
 * The Workflow configuration API (admin reference §8) and the team assignments of workflows (§9).
 * Workflows are read from the store on every request (a change any node committed is seen at once);
 * changes go through the configuration unit of work. Every workflow is a team item: it applies only to
 * the teams it is assigned to, at most 20 per team.
 */
export class WorkflowAdmin {
  constructor(
    private readonly directory: Pick<Directory, 'findTeam'>,
    private readonly changes: Pick<ConfigurationChanges, 'make'>,
    private readonly store: WorkflowStore,
  ) {}

  list(): Promise<Workflow[]> {
    return this.store.loadWorkflows();
  }

  async get(id: string): Promise<Workflow> {
    return requireWorkflow(await this.store.loadWorkflows(), id);
  }

  /** `fieldsOf` reads the request body. */
  create(actor: UserAccount, fieldsOf: () => WorkflowFields): Promise<Workflow> {
    return this.changes.make(actor.loginId, async () => {
      const [workflows, actions] = await Promise.all([this.store.loadWorkflows(), this.store.loadWorkflowActions()]);
      const checked = newWorkflow(workflows, actions, '', fieldsOf());
      const created = { ...checked, id: String(await this.store.reserveIds('workflow', 1)) };
      return {
        writes: [{ kind: 'workflow', workflow: created }],
        audit: [{ resource: 'Workflow', resourceId: created.id, action: 'create', before: null, after: auditJson(created) }],
        apply: () => undefined,
        result: created,
      };
    });
  }

  /** `patchOf` reads the request body; it runs once the workflow is known to exist (404 comes before 400). */
  update(actor: UserAccount, id: string, patchOf: (current: Workflow) => WorkflowPatch): Promise<Workflow> {
    return this.changes.make(actor.loginId, async () => {
      const [workflows, actions] = await Promise.all([this.store.loadWorkflows(), this.store.loadWorkflowActions()]);
      const current = requireWorkflow(workflows, id);
      const changed = changedWorkflow(workflows, actions, current, patchOf(current));
      return {
        writes: [{ kind: 'workflow', workflow: changed }],
        audit: [{ resource: 'Workflow', resourceId: id, action: 'update', before: auditJson(current), after: auditJson(changed) }],
        apply: () => undefined,
        result: changed,
      };
    });
  }

  /** Deletes the workflow and its team assignments; its id is never handed out again. */
  delete(actor: UserAccount, id: string): Promise<void> {
    return this.changes.make(actor.loginId, async () => {
      const current = requireWorkflow(await this.store.loadWorkflows(), id);
      await this.store.reserveIds('workflow', 0);
      return {
        writes: [{ kind: 'workflowDeleted', id }],
        audit: [{ resource: 'Workflow', resourceId: id, action: 'delete', before: auditJson(current), after: null }],
        apply: () => undefined,
        result: undefined,
      };
    });
  }

  /** A team a team assignment may name; any other id is 404 with the 12.x team-assignment error. */
  requireTeam(teamId: string): void {
    if (!this.directory.findTeam(teamId)) throw invalidTeam(teamId);
  }

  /** The workflows assigned to the team (`GET /Team/{id}/Workflows`). */
  async assignedTo(teamId: string): Promise<Workflow[]> {
    this.requireTeam(teamId);
    return workflowsOfTeam(await this.store.loadWorkflows(), teamId);
  }

  /** Gives the team exactly the workflows `ids` names, at most 20 (`PUT /Team/{id}/Workflows`). */
  assign(actor: UserAccount, teamId: string, ids: readonly string[]): Promise<void> {
    return this.changes.make(actor.loginId, async () => {
      this.requireTeam(teamId);
      const all = (await this.store.loadWorkflows()).map((w) => ({ ...w, forAll: false }));
      const before = workflowsOfTeam(all, teamId).map((w) => w.id);
      const changed = assignToTeam(all, teamId, ids, (id) => `The workflow ${id}`).map(({ forAll: _forAll, ...workflow }) => workflow);
      const after = [...new Set(ids)].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
      checkTeamWorkflowCount(after.length);
      return {
        writes: changed.map((workflow) => ({ kind: 'workflow' as const, workflow })),
        audit: [
          {
            resource: 'Team/Workflows',
            resourceId: teamId,
            action: 'assign',
            before: auditJson({ workflowIds: before }),
            after: auditJson({ workflowIds: after }),
          },
        ],
        apply: () => undefined,
        result: undefined,
      };
    });
  }
}

/** The workflow `id` among `workflows`, or 404 Not Found. */
export function requireWorkflow(workflows: readonly Workflow[], id: string): Workflow {
  const workflow = workflows.find((w) => w.id === id);
  if (!workflow) throw new DomainError('NotFound', 'Invalid workflow id specified', id);
  return workflow;
}
