import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Directory } from '../../domain/directory.js';
import { DomainError } from '../../domain/errors.js';
import type { ReasonCategory } from '../../domain/model.js';
import { REASON_CATEGORIES } from '../../domain/model.js';
import { reasonCodesXml, wrapUpReasonsXml } from '../../finesse/resources-xml.js';
import type { HttpAccess } from '../access.js';
import { requireActor } from '../authenticate.js';
import { sendXml } from '../errors.js';

export interface TeamResourceDeps {
  directory: Pick<Directory, 'reasonCodesFor' | 'wrapUpReasonsFor'>;
  access: Pick<HttpAccess, 'teamResourceTeam'>;
}

type TeamRequest = FastifyRequest<{ Params: { id: string }; Querystring: { category?: string | string[] } }>;

/**
 * The reason codes and wrap-up reasons a team may use (admin reference §10), for its members and
 * administrators: the global items and those assigned to the team, the same objects and lists as the
 * per-user reads they replace (`/User/{id}/ReasonCodes`, `/User/{id}/WrapUpReasons`). They come from the
 * configuration cache, which every change updates (and, in a cluster, the change stream reloads).
 */
export function registerTeamResourceRoutes(app: FastifyInstance, ctx: TeamResourceDeps): void {
  app.get('/TeamResource/:id/ReasonCodes', async (request: TeamRequest, reply) => {
    const actor = requireActor(request);
    const team = ctx.access.teamResourceTeam(actor, request.params.id);
    const category = [request.query.category ?? ''].flat().pop() ?? '';
    if (category === '') throw new DomainError('ParameterMissing', 'Category parameter is missing', 'category');
    if (category !== 'ALL' && !(REASON_CATEGORIES as readonly string[]).includes(category)) {
      throw new DomainError('InvalidInput', 'Invalid category specified', category);
    }
    const member = { ...actor, teamId: team.id };
    const categories: ReasonCategory[] = category === 'ALL' ? [...REASON_CATEGORIES] : [category as ReasonCategory];
    const codes = categories.flatMap((c) => ctx.directory.reasonCodesFor(member, c));
    return sendXml(reply, 200, reasonCodesXml(category as ReasonCategory, codes));
  });

  app.get('/TeamResource/:id/WrapUpReasons', async (request: TeamRequest, reply) => {
    const actor = requireActor(request);
    const team = ctx.access.teamResourceTeam(actor, request.params.id);
    return sendXml(reply, 200, wrapUpReasonsXml(ctx.directory.wrapUpReasonsFor({ ...actor, teamId: team.id })));
  });
}
