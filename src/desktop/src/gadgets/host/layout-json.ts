import type { BuiltInGadget, EffectiveLayout, LayoutGadget, LayoutTab } from '../protocol.js';

// `GET /openfinesse/desktop/layout` answers an EffectiveLayout (../protocol.ts); the desktop checks it
// before drawing anything from it.

const BUILT_INS: ReadonlySet<string> = new Set<BuiltInGadget>([
  'callControl',
  'queueStatistics',
  'teamPerformance',
  'teamMessage',
  'recentCallHistory',
  'recentStateHistory',
  'logo',
  'agentVoiceState',
  'identity',
]);

type Fields = Record<string, unknown>;
const isRecord = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const stringOrNull = (value: unknown): value is string | null => value === null || typeof value === 'string';

function gadget(value: unknown): LayoutGadget | null {
  if (!isRecord(value) || typeof value.url !== 'string' || value.url === '') return null;
  const builtIn = value.builtIn;
  if (builtIn !== null && !(typeof builtIn === 'string' && BUILT_INS.has(builtIn))) return null;
  if (!stringOrNull(value.id)) return null;
  const maxRows = value.maxRows;
  if (maxRows !== null && !(typeof maxRows === 'number' && Number.isInteger(maxRows))) return null;
  return { url: value.url, builtIn: builtIn as BuiltInGadget | null, id: value.id, maxRows };
}

function gadgets(value: unknown): LayoutGadget[] | null {
  if (!Array.isArray(value)) return null;
  const list = value.map(gadget);
  return list.every((g) => g !== null) ? (list as LayoutGadget[]) : null;
}

function tab(value: unknown): LayoutTab | null {
  if (!isRecord(value) || typeof value.id !== 'string' || value.id === '' || typeof value.label !== 'string' || !stringOrNull(value.icon)) return null;
  if (!Array.isArray(value.columns)) return null;
  const columns = value.columns.map(gadgets);
  if (!columns.every((c) => c !== null)) return null;
  return { id: value.id, label: value.label, icon: value.icon, columns: columns as LayoutGadget[][] };
}

/** The layout in `value`, or null when it is not a well-formed EffectiveLayout. */
export function parseEffectiveLayout(value: unknown): EffectiveLayout | null {
  if (!isRecord(value)) return null;
  const { role, source, title, logo, header } = value;
  if ((role !== 'Agent' && role !== 'Supervisor') || (source !== 'team' && source !== 'default')) return null;
  if (!stringOrNull(title) || !stringOrNull(logo) || !isRecord(header)) return null;
  const left = gadgets(header.left);
  const right = gadgets(header.right);
  const page = gadgets(value.page);
  if (!left || !right || !page || !Array.isArray(value.tabs)) return null;
  const tabs = value.tabs.map(tab);
  if (!tabs.every((t) => t !== null)) return null;
  const ids = new Set(tabs.map((t) => t!.id));
  if (ids.size !== tabs.length) return null;
  return { role, source, title, logo, header: { left, right }, page, tabs: tabs as LayoutTab[] };
}
