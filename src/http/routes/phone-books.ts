import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PhoneBookReads } from '../../application/phone-book-reads.js';
import { CONTACT_LIMITS } from '../../domain/configuration-limits.js';
import { phoneBooksWithContactsXml, phoneBooksXml } from '../../finesse/phone-book-xml.js';
import type { HttpAccess } from '../access.js';
import { requireActor } from '../authenticate.js';
import { HttpApiError, sendXml } from '../errors.js';

export interface PhoneBookRoutesDeps {
  phoneBookReads: Pick<PhoneBookReads, 'booksOf'>;
  access: Pick<HttpAccess, 'userListsOwner' | 'teamResourceTeam'>;
}

type UserRequest = FastifyRequest<{ Params: { id: string }; Querystring: { embedContacts?: string | string[] } }>;

/**
 * What agents read of the phone books: `/User/{id}/PhoneBooks` (the user himself or an administrator;
 * main reference §8.5) and `/TeamResource/{team}/PhoneBooks` (members of the team and administrators;
 * admin reference §10): the GLOBAL books, then the TEAM books of the team. `/User/{id}/PhoneBooks` embeds
 * each book's contacts in `<contacts>` (gadgets skip books whose `contacts` is only a URI, gadget
 * reference §4.3) unless `embedContacts=false` asks for the URI alone. At most 6000 contacts are embedded
 * in all; a cut answer is 206 Partial Content.
 */
export function registerPhoneBookRoutes(app: FastifyInstance, ctx: PhoneBookRoutesDeps): void {
  app.get('/User/:id/PhoneBooks', async (request: UserRequest, reply) => {
    const user = ctx.access.userListsOwner(requireActor(request), request.params.id);
    const embed = [request.query.embedContacts ?? 'true'].flat().pop()?.toLowerCase() !== 'false';
    const books = await ctx.phoneBookReads.booksOf(user);
    if (!embed) return sendXml(reply, 200, phoneBooksXml(books.map((b) => b.book)));
    return sendXml(reply, books.some((b) => b.cut) ? 206 : 200, phoneBooksWithContactsXml(books, 'contacts'));
  });

  app.get('/TeamResource/:id/PhoneBooks', async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const actor = requireActor(request);
    const team = ctx.access.teamResourceTeam(actor, request.params.id);
    const books = await ctx.phoneBookReads.booksOf({ ...actor, teamId: team.id }, readRange(request.headers.range));
    return sendXml(reply, books.some((b) => b.cut) ? 206 : 200, phoneBooksWithContactsXml(books, 'Contacts'));
  });
}

/** `Range: objects=1-N` (N ≤ 6000): how many contacts to embed; absent: 6000; anything else is 416. */
function readRange(header: string | undefined): number {
  if (header === undefined) return CONTACT_LIMITS.perPhoneBook;
  const match = /^\s*objects\s*=\s*1\s*-\s*([0-9]{1,5})\s*$/i.exec(header);
  const last = match ? Number(match[1]) : 0;
  if (last < 1 || last > CONTACT_LIMITS.perPhoneBook) {
    throw HttpApiError.of(416, 'Range Not Satisfiable', `Range must be objects=1-${CONTACT_LIMITS.perPhoneBook}`, header);
  }
  return last;
}
