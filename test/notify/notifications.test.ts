import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DomainEvent, UserSnapshot } from '../../src/domain/events.js';
import type { ReasonCode, Team } from '../../src/domain/model.js';
import { notificationPayload } from '../../src/notify/finesse-pubsub.js';
import { notificationsFor, publicationsFor } from '../../src/notify/notifier.js';

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

test('the notifications written directly in escaped form are byte for byte the escaped Update documents', () => {
  for (const event of events) {
    const plain = publicationsFor(event);
    const direct = notificationsFor(event);
    assert.equal(direct.length, 1);
    assert.deepEqual(
      direct,
      plain.map(({ node, update }) => ({ node, payload: notificationPayload(update) })),
    );
  }
});

test('the escaped form escapes markup once and the values twice', () => {
  const { payload } = notificationsFor(events[2]!)[0]!; // the supervisor's UserChanged
  assert.ok(payload.startsWith("<notification xmlns='http://jabber.org/protocol/pubsub'>&lt;Update&gt;&lt;data&gt;&lt;user&gt;"));
  assert.match(payload, /&lt;lastName&gt;Zola &amp;amp; Co&lt;\/lastName&gt;/);
  assert.match(payload, /&lt;requestId&gt;req &amp;lt;1&amp;gt; &amp;amp; "x"&lt;\/requestId&gt;/);
});
