import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { LayoutReads } from '../../application/layout-reads.js';
import type { Directory } from '../../domain/directory.js';
import { DomainError } from '../../domain/errors.js';
import type { Team, UserAccount } from '../../domain/model.js';
import { teamLayoutConfigXml } from '../../finesse/desktop-layout-xml.js';
import { mediaPropertiesLayoutXml, mediaPropertiesLayoutsXml } from '../../finesse/media-properties-layout-xml.js';
import type { HttpAccess } from '../access.js';
import { requireActor } from '../authenticate.js';
import { HttpApiError, sendXml } from '../errors.js';

export interface LayoutRoutesDeps {
  layoutReads: Pick<LayoutReads, 'mediaPropertiesLayoutOf' | 'desktopLayoutOf'>;
  access: Pick<HttpAccess, 'userListsOwner'>;
  directory: Pick<Directory, 'findTeam'>;
  policy: { isAdministrator(actor: UserAccount): boolean };
}

type ById = FastifyRequest<{ Params: { id: string } }>;

/**
 * What agents read of the layouts: the call-variables layout of the user's team
 * (`/User/{id}/MediaPropertiesLayout`, and as a one-item list `/User/{id}/MediaPropertiesLayouts`; the
 * user himself or an administrator, main reference §8.4) and, for members of the team and
 * administrators (admin reference §10), `/TeamResource/{team}/MediaPropertiesLayouts` and the team's
 * desktop layout `/TeamResource/{team}/LayoutConfig` (our path; a `TeamLayoutConfig` whose `layoutxml`
 * is the layout in effect).
 */
export function registerLayoutRoutes(app: FastifyInstance, ctx: LayoutRoutesDeps): void {
  app.get('/User/:id/MediaPropertiesLayout', async (request: ById, reply) => {
    const user = ctx.access.userListsOwner(requireActor(request), request.params.id);
    return sendXml(reply, 200, mediaPropertiesLayoutXml(await ctx.layoutReads.mediaPropertiesLayoutOf(user.teamId)));
  });

  app.get('/User/:id/MediaPropertiesLayouts', async (request: ById, reply) => {
    const user = ctx.access.userListsOwner(requireActor(request), request.params.id);
    return sendXml(reply, 200, mediaPropertiesLayoutsXml([await ctx.layoutReads.mediaPropertiesLayoutOf(user.teamId)]));
  });

  app.get('/TeamResource/:id/MediaPropertiesLayouts', async (request: ById, reply) => {
    const team = memberTeam(ctx, request);
    return sendXml(reply, 200, mediaPropertiesLayoutsXml([await ctx.layoutReads.mediaPropertiesLayoutOf(team.id)]));
  });

  app.get('/TeamResource/:id/LayoutConfig', async (request: ById, reply) => {
    const { useDefault, layoutXml } = await ctx.layoutReads.desktopLayoutOf(memberTeam(ctx, request).id);
    return sendXml(reply, 200, teamLayoutConfigXml(useDefault, layoutXml));
  });
}

/** The team of a TeamResource read: 401 for a caller neither in it nor an administrator, then 404 for an unknown team. */
function memberTeam(ctx: LayoutRoutesDeps, request: ById): Team {
  const actor = requireActor(request);
  if (!ctx.policy.isAdministrator(actor) && actor.teamId !== request.params.id) {
    throw HttpApiError.of(401, 'Authorization Failure', 'UNAUTHORIZED', actor.loginId);
  }
  const team = ctx.directory.findTeam(request.params.id);
  if (!team) throw new DomainError('NotFound', 'TeamId Not Found', request.params.id);
  return team;
}
