// gadgets.util and gadgets.json (gadget reference §2.2): the helpers gadgets call before and after the
// hub connects. Nothing here talks to the desktop.

import { consoleReport, type Report } from './report.js';

/** Characters escapeString turns into `&#code;`: newline, CR, `"`, `'`, `<`, `>`, `\`, U+2028/2029 and
 * the full-width `＂ ＇ ＜ ＞ ＼`. Not `&`, `+`, `/`, `=`. */
const ESCAPED = new Set([0x0a, 0x0d, 0x22, 0x27, 0x3c, 0x3e, 0x5c, 0x2028, 0x2029, 0xff02, 0xff07, 0xff1c, 0xff1e, 0xff3c]);

export function escapeString(value: unknown): unknown {
  if (value === null || value === undefined || value === '') return value;
  const text = String(value);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out += ESCAPED.has(code) ? `&#${code};` : text.charAt(i);
  }
  return out;
}

export function unescapeString(value: unknown): unknown {
  if (typeof value !== 'string' || value === '') return value;
  return value.replace(/&#([0-9]+);/g, (whole, digits: string) => {
    const code = Number.parseInt(digits, 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function decodeComponent(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** Query and fragment parameters of `url` (fragment values win), `+` read as a space. */
export function parseUrlParameters(url: string): Record<string, string> {
  const params: Record<string, string> = {};
  const hashAt = url.indexOf('#');
  const beforeHash = hashAt < 0 ? url : url.slice(0, hashAt);
  const queryAt = beforeHash.indexOf('?');
  const parts = [queryAt < 0 ? '' : beforeHash.slice(queryAt + 1), hashAt < 0 ? '' : url.slice(hashAt + 1)];
  for (const part of parts) {
    for (const pair of part.split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      const name = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
      params[name] = eq < 0 ? '' : decodeComponent(pair.slice(eq + 1));
    }
  }
  return params;
}

/** An object whose keys equal their values. */
export function makeEnum<const T extends string>(values: readonly T[]): { [K in T]: K } {
  const result: Record<string, string> = {};
  for (const value of values) result[value] = value;
  return result as { [K in T]: K };
}

export type Features = Record<string, Record<string, string | string[]>>;

/**
 * Builds gadgets.util for a document at `documentUrl` whose spec asked for `features`. `afterOnLoad`
 * runs once, right after the onload handlers (the container connects the hub there).
 */
export function createUtil(documentUrl: string, features: Features, afterOnLoad?: () => void, report: Report = consoleReport) {
  const ownParameters = parseUrlParameters(documentUrl);
  const onLoadHandlers: (() => void)[] = [];
  let loaded = false;

  const runHandler = (handler: () => void) => {
    try {
      handler();
    } catch (error) {
      report('error', `gadgets.util: an onload handler failed: ${String(error)}`);
    }
  };

  return {
    getUrlParameters(url?: string): Record<string, string> {
      return { ...(typeof url === 'string' ? parseUrlParameters(url) : ownParameters) };
    },
    registerOnLoadHandler(handler: () => void): void {
      if (typeof handler !== 'function') return;
      if (loaded) runHandler(handler);
      else onLoadHandlers.push(handler);
    },
    runOnLoadHandlers(): void {
      if (loaded) return;
      loaded = true;
      for (const handler of onLoadHandlers.splice(0)) runHandler(handler);
      if (afterOnLoad) runHandler(afterOnLoad);
    },
    hasFeature(name: string): boolean {
      return Object.hasOwn(features, name);
    },
    getFeatureParameters(name: string): Record<string, string | string[]> | undefined {
      const params = Object.hasOwn(features, name) ? features[name] : undefined;
      return params ? { ...params } : undefined;
    },
    makeEnum,
    makeClosure(scope: unknown, callback: (...args: unknown[]) => unknown, ...bound: unknown[]) {
      return (...args: unknown[]) => callback.apply(scope, [...bound, ...args]);
    },
    escapeString,
    unescapeString,
    trim(value: unknown): unknown {
      return typeof value === 'string' ? value.trim() : value;
    },
  };
}

export type GadgetsUtil = ReturnType<typeof createUtil>;

export const json = {
  /** JSON.parse that answers `false` instead of throwing. */
  parse(text: unknown): unknown {
    if (typeof text !== 'string') return false;
    try {
      return JSON.parse(text);
    } catch {
      return false;
    }
  },
  stringify(value: unknown): string | undefined {
    return JSON.stringify(value);
  },
};
