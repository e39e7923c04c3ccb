import type { FastifyInstance } from 'fastify';
import { teamXml } from '../../finesse/resources-xml.js';
import { requireActor } from '../authenticate.js';
import type { HttpContext } from '../context.js';
import { sendXml } from '../errors.js';

export function registerTeamRoutes(app: FastifyInstance, ctx: HttpContext): void {
  app.get<{ Params: { id: string }; Querystring: { includeLoggedOutAgents?: string | string[] } }>('/finesse/api/Team/:id', async (request, reply) => {
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
