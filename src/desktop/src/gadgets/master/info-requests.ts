import type { NodeSubscriptions } from './node-subscriptions.js';

// `finesse.info.requests` (gadget reference §3.3): `{type, data, invokeID}` from gadgets. ConnectionInfoReq →
// the connection status on `finesse.info.connection` with that invokeID; SubscribeNodeReq /
// UnsubscribeNodeReq → counted XMPP subscriptions, answered on `finesse.info.responses.<invokeID>` with
// `undefined` (success) or `{error:{errorType, errorMessage}}`; ConnectionReq → ignored (only the master
// connects). A malformed request is answered with an error when it names an invokeID.

export const INFO_REQUESTS = 'finesse.info.requests';
export const INFO_CONNECTION = 'finesse.info.connection';
export const INFO_RESPONSES = 'finesse.info.responses';

export interface InfoError {
  error: { errorType: string; errorMessage: string };
}

export interface InfoRequestDeps {
  publish(topic: string, data: unknown): void;
  /** The `finesse.info.connection` payload (without invokeID). */
  connectionInfo(): { status: string; resourceID: string };
  subscriptions: NodeSubscriptions;
}

export const infoError = (errorType: string, errorMessage: string): InfoError => ({ error: { errorType, errorMessage } });

function invokeIdOf(request: Record<string, unknown>): string | null {
  const id = request.invokeID;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  return typeof id === 'string' && id !== '' ? id : null;
}

function nodeOf(request: Record<string, unknown>): string | null {
  const data = request.data;
  if (typeof data !== 'object' || data === null) return null;
  const node = (data as Record<string, unknown>).node;
  return typeof node === 'string' && node.startsWith('/') ? node : null;
}

/** The error a refused subscription reports: the XMPP error condition, when the server gave one. */
function refusal(error: unknown): InfoError {
  const condition = (error as { condition?: unknown } | null)?.condition;
  const message = error instanceof Error ? error.message : String(error);
  return infoError(typeof condition === 'string' ? condition : 'SubscriptionFailed', message);
}

/** Handles one request; resolves once its answer (if any) is published. */
export async function handleInfoRequest(request: unknown, deps: InfoRequestDeps): Promise<void> {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) return;
  const r = request as Record<string, unknown>;
  const invokeID = invokeIdOf(r);
  const respond = (data: unknown) => {
    if (invokeID !== null) deps.publish(`${INFO_RESPONSES}.${invokeID}`, data);
  };
  switch (r.type) {
    case 'ConnectionInfoReq':
      deps.publish(INFO_CONNECTION, { ...deps.connectionInfo(), ...(invokeID === null ? {} : { invokeID }) });
      return;
    case 'ConnectionReq':
      return;
    case 'SubscribeNodeReq':
    case 'UnsubscribeNodeReq': {
      const node = nodeOf(r);
      if (node === null) return respond(infoError('InvalidRequest', `${r.type} needs data.node, a node path`));
      const work = r.type === 'SubscribeNodeReq' ? deps.subscriptions.subscribe(node) : deps.subscriptions.unsubscribe(node);
      return work.then(
        () => respond(undefined),
        (error: unknown) => respond(refusal(error)),
      );
    }
    default:
      return respond(infoError('InvalidRequest', `unknown request type ${String(r.type)}`));
  }
}
