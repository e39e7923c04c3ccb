import { DomainError } from '../domain/errors.js';
import type { UserAccount } from '../domain/model.js';
import type { TeamMessage, TeamMessageDraft } from '../domain/team-message.js';
import type { UpdateEvent } from './update-xml.js';
import { updateXml } from './update-xml.js';
import { teamMessageUri, teamMessagesUri } from './uris.js';
import { element } from './xml-escape.js';
import type { XmlElement } from './xml-reader.js';
import { childText } from './xml-reader.js';

/** Who created a message, as the directory knows him now (an unknown creator shows his id alone). */
export type CreatorLookup = (loginId: string) => Pick<UserAccount, 'firstName' | 'lastName'> | undefined;

/**
 * `<TeamMessage>` (admin reference §13): uri, id (a UUID), createdBy {id, firstName, lastName}, createdAt
 * (epoch seconds), duration (seconds), content, teams/team.
 */
export function teamMessageXml(message: TeamMessage, creator: CreatorLookup): string {
  const by = creator(message.createdBy);
  return (
    '<TeamMessage>' +
    element('uri', teamMessageUri(message.id)) +
    element('id', message.id) +
    `<createdBy>${element('id', message.createdBy)}${element('firstName', by?.firstName ?? '')}${element('lastName', by?.lastName ?? '')}</createdBy>` +
    element('createdAt', Math.floor(message.createdAt / 1000)) +
    element('duration', message.durationSeconds) +
    element('content', message.content) +
    `<teams>${message.teamIds.map((t) => element('team', t)).join('')}</teams>` +
    '</TeamMessage>'
  );
}

/** `GET /Team/{id}/TeamMessages`: the active messages, oldest first. */
export function teamMessagesXml(messages: readonly TeamMessage[], creator: CreatorLookup): string {
  return `<TeamMessages>${messages.map((m) => teamMessageXml(m, creator)).join('')}</TeamMessages>`;
}

/**
 * The notification of a message added to (POST) or removed from (DELETE: deleted or expired) a team's
 * list, on the node `/finesse/api/Team/{team}/TeamMessages`: a collection change, so the source is the
 * collection URI and the data holds `<teamMessages><TeamMessage>…` (reference §9.5).
 */
export function teamMessageUpdateXml(teamId: string, message: TeamMessage, event: Extract<UpdateEvent, 'POST' | 'DELETE'>, creator: CreatorLookup): string {
  return updateXml(`<teamMessages>${teamMessageXml(message, creator)}</teamMessages>`, event, '', teamMessagesUri(teamId));
}

/**
 * The body of `POST /TeamMessage`: `<TeamMessage><duration>100</duration><content>…</content><teams>
 * <team>5000</team>…</teams></TeamMessage>`. Missing or unreadable fields are 400 Bad Request naming
 * them; the rules (length, range, limits) are the domain's. Server-owned fields (uri, id, createdBy,
 * createdAt) are ignored.
 */
export function readTeamMessageDraft(body: XmlElement): TeamMessageDraft {
  const duration = childText(body, 'duration');
  if (duration === undefined || duration === '') throw new DomainError('BadRequest', 'duration is required', 'duration');
  if (!/^[0-9]{1,9}$/.test(duration)) throw new DomainError('BadRequest', 'The duration must be a whole number of seconds', duration);
  const contentElement = body.children.filter((c) => c.name === 'content').at(-1);
  if (contentElement === undefined) throw new DomainError('BadRequest', 'content is required', 'content');
  const teams = body.children.filter((c) => c.name === 'teams').at(-1);
  const teamIds = (teams?.children ?? []).filter((c) => c.name === 'team').map((c) => teamIdOf(c));
  if (teamIds.length === 0) throw new DomainError('BadRequest', 'At least one team is required', 'teams');
  return { durationSeconds: Number(duration), content: contentElement.text.trim(), teamIds };
}

/** A `<team>` is the team's id as text, or (tolerated) an element holding its `id` or `uri`. */
function teamIdOf(team: XmlElement): string {
  const id = childText(team, 'id') ?? childText(team, 'uri')?.split('/').pop() ?? team.text.trim();
  if (id === '') throw new DomainError('BadRequest', 'A team without its id', 'team');
  return id;
}
