import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WrapUpReasonAdmin } from '../../application/wrap-up-reason-admin.js';
import { readWrapUpReasonDraft, readWrapUpReasonPatch } from '../../finesse/configuration-bodies.js';
import { wrapUpReasonXml, wrapUpReasonsXml } from '../../finesse/resources-xml.js';
import { wrapUpReasonUri } from '../../finesse/uris.js';
import { ADMINISTRATORS_ONLY, sendCreated } from '../admin-requests.js';
import { requireActor } from '../authenticate.js';
import { sendXml } from '../errors.js';
import { xmlBody } from '../request-body.js';

export interface WrapUpReasonConfigDeps {
  wrapUpReasonAdmin: Pick<WrapUpReasonAdmin, 'list' | 'get' | 'create' | 'update' | 'delete'>;
}

type ById = FastifyRequest<{ Params: { id: string } }>;

/**
 * The WrapUpReason configuration API (admin reference §4), administrators only (agents read theirs under
 * `/User/{id}/WrapUpReasons`). Creates answer 200 with `Location`; changes answer 200 with no body.
 */
export function registerWrapUpReasonConfigRoutes(app: FastifyInstance, ctx: WrapUpReasonConfigDeps): void {
  const admin = ctx.wrapUpReasonAdmin;

  app.get('/WrapUpReasons', ADMINISTRATORS_ONLY, async (_request, reply) => sendXml(reply, 200, wrapUpReasonsXml(await admin.list())));

  // The reference names POST /WrapUpReason; POST /WrapUpReasons (the list) is taken as the same.
  const create = async (request: FastifyRequest, reply: FastifyReply) => {
    const draft = readWrapUpReasonDraft(xmlBody(request, 'WrapUpReason'));
    const created = await admin.create(requireActor(request), draft);
    return sendCreated(request, reply, wrapUpReasonUri(created.id));
  };
  app.post('/WrapUpReason', ADMINISTRATORS_ONLY, create);
  app.post('/WrapUpReasons', ADMINISTRATORS_ONLY, create);

  app.get('/WrapUpReason/:id', ADMINISTRATORS_ONLY, async (request: ById, reply) => sendXml(reply, 200, wrapUpReasonXml(await admin.get(request.params.id))));

  app.put('/WrapUpReason/:id', ADMINISTRATORS_ONLY, async (request: ById, reply) => {
    await admin.update(requireActor(request), request.params.id, () => readWrapUpReasonPatch(xmlBody(request, 'WrapUpReason')));
    return reply.code(200).send();
  });

  app.delete('/WrapUpReason/:id', ADMINISTRATORS_ONLY, async (request: ById, reply) => {
    await admin.delete(requireActor(request), request.params.id);
    return reply.code(200).send();
  });
}
