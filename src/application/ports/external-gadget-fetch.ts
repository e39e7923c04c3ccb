/**
 * Fetches a gadget spec or message bundle from another server (gadget reference §1.5, §7.4): the
 * makeRequest proxy's SSRF-safe fetcher, limited to the administrators' allow-list. Resolves with the
 * target's status and text; rejects (or answers 403) when the URL is not allowed.
 */
export type ExternalGadgetFetch = (url: string) => Promise<{ status: number; body: string }>;
