import { escapeXml } from '../xml/escape.js';
import type { GadgetSpec } from './spec.js';

/** Preferences never substituted into a document nor carried in a render URL (gadget-reference §1.2). */
export const SECRET_PREFS: ReadonlySet<string> = new Set(['authorization', 'authToken']);

export interface HangmanContext {
  /** The chosen bundle's messages (see `chooseMessages`). */
  messages: Readonly<Record<string, string>>;
  direction: 'ltr' | 'rtl';
  moduleId: number;
  /** The `up_*` render parameters, without the prefix. */
  userPrefs: Readonly<Record<string, string>>;
}

const TOKEN = /__(MSG|UP|BIDI)_([A-Za-z0-9_.\-:]+?)__|__MODULE_ID__/g;

/**
 * Replaces the hangman tokens of gadget-reference §1.2 in one pass, so a substituted value is never
 * scanned again (a pref holding `__MSG_x__` stays as typed):
 * - `__UP_name__`: the `up_name` parameter, else the declared default, HTML-escaped (it comes from the
 *   URL); a secret pref becomes empty; an undeclared, unsupplied name is left as written;
 * - `__MSG_key__`: the message, as the gadget author wrote it (not escaped); an unknown key is left;
 * - `__MODULE_ID__`: the module id;
 * - `__BIDI_START_EDGE__`, `__BIDI_END_EDGE__`, `__BIDI_DIR__`, `__BIDI_REVERSE_DIR__`.
 */
export function substituteHangman(text: string, spec: Pick<GadgetSpec, 'userPrefs'>, ctx: HangmanContext): string {
  const rtl = ctx.direction === 'rtl';
  const bidi: Record<string, string> = {
    START_EDGE: rtl ? 'right' : 'left',
    END_EDGE: rtl ? 'left' : 'right',
    DIR: rtl ? 'rtl' : 'ltr',
    REVERSE_DIR: rtl ? 'ltr' : 'rtl',
  };
  return text.replace(TOKEN, (whole, kind: string | undefined, name: string | undefined) => {
    if (kind === undefined) return String(ctx.moduleId);
    const key = name!;
    if (kind === 'MSG') return Object.hasOwn(ctx.messages, key) ? ctx.messages[key]! : whole;
    if (kind === 'BIDI') return Object.hasOwn(bidi, key) ? bidi[key]! : whole;
    if (SECRET_PREFS.has(key)) return '';
    if (Object.hasOwn(ctx.userPrefs, key)) return escapeXml(ctx.userPrefs[key]!);
    const declared = spec.userPrefs.find((p) => p.name === key);
    return declared ? escapeXml(declared.defaultValue) : whole;
  });
}

/** The spec with its title, description and every Content substituted (before URL rewriting). */
export function substituteSpec(spec: GadgetSpec, ctx: HangmanContext): GadgetSpec {
  const sub = (t: string): string => substituteHangman(t, spec, ctx);
  return {
    ...spec,
    modulePrefs: { ...spec.modulePrefs, title: sub(spec.modulePrefs.title), description: sub(spec.modulePrefs.description) },
    contents: spec.contents.map((c) => ({ ...c, body: sub(c.body), href: c.href === undefined ? undefined : sub(c.href) })),
  };
}
