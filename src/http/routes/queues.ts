import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../domain/errors.js';
import type { Queue } from '../../domain/queue.js';
import { queueXml, queuesXml } from '../../finesse/queue-xml.js';
import { readableUser } from '../access.js';
import { requireActor } from '../authenticate.js';
import type { HttpContext } from '../context.js';
import { sendXml } from '../errors.js';

export function registerQueueRoutes(app: FastifyInstance, ctx: HttpContext): void {
  app.get<{ Params: { id: string } }>('/finesse/api/Queue/:id', async (request, reply) => {
    requireActor(request);
    const queue = ctx.telephony.findQueue(request.params.id);
    if (!queue) throw new DomainError('NotFound', 'Invalid queue id specified', request.params.id);
    return sendXml(reply, 200, queueXml(queue, ctx.telephony.queueStatistics(queue.id)));
  });

  app.get<{ Params: { id: string } }>('/finesse/api/User/:id/Queues', async (request, reply) => {
    const user = readableUser(ctx.directory, requireActor(request), request.params.id);
    // A supervisor also sees the queues of every agent he supervises.
    const queues = new Map<string, Queue>();
    for (const q of ctx.telephony.queuesOf(user)) queues.set(q.id, q);
    for (const teamId of user.supervisedTeamIds) {
      for (const member of ctx.directory.teamMembers(teamId)) for (const q of ctx.telephony.queuesOf(member)) queues.set(q.id, q);
    }
    const sorted = [...queues.values()].sort((a, b) => a.id.localeCompare(b.id, undefined, { numeric: true }));
    return sendXml(reply, 200, queuesXml(sorted.map((queue) => ({ queue, statistics: ctx.telephony.queueStatistics(queue.id) }))));
  });
}
