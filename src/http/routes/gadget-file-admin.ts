import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { GadgetFileAdmin } from '../../application/gadget-file-admin.js';
import { DomainError } from '../../domain/errors.js';
import { GADGET_FILE_MAX_BYTES } from '../../domain/gadget-files.js';
import { requireActor } from '../authenticate.js';
import { gadgetPathAfter } from './gadget-files.js';

const FILES = '/gadgets/files/';

/**
 * The admin file API of hosted gadgets, inside the control API (`/openfinesse/api`, administrators
 * only): `PUT /gadgets/files/{path}` with the raw file as body (any content type, at most 5 MiB;
 * 201 created, 204 replaced), `DELETE /gadgets/files/{path}` (204, 404 unknown) and
 * `GET /gadgets/files` (`{files:[{path,size,modified}]}`). A path that names no file is 400.
 */
export const gadgetFileAdminRoutes: FastifyPluginAsync<{ admin: GadgetFileAdmin }> = async (api, { admin }) => {
  rawBodies(api);
  api.get('/gadgets/files', async () => ({ files: await admin.list() }));
  api.put(`${FILES}*`, { bodyLimit: GADGET_FILE_MAX_BYTES }, async (request, reply) => {
    const body = request.body instanceof Buffer ? request.body : Buffer.alloc(0);
    const { replaced } = await admin.put(requireActor(request), pathOf(request.url), body);
    return replaced ? reply.code(204).send() : reply.code(201).send();
  });
  api.delete(`${FILES}*`, async (request, reply) => {
    await admin.delete(requireActor(request), pathOf(request.url));
    return reply.code(204).send();
  });
};

/** Every body is the file as sent, whatever its content type. */
function rawBodies(api: FastifyInstance): void {
  api.removeAllContentTypeParsers();
  api.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
}

function pathOf(url: string): string {
  const path = gadgetPathAfter(url, FILES);
  if (path === undefined) throw new DomainError('BadRequest', 'Not a valid gadget file path (encoded slash, back slash or NUL)', url);
  return path;
}
