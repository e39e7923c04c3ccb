import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Logger } from '../logging.js';
import type { BasicAuthDeps } from './authenticate.js';
import { basicAuthentication } from './authenticate.js';
import { acknowledgeWhenDurable } from './durability.js';
import { HttpApiError, answerErrors, sendApiError } from './errors.js';
import { xmlBodies } from './request-body.js';
import { refuseWritesOutOfService } from './service-guard.js';
import type { ServiceView } from '../application/service-status.js';
import type { DialogRoutesDeps } from './routes/dialogs.js';
import { registerDialogRoutes } from './routes/dialogs.js';
import type { ContactConfigDeps } from './routes/contact-config.js';
import { registerContactConfigRoutes } from './routes/contact-config.js';
import type { PhoneBookConfigDeps } from './routes/phone-book-config.js';
import { registerPhoneBookConfigRoutes } from './routes/phone-book-config.js';
import type { PhoneBookRoutesDeps } from './routes/phone-books.js';
import { registerPhoneBookRoutes } from './routes/phone-books.js';
import type { LayoutConfigDeps } from './routes/layout-config.js';
import { registerLayoutConfigRoutes } from './routes/layout-config.js';
import type { LayoutRoutesDeps } from './routes/layouts.js';
import { registerLayoutRoutes } from './routes/layouts.js';
import type { MediaPropertiesLayoutConfigDeps } from './routes/media-properties-layout-config.js';
import { registerMediaPropertiesLayoutConfigRoutes } from './routes/media-properties-layout-config.js';
import type { QueueRoutesDeps } from './routes/queues.js';
import { registerQueueRoutes } from './routes/queues.js';
import type { ReasonCodeConfigDeps } from './routes/reason-code-config.js';
import { registerReasonCodeConfigRoutes } from './routes/reason-code-config.js';
import type { ReasonRoutesDeps } from './routes/reasons.js';
import { registerReasonRoutes } from './routes/reasons.js';
import type { SystemInfoDeps } from './routes/system-info.js';
import { registerSystemInfoRoute } from './routes/system-info.js';
import type { TeamAssignmentDeps } from './routes/team-assignments.js';
import { registerTeamAssignmentRoutes } from './routes/team-assignments.js';
import type { TeamMessageRoutesDeps } from './routes/team-messages.js';
import { registerTeamMessageRoutes } from './routes/team-messages.js';
import type { TeamRoutesDeps } from './routes/team.js';
import { registerTeamRoutes } from './routes/team.js';
import type { UserRoutesDeps } from './routes/users.js';
import { registerUserRoutes } from './routes/users.js';
import type { WrapUpReasonConfigDeps } from './routes/wrap-up-reason-config.js';
import { registerWrapUpReasonConfigRoutes } from './routes/wrap-up-reason-config.js';
import type { TeamResourceDeps } from './routes/team-resources.js';
import { registerTeamResourceRoutes } from './routes/team-resources.js';
import type { WorkflowActionConfigDeps } from './routes/workflow-action-config.js';
import { registerWorkflowActionConfigRoutes } from './routes/workflow-action-config.js';
import type { WorkflowConfigDeps } from './routes/workflow-config.js';
import { registerWorkflowConfigRoutes } from './routes/workflow-config.js';
import type { WorkflowRoutesDeps } from './routes/workflows.js';
import { registerWorkflowRoutes } from './routes/workflows.js';
import { type ClientLogRoutesDeps, registerClientLogRoutes } from './routes/client-log.js';

/** What the Finesse API needs: its routes' services, authentication, the error log and the durability barrier. */
export type FinesseApiDeps = UserRoutesDeps &
  TeamRoutesDeps &
  ReasonRoutesDeps &
  SystemInfoDeps &
  DialogRoutesDeps &
  QueueRoutesDeps &
  ReasonCodeConfigDeps &
  WrapUpReasonConfigDeps &
  TeamAssignmentDeps &
  TeamMessageRoutesDeps &
  PhoneBookConfigDeps &
  ContactConfigDeps &
  PhoneBookRoutesDeps &
  WorkflowActionConfigDeps &
  WorkflowConfigDeps &
  WorkflowRoutesDeps &
  ClientLogRoutesDeps &
  TeamResourceDeps &
  MediaPropertiesLayoutConfigDeps &
  LayoutConfigDeps &
  LayoutRoutesDeps &
  BasicAuthDeps & {
    logger: Logger;
    /** Resolves when every change made so far is durable; awaited before a change is acknowledged. */
    syncStore(): Promise<void>;
    /** Whether this node is in service; changes are refused (503) while it does not accept them. */
    service: ServiceView;
  };

export const FINESSE_API_PREFIX = '/finesse/api';

