import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The built desktop (`npm run build:desktop` writes `dist/desktop`). Both `src/http/routes` (tests, tsx)
 * and `dist/http/routes` (the compiled server) are three levels below the project root.
 */
export const DEFAULT_DESKTOP_DIR = fileURLToPath(new URL('../../../dist/desktop/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** The page talks only to the origin that served it: REST, and WebSocket for notifications. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
  "script-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

interface CachedFile {
  mtimeMs: number;
  size: number;
  body: Buffer;
  etag: string;
}

/**
 * Serves the desktop's static files at `/desktop/` on every listener and redirects `/` there. Files come
 * only from inside the desktop directory (no traversal, no dotfiles); hashed assets are cached for a year,
 * everything else is revalidated with an ETag.
 */
export function registerDesktopRoutes(app: FastifyInstance, options: { dir?: string } = {}): void {
  const root = normalize(options.dir ?? DEFAULT_DESKTOP_DIR).replace(/[\\/]+$/, '');
  const cache = new Map<string, CachedFile>();

  app.get('/', async (_request, reply) => reply.redirect('/desktop/', 302));
  app.get('/desktop', async (_request, reply) => reply.redirect('/desktop/', 302));
  app.get('/desktop/*', async (request: FastifyRequest<{ Params: { '*': string } }>, reply: FastifyReply) => {
    let relative: string;
    try {
      relative = decodeURIComponent(request.params['*'] ?? '');
    } catch {
      return notFound(reply);
    }
    if (relative === '' || relative.endsWith('/')) relative += 'index.html';
    if (relative.includes('\0') || relative.includes('\\') || relative.split('/').some((part) => part === '..' || part.startsWith('.'))) {
      return notFound(reply);
    }
    const path = normalize(join(root, relative));
    if (!path.startsWith(root + sep)) return notFound(reply);

    let file: CachedFile;
    try {
      const info = await stat(path);
      if (!info.isFile()) return notFound(reply);
      const cached = cache.get(path);
      if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) file = cached;
      else {
        const body = await readFile(path);
        const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
        file = { mtimeMs: info.mtimeMs, size: info.size, body, etag };
        cache.set(path, file);
      }
    } catch {
      if (relative === 'index.html') {
        return reply
          .code(503)
          .header('content-type', 'text/plain; charset=utf-8')
          .header('cache-control', 'no-store')
          .send('The desktop is not built. Run `npm run build` (or `npm run build:desktop`) and reload.\n');
      }
      return notFound(reply);
    }

    const immutable = relative.startsWith('assets/');
    reply
      .header('content-type', CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream')
      .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .header('etag', file.etag)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer');
    if (relative.endsWith('.html')) reply.header('content-security-policy', CONTENT_SECURITY_POLICY).header('x-frame-options', 'DENY');
    if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
    return reply.code(200).send(file.body);
  });
}

function notFound(reply: FastifyReply) {
  return reply.code(404).header('content-type', 'text/plain; charset=utf-8').send('Not found\n');
}
