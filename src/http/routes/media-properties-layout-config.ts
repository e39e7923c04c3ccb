import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LayoutReads } from '../../application/layout-reads.js';
import type { MediaPropertiesLayoutAdmin } from '../../application/media-properties-layout-admin.js';
import { readAssignedLayoutId, readLayoutDraft, readLayoutPatch } from '../../finesse/media-properties-layout-bodies.js';
import { mediaPropertiesLayoutXml, mediaPropertiesLayoutsXml } from '../../finesse/media-properties-layout-xml.js';
import { mediaPropertiesLayoutUri } from '../../finesse/uris.js';
import type { HttpAccess } from '../access.js';
import { ADMINISTRATORS_ONLY, sendCreated } from '../admin-requests.js';
import { requireActor } from '../authenticate.js';
import { sendXml } from '../errors.js';
import { xmlBody } from '../request-body.js';

export interface MediaPropertiesLayoutConfigDeps {
  mediaPropertiesLayoutAdmin: Pick<MediaPropertiesLayoutAdmin, 'list' | 'get' | 'create' | 'update' | 'delete' | 'requireTeam' | 'layoutOf' | 'assign'>;
  layoutReads: Pick<LayoutReads, 'mediaPropertiesLayoutOf'>;
  access: Pick<HttpAccess, 'userListsOwner'>;
}

type ById = FastifyRequest<{ Params: { id: string } }>;

/**
 * The MediaPropertiesLayout configuration API (admin reference §5), administrators only: DEFAULT is
 * `/MediaPropertiesLayout/default` (readable and editable, not deletable), CUSTOM layouts have numeric
 * ids. A team's layout is `GET|PUT /Team/{id}/MediaPropertiesLayout` (our path; the reference found none):
 * the PUT names the layout by `uri`, DEFAULT's taking the team's own away. The 10.x console saved the
 * layout with `PUT /User/{id}/MediaPropertiesLayout`: that changes the layout the user reads (his team's
 * CUSTOM one, else DEFAULT).
 */
export function registerMediaPropertiesLayoutConfigRoutes(app: FastifyInstance, ctx: MediaPropertiesLayoutConfigDeps): void {
  const admin = ctx.mediaPropertiesLayoutAdmin;

  app.get('/MediaPropertiesLayouts', ADMINISTRATORS_ONLY, async (_request, reply) => sendXml(reply, 200, mediaPropertiesLayoutsXml(await admin.list())));

  const create = async (request: FastifyRequest, reply: FastifyReply) => {
    const created = await admin.create(requireActor(request), readLayoutDraft(xmlBody(request, 'MediaPropertiesLayout')));
    return sendCreated(request, reply, mediaPropertiesLayoutUri(created.id));
  };
  app.post('/MediaPropertiesLayout', ADMINISTRATORS_ONLY, create);
  app.post('/MediaPropertiesLayouts', ADMINISTRATORS_ONLY, create);

  app.get('/MediaPropertiesLayout/:id', ADMINISTRATORS_ONLY, async (request: ById, reply) =>
    sendXml(reply, 200, mediaPropertiesLayoutXml(await admin.get(request.params.id))),
  );

  app.put('/MediaPropertiesLayout/:id', ADMINISTRATORS_ONLY, async (request: ById, reply) => {
    await admin.update(requireActor(request), request.params.id, (current) => readLayoutPatch(xmlBody(request, 'MediaPropertiesLayout'), current.type));
    return reply.code(200).send();
  });

  app.delete('/MediaPropertiesLayout/:id', ADMINISTRATORS_ONLY, async (request: ById, reply) => {
    await admin.delete(requireActor(request), request.params.id);
    return reply.code(200).send();
  });

  app.put('/User/:id/MediaPropertiesLayout', ADMINISTRATORS_ONLY, async (request: ById, reply) => {
    const actor = requireActor(request);
    const user = ctx.access.userListsOwner(actor, request.params.id);
    const layout = await ctx.layoutReads.mediaPropertiesLayoutOf(user.teamId);
    await admin.update(actor, layout.id, (current) => readLayoutPatch(xmlBody(request, 'MediaPropertiesLayout'), current.type));
    return reply.code(200).send();
  });

  app.get('/Team/:id/MediaPropertiesLayout', ADMINISTRATORS_ONLY, async (request: ById, reply) =>
    sendXml(reply, 200, mediaPropertiesLayoutXml(await admin.layoutOf(request.params.id))),
  );

  app.put('/Team/:id/MediaPropertiesLayout', ADMINISTRATORS_ONLY, async (request: ById, reply) => {
    admin.requireTeam(request.params.id);
    const layoutId = readAssignedLayoutId(xmlBody(request, 'MediaPropertiesLayout'));
    await admin.assign(requireActor(request), request.params.id, layoutId);
    return reply.code(200).send();
  });
}
