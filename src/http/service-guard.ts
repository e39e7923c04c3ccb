import type { FastifyInstance } from 'fastify';
import type { ServiceView } from '../application/service-status.js';
import type { ApiError } from '../finesse/api-errors.js';
import { HttpApiError } from './errors.js';

/** The methods that change something. */
const WRITES = new Set(['PUT', 'POST', 'DELETE', 'PATCH']);

/** What Finesse answers while it is out of service (reference §1.4). */
export const OUT_OF_SERVICE: ApiError = { status: 503, type: 'Service Unavailable', message: 'SERVER_OUT_OF_SERVICE', data: '' };

/**
 * While the node accepts no changes (a node of a cluster out of service), every request that would
 * change something is answered 503 before it is read, in the surface's own error format; reads go on.
 * Added after authentication, so an unauthenticated caller still gets 401.
 */
export function refuseWritesOutOfService(api: FastifyInstance, service: Pick<ServiceView, 'acceptsWrites'>): void {
  // Callback style: no promise per request on the path of every change.
  api.addHook('onRequest', (request, _reply, done) => {
    if (WRITES.has(request.method) && !service.acceptsWrites) done(new HttpApiError(OUT_OF_SERVICE));
    else done();
  });
}
