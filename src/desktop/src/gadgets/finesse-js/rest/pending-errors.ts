// Asynchronous errors (gadget reference §3.4): a write's error handler stays pending under its requestId
// until an Update with that requestId carries `data.apiErrors`.
import type { RestResponse } from '../utilities.js';
import { getArray } from '../utilities.js';

type ErrorHandler = (rsp: RestResponse) => void;

/** Oldest entries are dropped beyond this many (writes that never fail asynchronously never settle). */
const MAX_PENDING = 500;
const pending = new Map<string, ErrorHandler>();

export function keepErrorPending(requestId: string, onError: ErrorHandler): void {
  pending.set(requestId, onError);
  while (pending.size > MAX_PENDING) {
    const oldest = pending.keys().next().value;
    if (oldest === undefined) break;
    pending.delete(oldest);
  }
}

/** Drops the pending error of `requestId` (the write failed at once, so no asynchronous error follows). */
export function forgetPendingError(requestId: string): void {
  pending.delete(requestId);
}

const recase = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

function recaseError(error: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (error && typeof error === 'object') for (const [k, v] of Object.entries(error)) out[recase(k)] = v;
  return out;
}

/** `data.apiErrors` re-cased to the REST style: `{ApiErrors: {ApiError: {ErrorType, ErrorMessage, ErrorData}}}`. */
export function asyncErrorObject(apiErrors: unknown): Record<string, unknown> {
  const list = getArray((apiErrors as { apiError?: unknown } | null)?.apiError).map(recaseError);
  return { ApiErrors: { ApiError: list.length === 1 ? list[0] : list } };
}

/** Settles the pending error of `requestId` with the Update; true when one was pending. */
export function settleAsyncError(requestId: string, content: string, apiErrors: unknown): boolean {
  const onError = pending.get(requestId);
  if (!onError) return false;
  pending.delete(requestId);
  onError({ status: 400, content, object: asyncErrorObject(apiErrors) });
  return true;
}
