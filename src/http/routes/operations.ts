import type { FastifyPluginAsync } from 'fastify';
import type { Metrics } from '../metrics.js';

export interface OperationsDeps {
  /** Uptime, users, bound ports: whatever the server reports about itself. */
  health(): Record<string, unknown>;
  metrics: Pick<Metrics, 'registry'>;
}

/** The operational endpoints, without authentication: `/openfinesse/health` and Prometheus `/openfinesse/metrics`. */
export const operations: FastifyPluginAsync<OperationsDeps> = async (app, deps) => {
  app.get('/openfinesse/health', async (_request, reply) => {
    return reply.code(200).send({ status: 'ok', ...deps.health() });
  });

  app.get('/openfinesse/metrics', async (_request, reply) => {
    const body = await deps.metrics.registry.metrics();
    return reply.code(200).header('content-type', deps.metrics.registry.contentType).send(body);
  });
};
