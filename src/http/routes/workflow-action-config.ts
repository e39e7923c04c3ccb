import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WorkflowActionAdmin } from '../../application/workflow-action-admin.js';
import { workflowActionUri } from '../../finesse/uris.js';
import { readWorkflowActionFields, readWorkflowActionPatch } from '../../finesse/workflow-action-bodies.js';
import { workflowActionXml, workflowActionsXml } from '../../finesse/workflow-xml.js';
import { ADMINISTRATORS_ONLY, sendCreated } from '../admin-requests.js';
import { requireActor } from '../authenticate.js';
import { sendXml } from '../errors.js';
import { xmlBody } from '../request-body.js';

export interface WorkflowActionConfigDeps {
  workflowActionAdmin: Pick<WorkflowActionAdmin, 'list' | 'get' | 'create' | 'update' | 'delete'>;
}

type ById = FastifyRequest<{ Params: { id: string } }>;

/**
 * The WorkflowAction configuration API (admin reference §7), administrators only. Creates answer 200 with
 * `Location`; changes answer 200 with no body. An action a workflow runs cannot be deleted.
 */
export function registerWorkflowActionConfigRoutes(app: FastifyInstance, ctx: WorkflowActionConfigDeps): void {
  const admin = ctx.workflowActionAdmin;

  app.get('/WorkflowActions', ADMINISTRATORS_ONLY, async (_request, reply) => sendXml(reply, 200, workflowActionsXml(await admin.list())));

  // The reference names POST /WorkflowAction; POST /WorkflowActions (the list) is taken as the same.
  const create = async (request: FastifyRequest, reply: FastifyReply) => {
    const created = await admin.create(requireActor(request), () => readWorkflowActionFields(xmlBody(request, 'WorkflowAction')));
    return sendCreated(request, reply, workflowActionUri(created.id));
  };
  app.post('/WorkflowAction', ADMINISTRATORS_ONLY, create);
  app.post('/WorkflowActions', ADMINISTRATORS_ONLY, create);

  app.get('/WorkflowAction/:id', ADMINISTRATORS_ONLY, async (request: ById, reply) =>
    sendXml(reply, 200, workflowActionXml(await admin.get(request.params.id))),
  );

  app.put('/WorkflowAction/:id', ADMINISTRATORS_ONLY, async (request: ById, reply) => {
    await admin.update(requireActor(request), request.params.id, () => readWorkflowActionPatch(xmlBody(request, 'WorkflowAction')));
    return reply.code(200).send();
  });

  app.delete('/WorkflowAction/:id', ADMINISTRATORS_ONLY, async (request: ById, reply) => {
    await admin.delete(requireActor(request), request.params.id);
    return reply.code(200).send();
  });
}
