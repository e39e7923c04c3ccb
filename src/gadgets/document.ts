import { GadgetSpecError } from './errors.js';
import { substituteSpec } from './hangman.js';
import { chooseMessages } from './locale.js';
import { rewriteContentUrls } from './rewrite.js';
import { contentForView, type Feature, type GadgetSpec, type ModulePrefs, parseGadgetSpec, unknownRequiredFeatures } from './spec.js';
import type { RenderRequest } from './urls.js';

export interface GadgetDocumentInput {
  /** The spec document as fetched. */
  specXml: string;
  /** The validated render request (see `parseRenderUrl`); its `specUrl` is the base of relative URLs. */
  request: RenderRequest;
  /** Bundle documents the caller fetched, keyed by the absolute URLs of `bundleUrls`. */
  bundles: ReadonlyMap<string, string>;
  /** Features the container implements: a gadget requiring another one is refused, as Shindig does. */
  knownFeatures?: ReadonlySet<string>;
}

export interface GadgetDocument {
  /** The spec after hangman substitution. */
  spec: GadgetSpec;
  modulePrefs: ModulePrefs;
  /** The Content page for the requested view, substituted and URL-rewritten, ready to embed. */
  html: string;
  /** The views the gadget declares (a `canvas` view means a maximise toggle). */
  views: string[];
  preferredHeight: number | undefined;
  messages: Readonly<Record<string, string>>;
  direction: 'ltr' | 'rtl';
  /** Preference values the runtime's `gadgets.Prefs` starts with: declared defaults, then `up_*`. */
  prefs: Readonly<Record<string, string>>;
  features: Feature[];
}

/**
 * Everything the `/gadgets/ifr` renderer needs from a spec, computed without I/O in the order of
 * gadget-reference §1.2–§1.3: parse, choose the messages, substitute the hangman tokens, then rewrite
 * the static URLs. Only inline html Content is rendered; a type url Content is refused.
 */
export function prepareGadgetDocument(input: GadgetDocumentInput): GadgetDocument {
  const { request } = input;
  const parsed = parseGadgetSpec(input.specXml);
  if (input.knownFeatures) {
    const unknown = unknownRequiredFeatures(parsed, input.knownFeatures);
    if (unknown.length > 0) throw new GadgetSpecError('invalid', 'Module/ModulePrefs/Require', `unsupported required feature(s): ${unknown.join(', ')}`);
  }
  const { messages, direction } = chooseMessages(parsed, request.specUrl, request.lang, request.country, input.bundles);
  const spec = substituteSpec(parsed, { messages, direction, moduleId: request.moduleId, userPrefs: request.userPrefs });
  const content = contentForView(spec, request.view);
  if (!content) throw new GadgetSpecError('missing', 'Module/Content', `no Content for view "${request.view}" nor a default one`);
  if (content.type !== 'html') throw new GadgetSpecError('invalid', 'Module/Content@type', 'only inline html Content is rendered');

  const prefs: Record<string, string> = Object.create(null);
  for (const p of parsed.userPrefs) prefs[p.name] = p.defaultValue;
  Object.assign(prefs, request.userPrefs);

  return {
    spec,
    modulePrefs: spec.modulePrefs,
    html: rewriteContentUrls(content.body, request.specUrl),
    views: spec.contents.flatMap((c) => c.views),
    preferredHeight: content.preferredHeight ?? spec.modulePrefs.height,
    messages,
    direction,
    prefs,
    features: spec.features,
  };
}
