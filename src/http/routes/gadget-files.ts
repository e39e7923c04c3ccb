import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { GadgetFiles } from '../../application/ports/gadget-files.js';
import { gadgetFileSegments, HOSTED_GADGETS_PATH } from '../../domain/gadget-files.js';
import { sendNotFound, sendStaticFile } from '../static-file.js';

/**
 * The hosted third-party gadgets at `/3rdpartygadget/files/**` (gadget reference §1.4, §1.5), GET and
 * HEAD, no listing. A path that could leave the folder — `..`, an encoded slash or back slash, a
 * dot-file, a symbolic link pointing out — is answered as a file that is not there (404).
 */
export function registerGadgetFileRoutes(app: FastifyInstance, files: Pick<GadgetFiles, 'read'>): void {
  app.get(`${HOSTED_GADGETS_PATH}*`, async (request, reply) => {
    const segments = gadgetSegmentsAfter(request, HOSTED_GADGETS_PATH);
    const file = segments && (await files.read(segments));
    if (!file) return sendNotFound(reply);
    return sendStaticFile(request, reply, { name: file.path, data: file.data, size: file.size, modified: file.modified }, true);
  });
}

/**
 * The file path a raw request URL names after `marker`, decoded once; undefined when an encoded
 * slash, back slash or NUL (which would change the path once decoded) or bad percent-encoding is in it.
 */
export function gadgetPathAfter(url: string, marker: string): string | undefined {
  const pathname = url.split('?')[0]!;
  const at = pathname.indexOf(marker);
  if (at < 0) return undefined;
  const raw = pathname.slice(at + marker.length);
  if (/%2f|%5c|%00/i.test(raw)) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

function gadgetSegmentsAfter(request: FastifyRequest, marker: string): string[] | undefined {
  const path = gadgetPathAfter(request.url, marker);
  return path === undefined ? undefined : gadgetFileSegments(path);
}
