import type { FastifyPluginAsync, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { GadgetProxy } from '../gadgets-proxy/gadget-proxy.js';
import type { SelfDispatch } from '../gadgets-proxy/self-dispatch.js';
import type { SelfOrigins } from '../gadgets-proxy/self-target.js';
import type { Logger } from '../logging.js';
import type { BasicAuthDeps } from './authenticate.js';
import { basicAuthentication, requireActor } from './authenticate.js';
import { sendJsonError } from './control-api.js';
import type { ClusterOrigins } from './cross-origin.js';
import { HttpApiError, answerErrors } from './errors.js';
import { jsonBodies } from './request-body.js';
import { requestSchemaCompiler } from './request-schema.js';
import type { ProxyRequestBody } from './routes/gadget-schemas.js';
import { proxyRequestBody } from './routes/gadget-schemas.js';

export const GADGET_PROXY_PREFIX = '/openfinesse/gadgets';

/** The header only the desktop sends (src/desktop/src/gadgets/protocol.ts PROXY_HEADER): it forces a CORS preflight. */
export const PROXY_HEADER = 'x-openfinesse-desktop';

/** A request body holds at most 5 MiB of text; as JSON it may take a few times that in escapes. */
const PROXY_BODY_LIMIT = 24 * 1024 * 1024;

export interface GadgetProxyApiDeps extends BasicAuthDeps {
  proxy: Pick<GadgetProxy, 'handle'>;
  logger: Logger;
  origins: Pick<ClusterOrigins, 'allows'>;
  /** The ports this node listens on, plain and TLS (known once the listeners are up). */
  listenerPorts(): SelfOrigins['listenerPorts'];
  /** This server's own routes, in-process (the app's `inject`). */
  dispatch: SelfDispatch;
}

function requestOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${(request.host || 'localhost').toLowerCase()}`;
}

/**
 * Only the desktop page may call the proxy: a request with an `Origin` other than the server's own (a
 * sandboxed gadget's is `null`) or without the custom header is 403, before authentication. No CORS
 * header is ever sent, so a browser never lets another page read an answer either.
 */
const onlyTheDesktop: onRequestHookHandler = (request, _reply, done) => {
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== requestOrigin(request)) throw HttpApiError.of(403, 'Forbidden', 'Cross-origin calls to the gadget proxy are refused');
  if (request.headers[PROXY_HEADER] === undefined) throw HttpApiError.of(403, 'Forbidden', `The gadget proxy needs the ${PROXY_HEADER} header`);
  done();
};

/**
 * `POST /openfinesse/gadgets/proxy` (gadget reference §7.4): the desktop relays a gadget's
 * makeRequest with the signed-in user's Basic credentials (any role). The answer is always 200 with the
 * target's status in `rc`, or the proxy's own (403, 413, 429, 502, 504).
 */
export const gadgetProxyApi: FastifyPluginAsync<GadgetProxyApiDeps> = async (api, deps) => {
  jsonBodies(api);
  api.setValidatorCompiler(requestSchemaCompiler);
  api.setErrorHandler(answerErrors(deps.logger, sendJsonError));
  api.addHook('onRequest', onlyTheDesktop);
  api.addHook('onRequest', basicAuthentication(deps));
  api.post<{ Body: ProxyRequestBody }>('/proxy', { bodyLimit: PROXY_BODY_LIMIT, schema: { body: proxyRequestBody } }, async (request) => {
    const actor = requireActor(request);
    const self: SelfOrigins = {
      requestOrigin: requestOrigin(request),
      listenerPorts: deps.listenerPorts(),
      isClusterOrigin: (origin) => deps.origins.allows(origin),
    };
    return deps.proxy.handle({ loginId: actor.loginId, authorization: request.headers.authorization ?? null }, request.body, { self, dispatch: deps.dispatch });
  });
};
