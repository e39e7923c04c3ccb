import type { FastifyInstance } from 'fastify';
import { teamXml } from '../../finesse/resources-xml.js';
import { requireActor } from '../authenticate.js';
import type { Directory } from '../../domain/directory.js';
import type { HttpAccess } from '../access.js';
import { sendXml } from '../errors.js';

export interface TeamRoutesDeps {
  directory: Pick<Directory, 'teamMembers' | 'snapshot'>;
  access: Pick<HttpAccess, 'readableTeam'>;
}

export function registerTeamRoutes(app: FastifyInstance, ctx: TeamRoutesDeps): void {
  app.get<{ Params: { id: string }; Querystring: { includeLoggedOutAgents?: string | string[] } }>('/Team/:id', async (request, reply) => {
    const team = ctx.access.readableTeam(requireActor(request), request.params.id);
    // A repeated parameter arrives as an array; the last one wins.
    const include = [request.query.includeLoggedOutAgents ?? ''].flat().pop() ?? '';
    const includeLoggedOut = include.toLowerCase() === 'true';
    const members = ctx.directory
      .teamMembers(team.id)
      .sort((a, b) => a.loginId.localeCompare(b.loginId))
      .map((u) => ctx.directory.snapshot(u))
      .filter((s) => includeLoggedOut || s.status.state !== 'LOGOUT');
    return sendXml(reply, 200, teamXml(team, members));
  });
}
