import { type GadgetBootstrap, type GadgetSecrets, PUBLIC_CONTAINER_PREFS, SECRET_CONTAINER_PREFS } from '../protocol.js';
import type { GadgetMessage } from './channel.js';
import type { Report } from './report.js';
import { escapeString } from './util.js';

// gadgets.Prefs (gadget reference §2.3): one set of values per document, built from the declared
// UserPref defaults, then the `up_*` parameters of the document URL, then the secrets. `new
// gadgets.Prefs()` always answers the same object. `set` changes the local value and asks the desktop
// to persist it; container prefs (Finesse's configuration) are never changed by a gadget.

export const CONTAINER_PREFS: ReadonlySet<string> = new Set([...SECRET_CONTAINER_PREFS, ...PUBLIC_CONTAINER_PREFS]);

export interface PrefsSource {
  bootstrap: GadgetBootstrap;
  secrets: GadgetSecrets | null;
  urlParameters: Record<string, string>;
  send(message: GadgetMessage): void;
  report: Report;
}

function initialValues(source: PrefsSource): Map<string, string> {
  const values = new Map<string, string>();
  for (const [name, pref] of Object.entries(source.bootstrap.userPrefs)) values.set(name, pref.defaultValue);
  for (const [param, value] of Object.entries(source.urlParameters)) if (param.startsWith('up_')) values.set(param.slice(3), value);
  const { secrets } = source;
  if (secrets) for (const name of ['authorization', 'authToken', 'id'] as const) values.set(name, secrets[name]);
  return values;
}

/** The gadgets.Prefs constructor: every `new` returns the one instance of this document. */
export function createPrefsConstructor(source: PrefsSource): new () => object {
  const values = initialValues(source);
  const { bootstrap } = source;
  const raw = (key: unknown): string | undefined => values.get(String(key));

  const setOne = (key: unknown, value: unknown) => {
    const name = String(key);
    if (CONTAINER_PREFS.has(name)) {
      source.report('warn', `gadgets.Prefs: ${name} is a container pref; not changed`);
      return;
    }
    const text = value === undefined || value === null ? '' : String(value);
    values.set(name, text);
    source.send({ kind: 'prefs.set', key: name, value: text });
  };

  const prototype = {
    getString: (key: unknown) => (escapeString(raw(key)) as string | undefined) ?? '',
    getInt: (key: unknown) => {
      const n = Number.parseInt(raw(key) ?? '', 10);
      return Number.isNaN(n) ? 0 : n;
    },
    getFloat: (key: unknown) => {
      const n = Number.parseFloat(raw(key) ?? '');
      return Number.isNaN(n) ? 0 : n;
    },
    getBool: (key: unknown) => {
      const value = raw(key) ?? '';
      return value === 'true' || Boolean(Number.parseInt(value, 10));
    },
    getArray: (key: unknown) => {
      const value = raw(key) ?? '';
      return value === '' ? [] : value.split('|').map((item) => escapeString(item.replace(/%7C/gi, '|')) as string);
    },
    getMsg: (key: unknown) => (Object.hasOwn(bootstrap.messages, String(key)) ? bootstrap.messages[String(key)] : '') as string,
    getLang: () => bootstrap.lang,
    getCountry: () => bootstrap.country,
    getModuleId: () => bootstrap.mid,
    /** set(key, value[, key2, value2…]) */
    set: (...pairs: unknown[]) => {
      for (let i = 0; i + 1 < pairs.length; i += 2) setOne(pairs[i], pairs[i + 1]);
    },
    setArray: (key: unknown, items: unknown) => {
      if (!Array.isArray(items)) return;
      setOne(key, items.map((item) => String(item).replace(/\|/g, '%7C')).join('|'));
    },
  };
  const instance = Object.create(prototype);

  function Prefs(): object {
    return instance;
  }
  Prefs.prototype = prototype;
  return Prefs as unknown as new () => object;
}
