import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultPolicy, isMasterOwnedTopic, MASTER_OWNED_PATTERNS } from '../../../src/desktop/src/gadgets/hub/policy.js';
import { isValidPattern } from '../../../src/desktop/src/gadgets/hub/topics.js';

// Gadget reference §7.3: gadgets may not publish on master-owned topics.

const owned = [
  'finesse.api.User.1001',
  'finesse.api.User.1001.Dialogs',
  'finesse.api.Team.5.Users',
  'finesse.info.connection',
  'finesse.info.presence',
  'finesse.info.responses.abc-123',
  'finesse.containerservices.activeTab',
  'finesse.containerservices.workflowActionEvent',
  'finesse.containerservices.timerTickEvent',
  'finesse.containerservices.reloadGadget',
  'finesse.containerservices.gadgetViewChangedEvent',
  'finesse.containerservices.maxAvailableHeightChangedEvent',
];
const open = [
  'finesse.info.requests',
  'finesse.containerservices.requests',
  'finesse.clientLogging.My Gadget',
  'acme.screenpop',
  'finesse.info',
  'finesse.api',
  'finesse.info.responses',
  'finesse.containerservices.activeTab.extra',
];

test('hub policy: the master-owned patterns are valid patterns', () => {
  for (const pattern of MASTER_OWNED_PATTERNS) assert.equal(isValidPattern(pattern), true, pattern);
});

test('hub policy: master-owned topics are recognised, request/logging/custom topics are not', () => {
  for (const topic of owned) assert.equal(isMasterOwnedTopic(topic), true, topic);
  for (const topic of open) assert.equal(isMasterOwnedTopic(topic), false, topic);
});

test('hub policy: the default refuses gadget publishes on master topics, allows every subscription', () => {
  const policy = defaultPolicy();
  for (const topic of owned) assert.equal(policy.canPublish('g1', topic), false, topic);
  for (const topic of open) assert.equal(policy.canPublish('g1', topic), true, topic);
  assert.equal(policy.canSubscribe('g1', 'finesse.api.**'), true);
  assert.equal(policy.canSubscribe('g1', '**'), true);
});

test('hub policy: the admin switch turns the protection off (Finesse behaviour)', () => {
  const policy = defaultPolicy({ protectMasterTopics: false });
  for (const topic of owned) assert.equal(policy.canPublish('g1', topic), true, topic);
});
