import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../domain/errors.js';
import { queueXml, queuesXml } from '../../finesse/queue-xml.js';
import { requireActor } from '../authenticate.js';
import type { AccessPolicy } from '../../application/access-policy.js';
import type { QueueCatalogue } from '../../application/queue-catalogue.js';
import type { Telephony } from '../../telephony/telephony.js';
import type { HttpAccess } from '../access.js';
import { sendXml } from '../errors.js';

/** Answered by the node that leads the phone system (forwarded there from the others). */
const LEADER = { leader: true };

export interface QueueRoutesDeps {
  queues: Pick<QueueCatalogue, 'find'>;
  telephony: Pick<Telephony, 'queueStatistics'>;
  policy: Pick<AccessPolicy, 'watchedQueues'>;
  access: Pick<HttpAccess, 'readableUser'>;
}

export function registerQueueRoutes(app: FastifyInstance, ctx: QueueRoutesDeps): void {
  app.get<{ Params: { id: string } }>('/Queue/:id', { config: LEADER }, async (request, reply) => {
    requireActor(request);
    const queue = ctx.queues.find(request.params.id);
    if (!queue) throw new DomainError('NotFound', 'Invalid queue id specified', request.params.id);
    return sendXml(reply, 200, queueXml(queue, ctx.telephony.queueStatistics(queue.id)));
  });

  app.get<{ Params: { id: string } }>('/User/:id/Queues', { config: LEADER }, async (request, reply) => {
    const user = ctx.access.readableUser(requireActor(request), request.params.id);
    const sorted = ctx.policy.watchedQueues(user).sort((a, b) => a.id.localeCompare(b.id, undefined, { numeric: true }));
    return sendXml(reply, 200, queuesXml(sorted.map((queue) => ({ queue, statistics: ctx.telephony.queueStatistics(queue.id) }))));
  });
}
