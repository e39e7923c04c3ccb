import type { AdminApi } from './admin-api';

export type WrapUpMode = 'REQUIRED' | 'REQUIRED_WITH_WRAP_UP_DATA' | 'OPTIONAL' | 'NOT_ALLOWED';

export const WRAP_UP_MODES: readonly WrapUpMode[] = ['REQUIRED', 'REQUIRED_WITH_WRAP_UP_DATA', 'OPTIONAL', 'NOT_ALLOWED'];

/** A team of `GET /openfinesse/api/teams`, with its members' and supervisors' loginIds. */
export interface AdminTeam {
  id: string;
  name: string;
  wrapUpOnIncoming: WrapUpMode;
  wrapUpOnOutgoing: WrapUpMode;
  wrapUpTimerSeconds: number;
  members: string[];
  supervisors: string[];
}

export type TeamFields = Omit<AdminTeam, 'id'>;

const team = (id: string): string => `/teams/${encodeURIComponent(id)}`;

export async function listAdminTeams(api: AdminApi): Promise<AdminTeam[]> {
  return (await api.getJson<{ teams: AdminTeam[] }>('/teams')).teams;
}

/** `POST /openfinesse/api/teams`; an empty `id` lets the server take the next free number. */
export function createTeam(api: AdminApi, id: string, fields: TeamFields): Promise<AdminTeam> {
  return api.sendJson<AdminTeam>('POST', '/teams', id === '' ? fields : { id, ...fields });
}

/** A partial change; `members` and `supervisors` given replace the team's lists. */
export function updateTeam(api: AdminApi, id: string, fields: Partial<TeamFields>): Promise<AdminTeam> {
  return api.sendJson<AdminTeam>('PUT', team(id), fields);
}

export function deleteTeam(api: AdminApi, id: string): Promise<void> {
  return api.removeJson(team(id));
}
