import { GadgetSpecError } from './errors.js';
import { SECRET_PREFS } from './hangman.js';

/** The path gadget documents are rendered at (gadget-reference §1.3). */
export const RENDER_PATH = '/gadgets/ifr';

/**
 * A URL written in a gadget (a relative `messages`, a static `src`) resolved against the spec URL.
 * Only http and https results are returned; anything else (javascript:, data:, unparsable) is undefined.
 */
export function resolveSpecUrl(ref: string, specUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(ref.trim(), specUrl);
  } catch {
    return undefined;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
}

export interface RenderRequest {
  /** The absolute spec URL, including its own query (some gadgets parse it). */
  specUrl: string;
  moduleId: number;
  lang: string;
  country: string;
  view: string;
  /** `up_*` parameters, without the prefix. */
  userPrefs: Record<string, string>;
  nocache: boolean;
}

export const RENDER_LIMITS = { maxQuery: 16_384, maxPrefs: 64, maxPrefValue: 2_048, maxModuleId: 999_999 } as const;

const PREF_NAME = /^[A-Za-z0-9_.\-:]{1,128}$/;
const LANG = /^[a-z]{2,8}$/;
const COUNTRY = /^[A-Z0-9]{2,3}$/;
const VIEW = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * The render URL of a gadget document: `<base>/gadgets/ifr?url=…&mid=…&lang=…&country=…&view=…&up_…=…`
 * plus `nocache=1` when asked. `base` is the origin (and optional path prefix) the documents are served
 * from. Secret prefs are refused: they must never travel in a URL.
 */
export function buildRenderUrl(base: string, req: RenderRequest): string {
  validate(req);
  const q = new URLSearchParams();
  q.set('url', req.specUrl);
  q.set('mid', String(req.moduleId));
  q.set('lang', req.lang);
  q.set('country', req.country);
  if (req.view !== 'default') q.set('view', req.view);
  for (const [name, value] of Object.entries(req.userPrefs)) q.set(`up_${name}`, value);
  if (req.nocache) q.set('nocache', '1');
  return `${base.replace(/\/+$/, '')}${RENDER_PATH}?${q.toString()}`;
}

/**
 * Reads a render URL (or just its query) back, validating every parameter. A root-relative `url`
 * (`/3rdpartygadget/files/x.xml`, as layouts write it) resolves against `base`. Unknown parameters are
 * ignored; a repeated one is refused.
 */
export function parseRenderUrl(urlOrQuery: string, base: string): RenderRequest {
  const query = urlOrQuery.includes('?') ? urlOrQuery.slice(urlOrQuery.indexOf('?') + 1) : urlOrQuery;
  if (query.length > RENDER_LIMITS.maxQuery) throw bad('query', `longer than ${RENDER_LIMITS.maxQuery} characters`);
  const params = new URLSearchParams(query);
  const seen = new Set<string>();
  for (const name of params.keys()) {
    if (seen.has(name)) throw bad(name, 'given more than once');
    seen.add(name);
  }
  const rawUrl = params.get('url');
  if (rawUrl === null || rawUrl.trim() === '') throw bad('url', 'the spec URL is missing');
  const specUrl = resolveSpecUrl(rawUrl, base);
  if (specUrl === undefined || !(/^https?:\/\//i.test(rawUrl.trim()) || rawUrl.trim().startsWith('/'))) {
    throw bad('url', 'must be an absolute http(s) URL or a root-relative path');
  }
  const mid = params.get('mid') ?? '0';
  if (!/^\d{1,6}$/.test(mid)) throw bad('mid', 'must be a number');
  const userPrefs: Record<string, string> = {};
  for (const [name, value] of params) {
    if (!name.startsWith('up_')) continue;
    userPrefs[name.slice(3)] = value;
  }
  const nocache = params.get('nocache');
  const req: RenderRequest = {
    specUrl,
    moduleId: Number(mid),
    lang: (params.get('lang') ?? 'en').toLowerCase(),
    country: (params.get('country') ?? 'US').toUpperCase(),
    view: params.get('view') ?? 'default',
    userPrefs,
    nocache: nocache !== null && nocache !== '0' && nocache !== 'false',
  };
  validate(req);
  return req;
}

function validate(req: RenderRequest): void {
  if (resolveSpecUrl(req.specUrl, 'invalid:') === undefined) throw bad('url', 'must be an absolute http(s) URL');
  if (!Number.isInteger(req.moduleId) || req.moduleId < 0 || req.moduleId > RENDER_LIMITS.maxModuleId) throw bad('mid', 'out of range');
  if (!LANG.test(req.lang)) throw bad('lang', 'not a language code');
  if (!COUNTRY.test(req.country)) throw bad('country', 'not a country code');
  if (!VIEW.test(req.view)) throw bad('view', 'not a view name');
  const names = Object.keys(req.userPrefs);
  if (names.length > RENDER_LIMITS.maxPrefs) throw bad('up_*', `more than ${RENDER_LIMITS.maxPrefs} prefs`);
  for (const name of names) {
    if (!PREF_NAME.test(name)) throw bad(`up_${name.slice(0, 40)}`, 'not a pref name');
    if (SECRET_PREFS.has(name)) throw bad(`up_${name}`, 'a secret pref never travels in a URL');
    if (req.userPrefs[name]!.length > RENDER_LIMITS.maxPrefValue) throw bad(`up_${name}`, `longer than ${RENDER_LIMITS.maxPrefValue} characters`);
  }
}

function bad(where: string, message: string): GadgetSpecError {
  return new GadgetSpecError('render-url', where, message);
}
