import type { GadgetDocument } from './document.js';
import type { RenderRequest } from './urls.js';

/**
 * The features the container runtime implements (gadget reference §1.1): a spec that `Require`s any
 * other one is refused, an unknown `Optional` one is left out of the bootstrap.
 */
export const CONTAINER_FEATURES: ReadonlySet<string> = new Set([
  'core',
  'pubsub-2',
  'dynamic-height',
  'settitle',
  'setprefs',
  'loadingindicator',
  'osapi',
  'views',
  'content-rewrite',
]);

/** Where the gadget runtime script is served (on the document's own origin). */
export const RUNTIME_SCRIPT_PATH = '/openfinesse/gadgets/runtime.js';

/** The server's copy of `GadgetBootstrap` (src/desktop/src/gadgets/protocol.ts): the JSON written into the document. */
export interface GadgetBootstrapJson {
  mid: number;
  specUrl: string;
  desktopOrigin: string;
  title: string;
  height: number | null;
  scrolling: boolean;
  view: string;
  views: string[];
  features: Record<string, Record<string, string | string[]>>;
  lang: string;
  country: string;
  languageDirection: 'ltr' | 'rtl';
  messages: Record<string, string>;
  userPrefs: Record<string, { defaultValue: string; datatype: string; displayName: string; required: boolean }>;
}

/** The non-secret bootstrap of a prepared document (gadget reference §2.1), for the desktop at `desktopOrigin`. */
export function gadgetBootstrap(doc: GadgetDocument, request: RenderRequest, desktopOrigin: string): GadgetBootstrapJson {
  const features: GadgetBootstrapJson['features'] = {};
  for (const feature of doc.features) {
    if (CONTAINER_FEATURES.has(feature.name)) features[feature.name] = { ...feature.params };
  }
  const userPrefs: GadgetBootstrapJson['userPrefs'] = {};
  for (const pref of doc.spec.userPrefs) {
    userPrefs[pref.name] = { defaultValue: pref.defaultValue, datatype: pref.datatype, displayName: pref.displayName, required: pref.required };
  }
  return {
    mid: request.moduleId,
    specUrl: request.specUrl,
    desktopOrigin,
    title: doc.modulePrefs.title,
    height: doc.preferredHeight ?? null,
    scrolling: doc.modulePrefs.scrolling,
    view: request.view,
    views: [...new Set(doc.views)],
    features,
    lang: request.lang,
    country: request.country,
    languageDirection: doc.direction,
    messages: { ...doc.messages },
    userPrefs,
  };
}

/**
 * The gadget document exactly as gadget reference §2.1 lays it out: the bootstrap JSON (every `<`
 * escaped, so no text in it can close the script element), the runtime, the Content as it is, and the
 * call that runs the onload handlers.
 */
export function gadgetDocumentHtml(bootstrap: GadgetBootstrapJson, contentHtml: string): string {
  const json = JSON.stringify(bootstrap).replace(/</g, '\\u003c');
  return (
    '<!DOCTYPE html><html><head>' +
    `<script type="application/json" id="openfinesse-gadget">${json}</script>` +
    `<script src="${RUNTIME_SCRIPT_PATH}"></script></head><body>` +
    contentHtml +
    '<script>gadgets.util.runOnLoadHandlers()</script></body></html>'
  );
}
