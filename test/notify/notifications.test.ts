import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DomainEvent, UserSnapshot } from '../../src/domain/events.js';
import type { ReasonCode, Team } from '../../src/domain/model.js';
import { notificationPayload } from '../../src/notify/finesse-pubsub.js';
import { NotificationRenderer, publicationsFor } from '../../src/notify/notifier.js';

const team = (id: string, name: string): Team => ({
  id,
  name,
  settings: { wrapUpOnIncoming: 'OPTIONAL', wrapUpOnOutgoing: 'NOT_ALLOWED', wrapUpTimerSeconds: 30 },
});
const reason: ReasonCode = { id: '7', category: 'NOT_READY', code: 12, label: 'Lunch & "coffee" <break>', forAll: true, systemCode: false, teamIds: [] };

function user(overrides: Partial<UserSnapshot> = {}, loginId = 'agent1'): UserSnapshot {
  return {
    account: { loginId, loginName: loginId, firstName: 'Ann', lastName: "O'Brien", roles: ['Agent'], teamId: '1', supervisedTeamIds: [] },
    status: { state: 'READY', stateChangeTime: 1_700_000_000_123, pendingState: null, reasonCodeId: null, extension: '1001' } as UserSnapshot['status'],
    reasonCode: null,
    team: team('1', 'Sales'),
    supervisedTeams: [],
    ...overrides,
  };
}

const supervisor = user(
  {
    account: {
      loginId: 'sup&1',
      loginName: 'sup<1>',
      firstName: 'Émile',
      lastName: 'Zola & Co',
      roles: ['Agent', 'Supervisor'],
      teamId: '1',
      supervisedTeamIds: ['1', '2'],
    },
    team: team('1', 'Sales <EU> & "Partners"'),
    supervisedTeams: [team('1', 'Sales <EU> & "Partners"'), team('2', 'Ops & Support')],
  },
  'sup&1',
);
const notReady = user({
  status: { state: 'NOT_READY', stateChangeTime: 1_700_000_001_000, pendingState: 'LOGOUT', reasonCodeId: '7', extension: '1001' } as UserSnapshot['status'],
  reasonCode: reason,
});
const signedOut = user({
  status: { state: 'LOGOUT', stateChangeTime: null, pendingState: null, reasonCodeId: null, extension: null } as UserSnapshot['status'],
  team: null,
});

const events: DomainEvent[] = [user(), supervisor, notReady, signedOut].flatMap((u) => [
  { type: 'UserChanged', requestId: 'req <1> & "x"', at: 1, user: u },
  { type: 'TeamMemberChanged', requestId: '', at: 1, teamId: u.team?.id ?? 'none', user: u },
]);

const expected = (event: DomainEvent) => publicationsFor(event).map(({ node, update }) => ({ node, payload: notificationPayload(update) }));

test('the notifications written directly in escaped form are byte for byte the escaped Update documents', () => {
  const renderer = new NotificationRenderer();
  const notificationsFor = (event: DomainEvent) => renderer.notificationsFor(event);
  // Twice: the second time from the templates the first one made.
  for (const event of [...events, ...events]) {
    const plain = publicationsFor(event);
    const direct = notificationsFor(event);
    assert.equal(direct.length, 1);
    assert.deepEqual(direct, expected(event));
    assert.equal(plain.length, 1);
  }
});

test('a renamed team, a replaced account or other supervised teams are written anew, not from the old template', () => {
  const renderer = new NotificationRenderer();
  const changed = (u: UserSnapshot): DomainEvent => ({ type: 'UserChanged', requestId: 'r', at: 1, user: u });
  const member = (u: UserSnapshot): DomainEvent => ({ type: 'TeamMemberChanged', requestId: 'r', at: 1, teamId: '1', user: u });
  const before = supervisor;
  for (const event of [changed(before), member(before)]) renderer.notificationsFor(event);
  const renamedTeam = { ...before, team: team('1', 'Renamed'), supervisedTeams: [team('1', 'Renamed'), before.supervisedTeams[1]!] };
  const renamedUser = { ...before, account: { ...before.account, firstName: 'Zoé', lastName: 'New' } };
  const fewerTeams = { ...before, supervisedTeams: [before.supervisedTeams[0]!] };
  const readyAgain = { ...before, status: { ...before.status, state: 'NOT_READY' as const, stateChangeTime: 1_800_000_000_000 } };
  for (const user of [renamedTeam, renamedUser, fewerTeams, readyAgain, before]) {
    for (const event of [changed(user), member(user)]) assert.deepEqual(renderer.notificationsFor(event), expected(event));
  }
  assert.match(renderer.notificationsFor(changed(renamedTeam))[0]!.payload, /&lt;teamName&gt;Renamed&lt;/);
  assert.match(renderer.notificationsFor(member(renamedUser))[0]!.payload, /&lt;firstName&gt;Zoé&lt;/);
});

test('the escaped form escapes markup once and the values twice', () => {
  const { payload } = new NotificationRenderer().notificationsFor(events[2]!)[0]!; // the supervisor's UserChanged
  assert.ok(payload.startsWith("<notification xmlns='http://jabber.org/protocol/pubsub'>&lt;Update&gt;&lt;data&gt;&lt;user&gt;"));
  assert.match(payload, /&lt;lastName&gt;Zola &amp;amp; Co&lt;\/lastName&gt;/);
  assert.match(payload, /&lt;requestId&gt;req &amp;lt;1&amp;gt; &amp;amp; "x"&lt;\/requestId&gt;/);
});
