import type { FastifyInstance } from 'fastify';
import { teamXml, teamsXml } from '../../finesse/resources-xml.js';
import { ADMINISTRATORS_ONLY } from '../admin-requests.js';
import { requireActor } from '../authenticate.js';
import type { Directory } from '../../domain/directory.js';
import type { HttpAccess } from '../access.js';
import { sendXml } from '../errors.js';

export interface TeamRoutesDeps {
  directory: Pick<Directory, 'teamMembers' | 'snapshot' | 'allTeams'>;
  access: Pick<HttpAccess, 'readableTeam'>;
}

export function registerTeamRoutes(app: FastifyInstance, ctx: TeamRoutesDeps): void {
  // The team list of the admin API (admin reference §9, §14): administrators only, in id order.
  app.get('/Teams', ADMINISTRATORS_ONLY, async (_request, reply) => {
    const teams = ctx.directory.allTeams().sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
    return sendXml(reply, 200, teamsXml(teams));
  });

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
