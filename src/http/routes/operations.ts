import type { FastifyInstance } from 'fastify';
import type { HttpContext } from '../context.js';

/** Unauthenticated operational endpoints. */
export function registerOperationsRoutes(app: FastifyInstance, ctx: HttpContext): void {
  app.get('/openfinesse/health', async (_request, reply) => {
    return reply.code(200).send({ status: 'ok', ...ctx.health() });
  });

  app.get('/openfinesse/metrics', async (_request, reply) => {
    const body = await ctx.metrics.registry.metrics();
    return reply.code(200).header('content-type', ctx.metrics.registry.contentType).send(body);
  });
}
