import type { UserSnapshot } from '../domain/events.js';
import type { ReasonCode } from '../domain/model.js';
import { hasRole } from '../domain/model.js';
import { element } from './xml-escape.js';
import { finesseTime } from './time.js';
import { reasonCodeUri, teamUri, userDialogsUri, userUri } from './uris.js';

/** The `ReasonCode` object as it appears inside a User and in the ReasonCodes lists. */
export function reasonCodeXml(rc: ReasonCode, root = 'ReasonCode'): string {
  return (
    `<${root}>` +
    element('uri', reasonCodeUri(rc.id)) +
    element('category', rc.category) +
    element('code', rc.code) +
    element('label', rc.label) +
    element('forAll', String(rc.forAll)) +
    element('systemCode', String(rc.systemCode)) +
    element('id', rc.id) +
    `</${root}>`
  );
}

/** The full User object; `root` is `User` for REST and `user` inside notifications. */
export function userXml(user: UserSnapshot, root: 'User' | 'user' = 'User'): string {
  const { account, status, reasonCode, team, supervisedTeams } = user;
  const settings = team?.settings;
  let xml =
    `<${root}>` +
    element('uri', userUri(account.loginId)) +
    `<roles>${account.roles.map((r) => element('role', r)).join('')}</roles>` +
    element('loginId', account.loginId) +
    element('loginName', account.loginName) +
    element('state', status.state) +
    element('stateChangeTime', finesseTime(status.stateChangeTime)) +
    element('pendingState', status.pendingState ?? '') +
    element('reasonCodeId', status.reasonCodeId ?? '-1') +
    (reasonCode ? reasonCodeXml(reasonCode) : '') +
    '<settings>' +
    element('wrapUpOnIncoming', settings?.wrapUpOnIncoming ?? '') +
    element('wrapUpOnOutgoing', settings?.wrapUpOnOutgoing ?? '') +
    element('deviceSelection', 'disabled') +
    '</settings>' +
    element('extension', status.extension ?? '') +
    element('firstName', account.firstName) +
    element('lastName', account.lastName) +
    element('teamId', team?.id ?? '') +
    element('teamName', team?.name ?? '') +
    element('mediaType', 1) +
    element('dialogs', userDialogsUri(account.loginId));
  if (hasRole(account, 'Supervisor')) {
    xml += '<teams>';
    for (const t of supervisedTeams) xml += `<Team>${element('uri', teamUri(t.id))}${element('id', t.id)}${element('name', t.name)}</Team>`;
    xml += '</teams>';
  }
  return `${xml}</${root}>`;
}

/** The summary User that Team lists and Team/Users notifications carry. */
export function userSummaryXml(user: UserSnapshot, root: 'User' | 'user' = 'User'): string {
  const { account, status, reasonCode } = user;
  return (
    `<${root}>` +
    element('uri', userUri(account.loginId)) +
    element('loginId', account.loginId) +
    element('firstName', account.firstName) +
    element('lastName', account.lastName) +
    element('dialogs', userDialogsUri(account.loginId)) +
    element('extension', status.extension ?? '') +
    element('pendingState', status.pendingState ?? '') +
    element('state', status.state) +
    element('stateChangeTime', finesseTime(status.stateChangeTime)) +
    element('reasonCodeId', status.reasonCodeId ?? '-1') +
    (reasonCode ? reasonCodeXml(reasonCode) : '') +
    `</${root}>`
  );
}
