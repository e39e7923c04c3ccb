import type { NatsConnection } from '@nats-io/transport-node';
import { RequestError } from '@nats-io/transport-node';
import type { ForwardedRequest, ForwardedResponse, LeaderRequests } from '../application/ports/leader-requests.js';
import { LeaderUnreachable } from '../application/ports/leader-requests.js';
import { nodeToken } from './nats-members.js';

/** Requests for a node go to `openfinesse.http.<node id>` (dots in the id written as `=`). */
const subjectOf = (nodeId: string): string => `openfinesse.http.${nodeToken(nodeId)}`;

/**
 * Requests to the leader over NATS request/reply: each node answers on its own subject, so a request
 * for a node that is gone fails at once ("no responders") and one not answered within `timeoutMs`
 * fails then.
 */
export class NatsLeaderRequests implements LeaderRequests {
  constructor(
    private readonly nc: NatsConnection,
    private readonly nodeId: string,
    private readonly timeoutMs = 10_000,
  ) {}

  async forward(leader: string, request: ForwardedRequest): Promise<ForwardedResponse> {
    let answer: string;
    try {
      answer = (await this.nc.request(subjectOf(leader), JSON.stringify(request), { timeout: this.timeoutMs })).string();
    } catch (error) {
      throw new LeaderUnreachable(isNoResponders(error) ? 'no leader' : 'timeout');
    }
    return JSON.parse(answer) as ForwardedResponse;
  }

  serve(handler: (request: ForwardedRequest) => Promise<ForwardedResponse>): () => void {
    const subscription = this.nc.subscribe(subjectOf(this.nodeId), {
      callback: (_error, message) => {
        let request: ForwardedRequest;
        try {
          request = JSON.parse(message.string()) as ForwardedRequest;
        } catch {
          return;
        }
        void handler(request).then(
          (response) => message.respond(JSON.stringify(response)),
          () => undefined,
        );
      },
    });
    return () => subscription.unsubscribe();
  }
}

function isNoResponders(error: unknown): boolean {
  return error instanceof RequestError && error.isNoResponders();
}
