import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Engine } from './support/engine.js';

/** A customer talking to agentA on the Sales queue (D1); agentB signed in NOT_READY. */
function customerWithAgentA(): { e: Engine; id: string } {
  const e = new Engine();
  e.signIn('agentA');
  e.signIn('agentB', false);
  const id = e.call('5000');
  e.act('agentA', id, 'ANSWER');
  e.take();
  return { e, id };
}

/** agentA consults agentB, who answers; returns the consult's id. */
function consulted(e: Engine, id: string): string {
  e.act('agentA', id, 'CONSULT_CALL', { toAddress: '1002' }, 'c');
  assert.deepEqual(e.take(), [
    'PUT agentA D1 ACTIVE 4085550100:ACTIVE 1001:HELD(RETRIEVE,DROP,UPDATE_CALL_DATA) [c]',
    'POST agentA D2 INITIATING 1001:INITIATING(DROP,UPDATE_CALL_DATA) [c]',
    'PUT agentA D2 INITIATED 1001:INITIATED(DROP,UPDATE_CALL_DATA) [c]',
    'PUT agentA D2 ALERTING 1001:INITIATED(DROP,UPDATE_CALL_DATA) 1002:ALERTING(ANSWER) [c]',
    'POST agentB D2 ALERTING 1001:INITIATED(DROP,UPDATE_CALL_DATA) 1002:ALERTING(ANSWER) [c]',
  ]);
  assert.equal(e.state('agentA'), 'TALKING', 'dialing the consult counts as talking: no HOLD');
  const consult = e.id('D2');
  e.act('agentB', consult, 'ANSWER', {}, 'b');
  assert.deepEqual(e.take(), [
    'PUT agentA D2 ACTIVE 1001:ACTIVE(consulting) 1002:ACTIVE(talk) [b]',
    'PUT agentB D2 ACTIVE 1001:ACTIVE(consulting) 1002:ACTIVE(talk) [b]',
    'PUT agentA D1 ACTIVE 4085550100:ACTIVE 1001:HELD(RETRIEVE,DROP,UPDATE_CALL_DATA,TRANSFER,CONFERENCE) [b]',
    'user agentB TALKING [b]',
  ]);
  return consult;
}

