import type { FastifyInstance } from 'fastify';
import { systemInfoXml } from '../../finesse/resources-xml.js';
import { requireActor } from '../authenticate.js';
import type { HttpContext } from '../context.js';
import { sendXml } from '../errors.js';

export function registerSystemInfoRoute(app: FastifyInstance, ctx: HttpContext): void {
  app.get('/finesse/api/SystemInfo', async (request, reply) => {
    requireActor(request);
    const ports = ctx.boundPorts();
    return sendXml(
      reply,
      200,
      systemInfoXml({ now: ctx.clock.now(), domain: ctx.domain, httpsPort: ports.https ?? null, xmppPort: ports.xmpp ?? null, startedAt: ctx.startedAt }),
    );
  });
}
