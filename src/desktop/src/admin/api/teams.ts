import { children, text } from '../../finesse/xml';
import { type AdminApi, itemId, uriList } from './admin-api';

export interface TeamSummary {
  id: string;
  name: string;
}

/** The kinds of item a team is assigned (admin reference §9), each with its list path and XML names. */
export type AssignmentKind = 'NOT_READY' | 'LOGOUT' | 'WrapUpReason' | 'PhoneBook' | 'Workflow';

const KINDS: Record<AssignmentKind, { path: (team: string) => string; root: string; item: string; uri: (id: string) => string }> = {
  NOT_READY: {
    path: (t) => `/Team/${encodeURIComponent(t)}/ReasonCodes?category=NOT_READY`,
    root: 'ReasonCodes',
    item: 'ReasonCode',
    uri: (id) => `/finesse/api/ReasonCode/${id}`,
  },
  LOGOUT: {
    path: (t) => `/Team/${encodeURIComponent(t)}/ReasonCodes?category=LOGOUT`,
    root: 'ReasonCodes',
    item: 'ReasonCode',
    uri: (id) => `/finesse/api/ReasonCode/${id}`,
  },
  WrapUpReason: {
    path: (t) => `/Team/${encodeURIComponent(t)}/WrapUpReasons`,
    root: 'WrapUpReasons',
    item: 'WrapUpReason',
    uri: (id) => `/finesse/api/WrapUpReason/${id}`,
  },
  PhoneBook: {
    path: (t) => `/Team/${encodeURIComponent(t)}/PhoneBooks`,
    root: 'PhoneBooks',
    item: 'PhoneBook',
    uri: (id) => `/finesse/api/PhoneBook/${id}`,
  },
  Workflow: {
    path: (t) => `/Team/${encodeURIComponent(t)}/Workflows`,
    root: 'Workflows',
    item: 'Workflow',
    uri: (id) => `/finesse/api/Workflow/${id}`,
  },
};

/** `GET /Teams`. */
export async function listTeams(api: AdminApi): Promise<TeamSummary[]> {
  return children(await api.getXml('/Teams'), 'Team').map((t) => ({ id: itemId(t), name: text(t, 'name') }));
}

/** The ids of the team items of `kind` assigned to `team` (global items are never listed). */
export async function assignedIds(api: AdminApi, team: string, kind: AssignmentKind): Promise<string[]> {
  const k = KINDS[kind];
  return children(await api.getXml(k.path(team)), k.item).map(itemId);
}

/** Replaces the team's whole list of `kind` (an empty list clears it). */
export async function assign(api: AdminApi, team: string, kind: AssignmentKind, ids: readonly string[]): Promise<void> {
  const k = KINDS[kind];
  await api.put(k.path(team), uriList(k.root, k.item, ids.map(k.uri)));
}

/** Which teams each item of `kind` is assigned to: item id → team ids. */
export async function teamsByItem(api: AdminApi, teams: readonly TeamSummary[], kind: AssignmentKind): Promise<Map<string, string[]>> {
  const byItem = new Map<string, string[]>();
  const lists = await Promise.all(teams.map(async (t) => [t.id, await assignedIds(api, t.id, kind)] as const));
  for (const [team, ids] of lists) for (const id of ids) byItem.set(id, [...(byItem.get(id) ?? []), team]);
  return byItem;
}

/**
 * Gives one item exactly the teams `wanted` (from `current`): each team that gains or loses it gets its
 * list read and written back. The API has no per-item assignment, so this is one PUT per changed team.
 */
export async function setItemTeams(api: AdminApi, kind: AssignmentKind, id: string, current: readonly string[], wanted: readonly string[]): Promise<void> {
  const changed = [...wanted.filter((t) => !current.includes(t)), ...current.filter((t) => !wanted.includes(t))];
  for (const team of changed) {
    const ids = await assignedIds(api, team, kind);
    const next = wanted.includes(team) ? [...new Set([...ids, id])] : ids.filter((x) => x !== id);
    await assign(api, team, kind, next);
  }
}
