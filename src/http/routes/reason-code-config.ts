import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ReasonCodeAdmin } from '../../application/reason-code-admin.js';
import { hasRole } from '../../domain/model.js';
import { readCategoryFilter, readReasonCodeDraft, readReasonCodePatch } from '../../finesse/configuration-bodies.js';
import { adminReasonCodeXml, adminReasonCodesXml } from '../../finesse/reason-code-config-xml.js';
import { reasonCodeUri } from '../../finesse/uris.js';
import { ADMINISTRATORS_ONLY, sendCreated } from '../admin-requests.js';
import { requireActor } from '../authenticate.js';
import { sendXml } from '../errors.js';
import { xmlBody } from '../request-body.js';

export interface ReasonCodeConfigDeps {
  reasonCodeAdmin: Pick<ReasonCodeAdmin, 'list' | 'get' | 'availableTo' | 'create' | 'update' | 'delete'>;
}

type ById = FastifyRequest<{ Params: { id: string } }>;

/**
 * The ReasonCode configuration API (admin reference §3.2): administrators list (system codes included),
 * create, change and delete; `GET /ReasonCode/{id}` is open to agents too, for the codes they may use.
 * Creates answer 200 with the new code's absolute URL in `Location`; changes answer 200 with no body.
 */
export function registerReasonCodeConfigRoutes(app: FastifyInstance, ctx: ReasonCodeConfigDeps): void {
  const admin = ctx.reasonCodeAdmin;

  app.get<{ Querystring: { category?: string | string[] } }>('/ReasonCodes', ADMINISTRATORS_ONLY, async (request, reply) => {
    const category = readCategoryFilter(request.query.category);
    return sendXml(reply, 200, adminReasonCodesXml(await admin.list(category), category));
  });

  // The reference names POST /ReasonCode; POST /ReasonCodes (the list) is taken as the same.
  const create = async (request: FastifyRequest, reply: FastifyReply) => {
    const draft = readReasonCodeDraft(xmlBody(request, 'ReasonCode'));
    const created = await admin.create(requireActor(request), draft);
    return sendCreated(request, reply, reasonCodeUri(created.id));
  };
  app.post('/ReasonCode', ADMINISTRATORS_ONLY, create);
  app.post('/ReasonCodes', ADMINISTRATORS_ONLY, create);

  app.get('/ReasonCode/:id', async (request: ById, reply) => {
    const actor = requireActor(request);
    const id = request.params.id;
    const code = hasRole(actor, 'Administrator') ? await admin.get(id) : admin.availableTo(actor, id);
    return sendXml(reply, 200, adminReasonCodeXml(code));
  });

  app.put('/ReasonCode/:id', ADMINISTRATORS_ONLY, async (request: ById, reply) => {
    await admin.update(requireActor(request), request.params.id, (current) => readReasonCodePatch(xmlBody(request, 'ReasonCode'), current));
    return reply.code(200).send();
  });

  app.delete('/ReasonCode/:id', ADMINISTRATORS_ONLY, async (request: ById, reply) => {
    await admin.delete(requireActor(request), request.params.id);
    return reply.code(200).send();
  });
}
