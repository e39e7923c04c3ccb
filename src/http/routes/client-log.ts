import type { FastifyInstance, FastifyRequest } from 'fastify';
import { child } from '../../finesse/xml-reader.js';
import type { Logger } from '../../logging.js';
import type { HttpAccess } from '../access.js';
import { requireActor } from '../authenticate.js';
import { xmlBody } from '../request-body.js';

export interface ClientLogRoutesDeps {
  logger: Logger;
  access: Pick<HttpAccess, 'userListsOwner'>;
}

type ById = FastifyRequest<{ Params: { id: string } }>;

/** Lines kept of one post; the rest is counted, not logged. */
export const CLIENT_LOG_MAX_LINES = 500;

/**
 * `POST /User/{id}/ClientLog` (finesse-reference §8.7): a desktop's or a gadget's log lines
 * (`<ClientLog><logData>…</logData></ClientLog>`, one line per line) written to the server's log as
 * `client.log` events, by the user himself (or an administrator). Answers 202 with no body.
 */
export function registerClientLogRoutes(app: FastifyInstance, ctx: ClientLogRoutesDeps): void {
  app.post('/User/:id/ClientLog', async (request: ById, reply) => {
    const user = ctx.access.userListsOwner(requireActor(request), request.params.id);
    const logData = child(xmlBody(request, 'ClientLog'), 'logData')?.text ?? '';
    const lines = logData.split(/\r?\n/).filter((line) => line.trim() !== '');
    const kept = lines.slice(0, CLIENT_LOG_MAX_LINES);
    ctx.logger.info({ event: 'client.log', user: user.loginId, lines: kept, dropped: lines.length - kept.length }, 'client log');
    return reply.code(202).send();
  });
}
