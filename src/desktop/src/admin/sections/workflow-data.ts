import type { AdminApi } from '../api/admin-api';
import { type TeamSummary, listTeams, teamsByItem } from '../api/teams';
import { type AdminWorkflow, type AdminWorkflowAction, listWorkflowActions, listWorkflows } from '../api/workflows';

export type WorkflowRow = AdminWorkflow & { teamIds: string[] };

export interface WorkflowData {
  actions: AdminWorkflowAction[];
  workflows: WorkflowRow[];
  teams: TeamSummary[];
}

/** The actions, the workflows with the teams each is assigned to, and the teams. */
export async function loadWorkflowData(api: AdminApi): Promise<WorkflowData> {
  const [actions, workflows, teams] = await Promise.all([listWorkflowActions(api), listWorkflows(api), listTeams(api)]);
  const byWorkflow = await teamsByItem(api, teams, 'Workflow');
  return { actions, workflows: workflows.map((w) => ({ ...w, teamIds: byWorkflow.get(w.id) ?? [] })), teams };
}
