import type { FastifyInstance } from 'fastify';
import { systemInfoXml } from '../../finesse/resources-xml.js';
import { requireActor } from '../authenticate.js';
import type { Clock } from '../../domain/clock.js';
import { sendXml } from '../errors.js';

export interface SystemInfoDeps {
  clock: Clock;
  domain: string;
  startedAt: number;
  /** Ports as actually bound. */
  boundPorts(): Record<string, number | null>;
}

export function registerSystemInfoRoute(app: FastifyInstance, ctx: SystemInfoDeps): void {
  app.get('/SystemInfo', async (request, reply) => {
    requireActor(request);
    const ports = ctx.boundPorts();
    return sendXml(
      reply,
      200,
      systemInfoXml({ now: ctx.clock.now(), domain: ctx.domain, httpsPort: ports.https ?? null, xmppPort: ports.xmpp ?? null, startedAt: ctx.startedAt }),
    );
  });
}
