import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PhoneBookAdmin } from '../../application/phone-book-admin.js';
import { readAssignedIds } from '../../finesse/configuration-bodies.js';
import { readPhoneBookDraft, readPhoneBookPatch } from '../../finesse/phone-book-bodies.js';
import { phoneBookXml, phoneBooksXml } from '../../finesse/phone-book-xml.js';
import { phoneBookUri } from '../../finesse/uris.js';
import { ADMINISTRATORS_ONLY, sendCreated } from '../admin-requests.js';
import { requireActor } from '../authenticate.js';
import { sendXml } from '../errors.js';
import { xmlBody } from '../request-body.js';

export interface PhoneBookConfigDeps {
  phoneBookAdmin: Pick<PhoneBookAdmin, 'list' | 'get' | 'create' | 'update' | 'delete' | 'requireTeam' | 'assignedTo' | 'assign'>;
}

type ById = FastifyRequest<{ Params: { id: string } }>;

/**
 * The PhoneBook configuration API (admin reference §6.2) and the team assignments of phone books (§9),
 * administrators only. Creates answer 200 with `Location`; changes answer 200 with no body. Deleting a
 * book deletes its contacts and removes it from every team.
 */
export function registerPhoneBookConfigRoutes(app: FastifyInstance, ctx: PhoneBookConfigDeps): void {
  const admin = ctx.phoneBookAdmin;

  app.get('/PhoneBooks', ADMINISTRATORS_ONLY, async (_request, reply) => sendXml(reply, 200, phoneBooksXml(await admin.list())));

  // The reference names POST /PhoneBook; POST /PhoneBooks (the list) is taken as the same.
  const create = async (request: FastifyRequest, reply: FastifyReply) => {
    const created = await admin.create(requireActor(request), readPhoneBookDraft(xmlBody(request, 'PhoneBook')));
    return sendCreated(request, reply, phoneBookUri(created.id));
  };
  app.post('/PhoneBook', ADMINISTRATORS_ONLY, create);
  app.post('/PhoneBooks', ADMINISTRATORS_ONLY, create);

  app.get('/PhoneBook/:id', ADMINISTRATORS_ONLY, async (request: ById, reply) => sendXml(reply, 200, phoneBookXml(await admin.get(request.params.id))));

  app.put('/PhoneBook/:id', ADMINISTRATORS_ONLY, async (request: ById, reply) => {
    await admin.update(requireActor(request), request.params.id, () => readPhoneBookPatch(xmlBody(request, 'PhoneBook')));
    return reply.code(200).send();
  });

  app.delete('/PhoneBook/:id', ADMINISTRATORS_ONLY, async (request: ById, reply) => {
    await admin.delete(requireActor(request), request.params.id);
    return reply.code(200).send();
  });

  // Team assignments: the TEAM books of the team (GLOBAL books apply to every team and are not listed).
  app.get('/Team/:id/PhoneBooks', ADMINISTRATORS_ONLY, async (request: ById, reply) => {
    admin.requireTeam(request.params.id);
    return sendXml(reply, 200, phoneBooksXml(await admin.assignedTo(request.params.id)));
  });

  app.put('/Team/:id/PhoneBooks', ADMINISTRATORS_ONLY, async (request: ById, reply) => {
    admin.requireTeam(request.params.id);
    const ids = readAssignedIds(xmlBody(request, 'PhoneBooks'), 'PhoneBook');
    await admin.assign(requireActor(request), request.params.id, ids);
    return reply.code(200).send();
  });
}
