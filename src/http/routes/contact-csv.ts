import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ContactAdmin } from '../../application/contact-admin.js';
import { readContactsCsv, writeContactsCsv } from '../../finesse/contacts-csv.js';
import { ADMINISTRATORS_ONLY } from '../admin-requests.js';
import { requireActor } from '../authenticate.js';
import { HttpApiError } from '../errors.js';

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

  // Its own context: the body is the raw upload (a form, or the file alone), not XML.
  app.register(async (upload) => {
    upload.removeAllContentTypeParsers();
    upload.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    await upload.register(fastifyMultipart, { limits: FORM_LIMITS, throwFileSizeLimit: true });
    upload.post<{ Params: { id: string } }>(
      '/PhoneBook/:id/Contacts/csvFileContent',
      { ...ADMINISTRATORS_ONLY, bodyLimit: CONTACT_IMPORT_MAX_BYTES },
      async (request: ByBook, reply) => {
        // The upload is read whole before the book is looked up (an unknown book is 404 before a bad file's 400).
        const file = await uploadedFile(request).catch((error: unknown) => error as Error);
        await admin.requireBook(request.params.id);
        if (file instanceof Error) throw file;
        await admin.replaceAll(requireActor(request), request.params.id, () => readContactsCsv(file));
        return reply.code(202).send();
      },
    );
  });
}

/**
 * A form holds one file and a few small fields (a browser form may send others beside it); the file, or a
 * `datafile` field holding its text, may be as large as an import.
 */
const FORM_LIMITS = { files: 1, fields: 8, parts: 9, fileSize: CONTACT_IMPORT_MAX_BYTES, fieldSize: CONTACT_IMPORT_MAX_BYTES };

/** The uploaded file's text: the `datafile` part (else the only file part) of a form, or the body itself. */
async function uploadedFile(request: FastifyRequest): Promise<string> {
  const contentType = request.headers['content-type'] ?? '';
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  let content: Buffer;
  if (request.isMultipart()) content = await formFile(request);
  else if (CSV_TYPES.has(mediaType)) content = (request.body as Buffer | undefined) ?? Buffer.alloc(0);
  else throw HttpApiError.of(415, 'Unsupported Media Type', 'Send the CSV file as multipart/form-data (part "datafile") or as text/csv', mediaType);
  if (content.length === 0) throw HttpApiError.of(400, 'Invalid Input', 'The file is empty', 'datafile');
  try {
    return UTF8.decode(content);
  } catch {
    throw HttpApiError.of(400, 'Invalid Input', 'The file is not valid UTF-8 text', 'datafile');
  }
}

/** The content of the form's `datafile` part (a file or a field), else of its only file part. */
async function formFile(request: FastifyRequest): Promise<Buffer> {
  let datafile: Buffer | undefined;
  let onlyFile: Buffer | undefined;
  try {
    for await (const part of request.parts()) {
      const content = part.type === 'file' ? await part.toBuffer() : Buffer.from(String(part.value ?? ''), 'utf8');
      if (part.type === 'field' && part.valueTruncated) throw tooLarge();
      if (part.fieldname === 'datafile') datafile ??= content;
      if (part.type === 'file') onlyFile = content;
    }
  } catch (error) {
    throw formError(error);
  }
  const content = datafile ?? onlyFile;
  if (!content) throw HttpApiError.of(400, 'Invalid Input', 'The form has no file part "datafile"', 'datafile');
  return content;
}

/** What a client is told when the form cannot be read: too large (413), more than one file, or not multipart as it says (400). */
function formError(error: unknown): HttpApiError {
  if (error instanceof HttpApiError) return error;
  switch ((error as { code?: unknown }).code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return tooLarge();
    case 'FST_FILES_LIMIT':
      return HttpApiError.of(400, 'Invalid Input', 'The form must hold one file (part "datafile"), not several', 'datafile');
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return HttpApiError.of(400, 'Invalid Input', `The form must hold one file (part "datafile") and at most ${FORM_LIMITS.fields} fields`, 'datafile');
  }
  return HttpApiError.of(400, 'Bad Request', `The multipart body is malformed: ${(error as Error).message}`);
}

function tooLarge(): HttpApiError {
  return HttpApiError.of(413, 'Request Entity Too Large', 'The request body is larger than allowed');
}
