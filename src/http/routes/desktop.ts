import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ClusterOrigins } from '../cross-origin.js';

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

/**
 * The page talks only to the origin that served it (REST, and WebSocket for notifications) — and in a
 * cluster to the other live nodes' hosts, where it goes when its own node is gone.
 */
function contentSecurityPolicy(connect: string[]): string {
  return [
    "default-src 'self'",
    ["connect-src 'self'", ...connect].join(' '),
    "img-src 'self' data:",
    // Gadget documents (/gadgets/ifr) are served by this origin into sandboxed frames.
    "frame-src 'self'",
    "style-src 'self'",
    "script-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export interface DesktopOptions {
  /** The directory of the built desktop; `dist/desktop` by default. */
  dir?: string;
  /** The other nodes of a cluster, which the page may connect to; none by default. */
  origins?: Pick<ClusterOrigins, 'connectSources'>;
}

/**
 * The desktop's static files at `/desktop/` (through @fastify/static), and `/` redirecting there. Files
 * come only from inside the desktop directory (no traversal, no dotfiles, no listings); hashed assets are
 * cached for a year, everything else is revalidated with an ETag.
 */
export const desktop: FastifyPluginAsync<DesktopOptions> = async (app, options) => {
  const root = normalize(options.dir ?? DEFAULT_DESKTOP_DIR).replace(/[\\/]+$/, '');
  app.get('/', async (_request, reply) => reply.redirect('/desktop/', 302));
  const connect = options.origins ? () => options.origins!.connectSources() : () => [];
  await app.register(desktopFiles, { prefix: '/desktop', root, connect });
};

const desktopFiles: FastifyPluginAsync<{ root: string; connect: () => string[] }> = async (app, { root, connect }) => {
  await app.register(fastifyStatic, {
    root,
    serve: false,
    // Our own content types and cache policy (setHeaders); revalidation by ETag only; no ranges.
    contentType: false,
    cacheControl: false,
    lastModified: false,
    acceptRanges: false,
    dotfiles: 'ignore',
    setHeaders: fileHeaders(join(root, 'assets') + sep),
  });
  // A file that is not there: 404, or for the page itself a hint that the desktop was never built.
  app.setNotFoundHandler(async (request, reply) => {
    if (pageOf(request) !== 'index.html') return notFound(reply);
    return reply
      .code(503)
      .header('content-type', 'text/plain; charset=utf-8')
      .header('cache-control', 'no-store')
      .send('The desktop is not built. Run `npm run build` (or `npm run build:desktop`) and reload.\n');
  });
  app.get('', async (_request, reply) => reply.redirect('/desktop/', 302));
  app.get('/*', async (request, reply) => {
    const relative = pageOf(request);
    if (relative === undefined) return notFound(reply);
    // Set here, not in setHeaders: the nodes it names change while the file does not.
    if (relative.endsWith('.html')) reply.header('content-security-policy', contentSecurityPolicy(connect()));
    return reply.sendFile(relative);
  });
};

/** The file a `/desktop/…` URL names, relative to the desktop directory; undefined when it names none it may. */
function pageOf(request: FastifyRequest): string | undefined {
  let relative: string;
  try {
    relative = decodeURIComponent((request.params as { '*'?: string })['*'] ?? '');
  } catch {
    return undefined;
  }
  if (relative === '' || relative.endsWith('/')) relative += 'index.html';
  if (relative.includes('\0') || relative.includes('\\') || relative.split('/').some((part) => part === '..' || part.startsWith('.'))) {
    return undefined;
  }
  return relative;
}

/** Content type and cache policy by file: hashed names under `assets/` never change. */
const fileHeaders =
  (assets: string) =>
  (res: { setHeader(name: string, value: string): unknown }, path: string): void => {
    const immutable = path.startsWith(assets);
    res.setHeader('content-type', CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream');
    res.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    if (path.endsWith('.html')) res.setHeader('x-frame-options', 'DENY');
  };

function notFound(reply: FastifyReply) {
  return reply.code(404).header('content-type', 'text/plain; charset=utf-8').send('Not found\n');
}
