import type { FastifyPluginAsync } from 'fastify';
import type { LayoutReads } from '../../application/layout-reads.js';
import { hasRole } from '../../domain/model.js';
import { effectiveLayoutOf } from '../../finesse/effective-layout.js';
import type { Logger } from '../../logging.js';
import type { BasicAuthDeps } from '../authenticate.js';
import { basicAuthentication, requireActor } from '../authenticate.js';
import { answerErrors } from '../errors.js';

export interface DesktopLayoutDeps extends BasicAuthDeps {
  layoutReads: Pick<LayoutReads, 'desktopLayoutOf'>;
  logger: Logger;
}

/**
 * `GET /openfinesse/desktop/layout` (gadget reference §6): the caller's effective desktop layout as JSON
 * (`EffectiveLayout` of src/desktop/src/gadgets/protocol.ts) — his team's layout unless it uses the
 * default, and in it the Supervisor layout for supervisors, else the Agent one. Any signed-in user (Basic
 * auth); read from the store on every request, so an administrator's change shows on the next read.
 */
export const desktopLayoutRoute: FastifyPluginAsync<DesktopLayoutDeps> = async (app, deps) => {
  app.setErrorHandler(answerErrors(deps.logger, (reply, { status, type, message, data }) => reply.code(status).send({ error: { type, message, data } })));
  app.addHook('onRequest', basicAuthentication(deps));
  app.get('/openfinesse/desktop/layout', async (request, reply) => {
    const actor = requireActor(request);
    const { useDefault, layoutXml } = await deps.layoutReads.desktopLayoutOf(actor.teamId);
    const role = hasRole(actor, 'Supervisor') ? 'Supervisor' : 'Agent';
    return reply.header('cache-control', 'no-store').send(effectiveLayoutOf(layoutXml, role, useDefault ? 'default' : 'team'));
  });
};
