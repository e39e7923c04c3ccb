import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { requireAdministrator } from './access.js';
import { requireActor } from './authenticate.js';

/**
 * A route option of the configuration APIs: the caller must be an administrator, checked before the body
 * is read (an agent gets 401 Authorization Failure, never a 400 about his body).
 */
export const ADMINISTRATORS_ONLY: { onRequest: onRequestHookHandler } = {
  onRequest: (request, _reply, done) => {
    requireAdministrator(requireActor(request));
    done();
  },
};

/** The absolute URL of a resource the request created (the `Location` of a create, admin reference §1.2). */
function locationOf(request: FastifyRequest, uri: string): string {
  return `${request.protocol ?? 'http'}://${request.host || 'localhost'}${uri}`;
}

/** A configuration create's answer (admin reference §1.2): 200, no body, the new item's absolute URL in `Location`. */
export function sendCreated(request: FastifyRequest, reply: FastifyReply, uri: string): FastifyReply {
  return reply.code(200).header('location', locationOf(request, uri)).send();
}
