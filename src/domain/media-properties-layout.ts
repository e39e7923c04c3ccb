/** One call variable shown by a layout (admin reference §5.1); the two flags are 12.x's. */
export interface LayoutEntry {
  displayName: string;
  mediaProperty: string;
  showInPopOver: boolean;
  uiEditable: boolean;
}

/** DEFAULT: the one layout of every team without an assignment; CUSTOM: those the administrator adds. */
export type MediaPropertiesLayoutType = 'DEFAULT' | 'CUSTOM';

/** A call-variables layout: one header entry and up to two columns (left, right) of entries. */
export interface MediaPropertiesLayout {
  id: string;
  name: string;
  description: string;
  type: MediaPropertiesLayoutType;
  header: readonly LayoutEntry[];
  columns: readonly (readonly LayoutEntry[])[];
  /** The teams given this (CUSTOM) layout, sorted; always empty for DEFAULT. */
  teamIds: readonly string[];
}

/** The id (and last URI segment) of the DEFAULT layout: `/finesse/api/MediaPropertiesLayout/default`. */
export const DEFAULT_LAYOUT_ID = 'default';

const entry = (displayName: string, mediaProperty: string): LayoutEntry => ({ displayName, mediaProperty, showInPopOver: false, uiEditable: false });

/** The DEFAULT layout until an administrator edits it: the dialed number, then call variables 1–5 and 6–10. */
export const STOCK_DEFAULT_LAYOUT: MediaPropertiesLayout = {
  id: DEFAULT_LAYOUT_ID,
  name: 'Default Layout',
  description: 'The layout of every team without a layout of its own',
  type: 'DEFAULT',
  header: [entry('Dialed Number', 'DNIS')],
  columns: [
    [1, 2, 3, 4, 5].map((n) => entry(`Call Variable ${n}`, `callVariable${n}`)),
    [6, 7, 8, 9, 10].map((n) => entry(`Call Variable ${n}`, `callVariable${n}`)),
  ],
  teamIds: [],
};

/** Every layout as the API lists it: DEFAULT (stored once edited, else the stock one) first, then the CUSTOM ones by id. */
export function allLayouts(stored: readonly MediaPropertiesLayout[]): MediaPropertiesLayout[] {
  const byId = (a: MediaPropertiesLayout, b: MediaPropertiesLayout) => Number(a.id) - Number(b.id) || a.id.localeCompare(b.id);
  const custom = stored.filter((l) => l.type === 'CUSTOM').sort(byId);
  return [stored.find((l) => l.type === 'DEFAULT') ?? STOCK_DEFAULT_LAYOUT, ...custom];
}

/** The layout of `teamId` (null: no team): the CUSTOM layout assigned to it, else DEFAULT. */
export function layoutOfTeam(stored: readonly MediaPropertiesLayout[], teamId: string | null): MediaPropertiesLayout {
  const all = allLayouts(stored);
  return (teamId !== null && all.find((l) => l.type === 'CUSTOM' && l.teamIds.includes(teamId))) || all[0]!;
}
