import type { FastifyPluginAsync } from 'fastify';
import type { GadgetChanges } from '../../application/gadget-changes.js';

export interface GadgetChangesDeps {
  changes: Pick<GadgetChanges, 'changesSince'>;
  /** How long a poll waits for a change before answering with none. */
  pollMs: number;
}

export const GADGET_CHANGES_PATH = '/openfinesse/gadgets/changes';

/**
 * `GET /openfinesse/gadgets/changes?since=N` (only under `openfinesse gadget serve`): a long poll that
 * answers `{version, paths}` as soon as hosted gadget files change after version N, or after `pollMs`
 * with no paths. Without authentication, like the files it names: it tells only which hosted paths changed.
 */
export const gadgetChanges: FastifyPluginAsync<GadgetChangesDeps> = async (app, deps) => {
  app.get(GADGET_CHANGES_PATH, async (request, reply) => {
    const since = (request.query as Record<string, unknown>).since;
    const version = typeof since === 'string' && /^\d{1,15}$/.test(since) ? Number(since) : null;
    const report = await deps.changes.changesSince(version, deps.pollMs);
    return reply.code(200).header('cache-control', 'no-store').send(report);
  });
};
