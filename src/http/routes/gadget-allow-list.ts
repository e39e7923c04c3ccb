import type { FastifyInstance } from 'fastify';
import type { GadgetAllowListAdmin } from '../../application/gadget-allow-list-admin.js';
import { requireActor } from '../authenticate.js';
import type { AllowListBody } from './gadget-schemas.js';
import { allowListBody } from './gadget-schemas.js';

/**
 * The gadget allow-list (`/openfinesse/api/gadgets/allowlist`, JSON, administrators only): GET reads it,
 * PUT replaces it as a whole and answers the list as stored (origins and spec URLs normalised). A bad
 * entry is 400 naming the field, and nothing changes.
 */
export function registerGadgetAllowListRoutes(app: FastifyInstance, admin: Pick<GadgetAllowListAdmin, 'entries' | 'replace'>): void {
  app.get('/gadgets/allowlist', async () => ({ entries: await admin.entries() }));
  app.put<{ Body: AllowListBody }>('/gadgets/allowlist', { schema: { body: allowListBody } }, async (request) => ({
    entries: await admin.replace(requireActor(request), request.body.entries),
  }));
}
