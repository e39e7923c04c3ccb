import type { EffectiveLayout, LayoutGadget } from '../protocol.js';

// Every gadget of a layout gets its own instance: a unique module id (mid), and its occurrence among the
// instances of the same spec URL (which keys its saved prefs across sessions, unlike the mid).

export interface GadgetInstance {
  gadget: LayoutGadget;
  /** null on the page area and in the header. */
  tabId: string | null;
  mid: number;
  occurrence: number;
}

/** Instances in layout order (header, page, then tab by tab, column by column); mids from `firstMid` on. */
export function planInstances(layout: EffectiveLayout, firstMid = 1): GadgetInstance[] {
  const placed: { gadget: LayoutGadget; tabId: string | null }[] = [
    ...[...layout.header.left, ...layout.header.right, ...layout.page].map((gadget) => ({ gadget, tabId: null })),
    ...layout.tabs.flatMap((tab) => tab.columns.flat().map((gadget) => ({ gadget, tabId: tab.id }))),
  ];
  const seen = new Map<string, number>();
  let mid = firstMid;
  return placed.map(({ gadget, tabId }) => {
    const occurrence = seen.get(gadget.url) ?? 0;
    seen.set(gadget.url, occurrence + 1);
    return { gadget, tabId, mid: mid++, occurrence };
  });
}
