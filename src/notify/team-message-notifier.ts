import type { TeamMessage } from '../domain/team-message.js';
import type { CreatorLookup } from '../finesse/team-message-xml.js';
import { teamMessageUpdateXml } from '../finesse/team-message-xml.js';
import { teamMessagesUri } from '../finesse/uris.js';

/**
 * The notifications of a team message added (POST) or removed (DELETE): one on the node
 * `/finesse/api/Team/{team}/TeamMessages` of each of its teams, to which the team's agents and
 * supervisors are subscribed without asking (see FinesseNodePolicy).
 */
export function teamMessagePublications(message: TeamMessage, event: 'POST' | 'DELETE', creator: CreatorLookup): { node: string; update: string }[] {
  return message.teamIds.map((teamId) => ({ node: teamMessagesUri(teamId), update: teamMessageUpdateXml(teamId, message, event, creator) }));
}
