import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticateBasic } from './authenticate.js';
import type { HttpContext } from './context.js';
import { HttpApiError, sendApiError, toApiError } from './errors.js';
import { registerBodyParsers } from './request-body.js';
import { registerControlRoutes } from './routes/control.js';
import { registerDesktopRoutes } from './routes/desktop.js';
import { registerDialogRoutes } from './routes/dialogs.js';
import { registerQueueRoutes } from './routes/queues.js';
import { registerOperationsRoutes } from './routes/operations.js';
import { registerReasonRoutes } from './routes/reasons.js';
import { registerSystemInfoRoute } from './routes/system-info.js';
import { registerTeamRoutes } from './routes/team.js';
import { registerUserRoutes } from './routes/users.js';

export interface HttpAppOptions {
  tls: { key: string; cert: string } | null;
  maxBodyBytes: number;
}

const FINESSE_API = '/finesse/api/';
const ALL_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS'] as const;

/** The Finesse resources and which methods each answers; other methods get 405. */
const FINESSE_ROUTES: Record<string, readonly string[]> = {
  '/finesse/api/User/:id': ['GET', 'PUT'],
  '/finesse/api/Users': ['GET'],
  '/finesse/api/Team/:id': ['GET'],
  '/finesse/api/User/:id/ReasonCodes': ['GET'],
  '/finesse/api/User/:id/ReasonCode/:rc': ['GET'],
  '/finesse/api/User/:id/WrapUpReasons': ['GET'],
  '/finesse/api/User/:id/WrapUpReason/:w': ['GET'],
  '/finesse/api/SystemInfo': ['GET'],
  '/finesse/api/User/:id/Dialogs': ['GET', 'POST'],
  '/finesse/api/Dialog/:id': ['GET', 'PUT'],
  '/finesse/api/Queue/:id': ['GET'],
  '/finesse/api/User/:id/Queues': ['GET'],
};

/**
 * One Fastify app per listener (plain or TLS), all sharing the same context. The REST API, BOSH and the
 * operational endpoints are served on every listener; WebSocket upgrades are attached by the caller.
 */
export function createHttpApp(ctx: HttpContext, options: HttpAppOptions): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: options.maxBodyBytes,
    forceCloseConnections: 'idle',
    ...(options.tls ? { https: { key: options.tls.key, cert: options.tls.cert } } : {}),
  }) as unknown as FastifyInstance;

  app.decorateRequest('actor', null);
  registerBodyParsers(app);

  app.addHook('onRequest', async (request, reply) => {
    const requestId = request.headers.requestid;
    if (typeof requestId === 'string') reply.raw.setHeader('requestId', requestId.slice(0, 256));
    if (request.url.startsWith('/http-bind') && ctx.xmpp) {
      reply.hijack();
      ctx.xmpp.handleBoshRequest(request.raw, reply.raw);
      return;
    }
    if (request.url.startsWith(FINESSE_API)) request.actor = authenticateBasic(request, ctx.authenticator, ctx.metrics);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 300) await ctx.syncStore();
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const status = String(reply.statusCode);
    ctx.metrics.httpRequests.inc({ route, method: request.method, status });
    ctx.metrics.httpDuration.observe({ route, method: request.method }, reply.elapsedTime / 1000);
    ctx.logger.debug({ event: 'http.request', method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 100) / 100, user: request.actor?.loginId }, 'request');
  });

  app.setErrorHandler(async (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const apiError = toApiError(error) ?? frameworkError(error);
    if (apiError) return sendApiError(reply, apiError);
    ctx.logger.error({ event: 'http.error', url: request.url, err: error }, 'unhandled error');
    return sendApiError(reply, { status: 500, type: 'Internal Server Error', message: 'RUNTIME_EXCEPTION', data: '' });
  });

  app.setNotFoundHandler(async (request, reply) => {
    if (request.url.startsWith(FINESSE_API)) {
      return sendApiError(reply, { status: 404, type: 'Not Found', message: 'The requested resource was not found', data: request.url.split('?')[0]! });
    }
    return reply.code(404).send({ error: 'not found' });
  });

  registerUserRoutes(app, ctx);
  registerTeamRoutes(app, ctx);
  registerReasonRoutes(app, ctx);
  registerSystemInfoRoute(app, ctx);
  registerOperationsRoutes(app, ctx);
  registerDialogRoutes(app, ctx);
  registerQueueRoutes(app, ctx);
  registerControlRoutes(app, ctx);
  registerDesktopRoutes(app);
  for (const [url, methods] of Object.entries(FINESSE_ROUTES)) {
    const others = ALL_METHODS.filter((m) => !methods.includes(m));
    app.route({
      method: [...others],
      url,
      handler: async () => {
        throw HttpApiError.of(405, 'Method Not Allowed', `Supported methods: ${methods.join(', ')}`);
      },
    });
  }
  return app;
}

function frameworkError(error: unknown): { status: number; type: string; message: string; data: string } | undefined {
  const e = error as { statusCode?: number; code?: string; message?: string };
  if (typeof e.statusCode !== 'number' || e.statusCode >= 500) return undefined;
  if (e.statusCode === 413) return { status: 413, type: 'Request Entity Too Large', message: 'The request body is larger than allowed', data: '' };
  if (e.statusCode === 415) return { status: 415, type: 'Unsupported Media Type', message: e.message ?? '', data: '' };
  return { status: e.statusCode, type: 'Bad Request', message: e.message ?? 'Bad Request', data: '' };
}
