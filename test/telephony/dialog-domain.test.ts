import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DomainError } from '../../src/domain/errors.js';
import { emptyCallVariables, validateCallVariables } from '../../src/domain/call-variables.js';
import { addParticipant, deriveDialogState, newDialog, setParticipantState } from '../../src/domain/dialog.js';
import { participantActions, snapshotDialog } from '../../src/domain/dialog-actions.js';
import { queueStatistics } from '../../src/domain/queue.js';
import { SIGNED_OUT } from '../../src/domain/model.js';
import type { AgentStatus } from '../../src/domain/model.js';
import { resolveDestination, DEFAULT_NUMBER_PLAN } from '../../src/telephony/number-plan.js';

const dialog = () => newDialog({ id: '1', fromAddress: '4085550100', toAddress: '5000', callType: 'ACD_IN' });

test('participant actions follow reference §7.3', () => {
  const d = dialog();
  const caller = addParticipant(d, { mediaAddress: '4085550100', loginId: null, state: 'INITIATED' }, 0);
  const agent = addParticipant(d, { mediaAddress: '1001', loginId: 'a', state: 'ALERTING' }, 0);
  assert.deepEqual(participantActions(d, caller), ['DROP', 'UPDATE_CALL_DATA']);
  assert.deepEqual(participantActions(d, agent), ['ANSWER']);
  setParticipantState(d, agent, 'ACTIVE', 1);
  assert.deepEqual(participantActions(d, agent), ['HOLD', 'DROP', 'UPDATE_CALL_DATA', 'CONSULT_CALL', 'TRANSFER_SST', 'SEND_DTMF']);
  setParticipantState(d, agent, 'HELD', 2);
  assert.deepEqual(participantActions(d, agent), ['RETRIEVE', 'DROP', 'UPDATE_CALL_DATA']);
  assert.deepEqual(participantActions(d, agent, { hasOtherActiveCall: true, hasOtherHeldCall: false }), [
    'RETRIEVE',
    'DROP',
    'UPDATE_CALL_DATA',
    'TRANSFER',
    'CONFERENCE',
  ]);
  setParticipantState(d, agent, 'FAILED', 3, 'BUSY');
  assert.deepEqual(participantActions(d, agent), ['DROP']);
  setParticipantState(d, agent, 'WRAP_UP', 4);
  assert.deepEqual(participantActions(d, agent), ['UPDATE_CALL_DATA']);
  setParticipantState(d, agent, 'DROPPED', 5);
  assert.deepEqual(participantActions(d, agent), []);
  const passive = addParticipant(d, { mediaAddress: '1002', loginId: 'b', state: 'ACTIVE', passive: true }, 6);
  assert.deepEqual(participantActions(d, passive), []);
});

test('dialog state follows its participants; snapshots are frozen copies', () => {
  const d = dialog();
  const caller = addParticipant(d, { mediaAddress: '4085550100', loginId: null, state: 'INITIATED' }, 0);
  assert.equal(d.state, 'INITIATED');
  const agent = addParticipant(d, { mediaAddress: '1001', loginId: 'a', state: 'ALERTING' }, 0);
  assert.equal(d.state, 'ALERTING');
  setParticipantState(d, agent, 'ACTIVE', 1);
  setParticipantState(d, caller, 'ACTIVE', 1);
  assert.equal(d.state, 'ACTIVE');
  const snapshot = snapshotDialog(d, () => ({ hasOtherActiveCall: false, hasOtherHeldCall: false }));
  setParticipantState(d, caller, 'DROPPED', 2);
  assert.equal(d.state, 'DROPPED');
  assert.equal(snapshot.state, 'ACTIVE');
  assert.equal(snapshot.participants[0]!.state, 'ACTIVE');
  assert.equal(deriveDialogState([]), 'DROPPED');
});

test('call variables: 1..10 always present, names and lengths checked', () => {
  assert.deepEqual(
    [...emptyCallVariables().keys()],
    Array.from({ length: 10 }, (_, i) => `callVariable${i + 1}`),
  );
  validateCallVariables([
    { name: 'callVariable10', value: 'x'.repeat(40) },
    { name: 'user.account', value: '1' },
  ]);
  assert.throws(
    () => validateCallVariables([{ name: 'callVariable11', value: '' }]),
    (e: DomainError) => e.kind === 'InvalidInput',
  );
  assert.throws(
    () => validateCallVariables([{ name: 'callVariable1', value: 'x'.repeat(41) }]),
    (e: DomainError) => e.kind === 'InvalidInput',
  );
});

test('queue statistics count members by state and talking direction', () => {
  const s = (state: AgentStatus['state']): AgentStatus => ({ ...SIGNED_OUT, state });
  const stats = queueStatistics(
    [
      { status: s('READY'), talking: null },
      { status: s('NOT_READY'), talking: null },
      { status: s('TALKING'), talking: 'inbound' },
      { status: s('HOLD'), talking: 'outbound' },
      { status: s('TALKING'), talking: 'internal' },
      { status: s('WORK'), talking: null },
      { status: s('WORK_READY'), talking: null },
      { status: s('RESERVED'), talking: null },
      { status: s('LOGOUT'), talking: null },
    ],
    [3000, 1000, 2000],
  );
  assert.deepEqual(stats, {
    callsInQueue: 3,
    startTimeOfLongestCallInQueue: 1000,
    agentsReady: 1,
    agentsNotReady: 1,
    agentsBusyOther: 1,
    agentsLoggedOn: 8,
    agentsTalkingInbound: 1,
    agentsTalkingOutbound: 1,
    agentsTalkingInternal: 1,
    agentsWrapUpNotReady: 1,
    agentsWrapUpReady: 1,
  });
});

test('number plan: agents, dialed numbers, documented external numbers', () => {
  const resolve = (n: string) =>
    resolveDestination(
      n,
      DEFAULT_NUMBER_PLAN,
      (e) => (e === '1001' ? 'agentA' : undefined),
      (d) => (d === '5000' ? '1' : undefined),
    );
  assert.deepEqual(resolve('1001'), { kind: 'agent', loginId: 'agentA' });
  assert.deepEqual(resolve('5000'), { kind: 'queue', queueId: '1' });
  assert.deepEqual(resolve('5550100'), { kind: 'external', behaviour: 'busy' });
  assert.deepEqual(resolve('5550199'), { kind: 'external', behaviour: 'invalid' });
  assert.deepEqual(resolve('5550123'), { kind: 'external', behaviour: 'noAnswer' });
  assert.deepEqual(resolve('abc'), { kind: 'external', behaviour: 'invalid' });
  assert.deepEqual(resolve('+14085551234'), { kind: 'external', behaviour: 'answer' });
});
