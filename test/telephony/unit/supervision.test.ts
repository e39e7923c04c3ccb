import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Engine } from './support/engine.js';

/** agentA talks to a customer (D1); supervisorA of his team is NOT_READY. */
function talking(): { e: Engine; id: string } {
  const e = new Engine();
  e.signIn('agentA');
  e.signIn('supervisorA', false);
  const id = e.call('5000');
  e.act('agentA', id, 'ANSWER');
  e.take();
  return { e, id };
}

describe('supervision', () => {
  test('silent monitor: a monitor call with the supervisor ACTIVE and the agent passive; the agent sees nothing new', () => {
    const { e, id } = talking();
    e.create('supervisorA', 'SILENT_MONITOR', '1001', {}, 'm');
    assert.deepEqual(e.take(), [
      'POST supervisorA D2 ACTIVE 1003:ACTIVE(BARGE_CALL,DROP) 1001:ACTIVE [m]',
      'POST agentA D2 ACTIVE 1003:ACTIVE(BARGE_CALL,DROP) 1001:ACTIVE [m]',
      'user supervisorA TALKING [m]',
    ]);
    const monitor = e.sim.findDialog(e.id('D2'))!;
    assert.deepEqual([monitor.mediaProperties.callType, monitor.associatedDialogId], ['SUPERVISOR_MONITOR', id]);
    assert.equal(e.sim.activeCalls().length, 1, 'monitor calls are not calls of the outside world');
  });

  test('the monitor ends with the monitored call', () => {
    const { e, id } = talking();
    e.create('supervisorA', 'SILENT_MONITOR', '1001');
    e.take();
    e.sim.hangupExternal(id);
    const log = e.take();
    assert.ok(log.includes('DELETE supervisorA D2 DROPPED 1003:DROPPED 1001:DROPPED'), log.join('\n'));
    assert.equal(e.state('supervisorA'), 'NOT_READY');
    e.setState('agentA', 'READY');
    assert.deepEqual(
      e.store.records.map((r) => r.id),
      [id],
      'a monitor call is not written to the history',
    );
  });

  test('barge from the monitor: the monitor goes without an update, the supervisor joins the call', () => {
    const { e, id } = talking();
    e.create('supervisorA', 'SILENT_MONITOR', '1001');
    e.take();
    e.create('supervisorA', 'BARGE_CALL', '1001', { associatedDialogId: e.id('D2') }, 'b');
    const log = e.take();
    assert.equal(log[0], 'DELETE supervisorA D2 DROPPED 1003:DROPPED 1001:DROPPED [b]');
    assert.deepEqual(
      e.sim.callView(id)!.participants.map((p) => `${p.mediaAddress}:${p.state}`),
      ['4085550100:ACTIVE', '1001:ACTIVE', '1003:ACTIVE'],
    );
    e.act('agentA', id, 'PARTICIPANT_DROP', { targetMediaAddress: '1003' }, 'pd');
    assert.equal(e.state('supervisorA'), 'NOT_READY');
  });

  test('refused: not a supervisor, not of this team, agent not talking, supervisor busy, wrong monitor dialog', () => {
    const { e } = talking();
    assert.throws(() => e.create('agentA', 'SILENT_MONITOR', '1003'), { kind: 'AuthorizationFailure' });
    e.signIn('agentW', false);
    assert.throws(() => e.create('supervisorA', 'SILENT_MONITOR', '2001'), { kind: 'InvalidSupervisor' });
    e.signIn('agentB', false);
    assert.throws(() => e.create('supervisorA', 'SILENT_MONITOR', '1002'), { kind: 'InvalidState', message: 'The agent is not talking' });
    assert.throws(() => e.create('supervisorA', 'SILENT_MONITOR', '1999'), { kind: 'InvalidDestination' });
    assert.throws(() => e.create('supervisorA', 'BARGE_CALL', '1001', { associatedDialogId: '42' }), { kind: 'InvalidInput' });
    e.setState('supervisorA', 'READY');
    assert.throws(() => e.create('supervisorA', 'SILENT_MONITOR', '1001'), { kind: 'InvalidState' });
    assert.deepEqual(
      e.take().filter((l) => !l.startsWith('user')),
      [],
    );
  });
});
