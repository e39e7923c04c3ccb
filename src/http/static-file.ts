import { extname } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';

const CONTENT_TYPES: Record<string, string> = {
  '.xml': 'application/xml; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.gif': 'image/gif',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.eot': 'application/vnd.ms-fontobject',
};

/** Documents a browser would run as a page of this origin if opened on their own. */
const ACTIVE_TYPES = new Set(['.html', '.htm', '.xml', '.svg']);

export function contentTypeOf(name: string): string {
  return CONTENT_TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';
}

/** A file to answer with: its name (for the type), its bytes, and what its ETag is made of. */
export interface StaticFile {
  name: string;
  data: Buffer;
  size: number;
  modified: number;
}

/**
 * Answers a file that gadgets load (gadget reference §1.4, §7.1): revalidated by ETag on every use
 * (`no-cache`, 304 when unchanged), readable from the opaque origin of a sandboxed gadget
 * (`Access-Control-Allow-Origin: *`), never sniffed, and — `sandboxActive` — HTML, XML and SVG sandboxed
 * so that an uploaded file opened on its own cannot act as this origin.
 */
export function sendStaticFile(request: FastifyRequest, reply: FastifyReply, file: StaticFile, sandboxActive: boolean): FastifyReply {
  const etag = `"${file.size.toString(16)}-${Math.floor(file.modified).toString(16)}"`;
  reply
    .header('etag', etag)
    .header('cache-control', 'no-cache')
    .header('access-control-allow-origin', '*')
    .header('x-content-type-options', 'nosniff')
    .header('content-type', contentTypeOf(file.name));
  if (sandboxActive && ACTIVE_TYPES.has(extname(file.name).toLowerCase())) reply.header('content-security-policy', 'sandbox');
  const match = request.headers['if-none-match'];
  if (typeof match === 'string' && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
    return reply.code(304).send();
  }
  return reply.code(200).send(file.data);
}

export function sendNotFound(reply: FastifyReply): FastifyReply {
  return reply.code(404).header('content-type', 'text/plain; charset=utf-8').header('x-content-type-options', 'nosniff').send('Not found\n');
}
