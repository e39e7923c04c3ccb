import { parseMessageBundle } from './messages.js';
import type { GadgetSpec, LocaleSpec } from './spec.js';
import { resolveSpecUrl } from './urls.js';

/**
 * The spec's `<Locale>`s that apply to a viewer, most specific first (gadget-reference §1.1):
 * lang_country, then lang (any country), then the default (no lang).
 */
export function localeFallback(spec: GadgetSpec, lang: string, country: string): LocaleSpec[] {
  const l = lang.toLowerCase();
  const c = country.toUpperCase();
  const rank = (loc: LocaleSpec): number => {
    if (loc.lang === l && loc.country === c) return 0;
    if (loc.lang === l && loc.country === undefined) return 1;
    if (loc.lang === undefined && loc.country === undefined) return 2;
    return -1;
  };
  return spec.locales
    .map((loc, index) => ({ loc, rank: rank(loc), index }))
    .filter((x) => x.rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((x) => x.loc);
}

/** The absolute bundle URLs the caller should fetch for a viewer, most specific first (deduplicated). */
export function bundleUrls(spec: GadgetSpec, specUrl: string, lang: string, country: string): string[] {
  const urls: string[] = [];
  for (const loc of localeFallback(spec, lang, country)) {
    if (loc.messages === undefined) continue;
    const url = resolveSpecUrl(loc.messages, specUrl);
    if (url !== undefined && !urls.includes(url)) urls.push(url);
  }
  return urls;
}

export interface ChosenMessages {
  messages: Readonly<Record<string, string>>;
  /** The direction of the most specific matching Locale (ltr when none). */
  direction: 'ltr' | 'rtl';
}

/**
 * The messages a viewer sees: every applicable Locale's bundle (fetched by the caller, keyed by the
 * absolute URL of `bundleUrls`) and inline msgs, a more specific Locale's message winning over a less
 * specific one. A bundle the caller could not fetch is simply absent from `bundles`.
 */
export function chooseMessages(spec: GadgetSpec, specUrl: string, lang: string, country: string, bundles: ReadonlyMap<string, string>): ChosenMessages {
  const chain = localeFallback(spec, lang, country);
  const messages: Record<string, string> = Object.create(null);
  for (const loc of [...chain].reverse()) {
    if (loc.messages !== undefined) {
      const url = resolveSpecUrl(loc.messages, specUrl);
      const text = url === undefined ? undefined : bundles.get(url);
      if (text !== undefined) Object.assign(messages, parseMessageBundle(text));
    }
    Object.assign(messages, loc.inlineMessages);
  }
  return { messages, direction: chain[0]?.languageDirection ?? 'ltr' };
}
