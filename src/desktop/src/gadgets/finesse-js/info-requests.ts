// Requests to the master on `finesse.info.requests` (gadget reference §3.3): `{type, data, invokeID}`, with
// the answer on `finesse.info.responses.<invokeID>`, subscribed before the request is published.
import { callSafely, type HubClient, newInvokeId } from './gadgets-api.js';

export const INFO_REQUESTS = 'finesse.info.requests';
export const INFO_CONNECTION = 'finesse.info.connection';
const INFO_RESPONSES = 'finesse.info.responses';

export interface PendingResponse {
  invokeID: string;
  /** Drops the response subscription without waiting for an answer. */
  settle(): void;
}

/** Publishes the request; `onResponse` gets the first answer, after which the subscription is dropped. */
export function requestWithResponse(
  hub: HubClient,
  type: string,
  data: unknown,
  onResponse: (response: unknown) => void,
  invokeID = newInvokeId(),
): PendingResponse {
  let subId: string | undefined;
  const settle = () => {
    if (subId === undefined) return;
    hub.unsubscribe(subId);
    subId = undefined;
  };
  subId = hub.subscribe(`${INFO_RESPONSES}.${invokeID}`, (_topic, response) => {
    if (subId === undefined) return;
    settle();
    callSafely(onResponse, response);
  });
  hub.publish(INFO_REQUESTS, { type, data, invokeID });
  return { invokeID, settle };
}

/** `{success, error}` as gadgets pass them, or one function that gets the raw answer. */
export type NodeHandler = ((response: unknown) => void) | { success?: (response: unknown) => void; error?: (error: unknown) => void } | undefined;

/** The master's error answer, if this is one: `{error:{errorType, errorMessage}}` or an XMPP `{subscribe:{…}}` stanza. */
function errorOf(response: unknown): unknown {
  if (typeof response !== 'object' || response === null) return undefined;
  const fields = response as { error?: unknown; subscribe?: unknown };
  return fields.error ?? fields.subscribe;
}

/** Delivers a node request's answer to the caller's handler. */
export function answerNodeHandler(handler: NodeHandler, response: unknown): void {
  if (typeof handler === 'function') return callSafely(handler, response);
  if (!handler) return;
  const error = errorOf(response);
  if (error === undefined) {
    if (typeof handler.success === 'function') callSafely(handler.success, response);
  } else if (typeof handler.error === 'function') {
    callSafely(handler.error, error);
  }
}
