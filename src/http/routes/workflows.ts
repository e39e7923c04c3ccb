import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WorkflowReads } from '../../application/workflow-reads.js';
import { workflowsWithActionsXml } from '../../finesse/workflow-xml.js';
import type { HttpAccess } from '../access.js';
import { requireActor } from '../authenticate.js';
import { sendXml } from '../errors.js';

export interface WorkflowRoutesDeps {
  workflowReads: Pick<WorkflowReads, 'workflowsOf'>;
  access: Pick<HttpAccess, 'userListsOwner' | 'teamResourceTeam'>;
}

type ById = FastifyRequest<{ Params: { id: string } }>;

/**
 * What agents read of the workflows: `/User/{id}/Workflows` (the user himself or an administrator; main
 * reference §3) and `/TeamResource/{team}/Workflows` (members of the team and administrators; admin
 * reference §10): the workflows assigned to the team, each with its triggers, conditions and its actions
 * in full (params and variables), so that a desktop can evaluate and run them without an admin call.
 */
export function registerWorkflowRoutes(app: FastifyInstance, ctx: WorkflowRoutesDeps): void {
  app.get('/User/:id/Workflows', async (request: ById, reply) => {
    const user = ctx.access.userListsOwner(requireActor(request), request.params.id);
    return sendXml(reply, 200, workflowsWithActionsXml(await ctx.workflowReads.workflowsOf(user.teamId)));
  });

  app.get('/TeamResource/:id/Workflows', async (request: ById, reply) => {
    const team = ctx.access.teamResourceTeam(requireActor(request), request.params.id);
    return sendXml(reply, 200, workflowsWithActionsXml(await ctx.workflowReads.workflowsOf(team.id)));
  });
}
