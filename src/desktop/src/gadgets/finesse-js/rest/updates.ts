// Reading one Finesse notification as the hub delivers it (`{content, object}`, gadget reference §3.2) into
// the parts the rest objects route on (finesse-reference §9.5).
import { xml2js } from '../xml.js';
import type { HubUpdate } from './environment.js';

export interface ParsedUpdate {
  /** The `<Update>` text. */
  content: string;
  event: string;
  requestId: string;
  source: string;
  /** The name of `<data>`'s one child as sent (`user`, `dialogs`, `apiErrors` …), or null when empty. */
  dataName: string | null;
  dataValue: unknown;
}

type UpdateObject = { data?: unknown; event?: unknown; requestId?: unknown; source?: unknown };

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

function updateObjectOf(hubData: HubUpdate): UpdateObject | null {
  const given = (hubData.object as { Update?: unknown } | null | undefined)?.Update;
  if (given && typeof given === 'object') return given as UpdateObject;
  const parsed = xml2js(hubData.content)?.Update;
  return parsed && typeof parsed === 'object' ? (parsed as UpdateObject) : null;
}

/** The notification's parts, or null when the hub data is not an `<Update>`. */
export function parseUpdate(hubData: HubUpdate | null | undefined): ParsedUpdate | null {
  if (!hubData || typeof hubData !== 'object') return null;
  const update = updateObjectOf(hubData);
  if (!update) return null;
  const data = update.data && typeof update.data === 'object' ? (update.data as Record<string, unknown>) : {};
  const dataName = Object.keys(data)[0] ?? null;
  return {
    content: typeof hubData.content === 'string' ? hubData.content : '',
    event: text(update.event).toUpperCase(),
    requestId: text(update.requestId),
    source: text(update.source),
    dataName,
    dataValue: dataName === null ? null : data[dataName],
  };
}

/** The last path segment of a URI (`/finesse/api/Dialog/42` → `42`). */
export function lastSegment(uri: unknown): string {
  if (typeof uri !== 'string') return '';
  const parts =
    uri
      .split('?')[0]
      ?.split('/')
      .filter((p) => p !== '') ?? [];
  return parts[parts.length - 1] ?? '';
}

/** `/finesse/api/User/1001` → `finesse.api.User.1001`. */
export const topicOf = (restUrl: string): string => restUrl.replace(/^\//, '').replace(/\//g, '.');
