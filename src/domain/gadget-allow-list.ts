/** The methods `gadgets.io.makeRequest` may use (gadget reference §2.4). */
export const PROXY_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'HEAD'] as const;
export type ProxyMethod = (typeof PROXY_METHODS)[number];

/**
 * One administrator-managed permission for gadgets to reach an external server through the makeRequest
 * proxy, and for layouts to name gadget specs there (gadget reference §7.4, §1.5).
 */
export interface AllowListEntry {
  /** `scheme://host[:port]` as a browser writes an origin (lower-case host, no default port). */
  origin: string;
  /** The URL path must be this or lie under it (`/api` covers `/api` and `/api/x`, not `/apix`). */
  pathPrefix: string;
  methods: ProxyMethod[];
  /** When set, the entry serves only the gadget whose spec URL this is; null: every gadget. */
  specUrl: string | null;
  /** Lets the target resolve to a loopback, private, link-local or other internal address (intranet servers). */
  allowPrivate: boolean;
  /** Sends on an Authorization header equal to the user's own credentials (otherwise it is removed). */
  forwardCredentials: boolean;
}

export const ALLOW_LIST_MAX_ENTRIES = 500;
const MAX_TEXT = 2048;

/** The entry that lets a gadget (`specUrl`; undefined: no particular gadget) send `method` to `url`, or null. */
export function allowListEntryFor(entries: readonly AllowListEntry[], url: string, method: string, specUrl?: string): AllowListEntry | null {
  const target = parseHttpUrl(url);
  if (!target || !isPlainPath(target.pathname)) return null;
  const upper = method.toUpperCase();
  const spec = specUrl === undefined ? undefined : (parseHttpUrl(specUrl)?.href ?? specUrl);
  return (
    entries.find(
      (entry) =>
        entry.origin === target.origin &&
        underPrefix(target.pathname, entry.pathPrefix) &&
        entry.methods.includes(upper as ProxyMethod) &&
        (entry.specUrl === null || (spec !== undefined && (parseHttpUrl(entry.specUrl)?.href ?? entry.specUrl) === spec)),
    ) ?? null
  );
}

/** Whether some entry lets a gadget (`specUrl`) send `method` to `url`. */
export function allowListCovers(entries: readonly AllowListEntry[], url: string, method: string, specUrl?: string): boolean {
  return allowListEntryFor(entries, url, method, specUrl) !== null;
}

/** An absolute http(s) URL without credentials in it, or null. */
export function parseHttpUrl(text: string): URL | null {
  if (!URL.canParse(text)) return null;
  const url = new URL(text);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '') return null;
  return url;
}

/**
 * A parsed path that a server cannot read as another one: no encoded slash, back slash or dot (URL
 * parsing has already removed plain `.` and `..` segments), no white space.
 */
export function isPlainPath(pathname: string): boolean {
  return !/%2f|%5c|%2e|\\|\s/i.test(pathname);
}

function underPrefix(pathname: string, prefix: string): boolean {
  if (!pathname.startsWith(prefix)) return false;
  return prefix.endsWith('/') || pathname.length === prefix.length || pathname[prefix.length] === '/';
}

/** The origin as entries keep it, or a reason it is not one. */
export function normaliseOrigin(text: string): { origin: string } | { problem: string } {
  const problem = 'must be an http(s) origin: scheme://host[:port]';
  if (text.length > MAX_TEXT) return { problem };
  const url = parseHttpUrl(text);
  const bare = url?.pathname === '/' && url.search === '' && url.hash === '';
  return url && bare ? { origin: url.origin } : { problem };
}

/** A reason the path prefix cannot be one, or null. */
export function pathPrefixProblem(prefix: string): string | null {
  if (prefix.length > MAX_TEXT || !prefix.startsWith('/')) return 'must be a path starting with /';
  if (!isPlainPath(prefix) || /(^|\/)\.{1,2}(\/|$)|[?#]/.test(prefix))
    return 'must be a plain path (no . or .. segment, encoded character, query or white space)';
  return null;
}

/** The spec URL as entries keep it, or a reason it is not one. */
export function normaliseSpecUrl(text: string): { specUrl: string } | { problem: string } {
  const url = text.length > MAX_TEXT ? null : parseHttpUrl(text);
  return url ? { specUrl: url.href } : { problem: 'must be an absolute http(s) URL' };
}
