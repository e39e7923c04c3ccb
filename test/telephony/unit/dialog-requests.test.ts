import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Engine } from './support/engine.js';

const refusal = (fn: () => void): string => {
  try {
    fn();
  } catch (error) {
    const e = error as { kind: string; data: string };
    return `${e.kind} ${e.data}`;
  }
  return 'accepted';
};

describe('POST /User/{id}/Dialogs checks, in order', () => {
  test('agent role, signed in, fromAddress present and his own, toAddress present and another', () => {
    const e = new Engine();
    assert.equal(
      refusal(() => e.create('admin', 'MAKE_CALL', '1002', { fromAddress: '' })),
      'AuthorizationFailure admin',
    );
    assert.equal(
      refusal(() => e.create('agentA', 'MAKE_CALL', '1002', { fromAddress: '' })),
      'InvalidState LOGOUT',
    );
    e.signIn('agentA', false);
    assert.equal(
      refusal(() => e.create('agentA', 'MAKE_CALL', '', { fromAddress: '' })),
      'ParameterMissing fromAddress',
    );
    assert.equal(
      refusal(() => e.create('agentA', 'MAKE_CALL', '', { fromAddress: '1009' })),
      'InvalidInput 1009',
    );
    assert.equal(
      refusal(() => e.create('agentA', 'MAKE_CALL', '')),
      'ParameterMissing toAddress',
    );
    assert.equal(
      refusal(() => e.create('agentA', 'MAKE_CALL', '1001')),
      'InvalidDestination 1001',
    );
    assert.equal(
      refusal(() => e.create('agentA', 'MAKE_CALL', '1002', { callVariables: [{ name: 'nope', value: '' }] })),
      'InvalidInput nope',
    );
    assert.equal(
      refusal(() => e.create('agentA', 'MAKE_CALL', '4085551234')),
      'accepted',
    );
    assert.equal(
      refusal(() => e.create('agentA', 'MAKE_CALL', '4085551235')),
      'InvalidState TALKING',
      'one call at a time',
    );
  });
});

describe('PUT /Dialog/{id} checks, in order', () => {
  function ringing(): { e: Engine; id: string } {
    const e = new Engine();
    e.signIn('agentA');
    e.signIn('agentB', false);
    return { e, id: e.call('5000') };
  }

  test('the dialog exists, the requester is on it, targetMediaAddress is his own extension, the action is offered to him', () => {
    const { e, id } = ringing();
    assert.equal(
      refusal(() => e.act('agentA', '42', 'ANSWER')),
      'NotFound 42',
    );
    assert.equal(
      refusal(() => e.act('agentB', id, 'ANSWER')),
      'AuthorizationFailure agentB',
    );
    assert.equal(
      refusal(() => e.act('agentA', id, 'ANSWER', { targetMediaAddress: '' })),
      'ParameterMissing targetMediaAddress',
    );
    assert.equal(
      refusal(() => e.act('agentA', id, 'ANSWER', { targetMediaAddress: '1002' })),
      'InvalidInput 1002',
    );
    assert.equal(
      refusal(() => e.act('agentA', id, 'HOLD')),
      'InvalidState HOLD',
    );
    assert.equal(
      refusal(() => e.act('agentA', id, 'NO_SUCH_ACTION', { targetMediaAddress: '' })),
      'ParameterMissing targetMediaAddress',
      'unknown actions follow the own-extension rule first',
    );
    assert.equal(
      refusal(() => e.act('agentA', id, 'toString')),
      'InvalidState toString',
    );
    assert.equal(
      refusal(() => e.act('agentA', id, 'ANSWER')),
      'accepted',
    );
  });

  test('UPDATE_CALL_DATA needs no target; PARTICIPANT_DROP needs one that is on the call', () => {
    const { e, id } = ringing();
    e.act('agentA', id, 'ANSWER');
    assert.equal(
      refusal(() => e.act('agentA', id, 'UPDATE_CALL_DATA', { targetMediaAddress: undefined, wrapUpReason: 'x'.repeat(40) })),
      'InvalidInput wrapUpReason',
    );
    assert.equal(
      refusal(() => e.act('agentA', id, 'UPDATE_CALL_DATA', { targetMediaAddress: undefined, wrapUpReason: 'Sale' })),
      'accepted',
    );
    assert.equal(
      refusal(() => e.act('agentA', id, 'PARTICIPANT_DROP', { targetMediaAddress: '' })),
      'ParameterMissing targetMediaAddress',
    );
    assert.equal(
      refusal(() => e.act('agentA', id, 'PARTICIPANT_DROP', { targetMediaAddress: '4085550100' })),
      'InvalidState PARTICIPANT_DROP',
      'only with three parties',
    );
  });

  test('SEND_DTMF: digits present and valid; nothing is published', () => {
    const { e, id } = ringing();
    e.act('agentA', id, 'ANSWER');
    e.take();
    assert.equal(
      refusal(() => e.act('agentA', id, 'SEND_DTMF')),
      'ParameterMissing dtmfString',
    );
    assert.equal(
      refusal(() => e.act('agentA', id, 'SEND_DTMF', { dtmfString: '12x' })),
      'InvalidInput 12x',
    );
    assert.equal(
      refusal(() => e.act('agentA', id, 'SEND_DTMF', { dtmfString: '12#*' })),
      'accepted',
    );
    assert.deepEqual(e.take(), []);
  });

  test('BARGE_CALL on a dialog is refused: it is requested with POST', () => {
    const e = new Engine();
    e.signIn('agentA');
    e.signIn('supervisorA', false);
    e.act('agentA', e.call('5000'), 'ANSWER');
    e.create('supervisorA', 'SILENT_MONITOR', '1001');
    const monitor = e.sim.dialogsOf('supervisorA')[0]!.id;
    assert.equal(
      refusal(() => e.act('supervisorA', monitor, 'BARGE_CALL')),
      'InvalidInput BARGE_CALL',
    );
  });
});
