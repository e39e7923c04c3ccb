import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../logging.js';
import type { ControlApiDeps } from './control-api.js';
import { CONTROL_API_PREFIX, controlApi } from './control-api.js';
import type { ClusterOrigins } from './cross-origin.js';
import { crossOriginApi } from './cross-origin.js';
import { answerErrors, sendApiError } from './errors.js';
import type { FinesseApiDeps } from './finesse-api.js';
import { FINESSE_API_PREFIX, finesseApi } from './finesse-api.js';
import type { Metrics } from './metrics.js';
import type { LeaderForwardingDeps } from './leader-forwarding.js';
import { forwardToLeader } from './leader-forwarding.js';
import type { GadgetProxyApiDeps } from './gadget-proxy-api.js';
import { GADGET_PROXY_PREFIX, gadgetProxyApi } from './gadget-proxy-api.js';
import { ignoredBodies } from './request-body.js';
import type { GadgetSurfaceDeps } from './gadgets.js';
import { gadgetSurface } from './gadgets.js';
import { desktop } from './routes/desktop.js';
import type { GadgetChangesDeps } from './routes/gadget-changes.js';
import { gadgetChanges } from './routes/gadget-changes.js';
import type { OperationsDeps } from './routes/operations.js';
import { operations } from './routes/operations.js';
import type { XmppHttpTransports } from './xmpp-transports.js';
import { xmppTransports } from './xmpp-transports.js';

/** What the HTTP listeners serve, per surface: each plugin gets its own part and nothing else. */
export interface HttpServices {
  finesse: FinesseApiDeps;
  control: ControlApiDeps;
  operations: OperationsDeps;
  /** Hosted gadget files, the static files gadgets load, the renderer and the effective layout. */
  gadgets: GadgetSurfaceDeps;
  /** BOSH and WebSocket; null serves neither. */
  xmpp: XmppHttpTransports | null;
  /** In a cluster, how requests for the phone system reach the leader; null when the server runs alone. */
  leader: LeaderForwardingDeps | null;
  /** The makeRequest proxy (its own origins and in-process dispatch are the app's). */
  gadgetProxy: Omit<GadgetProxyApiDeps, 'origins' | 'dispatch'>;
  /** The other nodes' pages: CORS on the Finesse API, and where the desktop page may connect. */
  crossOrigin: ClusterOrigins;
  /** Every request is counted and timed by route, and logged at debug level. */
  requests: { metrics: Pick<Metrics, 'httpRequests' | 'httpDuration'>; logger: Logger };
  /** The change feed of `openfinesse gadget serve`; absent otherwise. */
  gadgetChanges?: GadgetChangesDeps;
}

export interface HttpAppOptions {
  tls: { key: string; cert: string } | null;
  maxBodyBytes: number;
}

/**
 * One Fastify app per listener (plain or TLS), all sharing the same services: the Finesse API, the
 * control API, the desktop, the operational endpoints and the XMPP transports, each an encapsulated
 * plugin with its own authentication, body parsing and error answers. What every request gets is here:
 * the `requestId` echo, the request metrics, the body size limit and a JSON 404 outside the APIs.
 */
export function createHttpApp(services: HttpServices, options: HttpAppOptions): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: options.maxBodyBytes,
    forceCloseConnections: 'idle',
    ...(options.tls ? { https: { key: options.tls.key, cert: options.tls.cert } } : {}),
  }) as unknown as FastifyInstance;

  app.decorateRequest('actor', null);
  ignoredBodies(app);
  echoRequestId(app);
  crossOriginApi(app, FINESSE_API_PREFIX, services.crossOrigin);
  observeRequests(app, services.requests);
  if (services.leader) forwardToLeader(app, services.leader);
  // Desktop, operations, BOSH: what little can go wrong there is answered as the Finesse API would.
  app.setErrorHandler(answerErrors(services.requests.logger, sendApiError));
  app.setNotFoundHandler(async (_request, reply) => reply.code(404).send({ error: 'not found' }));

  void app.register(finesseApi, { ...services.finesse, prefix: FINESSE_API_PREFIX });
  void app.register(controlApi, { ...services.control, prefix: CONTROL_API_PREFIX });
  void app.register(operations, services.operations);
  void app.register(gadgetSurface, services.gadgets);
  void app.register(desktop, { origins: services.crossOrigin });
  void app.register(gadgetProxyApi, {
    ...services.gadgetProxy,
    origins: services.crossOrigin,
    dispatch: async (request) => {
      const response = await app.inject({ ...request, method: request.method as 'GET' });
      return { statusCode: response.statusCode, headers: response.headers, body: response.body };
    },
    prefix: GADGET_PROXY_PREFIX,
  });
  if (services.xmpp) void app.register(xmppTransports, { transports: services.xmpp });
  void app.register(gadgetChanges, services.gadgetChanges ?? { changes: null, pollMs: 0 });
  return app;
}

/** A `requestId` request header comes back on the response, whatever the answer. */
function echoRequestId(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    const requestId = request.headers.requestid;
    if (typeof requestId === 'string') reply.raw.setHeader('requestId', requestId.slice(0, 256));
    done();
  });
}

function observeRequests(app: FastifyInstance, { metrics, logger }: HttpServices['requests']): void {
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const status = String(reply.statusCode);
    metrics.httpRequests.inc({ route, method: request.method, status });
    metrics.httpDuration.observe({ route, method: request.method }, reply.elapsedTime / 1000);
    if (logger.isLevelEnabled('debug')) {
      logger.debug(
        {
          event: 'http.request',
          method: request.method,
          url: request.url,
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime * 100) / 100,
          user: request.actor?.loginId,
        },
        'request',
      );
    }
    done();
  });
}