describe('consult, transfer, conference', () => {
  test('the consult is associated with the held call and shares its call variables', () => {
    const { e, id } = customerWithAgentA();
    const consult = consulted(e, id);
    const d = e.sim.findDialog(consult)!;
    assert.deepEqual([d.associatedDialogId, d.mediaProperties.callType], [id, 'CONSULT']);
  });

  test('transfer: the consult goes for everyone, agentB joins the call, agentA wraps it up', () => {
    const { e, id } = customerWithAgentA();
    consulted(e, id);
    e.act('agentA', id, 'TRANSFER', {}, 't');
    const transferred = 'D1 ACTIVE 4085550100:ACTIVE 1001:WRAP_UP(UPDATE_CALL_DATA) 1002:ACTIVE(talk)';
    assert.deepEqual(e.take(), [
      'DELETE agentA D2 DROPPED 1001:DROPPED 1002:DROPPED [t]',
      'DELETE agentB D2 DROPPED 1001:DROPPED 1002:DROPPED [t]',
      `PUT agentA ${transferred} [t]`,
      `POST agentB ${transferred} [t]`,
      'user agentA WORK_READY [t]',
    ]);
    const d = e.sim.findDialog(id)!;
    assert.deepEqual([d.mediaProperties.callType, d.secondaryId], ['TRANSFER', e.id('D2')]);
    assert.equal(e.store.records.at(-1)!.outcome, 'transferred');
  });

  test('conference: everyone on one call, with PARTICIPANT_DROP for the agents', () => {
    const { e, id } = customerWithAgentA();
    consulted(e, id);
    e.act('agentA', id, 'CONFERENCE', {}, 'conf');
    const talk = 'HOLD,DROP,UPDATE_CALL_DATA,CONSULT_CALL,TRANSFER_SST,SEND_DTMF,PARTICIPANT_DROP';
    const conference = `D1 ACTIVE 4085550100:ACTIVE 1001:ACTIVE(${talk}) 1002:ACTIVE(${talk})`;
    assert.deepEqual(e.take(), [
      'DELETE agentA D2 DROPPED 1001:DROPPED 1002:DROPPED [conf]',
      'DELETE agentB D2 DROPPED 1001:DROPPED 1002:DROPPED [conf]',
      `PUT agentA ${conference} [conf]`,
      `POST agentB ${conference} [conf]`,
    ]);
    assert.equal(e.state('agentA'), 'TALKING');
    e.act('agentA', id, 'PARTICIPANT_DROP', { targetMediaAddress: '1002' }, 'pd');
    assert.equal(e.state('agentB'), 'WORK', 'once merged, agentB takes part in the incoming call: its wrap-up applies to him');
    assert.deepEqual(
      e.sim.callView(id)!.participants.map((p) => `${p.mediaAddress}:${p.state}`),
      ['4085550100:ACTIVE', '1001:ACTIVE', '1002:WRAP_UP'],
    );
  });

  test('transfer without a connected consult is refused at once', () => {
    const { e, id } = customerWithAgentA();
    e.act('agentA', id, 'CONSULT_CALL', { toAddress: '1002' });
    e.take();
    assert.throws(() => e.act('agentA', id, 'TRANSFER'), { kind: 'InvalidState' });
    assert.throws(() => e.act('agentA', id, 'CONSULT_CALL', { toAddress: '1001' }), { kind: 'InvalidState' }, 'a held participant cannot consult');
  });

  test('consult to the own extension or to nothing is refused before anything changes', () => {
    const { e, id } = customerWithAgentA();
    assert.throws(() => e.act('agentA', id, 'CONSULT_CALL', { toAddress: '1001' }), { kind: 'InvalidDestination' });
    assert.throws(() => e.act('agentA', id, 'CONSULT_CALL', { toAddress: '' }), { kind: 'ParameterMissing' });
    assert.deepEqual(e.take(), []);
  });
});

describe('single-step transfer', () => {
  test('to a free agent: he is offered the call, agentA wraps up', () => {
    const { e, id } = customerWithAgentA();
    e.act('agentA', id, 'TRANSFER_SST', { toAddress: '1002' }, 'sst');
    assert.deepEqual(e.take(), [
      'PUT agentA D1 ALERTING 4085550100:ACTIVE 1001:WRAP_UP(UPDATE_CALL_DATA) 1002:ALERTING(ANSWER) [sst]',
      'POST agentB D1 ALERTING 4085550100:ACTIVE 1001:WRAP_UP(UPDATE_CALL_DATA) 1002:ALERTING(ANSWER) [sst]',
      'user agentA WORK_READY [sst]',
    ]);
    assert.equal(e.sim.findDialog(id)!.mediaProperties.callType, 'TRANSFER');
  });

  test('to a queue: the call waits there and rings its next free member', () => {
    const { e, id } = customerWithAgentA();
    e.act('agentA', id, 'TRANSFER_SST', { toAddress: '7000' }, 'sst');
    assert.equal(e.sim.callView(id)!.state, 'QUEUED');
    e.setState('agentB', 'READY');
    assert.equal(e.sim.callView(id)!.participants.find((p) => p.loginId === 'agentB')?.state, 'ALERTING');
  });

  test('to a busy number or a busy agent: an asynchronous failure, the call stays with the agent', () => {
    const { e, id } = customerWithAgentA();
    e.act('agentA', id, 'TRANSFER_SST', { toAddress: '5550100' }, 'busy');
    e.act('agentA', id, 'TRANSFER_SST', { toAddress: '5550199' }, 'invalid');
    e.signIn('agentD');
    e.act('agentD', e.call('1004', '4085550111'), 'ANSWER');
    e.take();
    e.act('agentA', id, 'TRANSFER_SST', { toAddress: '1004' }, 'agent');
    assert.deepEqual(e.take(), ['failed agentA D1 Device Busy [agent]']);
    assert.equal(e.state('agentA'), 'TALKING');
  });
});
