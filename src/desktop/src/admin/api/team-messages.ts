import type { TeamMessage } from '../../finesse/model';
import { parseTeamMessages } from '../../finesse/xml';
import { type AdminApi, tag } from './admin-api';

/** `GET /Team/{id}/TeamMessages`: the team's active messages. */
export async function listTeamMessages(api: AdminApi, teamId: string): Promise<TeamMessage[]> {
  return parseTeamMessages(await api.getXml(`/Team/${encodeURIComponent(teamId)}/TeamMessages`));
}

/** `POST /TeamMessage` to the teams named, shown for `durationSeconds`. */
export function sendTeamMessage(api: AdminApi, content: string, durationSeconds: number, teamIds: readonly string[]): Promise<string> {
  const teams = teamIds.map((t) => tag('team', t)).join('');
  return api.create('/TeamMessage', `<TeamMessage>${tag('duration', durationSeconds)}${tag('content', content)}<teams>${teams}</teams></TeamMessage>`);
}

export function deleteTeamMessage(api: AdminApi, id: string): Promise<void> {
  return api.remove(`/TeamMessage/${encodeURIComponent(id)}`);
}
