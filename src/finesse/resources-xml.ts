import type { UserSnapshot } from '../domain/events.js';
import type { ReasonCategory, ReasonCode, Team, WrapUpReason } from '../domain/model.js';
import { element } from './xml-escape.js';
import { reasonCodeXml, userSummaryXml, userXml } from './user-xml.js';
import { teamUri, userWrapUpReasonUri, wrapUpReasonUri } from './uris.js';

export function usersXml(users: readonly UserSnapshot[]): string {
  return `<Users>${users.map((u) => userXml(u)).join('')}</Users>`;
}

export function teamXml(team: Team, members: readonly UserSnapshot[]): string {
  return (
    '<Team>' +
    element('uri', teamUri(team.id)) +
    element('id', team.id) +
    element('name', team.name) +
    `<users>${members.map((m) => userSummaryXml(m)).join('')}</users>` +
    '</Team>'
  );
}

/** `GET /Teams` (admin reference §9): each team's uri, id and name, without its members. */
export function teamsXml(teams: readonly Team[]): string {
  return `<Teams>${teams.map((t) => `<Team>${element('uri', teamUri(t.id))}${element('id', t.id)}${element('name', t.name)}</Team>`).join('')}</Teams>`;
}

export function reasonCodesXml(category: ReasonCategory, codes: readonly ReasonCode[]): string {
  return `<ReasonCodes category="${category}">${codes.map((rc) => reasonCodeXml(rc)).join('')}</ReasonCodes>`;
}

export { reasonCodeXml };

function wrapUpReasonBody(uri: string, reason: WrapUpReason): string {
  return `<WrapUpReason>${element('uri', uri)}${element('label', reason.label)}${element('forAll', String(reason.forAll))}</WrapUpReason>`;
}

/** The WrapUpReason object of the configuration API (`GET /WrapUpReason/{id}`). */
export function wrapUpReasonXml(reason: WrapUpReason): string {
  return wrapUpReasonBody(wrapUpReasonUri(reason.id), reason);
}

export function wrapUpReasonsXml(reasons: readonly WrapUpReason[]): string {
  return `<WrapUpReasons>${reasons.map((r) => wrapUpReasonBody(wrapUpReasonUri(r.id), r)).join('')}</WrapUpReasons>`;
}

/** The per-user single GET answers with a URI under the user, as the developer guide's example shows. */
export function userWrapUpReasonXml(loginId: string, reason: WrapUpReason): string {
  return wrapUpReasonBody(userWrapUpReasonUri(loginId, reason.id), reason);
}
