import { text } from '../../finesse/xml';
import { type AdminApi, tag } from './admin-api';

/** A team's desktop layout: its own, or (`useDefault`) the default's, whose XML it then reads. */
export interface TeamDesktopLayout {
  useDefault: boolean;
  layoutXml: string;
}

const teamPath = (team: string): string => `/Team/${encodeURIComponent(team)}/LayoutConfig`;

/** The default desktop layout document (`GET /LayoutConfig/default`). */
export async function readDefaultDesktopLayout(api: AdminApi): Promise<string> {
  return text(await api.getXml('/LayoutConfig/default'), 'layoutxml');
}

/** Refused (400, nothing changes) unless a well-formed `<finesseLayout>` of allowed gadgets. */
export function saveDefaultDesktopLayout(api: AdminApi, layoutXml: string): Promise<void> {
  return api.put('/LayoutConfig/default', `<LayoutConfig>${tag('layoutxml', layoutXml)}</LayoutConfig>`);
}

export async function readTeamDesktopLayout(api: AdminApi, team: string): Promise<TeamDesktopLayout> {
  const el = await api.getXml(teamPath(team));
  return { useDefault: text(el, 'useDefault') === 'true', layoutXml: text(el, 'layoutxml') };
}

/** With `useDefault` the team gets the default again and no XML is sent. */
export function saveTeamDesktopLayout(api: AdminApi, team: string, layout: TeamDesktopLayout): Promise<void> {
  const body = layout.useDefault ? tag('useDefault', true) : `${tag('useDefault', false)}${tag('layoutxml', layout.layoutXml)}`;
  return api.put(teamPath(team), `<TeamLayoutConfig>${body}</TeamLayoutConfig>`);
}
