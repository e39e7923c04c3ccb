// The prefs a gadget document is rendered with (gadget reference §2.3): the non-secret container prefs
// as `up_*` render parameters, plus the prefs the gadget saved with `gadgets.Prefs#set` before, kept in
// the desktop's localStorage per (user, spec URL, occurrence). Secrets travel only in the frame's name.

import { PUBLIC_CONTAINER_PREFS, SECRET_CONTAINER_PREFS } from '../protocol.js';

/** What the desktop knows that the container prefs are made of. */
export interface PrefsContext {
  location: { protocol: string; hostname: string; port: string };
  extension: string;
  teamId: string;
  teamName: string;
  xmppDomain: string;
  pubsubDomain: string;
  /** Server time minus local time, in ms. */
  clockSkewMs: number;
}

export const CONTAINER_PREF_NAMES: readonly string[] = PUBLIC_CONTAINER_PREFS;

const RESERVED: ReadonlySet<string> = new Set([...PUBLIC_CONTAINER_PREFS, ...SECRET_CONTAINER_PREFS]);

/** The render parameters' rules (src/gadgets/urls.ts): names, value length, how many in all. */
const PREF_NAME = /^[A-Za-z0-9_.\-:]{1,128}$/;
export const MAX_SAVED_PREF_VALUE = 2048;
export const MAX_SAVED_PREFS = 40;

export const GADGET_LANG = 'en';
export const GADGET_COUNTRY = 'US';

/** HTTP port the server's REST is reached on from itself (Finesse's loopback endpoint; 8082 by default). */
const DEFAULT_HTTP_PORT = '8082';

export function containerPrefs(c: PrefsContext): Record<string, string> {
  const scheme = c.location.protocol.replace(/:$/, '');
  const hostPort = c.location.port || (scheme === 'https' ? '443' : '80');
  return {
    host: c.location.hostname,
    hostPort,
    scheme,
    restHost: 'localhost',
    localhostPort: scheme === 'http' ? hostPort : DEFAULT_HTTP_PORT,
    localhostFQDN: c.location.hostname,
    locale: `${GADGET_LANG}_${GADGET_COUNTRY}`,
    language: GADGET_LANG,
    country: GADGET_COUNTRY,
    extension: c.extension,
    xmppDomain: c.xmppDomain,
    pubsubDomain: c.pubsubDomain,
    teamId: c.teamId,
    teamName: c.teamName,
    clientDriftInMillis: String(Math.round(c.clockSkewMs)),
    systemAuthMode: 'NON_SSO',
    mobileAgentMode: '',
    mobileAgentDialNumber: '',
    compatibilityMode: 'false',
  };
}

/** Why a gadget may not save `key` = `value`, or null when it may. */
export function refusedPref(key: string, value: string): string | null {
  if (RESERVED.has(key)) return `${key} is a container pref`;
  if (!PREF_NAME.test(key)) return `${key} is not a valid pref name`;
  if (value.length > MAX_SAVED_PREF_VALUE) return `the value of ${key} is longer than ${MAX_SAVED_PREF_VALUE} characters`;
  return null;
}

/** Where one gadget occurrence's saved prefs live. */
export interface PrefsSlot {
  user: string;
  specUrl: string;
  /** 0 for the first instance of this spec URL in the layout, 1 for the second… */
  occurrence: number;
}

const slotKey = (slot: PrefsSlot): string => `openfinesse.gadget-prefs:${JSON.stringify([slot.user, slot.specUrl, slot.occurrence])}`;

export function readSavedPrefs(storage: Storage, slot: PrefsSlot): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(slotKey(slot)) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    const prefs: Record<string, string> = {};
    for (const [key, value] of Object.entries(parsed)) {
      if (typeof value === 'string' && refusedPref(key, value) === null) prefs[key] = value;
    }
    return prefs;
  } catch {
    return {};
  }
}

/** Saves one pref; returns why it was refused, or null. */
export function savePref(storage: Storage, slot: PrefsSlot, key: string, value: string): string | null {
  const refusal = refusedPref(key, value);
  if (refusal) return refusal;
  const prefs = readSavedPrefs(storage, slot);
  if (!(key in prefs) && Object.keys(prefs).length >= MAX_SAVED_PREFS) return `a gadget may save at most ${MAX_SAVED_PREFS} prefs`;
  prefs[key] = value;
  try {
    storage.setItem(slotKey(slot), JSON.stringify(prefs));
    return null;
  } catch {
    return 'the browser storage is full';
  }
}

/**
 * Whether the desktop was opened with `nocache` in its query (Finesse's way to bypass the gadget cache,
 * gadget reference §1.5): its gadget documents are then rendered from freshly read specs.
 */
export function desktopAsksNoCache(search: string): boolean {
  const value = new URLSearchParams(search).get('nocache');
  return value !== null && value !== '0' && value !== 'false';
}

/** `/gadgets/ifr?url=…&mid=…&lang=…&country=…[&view=…]&up_…[&nocache=1]` (the order of src/gadgets/urls.ts buildRenderUrl). */
export function renderUrl(specUrl: string, mid: number, view: string, prefs: Record<string, string>, nocache = false): string {
  const q = new URLSearchParams();
  q.set('url', specUrl);
  q.set('mid', String(mid));
  q.set('lang', GADGET_LANG);
  q.set('country', GADGET_COUNTRY);
  if (view !== 'default') q.set('view', view);
  for (const [name, value] of Object.entries(prefs)) q.set(`up_${name}`, value);
  if (nocache) q.set('nocache', '1');
  return `/gadgets/ifr?${q.toString()}`;
}