/** The Finesse resources and which methods each answers; other methods get 405. */
const RESOURCES: Record<string, readonly string[]> = {
  '/User/:id': ['GET', 'PUT'],
  '/Users': ['GET'],
  '/Team/:id': ['GET'],
  '/Teams': ['GET'],
  '/User/:id/ReasonCodes': ['GET'],
  '/User/:id/ReasonCode/:rc': ['GET'],
  '/User/:id/WrapUpReasons': ['GET'],
  '/User/:id/WrapUpReason/:w': ['GET'],
  '/SystemInfo': ['GET'],
  '/User/:id/Dialogs': ['GET', 'POST'],
  '/Dialog/:id': ['GET', 'PUT'],
  '/Queue/:id': ['GET'],
  '/User/:id/Queues': ['GET'],
  '/ReasonCodes': ['GET', 'POST'],
  '/ReasonCode': ['POST'],
  '/ReasonCode/:id': ['GET', 'PUT', 'DELETE'],
  '/WrapUpReasons': ['GET', 'POST'],
  '/WrapUpReason': ['POST'],
  '/WrapUpReason/:id': ['GET', 'PUT', 'DELETE'],
  '/Team/:id/ReasonCodes': ['GET', 'PUT'],
  '/Team/:id/WrapUpReasons': ['GET', 'PUT'],
  '/TeamMessage': ['POST'],
  '/TeamMessage/:id': ['GET', 'DELETE'],
  '/Team/:id/TeamMessages': ['GET'],
  '/PhoneBooks': ['GET', 'POST'],
  '/PhoneBook': ['POST'],
  '/PhoneBook/:id': ['GET', 'PUT', 'DELETE'],
  '/PhoneBook/:id/Contacts': ['GET', 'PUT'],
  '/PhoneBook/:id/Contact': ['POST'],
  '/PhoneBook/:id/Contact/:contact': ['GET', 'PUT', 'DELETE'],
  '/PhoneBook/:id/Contacts/csvFileContent': ['GET', 'POST'],
  '/Team/:id/PhoneBooks': ['GET', 'PUT'],
  '/User/:id/PhoneBooks': ['GET'],
  '/TeamResource/:id/PhoneBooks': ['GET'],
  '/WorkflowActions': ['GET', 'POST'],
  '/WorkflowAction': ['POST'],
  '/WorkflowAction/:id': ['GET', 'PUT', 'DELETE'],
  '/Workflows': ['GET', 'POST'],
  '/Workflow': ['POST'],
  '/Workflow/:id': ['GET', 'PUT', 'DELETE'],
  '/Team/:id/Workflows': ['GET', 'PUT'],
  '/User/:id/Workflows': ['GET'],
  '/User/:id/ClientLog': ['POST'],
  '/TeamResource/:id/Workflows': ['GET'],
  '/TeamResource/:id/ReasonCodes': ['GET'],
  '/TeamResource/:id/WrapUpReasons': ['GET'],
  '/MediaPropertiesLayouts': ['GET', 'POST'],
  '/MediaPropertiesLayout': ['POST'],
  '/MediaPropertiesLayout/:id': ['GET', 'PUT', 'DELETE'],
  '/Team/:id/MediaPropertiesLayout': ['GET', 'PUT'],
  '/User/:id/MediaPropertiesLayout': ['GET', 'PUT'],
  '/User/:id/MediaPropertiesLayouts': ['GET'],
  '/TeamResource/:id/MediaPropertiesLayouts': ['GET'],
  '/LayoutConfig/default': ['GET', 'PUT'],
  '/Team/:id/LayoutConfig': ['GET', 'PUT'],
  '/TeamResource/:id/LayoutConfig': ['GET'],
};
const ALL_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS'] as const;

/**
 * The Finesse REST API (mounted at `/finesse/api`): every request Basic-authenticated, bodies read as
 * XML, every error — ours, the domain's, Fastify's, an unknown URL — answered as an `ApiErrors`
 * document, a change acknowledged only once it is durable and refused (503) while the node is out of
 * service in a cluster.
 */
export const finesseApi: FastifyPluginAsync<FinesseApiDeps> = async (api, deps) => {
  xmlBodies(api);
  api.setErrorHandler(answerErrors(deps.logger, sendApiError));
  api.setNotFoundHandler(async (request, reply) => {
    return sendApiError(reply, { status: 404, type: 'Not Found', message: 'The requested resource was not found', data: request.url.split('?')[0]! });
  });
  api.addHook('onRequest', basicAuthentication(deps));
  refuseWritesOutOfService(api, deps.service);
  acknowledgeWhenDurable(api, deps.syncStore);

  registerUserRoutes(api, deps);
  registerTeamRoutes(api, deps);
  registerReasonRoutes(api, deps);
  registerSystemInfoRoute(api, deps);
  registerDialogRoutes(api, deps);
  registerQueueRoutes(api, deps);
  registerReasonCodeConfigRoutes(api, deps);
  registerWrapUpReasonConfigRoutes(api, deps);
  registerTeamAssignmentRoutes(api, deps);
  registerTeamMessageRoutes(api, deps);
  registerPhoneBookConfigRoutes(api, deps);
  registerContactConfigRoutes(api, deps);
  registerPhoneBookRoutes(api, deps);
  registerWorkflowActionConfigRoutes(api, deps);
  registerWorkflowConfigRoutes(api, deps);
  registerWorkflowRoutes(api, deps);
  registerClientLogRoutes(api, deps);
  registerTeamResourceRoutes(api, deps);
  registerMediaPropertiesLayoutConfigRoutes(api, deps);
  registerLayoutConfigRoutes(api, deps);
  registerLayoutRoutes(api, deps);
  registerUnsupportedMethods(api);
};

function registerUnsupportedMethods(api: FastifyInstance): void {
  for (const [url, methods] of Object.entries(RESOURCES)) {
    api.route({
      method: ALL_METHODS.filter((m) => !methods.includes(m)),
      url,
      handler: async () => {
        throw HttpApiError.of(405, 'Method Not Allowed', `Supported methods: ${methods.join(', ')}`);
      },
    });
  }
}
