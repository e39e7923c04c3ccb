import type { UserSnapshot } from '../domain/events.js';
import type { ReasonCode } from '../domain/model.js';
import { hasRole } from '../domain/model.js';
import { element, type Markup, XML_MARKUP } from './xml-escape.js';
import { finesseTime } from './time.js';
import { reasonCodeUri, teamUri, userDialogsUri, userUri } from './uris.js';

/** The `ReasonCode` object as it appears inside a User and in the ReasonCodes lists. */
export function reasonCodeXml(rc: ReasonCode, root = 'ReasonCode', m: Markup = XML_MARKUP): string {
  return (
    `${m.lt}${root}${m.gt}` +
    element('uri', reasonCodeUri(rc.id), m) +
    element('category', rc.category, m) +
    element('code', rc.code, m) +
    element('label', rc.label, m) +
    element('forAll', String(rc.forAll), m) +
    element('systemCode', String(rc.systemCode), m) +
    element('id', rc.id, m) +
    `${m.lt}/${root}${m.gt}`
  );
}

/** What of a User document does not change with the agent's state: everything around it. */
export type UserDocumentSource = Pick<UserSnapshot, 'account' | 'team' | 'supervisedTeams'>;

/**
 * The full User document in three fixed parts — up to the state, the settings between the reason code
 * and the extension, and from the first name to the end — so a state change only writes what changed.
 */
export interface UserDocumentParts {
  head: string;
  settings: string;
  tail: string;
}

export function userDocumentParts(user: UserDocumentSource, root: 'User' | 'user' = 'User', m: Markup = XML_MARKUP): UserDocumentParts {
  const { account, team, supervisedTeams } = user;
  const { lt, gt } = m;
  const settings = team?.settings;
  let tail =
    element('firstName', account.firstName, m) +
    element('lastName', account.lastName, m) +
    element('teamId', team?.id ?? '', m) +
    element('teamName', team?.name ?? '', m) +
    element('mediaType', 1, m) +
    element('dialogs', userDialogsUri(account.loginId), m);
  if (hasRole(account, 'Supervisor')) {
    tail += `${lt}teams${gt}`;
    for (const t of supervisedTeams) {
      tail += `${lt}Team${gt}${element('uri', teamUri(t.id), m)}${element('id', t.id, m)}${element('name', t.name, m)}${lt}/Team${gt}`;
    }
    tail += `${lt}/teams${gt}`;
  }
  return {
    head:
      `${lt}${root}${gt}` +
      element('uri', userUri(account.loginId), m) +
      `${lt}roles${gt}${account.roles.map((r) => element('role', r, m)).join('')}${lt}/roles${gt}` +
      element('loginId', account.loginId, m) +
      element('loginName', account.loginName, m),
    settings:
      `${lt}settings${gt}` +
      element('wrapUpOnIncoming', settings?.wrapUpOnIncoming ?? '', m) +
      element('wrapUpOnOutgoing', settings?.wrapUpOnOutgoing ?? '', m) +
      element('deviceSelection', 'disabled', m) +
      `${lt}/settings${gt}`,
    tail: `${tail}${lt}/${root}${gt}`,
  };
}

/** The full User document from its fixed parts (in the same markup) and the agent's state. */
export function userXmlFromParts(
  parts: UserDocumentParts,
  { status, reasonCode }: Pick<UserSnapshot, 'status' | 'reasonCode'>,
  m: Markup = XML_MARKUP,
): string {
  return (
    parts.head +
    element('state', status.state, m) +
    element('stateChangeTime', finesseTime(status.stateChangeTime), m) +
    element('pendingState', status.pendingState ?? '', m) +
    element('reasonCodeId', status.reasonCodeId ?? '-1', m) +
    (reasonCode ? reasonCodeXml(reasonCode, 'ReasonCode', m) : '') +
    parts.settings +
    element('extension', status.extension ?? '', m) +
    parts.tail
  );
}

/** The full User object; `root` is `User` for REST and `user` inside notifications. */
export function userXml(user: UserSnapshot, root: 'User' | 'user' = 'User', m: Markup = XML_MARKUP): string {
  return userXmlFromParts(userDocumentParts(user, root, m), user, m);
}

/** What of a summary User does not change with the agent's state: up to the extension. */
export function userSummaryHead(account: UserSnapshot['account'], root: 'User' | 'user' = 'User', m: Markup = XML_MARKUP): string {
  return (
    `${m.lt}${root}${m.gt}` +
    element('uri', userUri(account.loginId), m) +
    element('loginId', account.loginId, m) +
    element('firstName', account.firstName, m) +
    element('lastName', account.lastName, m) +
    element('dialogs', userDialogsUri(account.loginId), m)
  );
}

/** The summary User from its fixed head (in the same markup) and the agent's state. */
export function userSummaryXmlFromHead(
  head: string,
  { status, reasonCode }: Pick<UserSnapshot, 'status' | 'reasonCode'>,
  root: 'User' | 'user' = 'User',
  m: Markup = XML_MARKUP,
): string {
  return (
    head +
    element('extension', status.extension ?? '', m) +
    element('pendingState', status.pendingState ?? '', m) +
    element('state', status.state, m) +
    element('stateChangeTime', finesseTime(status.stateChangeTime), m) +
    element('reasonCodeId', status.reasonCodeId ?? '-1', m) +
    (reasonCode ? reasonCodeXml(reasonCode, 'ReasonCode', m) : '') +
    `${m.lt}/${root}${m.gt}`
  );
}

/** The summary User that Team lists and Team/Users notifications carry. */
export function userSummaryXml(user: UserSnapshot, root: 'User' | 'user' = 'User', m: Markup = XML_MARKUP): string {
  return userSummaryXmlFromHead(userSummaryHead(user.account, root, m), user, root, m);
}
