import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { LayoutConfigAdmin } from '../../application/layout-config-admin.js';
import { layoutConfigXml, readLayoutConfig, readTeamLayoutConfig, teamLayoutConfigXml } from '../../finesse/desktop-layout-xml.js';
import { ADMINISTRATORS_ONLY } from '../admin-requests.js';
import { requireActor } from '../authenticate.js';
import { sendXml } from '../errors.js';
import { xmlBody } from '../request-body.js';

export interface LayoutConfigDeps {
  layoutConfigAdmin: Pick<LayoutConfigAdmin, 'defaultLayout' | 'setDefault' | 'requireTeam' | 'teamLayout' | 'setTeamLayout' | 'gadgetAllowList'>;
}

type ById = FastifyRequest<{ Params: { id: string } }>;

/**
 * The desktop layout configuration (admin reference §9, §11), administrators only: the default layout
 * (`/LayoutConfig/default`) and a team's (`/Team/{id}/LayoutConfig`, root `TeamLayoutConfig`). A team
 * without its own layout reads `useDefault` true with the default layout.
 */
export function registerLayoutConfigRoutes(app: FastifyInstance, ctx: LayoutConfigDeps): void {
  const admin = ctx.layoutConfigAdmin;

  app.get('/LayoutConfig/default', ADMINISTRATORS_ONLY, async (_request, reply) => sendXml(reply, 200, layoutConfigXml(await admin.defaultLayout())));

  app.put('/LayoutConfig/default', ADMINISTRATORS_ONLY, async (request, reply) => {
    await admin.setDefault(requireActor(request), readLayoutConfig(xmlBody(request, 'LayoutConfig'), await admin.gadgetAllowList()));
    return reply.code(200).send();
  });

  app.get('/Team/:id/LayoutConfig', ADMINISTRATORS_ONLY, async (request: ById, reply) => {
    const { useDefault, layoutXml } = await admin.teamLayout(request.params.id);
    return sendXml(reply, 200, teamLayoutConfigXml(useDefault, layoutXml));
  });

  app.put('/Team/:id/LayoutConfig', ADMINISTRATORS_ONLY, async (request: ById, reply) => {
    admin.requireTeam(request.params.id);
    const config = readTeamLayoutConfig(xmlBody(request, 'TeamLayoutConfig'), await admin.gadgetAllowList());
    await admin.setTeamLayout(requireActor(request), { teamId: request.params.id, ...config });
    return reply.code(200).send();
  });
}
