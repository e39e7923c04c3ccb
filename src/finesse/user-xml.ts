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

/** The full User object; `root` is `User` for REST and `user` inside notifications. */
export function userXml(user: UserSnapshot, root: 'User' | 'user' = 'User', m: Markup = XML_MARKUP): string {
  const { account, status, reasonCode, team, supervisedTeams } = user;
  const { lt, gt } = m;
  const settings = team?.settings;
  let xml =
    `${lt}${root}${gt}` +
    element('uri', userUri(account.loginId), m) +
    `${lt}roles${gt}${account.roles.map((r) => element('role', r, m)).join('')}${lt}/roles${gt}` +
    element('loginId', account.loginId, m) +
    element('loginName', account.loginName, m) +
    element('state', status.state, m) +
    element('stateChangeTime', finesseTime(status.stateChangeTime), m) +
    element('pendingState', status.pendingState ?? '', m) +
    element('reasonCodeId', status.reasonCodeId ?? '-1', m) +
    (reasonCode ? reasonCodeXml(reasonCode, 'ReasonCode', m) : '') +
    `${lt}settings${gt}` +
    element('wrapUpOnIncoming', settings?.wrapUpOnIncoming ?? '', m) +
    element('wrapUpOnOutgoing', settings?.wrapUpOnOutgoing ?? '', m) +
    element('deviceSelection', 'disabled', m) +
    `${lt}/settings${gt}` +
    element('extension', status.extension ?? '', m) +
    element('firstName', account.firstName, m) +
    element('lastName', account.lastName, m) +
    element('teamId', team?.id ?? '', m) +
    element('teamName', team?.name ?? '', m) +
    element('mediaType', 1, m) +
    element('dialogs', userDialogsUri(account.loginId), m);
  if (hasRole(account, 'Supervisor')) {
    xml += `${lt}teams${gt}`;
    for (const t of supervisedTeams) {
      xml += `${lt}Team${gt}${element('uri', teamUri(t.id), m)}${element('id', t.id, m)}${element('name', t.name, m)}${lt}/Team${gt}`;
    }
    xml += `${lt}/teams${gt}`;
  }
  return `${xml}${lt}/${root}${gt}`;
}

/** The summary User that Team lists and Team/Users notifications carry. */
export function userSummaryXml(user: UserSnapshot, root: 'User' | 'user' = 'User', m: Markup = XML_MARKUP): string {
  const { account, status, reasonCode } = user;
  return (
    `${m.lt}${root}${m.gt}` +
    element('uri', userUri(account.loginId), m) +
    element('loginId', account.loginId, m) +
    element('firstName', account.firstName, m) +
    element('lastName', account.lastName, m) +
    element('dialogs', userDialogsUri(account.loginId), m) +
    element('extension', status.extension ?? '', m) +
    element('pendingState', status.pendingState ?? '', m) +
    element('state', status.state, m) +
    element('stateChangeTime', finesseTime(status.stateChangeTime), m) +
    element('reasonCodeId', status.reasonCodeId ?? '-1', m) +
    (reasonCode ? reasonCodeXml(reasonCode, 'ReasonCode', m) : '') +
    `${m.lt}/${root}${m.gt}`
  );
}
