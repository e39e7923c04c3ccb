import type { Element } from '../xml/element.js';
import { GadgetSpecError } from './errors.js';
import { readMessages } from './messages.js';
import { childrenNamed, type GadgetXmlLimits, readGadgetXml } from './xml.js';

/** The gadget spec of gadget-reference §1.1, as the renderer and the container need it. */
export interface GadgetSpec {
  modulePrefs: ModulePrefs;
  /** `<Require>` and `<Optional>` features, in document order. */
  features: Feature[];
  userPrefs: UserPref[];
  locales: LocaleSpec[];
  contents: Content[];
}

export interface ModulePrefs {
  title: string;
  description: string;
  author: string;
  thumbnail: string;
  /** Initial iframe height in pixels, when given. */
  height: number | undefined;
  /** `scrolling="true"`: the iframe scrolls. */
  scrolling: boolean;
  /** Every attribute as written (title_url, author_email, screenshot, …). */
  attributes: Readonly<Record<string, string>>;
}

export interface Feature {
  name: string;
  required: boolean;
  /** `<Param name="p">v</Param>`, for `gadgets.util.getFeatureParameters`. */
  params: Readonly<Record<string, string>>;
}

export const USER_PREF_DATATYPES = ['string', 'bool', 'enum', 'list', 'location', 'hidden'] as const;
export type UserPrefDatatype = (typeof USER_PREF_DATATYPES)[number];

export interface UserPref {
  name: string;
  displayName: string;
  datatype: UserPrefDatatype;
  defaultValue: string;
  required: boolean;
  /** `<EnumValue value display_value>`; empty unless datatype is enum. */
  enumValues: { value: string; displayValue: string }[];
}

export interface LocaleSpec {
  /** Lower-case language, or undefined for the default (absent or `all`). */
  lang: string | undefined;
  /** Upper-case country, or undefined for any (absent or `ALL`). */
  country: string | undefined;
  /** The `messages` URL as written (resolve against the spec URL). */
  messages: string | undefined;
  languageDirection: 'ltr' | 'rtl';
  /** Inline `<msg name>` children. */
  inlineMessages: Readonly<Record<string, string>>;
}

export interface Content {
  type: 'html' | 'url';
  /** View names (`view="default,canvas"`); `['default']` when the attribute is absent. */
  views: string[];
  /** The inline page (CDATA) for type html. */
  body: string;
  /** The target for type url (and proxied html, which we record but do not render). */
  href: string | undefined;
  preferredHeight: number | undefined;
  preferredWidth: number | undefined;
}

const NAME = /^[A-Za-z0-9_.\-:]{1,128}$/;

export function parseGadgetSpec(source: string, limits?: GadgetXmlLimits): GadgetSpec {
  const root = readGadgetXml(source, limits);
  if (root.name !== 'Module') throw new GadgetSpecError('root', root.name, 'the root element must be <Module>');

  const prefsElements = childrenNamed(root, 'ModulePrefs');
  if (prefsElements.length > 1) throw new GadgetSpecError('invalid', 'Module/ModulePrefs', 'more than one <ModulePrefs>');
  const prefsElement = prefsElements[0];

  const features: Feature[] = [];
  const locales: LocaleSpec[] = [];
  if (prefsElement) {
    prefsElement.children.forEach((c, i) => {
      const where = `Module/ModulePrefs/${c.name}[${i + 1}]`;
      if (c.name === 'Require' || c.name === 'Optional') features.push(feature(c, where));
      else if (c.name === 'Locale') locales.push(locale(c, where));
    });
  }

  const userPrefs = childrenNamed(root, 'UserPref').map((c, i) => userPref(c, `Module/UserPref[${i + 1}]`));
  const seen = new Set<string>();
  for (const p of userPrefs) {
    if (seen.has(p.name)) throw new GadgetSpecError('invalid', `Module/UserPref[${p.name}]`, 'declared twice');
    seen.add(p.name);
  }

  const contents = childrenNamed(root, 'Content').map((c, i) => content(c, `Module/Content[${i + 1}]`));
  if (contents.length === 0) throw new GadgetSpecError('missing', 'Module/Content', 'the gadget has no <Content>');
  const views = new Set<string>();
  for (const c of contents) {
    for (const v of c.views) {
      if (views.has(v)) throw new GadgetSpecError('invalid', `Module/Content@view`, `view "${v}" appears in two <Content>s`);
      views.add(v);
    }
  }

  return { modulePrefs: modulePrefs(prefsElement), features, userPrefs, locales, contents };
}

/** The required features the container does not know: Shindig refuses to render such a gadget. */
export function unknownRequiredFeatures(spec: GadgetSpec, known: ReadonlySet<string>): string[] {
  return spec.features.filter((f) => f.required && !known.has(f.name)).map((f) => f.name);
}

/** The Content for a view, falling back to `default` as Shindig does. */
export function contentForView(spec: GadgetSpec, view = 'default'): Content | undefined {
  return spec.contents.find((c) => c.views.includes(view)) ?? spec.contents.find((c) => c.views.includes('default'));
}

