import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../domain/errors.js';
import { hasRole } from '../../domain/model.js';
import { teamXml } from '../../finesse/resources-xml.js';
import { requireActor } from '../authenticate.js';
import type { HttpContext } from '../context.js';
import { HttpApiError, sendXml } from '../errors.js';

export function registerTeamRoutes(app: FastifyInstance, ctx: HttpContext): void {
  app.get<{ Params: { id: string }; Querystring: { includeLoggedOutAgents?: string | string[] } }>('/finesse/api/Team/:id', async (request, reply) => {
    const actor = requireActor(request);
    const isAdministrator = hasRole(actor, 'Administrator');
    if (!isAdministrator && !hasRole(actor, 'Supervisor')) {
      throw HttpApiError.of(401, 'Authorization Failure', 'UNAUTHORIZED', actor.loginId);
    }
    const team = ctx.directory.findTeam(request.params.id);
    if (!team) throw new DomainError('NotFound', 'Invalid team id specified', request.params.id);
    if (!isAdministrator && !actor.supervisedTeamIds.includes(team.id)) {
      throw new DomainError('InvalidSupervisor', 'The supervisor does not supervise this team', actor.loginId);
    }
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
