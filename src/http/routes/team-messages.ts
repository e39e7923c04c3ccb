import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { TeamMessages } from '../../application/team-messages.js';
import type { Directory } from '../../domain/directory.js';
import { hasRole } from '../../domain/model.js';
import { readTeamMessageDraft, teamMessageXml, teamMessagesXml } from '../../finesse/team-message-xml.js';
import { teamMessageUri } from '../../finesse/uris.js';
import { sendCreated } from '../admin-requests.js';
import { requireActor } from '../authenticate.js';
import { HttpApiError, sendXml } from '../errors.js';
import { xmlBody } from '../request-body.js';

export interface TeamMessageRoutesDeps {
  teamMessages: Pick<TeamMessages, 'create' | 'listForTeam' | 'get' | 'delete'>;
  directory: Directory;
}

type ById = FastifyRequest<{ Params: { id: string } }>;

/** Supervisors and administrators only, checked before the body is read (an agent gets 401 Authorization Failure). */
const SUPERVISORS_ONLY: { onRequest: onRequestHookHandler } = {
  onRequest: (request, _reply, done) => {
    const actor = requireActor(request);
    if (!hasRole(actor, 'Supervisor') && !hasRole(actor, 'Administrator')) throw HttpApiError.of(401, 'Authorization Failure', 'UNAUTHORIZED', actor.loginId);
    done();
  },
};

/**
 * TeamMessage (admin reference §13): `POST /TeamMessage` (200, empty body, absolute `Location` of the new
 * message), `GET /Team/{id}/TeamMessages` (the team's active messages), `GET /TeamMessage/{id}` and
 * `DELETE /TeamMessage/{id}` (200, empty body).
 */
export function registerTeamMessageRoutes(app: FastifyInstance, ctx: TeamMessageRoutesDeps): void {
  const messages = ctx.teamMessages;
  const creator = (loginId: string) => ctx.directory.findUserByLoginId(loginId);

  app.post('/TeamMessage', SUPERVISORS_ONLY, async (request, reply) => {
    const created = await messages.create(requireActor(request), readTeamMessageDraft(xmlBody(request, 'TeamMessage')));
    return sendCreated(request, reply, teamMessageUri(created.id));
  });

  app.get('/Team/:id/TeamMessages', async (request: ById, reply) =>
    sendXml(reply, 200, teamMessagesXml(await messages.listForTeam(requireActor(request), request.params.id), creator)),
  );

  app.get('/TeamMessage/:id', async (request: ById, reply) =>
    sendXml(reply, 200, teamMessageXml(await messages.get(requireActor(request), request.params.id), creator)),
  );

  app.delete('/TeamMessage/:id', SUPERVISORS_ONLY, async (request: ById, reply) => {
    await messages.delete(requireActor(request), request.params.id);
    return reply.code(200).send();
  });
}
