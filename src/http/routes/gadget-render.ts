import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GadgetSources } from '../../application/gadget-sources.js';
import { GadgetSourceError } from '../../application/gadget-sources.js';
import { CONTAINER_FEATURES, gadgetBootstrap, gadgetDocumentHtml } from '../../gadgets/bootstrap.js';
import { prepareGadgetDocument } from '../../gadgets/document.js';
import { GadgetSpecError } from '../../gadgets/errors.js';
import { bundleUrls } from '../../gadgets/locale.js';
import { parseGadgetSpec } from '../../gadgets/spec.js';
import type { RenderRequest } from '../../gadgets/urls.js';
import { parseRenderUrl, RENDER_PATH } from '../../gadgets/urls.js';
import { escapeXml } from '../../xml/escape.js';
import type { Logger } from '../../logging.js';

export interface GadgetRenderDeps {
  sources: Pick<GadgetSources, 'load'>;
  /** The other nodes' desktop origins, which may frame the documents too (none when alone). */
  frameOrigins(): string[];
  logger: Logger;
}

/**
 * `GET /gadgets/ifr` (gadget reference §1.3, §2.1, §7.1): a gadget spec rendered as the document of its
 * sandboxed iframe. No authentication (an iframe cannot send Basic credentials; no secret goes through
 * here). A request that cannot be rendered gets a small HTML error page with a 4xx (502 when another
 * server failed) and one log line.
 */
export function registerGadgetRenderRoute(app: FastifyInstance, deps: GadgetRenderDeps): void {
  app.get(RENDER_PATH, async (request, reply) => {
    const origin = originOf(request);
    documentHeaders(reply, [origin, ...deps.frameOrigins()]);
    try {
      const html = await renderGadget(deps.sources, request.url, origin);
      return reply.code(200).send(html);
    } catch (error) {
      const { status, message } = failureOf(error);
      const line = { event: 'gadget.render_failed', url: request.url.slice(0, 2048), status, reason: message };
      if (status === 500) deps.logger.error({ ...line, err: error }, 'gadget render failed');
      else deps.logger.warn(line, 'gadget not rendered');
      return reply.code(status).send(errorPage(status, message));
    }
  });
}

/** Loads the spec and the bundles the viewer's locale needs, and writes the document. */
async function renderGadget(sources: Pick<GadgetSources, 'load'>, url: string, origin: string): Promise<string> {
  const request: RenderRequest = parseRenderUrl(url, origin);
  const specXml = await sources.load(request.specUrl, origin, request.nocache);
  const spec = parseGadgetSpec(specXml);
  const bundles = new Map<string, string>();
  for (const bundleUrl of bundleUrls(spec, request.specUrl, request.lang, request.country)) {
    // A bundle that cannot be loaded is left out: its messages fall back to the less specific ones.
    const text = await sources.load(bundleUrl, origin, request.nocache).catch(() => undefined);
    if (text !== undefined) bundles.set(bundleUrl, text);
  }
  const doc = prepareGadgetDocument({ specXml, request, bundles, knownFeatures: CONTAINER_FEATURES });
  return gadgetDocumentHtml(gadgetBootstrap(doc, request, origin), doc.html);
}

function originOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`.toLowerCase();
}

function documentHeaders(reply: FastifyReply, frameAncestors: string[]): void {
  reply
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'private, no-cache')
    .header('content-security-policy', `frame-ancestors ${[...new Set(frameAncestors)].join(' ')}`)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'strict-origin-when-cross-origin');
}

function failureOf(error: unknown): { status: number; message: string } {
  if (error instanceof GadgetSourceError) return { status: error.status, message: error.message };
  if (error instanceof GadgetSpecError) return { status: error.code === 'render-url' ? 400 : 422, message: error.message };
  return { status: 500, message: 'internal error' };
}

function errorPage(status: number, message: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Gadget not available</title></head><body><p>This gadget could not be loaded (${status}).</p><pre>${escapeXml(message)}</pre></body></html>`;
}
