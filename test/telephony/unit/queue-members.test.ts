import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QueueCatalogue } from '../../../src/application/queue-catalogue.js';
import type { AgentStatus, UserAccount } from '../../../src/domain/model.js';
import { SIGNED_OUT } from '../../../src/domain/model.js';
import { QueueMembers } from '../../../src/telephony/queue-members.js';
import { QUEUES, USERS } from './support/engine.js';

const [sales, claims, vip] = QUEUES as [(typeof QUEUES)[0], (typeof QUEUES)[0], (typeof QUEUES)[0]];
const users = new Map(USERS.map((u) => [u.loginId, u]));
const account = (loginId: string): UserAccount => users.get(loginId)!;
const ready = (at: number): AgentStatus => ({ ...SIGNED_OUT, state: 'READY', extension: '1', stateChangeTime: at });
const notReady = (at: number): AgentStatus => ({ ...SIGNED_OUT, state: 'NOT_READY', extension: '1', stateChangeTime: at });

function membersOfAll(): QueueMembers {
  const members = new QueueMembers(new QueueCatalogue(QUEUES));
  for (const u of USERS) members.statusChanged(u, SIGNED_OUT);
  return members;
}

test('members: agents of the queue teams and the agents named; administrators never', () => {
  const members = membersOfAll();
  assert.deepEqual(members.membersOf(sales), ['agentA', 'agentB', 'agentD', 'supervisorA']);
  assert.deepEqual(members.membersOf(claims), ['agentW', 'agentV']);
  assert.deepEqual(members.membersOf(vip), ['agentB', 'agentW']);
});

test('READY members in longest-available order: earliest READY first, ties in directory order', () => {
  const members = membersOfAll();
  members.statusChanged(account('agentD'), ready(300));
  members.statusChanged(account('agentB'), ready(100));
  members.statusChanged(account('supervisorA'), ready(200));
  members.statusChanged(account('agentA'), ready(200));
  assert.deepEqual(members.readyIn(sales), ['agentB', 'agentA', 'supervisorA', 'agentD']);
  assert.deepEqual(members.readyIn(vip), ['agentB']);
});

test('an agent leaves the READY order when he leaves READY, and comes back at the end when READY again', () => {
  const members = membersOfAll();
  members.statusChanged(account('agentA'), ready(100));
  members.statusChanged(account('agentB'), ready(200));
  members.statusChanged(account('agentA'), notReady(300));
  assert.deepEqual(members.readyIn(sales), ['agentB']);
  members.statusChanged(account('agentA'), ready(400));
  assert.deepEqual(members.readyIn(sales), ['agentB', 'agentA']);
  members.statusChanged(account('agentB'), { ...ready(200), pendingState: 'NOT_READY' });
  assert.deepEqual(members.readyIn(sales), ['agentB', 'agentA'], 'a change that keeps him READY since the same time keeps his place');
});

test('longest available skips members who are not free', () => {
  const members = membersOfAll();
  members.statusChanged(account('agentA'), ready(100));
  members.statusChanged(account('agentB'), ready(200));
  assert.equal(
    members.longestAvailable(sales, (id) => id !== 'agentA'),
    'agentB',
  );
  assert.equal(
    members.longestAvailable(sales, () => false),
    undefined,
  );
  assert.equal(
    members.longestAvailable(claims, () => true),
    undefined,
  );
});

test('a user seen for the first time joins his queues after everyone known', () => {
  const members = membersOfAll();
  const newcomer: UserAccount = { ...account('agentA'), loginId: 'agentZ', loginName: 'agentZ' };
  members.statusChanged(newcomer, ready(100));
  members.statusChanged(account('agentA'), ready(100));
  assert.deepEqual(members.membersOf(sales).at(-1), 'agentZ');
  assert.deepEqual(members.readyIn(sales), ['agentA', 'agentZ'], 'ties go to the user known first');
});
