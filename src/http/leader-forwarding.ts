import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ForwardedRequest, ForwardedResponse, LeaderRequests } from '../application/ports/leader-requests.js';
import { LeaderUnreachable } from '../application/ports/leader-requests.js';
import type { Logger } from '../logging.js';
import { HttpApiError } from './errors.js';
import type { Metrics } from './metrics.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Served by the node that leads the phone system; other nodes forward the request there. */
    leader?: boolean;
  }
}

/** Marks a request one node forwarded to the leader, so that it is never forwarded again. */
export const FORWARDED_BY = 'openfinesse-forwarded-by';
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade', 'te', 'trailer', 'date']);

export interface LeaderForwardingDeps {
  nodeId: string;
  /** Whether this node runs the phone system now (leads, and has it started). */
  serves(): boolean;
  /** The node that leads, as far as this node knows (null: none). */
  leader(): string | null;
  requests: LeaderRequests;
  maxBodyBytes: number;
  metrics: Pick<Metrics, 'forwardedRequests'>;
  logger: Logger;
}

/**
 * In a cluster, the routes marked `leader` answer from the node that leads the phone system: on any other
 * node the request — method, URL, headers, body bytes — goes to the leader, and its answer comes back
 * unchanged, so a client sees the same bytes whichever node it talks to. The leader authenticates and
 * authorizes it as any request. No leader reachable: 503 with `TELEPHONY_UNAVAILABLE`.
 */
export function forwardToLeader(app: FastifyInstance, deps: LeaderForwardingDeps): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config?.leader !== true || deps.serves()) return;
    if (request.headers[FORWARDED_BY] !== undefined) throw unavailable('This node no longer leads the phone system');
    const leader = deps.leader();
    const forwarded = await forwardedRequest(request, deps);
    let response: ForwardedResponse;
    try {
      if (leader === null || leader === deps.nodeId) throw new LeaderUnreachable('no leader');
      response = await deps.requests.forward(leader, forwarded);
    } catch (error) {
      if (!(error instanceof LeaderUnreachable)) throw error;
      deps.metrics.forwardedRequests.inc({ outcome: error.reason === 'no leader' ? 'no_leader' : 'timeout' });
      deps.logger.warn({ event: 'cluster.leader_unreachable', reason: error.reason, url: request.url }, 'a request for the leader could not be forwarded');
      throw unavailable(error.message);
    }
    deps.metrics.forwardedRequests.inc({ outcome: 'answered' });
    return send(reply, response);
  });
}

/** Serves a request another node forwarded, through this node's own routes (`inject`, no socket). */
export async function answerForwarded(app: FastifyInstance, request: ForwardedRequest): Promise<ForwardedResponse> {
  const response = await app.inject({
    method: request.method as 'GET',
    url: request.url,
    headers: request.headers,
    payload: Buffer.from(request.body, 'base64'),
  });
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    // The requestId echo is the forwarding node's, in its exact case.
    if (value === undefined || HOP_BY_HOP.has(name) || name === 'requestid') continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return { status: response.statusCode, headers, body: response.rawPayload.toString('base64') };
}

async function forwardedRequest(request: FastifyRequest, deps: LeaderForwardingDeps): Promise<ForwardedRequest> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  headers[FORWARDED_BY] = deps.nodeId;
  return { method: request.method, url: request.url, headers, body: (await bodyOf(request, deps.maxBodyBytes)).toString('base64') };
}

/** The raw body, read here since the request is answered before Fastify would parse it. */
async function bodyOf(request: FastifyRequest, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request.raw) {
    size += (chunk as Buffer).length;
    if (size > limit) throw HttpApiError.of(413, 'Request Entity Too Large', 'The request body is larger than allowed');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(reply: FastifyReply, response: ForwardedResponse): FastifyReply {
  reply.code(response.status);
  for (const [name, value] of Object.entries(response.headers)) reply.header(name, value);
  return reply.send(Buffer.from(response.body, 'base64'));
}

function unavailable(message: string): HttpApiError {
  return HttpApiError.of(503, 'Service Unavailable', 'TELEPHONY_UNAVAILABLE', message);
}
