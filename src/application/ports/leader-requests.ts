/** An HTTP request another node received for what only the leader serves, as it travels to the leader. */
export interface ForwardedRequest {
  method: string;
  /** Path and query, as the client sent them. */
  url: string;
  headers: Record<string, string>;
  /** The body, base64. */
  body: string;
}

/** The leader's answer, byte for byte what the client gets. */
export interface ForwardedResponse {
  status: number;
  headers: Record<string, string>;
  /** The body, base64. */
  body: string;
}

/** No node leads, or the leader did not answer in time. */
export class LeaderUnreachable extends Error {
  constructor(readonly reason: 'no leader' | 'timeout') {
    super(reason === 'no leader' ? 'no node leads the phone system at the moment' : 'the leader did not answer in time');
    this.name = 'LeaderUnreachable';
  }
}

/**
 * The way to the leader: any node sends a request to the node it knows leads and waits for its answer
 * (rejecting with LeaderUnreachable); every node answers what is sent to it (a node that does not lead
 * any more answers so itself).
 */
export interface LeaderRequests {
  forward(leader: string, request: ForwardedRequest): Promise<ForwardedResponse>;
  /** Answers the requests sent to this node until the returned function is called. */
  serve(handler: (request: ForwardedRequest) => Promise<ForwardedResponse>): () => void;
}
