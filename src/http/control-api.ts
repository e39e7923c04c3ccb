import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ServiceView } from '../application/service-status.js';
import type { GadgetAllowListAdmin } from '../application/gadget-allow-list-admin.js';
import type { ApiError } from '../finesse/api-errors.js';
import type { Logger } from '../logging.js';
import { requireAdministrator } from './access.js';
import type { BasicAuthDeps } from './authenticate.js';
import { basicAuthentication } from './authenticate.js';
import { acknowledgeWhenDurable } from './durability.js';
import { HttpApiError, answerErrors } from './errors.js';
import { jsonBodies } from './request-body.js';
import { requestSchemaCompiler } from './request-schema.js';
import { refuseWritesOutOfService } from './service-guard.js';
import type { AuditReader } from './routes/audit.js';
import { registerAuditRoutes } from './routes/audit.js';
import type { CallControl } from './routes/control.js';
import type { GadgetFileAdmin } from '../application/gadget-file-admin.js';
import { gadgetFileAdminRoutes } from './routes/gadget-file-admin.js';
import type { ProvisioningDeps } from './routes/provisioning.js';
import { registerProvisioningRoutes } from './routes/provisioning.js';
import { registerGadgetAllowListRoutes } from './routes/gadget-allow-list.js';
import { registerControlRoutes } from './routes/control.js';

export interface ControlApiDeps extends BasicAuthDeps {
  /** The simulated outside world; null with a real phone system. */
  callControl: CallControl | null;
  logger: Logger;
  /** Resolves when every change made so far is durable. */
  syncStore(): Promise<void>;
  /** Changes are refused (503) while this does not accept them. */
  service: Pick<ServiceView, 'acceptsWrites'>;
  /** The audit log of configuration changes. */
  audit: AuditReader;
  /** Users and teams. */
  provisioning: ProvisioningDeps;
  /** The hosted gadget files. */
  gadgetFiles: GadgetFileAdmin;
  /** The external targets gadgets may reach (the makeRequest proxy, external gadget specs). */
  gadgetAllowList: Pick<GadgetAllowListAdmin, 'entries' | 'replace'>;
}

export const CONTROL_API_PREFIX = '/openfinesse/api';

/**
 * Our own JSON control API (mounted at `/openfinesse/api`): administrators only (Basic auth), JSON
 * bodies checked by each route's schema, and every error — ours, the schema's, Fastify's — answered as
 * JSON `{ error: { type, message, data } }` with the status a Finesse API error of that type has.
 */
export const controlApi: FastifyPluginAsync<ControlApiDeps> = async (api, deps) => {
  jsonBodies(api);
  api.setValidatorCompiler(requestSchemaCompiler);
  api.setErrorHandler(answerErrors(deps.logger, sendJsonError));
  api.addHook('onRequest', basicAuthentication(deps, requireAdministrator));
  refuseWritesOutOfService(api, deps.service);
  acknowledgeWhenDurable(api, deps.syncStore);
  // Served by any node (never forwarded to the leader): the log is in the shared store.
  registerAuditRoutes(api, deps.audit);
  registerProvisioningRoutes(api, deps.provisioning);
  await api.register(gadgetFileAdminRoutes, { admin: deps.gadgetFiles });
  registerGadgetAllowListRoutes(api, deps.gadgetAllowList);
  if (deps.callControl) {
    registerControlRoutes(api, deps.callControl);
  } else {
    api.all('/*', async () => {
      throw HttpApiError.of(501, 'Not Implemented', 'The control API needs the built-in telephony simulator');
    });
  }
};

export function sendJsonError(reply: FastifyReply, { status, type, message, data }: ApiError): FastifyReply {
  return reply.code(status).send({ error: { type, message, data } });
}
