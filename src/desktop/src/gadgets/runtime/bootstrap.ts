import type { GadgetBootstrap, GadgetSecrets } from '../protocol.js';

// What the runtime knows when it starts (gadget reference §2.1, §7.2): the secrets the desktop put in
// the frame's window.name, and the renderer's non-secret bootstrap JSON in the document head. A
// document opened outside the desktop has neither: the runtime still defines every API, from defaults.

export const BOOTSTRAP_ELEMENT_ID = 'openfinesse-gadget';

type Fields = Record<string, unknown>;

const isRecord = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';

/** Reads window.name as GadgetSecrets and clears it, whatever it held, before any gadget code runs. */
export function takeSecrets(win: Window): GadgetSecrets | null {
  const raw = win.name;
  win.name = '';
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isRecord(value)) return null;
  const { nonce, authorization, authToken, id, tabId } = value;
  if (!isString(nonce) || nonce === '' || !isString(authorization) || !isString(authToken) || !isString(id)) return null;
  if (tabId !== null && !isString(tabId)) return null;
  return { nonce, authorization, authToken, id, tabId };
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter(isString) : [];
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(value)) for (const [key, item] of Object.entries(value)) if (isString(item)) out[key] = item;
  return out;
}

function features(value: unknown): GadgetBootstrap['features'] {
  const out: GadgetBootstrap['features'] = {};
  if (!isRecord(value)) return out;
  for (const [name, params] of Object.entries(value)) {
    const kept: Record<string, string | string[]> = {};
    for (const [key, item] of Object.entries(isRecord(params) ? params : {})) {
      if (isString(item)) kept[key] = item;
      else if (Array.isArray(item)) kept[key] = stringList(item);
    }
    out[name] = kept;
  }
  return out;
}

function userPrefs(value: unknown): GadgetBootstrap['userPrefs'] {
  const out: GadgetBootstrap['userPrefs'] = {};
  if (!isRecord(value)) return out;
  for (const [name, pref] of Object.entries(value)) {
    if (!isRecord(pref)) continue;
    out[name] = {
      defaultValue: isString(pref.defaultValue) ? pref.defaultValue : '',
      datatype: isString(pref.datatype) ? pref.datatype : 'string',
      displayName: isString(pref.displayName) ? pref.displayName : name,
      required: pref.required === true,
    };
  }
  return out;
}

/** Turns the parsed JSON into a complete GadgetBootstrap, each missing or mistyped field defaulted. */
export function normaliseBootstrap(value: unknown, documentUrl: string): GadgetBootstrap {
  const b = isRecord(value) ? value : {};
  const view = isString(b.view) && b.view !== '' ? b.view : 'default';
  const views = stringList(b.views);
  return {
    mid: typeof b.mid === 'number' && Number.isInteger(b.mid) ? b.mid : 0,
    specUrl: isString(b.specUrl) ? b.specUrl : documentUrl,
    desktopOrigin: isString(b.desktopOrigin) ? b.desktopOrigin : '',
    title: isString(b.title) ? b.title : '',
    height: typeof b.height === 'number' && Number.isFinite(b.height) ? b.height : null,
    scrolling: b.scrolling === true,
    view,
    views: views.length > 0 ? views : [view],
    features: features(b.features),
    lang: isString(b.lang) ? b.lang : 'en',
    country: isString(b.country) ? b.country : 'US',
    languageDirection: b.languageDirection === 'rtl' ? 'rtl' : 'ltr',
    messages: stringRecord(b.messages),
    userPrefs: userPrefs(b.userPrefs),
  };
}

/** The bootstrap JSON of the document (null when absent or unreadable), normalised. */
export function readBootstrap(doc: Document): { bootstrap: GadgetBootstrap; found: boolean } {
  const element = doc.getElementById(BOOTSTRAP_ELEMENT_ID);
  let value: unknown = null;
  try {
    value = element ? JSON.parse(element.textContent ?? '') : null;
  } catch {
    value = null;
  }
  return { bootstrap: normaliseBootstrap(value, doc.location?.href ?? ''), found: isRecord(value) };
}
