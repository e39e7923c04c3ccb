import type { Workflow, WorkflowAction } from '../domain/workflow.js';
import { workflowsOfTeam } from '../domain/workflow.js';
import type { Store } from './ports/store.js';

/** A workflow as a desktop evaluates it: with its actions in full, in the order they run. */
export interface WorkflowWithActions {
  workflow: Workflow;
  actions: WorkflowAction[];
}

/**
 * What agents read of the workflows (`/User/{id}/Workflows`, `/TeamResource/{team}/Workflows`; gadget
 * reference §5): the workflows assigned to a team, each carrying its actions, read from the store on each
 * request (a change is seen on the next read, on any node).
 */
export class WorkflowReads {
  constructor(private readonly store: Pick<Store, 'loadWorkflows' | 'loadWorkflowActions'>) {}

  /** The workflows of `teamId` (none without a team), by id. */
  async workflowsOf(teamId: string | null): Promise<WorkflowWithActions[]> {
    if (teamId === null) return [];
    const [workflows, actions] = await Promise.all([this.store.loadWorkflows(), this.store.loadWorkflowActions()]);
    const byId = new Map(actions.map((a) => [a.id, a]));
    return workflowsOfTeam(workflows, teamId).map((workflow) => ({
      workflow,
      actions: workflow.actionIds.map((id) => byId.get(id)).filter((a): a is WorkflowAction => a !== undefined),
    }));
  }
}
