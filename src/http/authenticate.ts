import type { FastifyRequest, onRequestHookHandler } from 'fastify';
import type { Authenticator } from '../accounts/authenticator.js';
import type { UserAccount } from '../domain/model.js';
import { HttpApiError } from './errors.js';
import type { Metrics } from './metrics.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: UserAccount | null;
  }
}

/** What Basic authentication needs: the account check, and a counter of failures. */
export interface BasicAuthDeps {
  authenticator: Pick<Authenticator, 'verify'>;
  metrics: Pick<Metrics, 'authFailures'>;
}

/**
 * Basic authentication of a request. No WWW-Authenticate challenge is sent: browsers would answer it
 * with their own password dialog over the desktop, and Finesse clients authenticate preemptively anyway.
 */
export function authenticateBasic(request: FastifyRequest, { authenticator, metrics }: BasicAuthDeps): UserAccount {
  const header = request.headers.authorization;
  if (!header || !/^basic /i.test(header)) {
    metrics.authFailures.inc({ protocol: 'http', reason: 'missing' });
    throw HttpApiError.of(401, 'Authentication Failure', 'UNAUTHORIZED');
  }
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const name = colon < 0 ? decoded : decoded.slice(0, colon);
  const password = colon < 0 ? '' : decoded.slice(colon + 1);
  const result = authenticator.verify(name, password);
  if (result.ok) return result.user;
  metrics.authFailures.inc({ protocol: 'http', reason: result.reason });
  if (result.reason === 'locked') {
    throw HttpApiError.of(401, 'Authentication Failure', 'ACCOUNT_LOCKED', name);
  }
  throw HttpApiError.of(401, 'Authentication Failure', 'UNAUTHORIZED', name);
}

/**
 * An onRequest hook that authenticates every request of the plugin it is added to and keeps the user
 * as `request.actor`; a failure goes to that plugin's error handler. Callback style: no promise per request.
 */
export function basicAuthentication(deps: BasicAuthDeps, authorize?: (actor: UserAccount) => void): onRequestHookHandler {
  return (request, _reply, done) => {
    const actor = authenticateBasic(request, deps);
    authorize?.(actor);
    request.actor = actor;
    done();
  };
}

export function requireActor(request: FastifyRequest): UserAccount {
  if (!request.actor) throw HttpApiError.of(401, 'Authentication Failure', 'UNAUTHORIZED');
  return request.actor;
}
