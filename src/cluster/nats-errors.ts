/** What an operator reads when openfinesse cannot use the NATS server: where, and why. */

/** Whether another attempt within the start's deadline may succeed (the server may still be starting). */
export function worthRetrying(error: unknown): boolean {
  const code = errnoOf(error);
  return code === 'ECONNREFUSED' || code === 'ECONNRESET' || (error as Error)?.name === 'TimeoutError';
}

/** The failure to connect as one sentence naming the server (host:port) and the reason, never credentials. */
export function connectionFailure(error: unknown, server: string, waitedMs: number): Error {
  const host = server.slice(0, server.lastIndexOf(':'));
  const code = errnoOf(error);
  const name = (error as Error)?.name;
  const message = (error as Error)?.message ?? String(error);
  switch (code) {
    case 'ECONNREFUSED':
      return new Error(`cannot reach NATS at ${server}: connection refused (ECONNREFUSED)`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new Error(`cannot reach NATS at ${server}: host "${host}" not found (${code})`);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ECONNRESET':
      return new Error(`cannot reach NATS at ${server}: ${message} (${code})`);
  }
  if (name === 'TimeoutError') return new Error(`cannot reach NATS at ${server}: no answer within ${Math.round(waitedMs / 1000)} s`);
  if (name === 'AuthorizationError') return new Error(`NATS at ${server}: authorization failed (${message})`);
  return new Error(`cannot connect to NATS at ${server}: ${message}`);
}

/** JetStream is off on the server (or not allowed to this account). */
export function jetStreamMissing(error: unknown, server: string): Error {
  const message = (error as Error)?.message ?? String(error);
  if ((error as Error)?.name === 'JetStreamNotEnabled') {
    return new Error(`NATS at ${server} has JetStream disabled: the cluster needs it (nats-server -js, or "jetstream: enabled" in its configuration)`);
  }
  return new Error(`NATS at ${server}: JetStream is not available (${message})`);
}

/** The system error code, on the error or on its cause (the NATS client wraps socket errors). */
function errnoOf(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = e?.code ?? e?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}
