import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ContactAdmin } from '../../application/contact-admin.js';
import { readContactsCsv, writeContactsCsv } from '../../finesse/contacts-csv.js';
import { ADMINISTRATORS_ONLY } from '../admin-requests.js';
import { requireActor } from '../authenticate.js';
import { HttpApiError } from '../errors.js';
import { readFormParts } from '../multipart.js';

export interface ContactCsvDeps {
  contactAdmin: Pick<ContactAdmin, 'list' | 'replaceAll' | 'requireBook'>;
}

type ByBook = FastifyRequest<{ Params: { id: string } }>;

/** What a CSV file may be labelled as, sent alone: browsers upload one as application/vnd.ms-excel. */
const CSV_TYPES = new Set(['text/csv', 'text/plain', 'application/csv', 'application/vnd.ms-excel', 'application/octet-stream', '']);

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The largest import (CSV or XML), above the server's general body limit: 6000 contacts of four fields
 * of up to 128 characters (32 for the number), as UTF-8, quoted or tagged.
 */
export const CONTACT_IMPORT_MAX_BYTES = 16 * 1024 * 1024;

/**
 * The bulk contacts of a book as CSV (admin reference §6.4): GET exports them (`text/csv`, the import
 * header first); POST replaces them with a file's — multipart/form-data with the file in the part
 * `datafile` (as the console sends it) or the file alone as the body. The import answers 202 once the new
 * contacts are durable; a file with one bad line imports nothing (400 Invalid Input naming the line).
 */
export function registerContactCsvRoutes(app: FastifyInstance, ctx: ContactCsvDeps): void {
  const admin = ctx.contactAdmin;

  app.get('/PhoneBook/:id/Contacts/csvFileContent', ADMINISTRATORS_ONLY, async (request: ByBook, reply) => {
    const contacts = await admin.list(request.params.id);
    return reply
      .code(200)
      .header('content-type', 'text/csv;charset=UTF-8')
      .header('content-disposition', `attachment; filename="phonebook-${request.params.id}.csv"`)
      .send(writeContactsCsv(contacts));
  });

  // Its own context: the body is the raw upload, not XML.
  app.register(async (upload) => {
    upload.removeAllContentTypeParsers();
    upload.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    upload.post<{ Params: { id: string } }>(
      '/PhoneBook/:id/Contacts/csvFileContent',
      { ...ADMINISTRATORS_ONLY, bodyLimit: CONTACT_IMPORT_MAX_BYTES },
      async (request: ByBook, reply) => {
        await admin.requireBook(request.params.id);
        const file = uploadedFile(request);
        await admin.replaceAll(requireActor(request), request.params.id, () => readContactsCsv(file));
        return reply.code(202).send();
      },
    );
  });
}

/** The uploaded file's text: the `datafile` part (else the only file part) of a form, or the body itself. */
function uploadedFile(request: FastifyRequest): string {
  const contentType = request.headers['content-type'] ?? '';
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  const body = (request.body as Buffer | undefined) ?? Buffer.alloc(0);
  let content: Buffer;
  if (mediaType === 'multipart/form-data') {
    const parts = readFormParts(contentType, body);
    const files = parts.filter((p) => p.filename !== null);
    const part = parts.find((p) => p.name === 'datafile') ?? (files.length === 1 ? files[0] : undefined);
    if (!part) throw HttpApiError.of(400, 'Invalid Input', 'The form has no file part "datafile"', 'datafile');
    content = part.content;
  } else if (CSV_TYPES.has(mediaType)) content = body;
  else throw HttpApiError.of(415, 'Unsupported Media Type', 'Send the CSV file as multipart/form-data (part "datafile") or as text/csv', mediaType);
  if (content.length === 0) throw HttpApiError.of(400, 'Invalid Input', 'The file is empty', 'datafile');
  try {
    return UTF8.decode(content);
  } catch {
    throw HttpApiError.of(400, 'Invalid Input', 'The file is not valid UTF-8 text', 'datafile');
  }
}
