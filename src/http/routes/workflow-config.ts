import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WorkflowActionAdmin } from '../../application/workflow-action-admin.js';
import type { WorkflowAdmin } from '../../application/workflow-admin.js';
import { readAssignedIds } from '../../finesse/configuration-bodies.js';
import { workflowUri } from '../../finesse/uris.js';
import { readWorkflowFields, readWorkflowPatch } from '../../finesse/workflow-bodies.js';
import { workflowXml, workflowsXml } from '../../finesse/workflow-xml.js';
import { ADMINISTRATORS_ONLY, sendCreated } from '../admin-requests.js';
import { requireActor } from '../authenticate.js';
import { sendXml } from '../errors.js';
import { xmlBody } from '../request-body.js';

export interface WorkflowConfigDeps {
  workflowAdmin: Pick<WorkflowAdmin, 'list' | 'get' | 'create' | 'update' | 'delete' | 'requireTeam' | 'assignedTo' | 'assign'>;
  workflowActionAdmin: Pick<WorkflowActionAdmin, 'list'>;
}

type ById = FastifyRequest<{ Params: { id: string } }>;

/**
 * The Workflow configuration API (admin reference §8) and the team assignments of workflows (§9),
 * administrators only. A workflow's actions are listed as summaries (name, type, uri). Creates answer 200
 * with `Location`; changes answer 200 with no body. Deleting a workflow removes it from every team.
 */
export function registerWorkflowConfigRoutes(app: FastifyInstance, ctx: WorkflowConfigDeps): void {
  const admin = ctx.workflowAdmin;
  const actions = ctx.workflowActionAdmin;
  const answer = async (reply: FastifyReply, workflows: Parameters<typeof workflowsXml>[0]) =>
    sendXml(reply, 200, workflowsXml(workflows, await actions.list()));

  app.get('/Workflows', ADMINISTRATORS_ONLY, async (_request, reply) => answer(reply, await admin.list()));

  // The reference names POST /Workflow; POST /Workflows (the list) is taken as the same.
  const create = async (request: FastifyRequest, reply: FastifyReply) => {
    const created = await admin.create(requireActor(request), () => readWorkflowFields(xmlBody(request, 'Workflow')));
    return sendCreated(request, reply, workflowUri(created.id));
  };
  app.post('/Workflow', ADMINISTRATORS_ONLY, create);
  app.post('/Workflows', ADMINISTRATORS_ONLY, create);

  app.get('/Workflow/:id', ADMINISTRATORS_ONLY, async (request: ById, reply) => {
    const workflow = await admin.get(request.params.id);
    return sendXml(reply, 200, workflowXml(workflow, new Map((await actions.list()).map((a) => [a.id, a]))));
  });

  app.put('/Workflow/:id', ADMINISTRATORS_ONLY, async (request: ById, reply) => {
    await admin.update(requireActor(request), request.params.id, () => readWorkflowPatch(xmlBody(request, 'Workflow')));
    return reply.code(200).send();
  });

  app.delete('/Workflow/:id', ADMINISTRATORS_ONLY, async (request: ById, reply) => {
    await admin.delete(requireActor(request), request.params.id);
    return reply.code(200).send();
  });

  app.get('/Team/:id/Workflows', ADMINISTRATORS_ONLY, async (request: ById, reply) => {
    admin.requireTeam(request.params.id);
    return answer(reply, await admin.assignedTo(request.params.id));
  });

  app.put('/Team/:id/Workflows', ADMINISTRATORS_ONLY, async (request: ById, reply) => {
    admin.requireTeam(request.params.id);
    const ids = readAssignedIds(xmlBody(request, 'Workflows'), 'Workflow');
    await admin.assign(requireActor(request), request.params.id, ids);
    return reply.code(200).send();
  });
}
