import { child, children, text } from '../../finesse/xml';
import { type AdminApi, itemId, tag } from './admin-api';
import type { TeamSummary } from './teams';

/** The DEFAULT call-variable layout's id (admin reference §5): every team without its own reads it. */
export const DEFAULT_LAYOUT_ID = 'default';

export interface LayoutEntry {
  displayName: string;
  mediaProperty: string;
  showInPopOver: boolean;
  uiEditable: boolean;
}

/** A call-variable layout: one header entry and up to two columns (left, right). */
export interface AdminMediaLayout {
  id: string;
  name: string;
  description: string;
  type: 'DEFAULT' | 'CUSTOM';
  header: LayoutEntry;
  columns: LayoutEntry[][];
}

export type MediaLayoutFields = Omit<AdminMediaLayout, 'id' | 'type'>;

export const MAX_LAYOUT_COLUMNS = 2;
export const MAX_COLUMN_ENTRIES = 10;

const layoutPath = (id: string): string => `/MediaPropertiesLayout/${encodeURIComponent(id)}`;
const teamLayoutPath = (team: string): string => `/Team/${encodeURIComponent(team)}/MediaPropertiesLayout`;

export const emptyEntry = (): LayoutEntry => ({ displayName: '', mediaProperty: '', showInPopOver: false, uiEditable: false });

function parseEntry(el: Element | null): LayoutEntry {
  return {
    displayName: text(el, 'displayName'),
    mediaProperty: text(el, 'mediaProperty'),
    showInPopOver: text(el, 'showInPopOver') === 'true',
    uiEditable: text(el, 'uiEditable') === 'true',
  };
}

function parseLayout(el: Element): AdminMediaLayout {
  return {
    id: itemId(el),
    name: text(el, 'name'),
    description: text(el, 'description'),
    type: text(el, 'type') === 'DEFAULT' ? 'DEFAULT' : 'CUSTOM',
    header: parseEntry(child(child(el, 'header'), 'entry')),
    columns: children(el, 'column').map((c) => children(c, 'entry').map(parseEntry)),
  };
}

/** DEFAULT first, then the CUSTOM layouts. */
export async function listMediaLayouts(api: AdminApi): Promise<AdminMediaLayout[]> {
  return children(await api.getXml('/MediaPropertiesLayouts'), 'MediaPropertiesLayout').map(parseLayout);
}

const entryXml = (e: LayoutEntry): string =>
  `<entry>${tag('displayName', e.displayName)}${tag('mediaProperty', e.mediaProperty)}${tag('showInPopOver', e.showInPopOver)}${tag('uiEditable', e.uiEditable)}</entry>`;

/** The whole layout; the columns are sent even when empty, as any column sent replaces them all. */
function layoutXml(f: MediaLayoutFields): string {
  const columns = f.columns.length === 0 ? [[]] : f.columns;
  return (
    `<MediaPropertiesLayout>${tag('name', f.name)}${tag('description', f.description)}<header>${entryXml(f.header)}</header>` +
    `${columns.map((c) => `<column>${c.map(entryXml).join('')}</column>`).join('')}</MediaPropertiesLayout>`
  );
}

export function createMediaLayout(api: AdminApi, f: MediaLayoutFields): Promise<string> {
  return api.create('/MediaPropertiesLayout', layoutXml(f));
}

export function updateMediaLayout(api: AdminApi, id: string, f: MediaLayoutFields): Promise<void> {
  return api.put(layoutPath(id), layoutXml(f));
}

/** Its teams get DEFAULT again; DEFAULT itself cannot be deleted. */
export function deleteMediaLayout(api: AdminApi, id: string): Promise<void> {
  return api.remove(layoutPath(id));
}

/** Which layout each team has: team id → layout id (`default` for DEFAULT). */
export async function teamLayouts(api: AdminApi, teams: readonly TeamSummary[]): Promise<Map<string, string>> {
  const ids = await Promise.all(teams.map(async (t) => [t.id, itemId(await api.getXml(teamLayoutPath(t.id)))] as const));
  return new Map(ids);
}

/** Gives `team` the layout `id` (DEFAULT's id takes its own away). */
export function setTeamLayout(api: AdminApi, team: string, id: string): Promise<void> {
  return api.put(teamLayoutPath(team), `<MediaPropertiesLayout>${tag('uri', `/finesse/api/MediaPropertiesLayout/${id}`)}</MediaPropertiesLayout>`);
}
