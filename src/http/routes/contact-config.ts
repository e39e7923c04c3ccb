import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ContactAdmin } from '../../application/contact-admin.js';
import type { PhoneBookReads } from '../../application/phone-book-reads.js';
import type { UserAccount } from '../../domain/model.js';
import { readContactFields, readContactList, readContactPatch } from '../../finesse/phone-book-bodies.js';
import { contactXml, contactsXml } from '../../finesse/phone-book-xml.js';
import { contactUri } from '../../finesse/uris.js';
import { ADMINISTRATORS_ONLY, sendCreated } from '../admin-requests.js';
import { requireActor } from '../authenticate.js';
import { sendXml } from '../errors.js';
import { xmlBody } from '../request-body.js';
import { CONTACT_IMPORT_MAX_BYTES, registerContactCsvRoutes } from './contact-csv.js';

export interface ContactConfigDeps {
  contactAdmin: Pick<ContactAdmin, 'list' | 'get' | 'create' | 'update' | 'delete' | 'replaceAll' | 'requireBook'>;
  phoneBookReads: Pick<PhoneBookReads, 'contactsOf'>;
  policy: { isAdministrator(actor: UserAccount): boolean };
}

type ByBook = FastifyRequest<{ Params: { id: string } }>;
type ByContact = FastifyRequest<{ Params: { id: string; contact: string } }>;

/**
 * The Contact configuration API (admin reference §6.3, §6.4), administrators only — except the list of
 * a book's contacts, which an agent may read for a book of his (GLOBAL or his team's): any other book is
 * answered as one that does not exist, so ids cannot be probed.
 */
export function registerContactConfigRoutes(app: FastifyInstance, ctx: ContactConfigDeps): void {
  const admin = ctx.contactAdmin;

  app.get('/PhoneBook/:id/Contacts', async (request: ByBook, reply) => {
    const actor = requireActor(request);
    const contacts = ctx.policy.isAdministrator(actor) ? await admin.list(request.params.id) : await ctx.phoneBookReads.contactsOf(actor, request.params.id);
    return sendXml(reply, 200, contactsXml(contacts));
  });

  app.post('/PhoneBook/:id/Contact', ADMINISTRATORS_ONLY, async (request: ByBook, reply) => {
    const book = request.params.id;
    const created = await admin.create(requireActor(request), book, () => readContactFields(xmlBody(request, 'Contact')));
    return sendCreated(request, reply, contactUri(book, created.id));
  });

  // The XML import: replaces every contact of the book (§6.4, verb inferred), all or nothing.
  app.put<{ Params: { id: string } }>(
    '/PhoneBook/:id/Contacts',
    { ...ADMINISTRATORS_ONLY, bodyLimit: CONTACT_IMPORT_MAX_BYTES },
    async (request: ByBook, reply) => {
      await admin.replaceAll(requireActor(request), request.params.id, () => readContactList(xmlBody(request, 'Contacts')));
      return reply.code(200).send();
    },
  );

  app.get('/PhoneBook/:id/Contact/:contact', ADMINISTRATORS_ONLY, async (request: ByContact, reply) =>
    sendXml(reply, 200, contactXml(await admin.get(request.params.id, request.params.contact))),
  );

  app.put('/PhoneBook/:id/Contact/:contact', ADMINISTRATORS_ONLY, async (request: ByContact, reply) => {
    await admin.update(requireActor(request), request.params.id, request.params.contact, () => readContactPatch(xmlBody(request, 'Contact')));
    return reply.code(200).send();
  });

  app.delete('/PhoneBook/:id/Contact/:contact', ADMINISTRATORS_ONLY, async (request: ByContact, reply) => {
    await admin.delete(requireActor(request), request.params.id, request.params.contact);
    return reply.code(200).send();
  });

  registerContactCsvRoutes(app, ctx);
}
