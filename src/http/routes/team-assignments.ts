import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ReasonCodeAdmin } from '../../application/reason-code-admin.js';
import type { WrapUpReasonAdmin } from '../../application/wrap-up-reason-admin.js';
import { readAssignedIds, readCategoryFilter, readCategoryParameter } from '../../finesse/configuration-bodies.js';
import { adminReasonCodesXml } from '../../finesse/reason-code-config-xml.js';
import { wrapUpReasonsXml } from '../../finesse/resources-xml.js';
import { ADMINISTRATORS_ONLY } from '../admin-requests.js';
import { requireActor } from '../authenticate.js';
import { sendXml } from '../errors.js';
import { xmlBody } from '../request-body.js';

export interface TeamAssignmentDeps {
  reasonCodeAdmin: Pick<ReasonCodeAdmin, 'requireTeam' | 'assignedTo' | 'assign'>;
  wrapUpReasonAdmin: Pick<WrapUpReasonAdmin, 'requireTeam' | 'assignedTo' | 'assign'>;
}

type TeamRequest = FastifyRequest<{ Params: { id: string }; Querystring: { category?: string | string[] } }>;

/**
 * The team assignments of reason codes and wrap-up reasons (admin reference §9), administrators only.
 * GET lists the team items assigned to the team (global items apply to every team and are not listed);
 * PUT replaces that list (an empty collection clears it) and answers 200 with no body. The checks go in
 * the reference's order: the team (404), the parameters and body (400), the items named (400).
 */
export function registerTeamAssignmentRoutes(app: FastifyInstance, ctx: TeamAssignmentDeps): void {
  const { reasonCodeAdmin, wrapUpReasonAdmin } = ctx;

  app.get('/Team/:id/ReasonCodes', ADMINISTRATORS_ONLY, async (request: TeamRequest, reply) => {
    reasonCodeAdmin.requireTeam(request.params.id);
    const category = readCategoryFilter(request.query.category);
    return sendXml(reply, 200, adminReasonCodesXml(await reasonCodeAdmin.assignedTo(request.params.id, category)));
  });

  app.put('/Team/:id/ReasonCodes', ADMINISTRATORS_ONLY, async (request: TeamRequest, reply) => {
    reasonCodeAdmin.requireTeam(request.params.id);
    const category = readCategoryParameter(request.query.category);
    const ids = readAssignedIds(xmlBody(request, 'ReasonCodes'), 'ReasonCode');
    await reasonCodeAdmin.assign(requireActor(request), request.params.id, category, ids);
    return reply.code(200).send();
  });

  app.get('/Team/:id/WrapUpReasons', ADMINISTRATORS_ONLY, async (request: TeamRequest, reply) => {
    wrapUpReasonAdmin.requireTeam(request.params.id);
    return sendXml(reply, 200, wrapUpReasonsXml(await wrapUpReasonAdmin.assignedTo(request.params.id)));
  });

  app.put('/Team/:id/WrapUpReasons', ADMINISTRATORS_ONLY, async (request: TeamRequest, reply) => {
    wrapUpReasonAdmin.requireTeam(request.params.id);
    const ids = readAssignedIds(xmlBody(request, 'WrapUpReasons'), 'WrapUpReason');
    await wrapUpReasonAdmin.assign(requireActor(request), request.params.id, ids);
    return reply.code(200).send();
  });
}
