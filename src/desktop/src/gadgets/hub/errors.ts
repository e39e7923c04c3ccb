// OpenAjax Hub 2.0 error names (gadget reference §2.6). A HubClient throws the first two synchronously
// as `new Error(name)`; the others reach it through onComplete callbacks or the channel's error message.
export const HubError = {
  BadParameters: 'OpenAjax.hub.Error.BadParameters',
  Disconnected: 'OpenAjax.hub.Error.Disconnected',
  Duplicate: 'OpenAjax.hub.Error.Duplicate',
  NoSubscription: 'OpenAjax.hub.Error.NoSubscription',
  NotAllowed: 'OpenAjax.hub.Error.NotAllowed',
} as const;

export type HubErrorName = (typeof HubError)[keyof typeof HubError];

const names: ReadonlySet<string> = new Set(Object.values(HubError));

export function isHubErrorName(value: unknown): value is HubErrorName {
  return typeof value === 'string' && names.has(value);
}

/** The outcome of a hub operation: success, or the error name the client sees. */
export type HubResult<T = undefined> = { ok: true; value: T } | { ok: false; error: HubErrorName };

export function ok<T>(value: T): HubResult<T> {
  return { ok: true, value };
}

export function refused<T = never>(error: HubErrorName): HubResult<T> {
  return { ok: false, error };
}
