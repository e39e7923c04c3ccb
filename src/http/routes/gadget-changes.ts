import type { FastifyPluginAsync } from 'fastify';
import type { GadgetChanges } from '../../application/gadget-changes.js';

export interface GadgetChangesDeps {
  /** null outside `openfinesse gadget serve`: there is no feed to follow. */
  changes: Pick<GadgetChanges, 'changesSince'> | null;
  /** How long a poll waits for a change before answering with none. */
  pollMs: number;
}

export const GADGET_CHANGES_PATH = '/openfinesse/gadgets/changes';

/**
 * `GET /openfinesse/gadgets/changes?since=N`: under `openfinesse gadget serve`, a long poll that answers
 * `{version, paths}` as soon as hosted gadget files change after version N, or after `pollMs` with no
 * paths; otherwise 204 No Content at once (no feed: the desktop stops asking without a console error).
 * Without authentication, like the files it names: it tells only which hosted paths changed.
 */
export const gadgetChanges: FastifyPluginAsync<GadgetChangesDeps> = async (app, deps) => {
  app.get(GADGET_CHANGES_PATH, async (request, reply) => {
    const changes = deps.changes;
    if (!changes) return reply.code(204).header('cache-control', 'no-store').send();
    const since = (request.query as Record<string, unknown>).since;
    const version = typeof since === 'string' && /^\d{1,15}$/.test(since) ? Number(since) : null;
    const report = await changes.changesSince(version, deps.pollMs);
    return reply.code(200).header('cache-control', 'no-store').send(report);
  });
};