function modulePrefs(el: Element | undefined): ModulePrefs {
  const a = el?.attributes ?? {};
  return {
    title: a.title ?? '',
    description: a.description ?? '',
    author: a.author ?? '',
    thumbnail: a.thumbnail ?? '',
    height: pixels(a.height, 'Module/ModulePrefs@height'),
    scrolling: bool(a.scrolling, false, 'Module/ModulePrefs@scrolling'),
    attributes: { ...a },
  };
}

function feature(el: Element, where: string): Feature {
  const name = el.attr('feature')?.trim();
  if (!name) throw new GadgetSpecError('missing', `${where}@feature`, 'a feature needs a name');
  const params: Record<string, string> = {};
  childrenNamed(el, 'Param').forEach((p, i) => {
    const pname = p.attr('name');
    if (!pname) throw new GadgetSpecError('missing', `${where}/Param[${i + 1}]@name`, 'a Param needs a name');
    params[pname] = p.text.trim();
  });
  return { name, required: el.name === 'Require', params };
}

function userPref(el: Element, where: string): UserPref {
  const name = el.attr('name');
  if (name === undefined || name === '') throw new GadgetSpecError('missing', `${where}@name`, 'a UserPref needs a name');
  if (!NAME.test(name)) throw new GadgetSpecError('invalid', `${where}@name`, `"${name.slice(0, 40)}" is not a valid name`);
  const rawType = el.attr('datatype') ?? 'string';
  const datatype = USER_PREF_DATATYPES.find((t) => t === rawType.toLowerCase());
  if (!datatype) {
    throw new GadgetSpecError('invalid', `${where}@datatype`, `unknown datatype "${rawType.slice(0, 40)}" (${USER_PREF_DATATYPES.join(', ')})`);
  }
  const enumValues = childrenNamed(el, 'EnumValue').map((e, i) => {
    const value = e.attr('value');
    if (value === undefined) throw new GadgetSpecError('missing', `${where}/EnumValue[${i + 1}]@value`, 'an EnumValue needs a value');
    return { value, displayValue: e.attr('display_value') ?? value };
  });
  const defaultValue = el.attr('default_value') ?? '';
  if (datatype === 'bool' && defaultValue !== '') bool(defaultValue, false, `${where}@default_value`);
  return {
    name,
    displayName: el.attr('display_name') ?? name,
    datatype,
    defaultValue,
    required: bool(el.attr('required'), false, `${where}@required`),
    enumValues: datatype === 'enum' ? enumValues : [],
  };
}

function locale(el: Element, where: string): LocaleSpec {
  const lang = el.attr('lang')?.trim().toLowerCase();
  const country = el.attr('country')?.trim().toUpperCase();
  if (lang && lang !== 'all' && !/^[a-z]{2,8}$/.test(lang)) throw new GadgetSpecError('invalid', `${where}@lang`, 'not a language code');
  if (country && country !== 'ALL' && !/^[A-Z0-9]{2,3}$/.test(country)) throw new GadgetSpecError('invalid', `${where}@country`, 'not a country code');
  const dir = (el.attr('language_direction') ?? 'ltr').toLowerCase();
  if (dir !== 'ltr' && dir !== 'rtl') throw new GadgetSpecError('invalid', `${where}@language_direction`, 'must be ltr or rtl');
  return {
    lang: !lang || lang === 'all' ? undefined : lang,
    country: !country || country === 'ALL' ? undefined : country,
    messages: el.attr('messages')?.trim() || undefined,
    languageDirection: dir,
    inlineMessages: readMessages(el, where),
  };
}

function content(el: Element, where: string): Content {
  const type = (el.attr('type') ?? 'html').toLowerCase();
  if (type !== 'html' && type !== 'url') throw new GadgetSpecError('invalid', `${where}@type`, `unsupported Content type "${type.slice(0, 40)}"`);
  const href = el.attr('href')?.trim() || undefined;
  if (type === 'url' && !href) throw new GadgetSpecError('missing', `${where}@href`, 'a url Content needs an href');
  const views = (el.attr('view') ?? 'default')
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return {
    type,
    views: views.length > 0 ? views : ['default'],
    body: type === 'html' ? el.text : '',
    href,
    preferredHeight: pixels(el.attr('preferred_height'), `${where}@preferred_height`),
    preferredWidth: pixels(el.attr('preferred_width'), `${where}@preferred_width`),
  };
}

function pixels(value: string | undefined, where: string): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const v = value.trim().replace(/px$/i, '');
  if (!/^\d{1,6}$/.test(v)) throw new GadgetSpecError('invalid', where, `"${value.slice(0, 40)}" is not a size in pixels`);
  return Number(v);
}

function bool(value: string | undefined, fallback: boolean, where: string): boolean {
  if (value === undefined || value.trim() === '') return fallback;
  const v = value.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new GadgetSpecError('invalid', where, `"${value.slice(0, 40)}" is not true or false`);
}
