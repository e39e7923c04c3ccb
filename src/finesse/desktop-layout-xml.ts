import { checkGadgetUrl, checkLayoutSize } from '../domain/desktop-layout.js';
import { DomainError } from '../domain/errors.js';
import type { AllowListEntry } from '../domain/gadget-allow-list.js';
import { readBoolean, required } from './configuration-bodies.js';
import { defaultLayoutConfigUri } from './uris.js';
import { element } from './xml-escape.js';
import type { XmlElement } from './xml-reader.js';
import { XmlReadError, childText, readXml } from './xml-reader.js';

/** `<LayoutConfig>` (admin reference §11): the layout document as escaped text in `layoutxml`. */
export function layoutConfigXml(layoutXml: string): string {
  return `<LayoutConfig>${element('uri', defaultLayoutConfigUri)}${element('layoutxml', layoutXml)}</LayoutConfig>`;
}

/** `<TeamLayoutConfig>` (admin reference §9): whether the team uses the default, and the layout it has. */
export function teamLayoutConfigXml(useDefault: boolean, layoutXml: string): string {
  return `<TeamLayoutConfig>${element('useDefault', String(useDefault))}${element('layoutxml', layoutXml)}</TeamLayoutConfig>`;
}

/** The layout of a `<LayoutConfig>` PUT, checked (see `readDesktopLayout`). */
export function readLayoutConfig(body: XmlElement, allowList: readonly AllowListEntry[] = []): string {
  return readDesktopLayout(required(body, 'layoutxml'), allowList);
}

/** A `<TeamLayoutConfig>` PUT: `useDefault` is required; with `false`, so is a valid `layoutxml` (ignored with `true`). */
export function readTeamLayoutConfig(body: XmlElement, allowList: readonly AllowListEntry[] = []): { useDefault: boolean; layoutXml: string | null } {
  const useDefault = readBoolean('useDefault', required(body, 'useDefault'));
  return useDefault ? { useDefault, layoutXml: null } : { useDefault, layoutXml: readDesktopLayout(childText(body, 'layoutxml') ?? '', allowList) };
}

/**
 * A desktop layout document, refused with 400 Bad Request when larger than the limit, not well-formed
 * XML (parsed strictly: no DOCTYPE, so no DTD and no entity but the predefined ones), not a
 * `<finesseLayout>`, or naming a gadget (a `<gadget>` or a header component's `<url>`) that is neither a
 * hosted `/3rdpartygadget/files/` file, a built-in gadget, nor an absolute URL the gadget allow-list
 * covers for GET. Answers the text as sent.
 */
export function readDesktopLayout(xml: string, allowList: readonly AllowListEntry[] = []): string {
  checkLayoutSize(xml);
  let root: XmlElement;
  try {
    root = readXml(xml);
  } catch (error) {
    const reason = error instanceof XmlReadError ? error.message : 'unreadable';
    throw new DomainError('BadRequest', `The layout is not well-formed XML: ${reason}`, 'layoutxml');
  }
  if (root.localName !== 'finesseLayout') throw new DomainError('BadRequest', 'The layout document must be a <finesseLayout>', root.name);
  for (const url of gadgetUrls(root)) checkGadgetUrl(url, allowList);
  return xml;
}

function gadgetUrls(element: XmlElement): string[] {
  const own = element.localName === 'gadget' || (element.localName === 'url' && element.parent?.localName === 'component') ? [element.text.trim()] : [];
  return [...own, ...element.children.flatMap(gadgetUrls)];
}
