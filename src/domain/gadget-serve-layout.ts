/** The tab `openfinesse gadget serve` adds to the default layout for the gadgets it hosts. */
export interface ServedGadgetTab {
  id: string;
  label: string;
  /** Gadget URLs as the layout names them (`/3rdpartygadget/files/<folder>/<spec>.xml`). */
  gadgets: readonly string[];
}

const escapeText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function tabXml(tab: ServedGadgetTab): string {
  const gadgets = tab.gadgets.map((url) => `<gadget>${escapeText(url)}</gadget>`).join('');
  return `<tab><id>${escapeText(tab.id)}</id><label>${escapeText(tab.label)}</label><gadgets>${gadgets}</gadgets></tab>`;
}

/** The text of a `<tab>` element's `<id>` child. */
const tabId = (tab: string): string | undefined => /<id>\s*([^<]*?)\s*<\/id>/.exec(tab)?.[1];

/**
 * The layout document with `tab` as the last tab of every role's `<layout>` (replacing a tab of the same
 * id, so serving a folder again does not add it twice); a role without `<tabs>` gets them. The rest of
 * the document is kept as written.
 */
export function withServedGadgetTab(layoutXml: string, tab: ServedGadgetTab): string {
  const withoutOld = layoutXml.replace(/\s*<tab>[\s\S]*?<\/tab>/g, (element) => (tabId(element) === escapeText(tab.id) ? '' : element));
  return withoutOld.replace(/<layout>([\s\S]*?)<\/layout>/g, (_whole, body: string) => {
    const closing = body.lastIndexOf('</tabs>');
    if (closing < 0) return `<layout>${body}<tabs>${tabXml(tab)}</tabs></layout>`;
    // Right after the last tab, before the white space that closes the list: adding it again gives the same text.
    const lastTab = body.slice(0, closing).trimEnd();
    return `<layout>${lastTab}${tabXml(tab)}${body.slice(lastTab.length)}</layout>`;
  });
}
