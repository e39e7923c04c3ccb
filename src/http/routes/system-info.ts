import type { FastifyInstance } from 'fastify';
import { systemInfoXml } from '../../finesse/system-info-xml.js';
import type { SystemInfoSources } from '../../notify/system-info-notifier.js';
import { systemInfoView } from '../../notify/system-info-notifier.js';
import { requireActor } from '../authenticate.js';
import { sendXml } from '../errors.js';

export type SystemInfoDeps = SystemInfoSources;

/** `GET /SystemInfo`: this node's view of the system (see systemInfoView). */
export function registerSystemInfoRoute(app: FastifyInstance, ctx: SystemInfoDeps): void {
  app.get('/SystemInfo', async (request, reply) => {
    requireActor(request);
    return sendXml(reply, 200, systemInfoXml(systemInfoView(ctx)));
  });
}
