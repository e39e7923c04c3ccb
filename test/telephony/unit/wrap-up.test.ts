import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SIGNED_OUT } from '../../../src/domain/model.js';
import { Engine } from './support/engine.js';

/** agentW (team Claims: REQUIRED_WITH_WRAP_UP_DATA on incoming calls) answers a Claims call; the caller hangs up. */
function wrappingUp(): { e: Engine; id: string } {
  const e = new Engine();
  e.signIn('agentW');
  const id = e.call('6000');
  e.act('agentW', id, 'ANSWER');
  e.sim.hangupExternal(id);
  e.take();
  return { e, id };
}

describe('wrap-up', () => {
  test('OPTIONAL on incoming: the agent keeps the call in WRAP_UP and goes WORK_READY; READY ends it and its dialog', () => {
    const e = new Engine();
    e.signIn('agentA');
    const id = e.call('5000');
    e.act('agentA', id, 'ANSWER');
    e.take();
    e.act('agentA', id, 'DROP', {}, 'd');
    assert.deepEqual(e.take(), [
      'PUT agentA D1 DROPPED 4085550100:ACTIVE 1001:WRAP_UP(UPDATE_CALL_DATA) [d]',
      'PUT agentA D1 DROPPED 4085550100:DROPPED 1001:WRAP_UP(UPDATE_CALL_DATA) [d]',
      'user agentA WORK_READY [d]',
    ]);
    e.setState('agentA', 'READY', 'r');
    assert.deepEqual(e.take(), ['user agentA READY [r]', 'DELETE agentA D1 DROPPED 4085550100:DROPPED 1001:DROPPED [r]']);
    assert.equal(e.sim.callView(id), undefined, 'the call is finished once its last wrap-up is over');
  });

  test('NOT_ALLOWED on outgoing: the agent is out of the call at once', () => {
    const e = new Engine();
    e.signIn('agentA', false);
    e.create('agentA', 'MAKE_CALL', '4085551234');
    e.clock.advance(2000);
    e.act('agentA', e.id('D1'), 'DROP');
    assert.equal(e.state('agentA'), 'NOT_READY');
    assert.deepEqual(e.sim.dialogsOf('agentA'), []);
  });

  test('a new call ends wrap-up: the wrap-up dialog goes before the new one comes', () => {
    const e = new Engine();
    e.signIn('agentA');
    const first = e.call('5000');
    e.act('agentA', first, 'ANSWER');
    e.act('agentA', first, 'DROP');
    e.take();
    e.create('agentA', 'MAKE_CALL', '4085551234', {}, 'mc');
    assert.deepEqual(e.take().slice(0, 2), [
      'DELETE agentA D1 DROPPED 4085550100:DROPPED 1001:DROPPED [mc]',
      'POST agentA D2 INITIATING 1001:INITIATING(DROP,UPDATE_CALL_DATA) [mc]',
    ]);
  });

  test('an agent signing out (LOGOUT pending on his call) leaves without wrap-up', () => {
    const e = new Engine();
    e.signIn('agentA');
    const id = e.call('5000');
    e.act('agentA', id, 'ANSWER');
    e.setState('agentA', 'LOGOUT', 'out', 'supervisorA');
    assert.deepEqual([e.state('agentA'), e.status('agentA').pendingState], ['TALKING', 'LOGOUT']);
    e.take();
    e.sim.hangupExternal(id);
    assert.deepEqual(e.take(), [
      'PUT agentA D1 DROPPED 4085550100:DROPPED 1001:ACTIVE(talk)',
      'PUT agentA D1 DROPPED 4085550100:DROPPED 1001:DROPPED',
      'DELETE agentA D1 DROPPED 4085550100:DROPPED 1001:DROPPED',
      'user agentA LOGOUT rc=999',
    ]);
  });
});

describe('wrap-up data still required', () => {
  test('is part of the agent status, persisted, not published; the agent may not leave wrap-up by himself', () => {
    const { e } = wrappingUp();
    assert.deepEqual(
      [e.state('agentW'), e.status('agentW').wrapUpDataRequired, e.store.statuses.get('agentW')!.wrapUpDataRequired],
      ['WORK_READY', true, true],
    );
    assert.throws(() => e.setState('agentW', 'READY'), { kind: 'InvalidState', message: /wrap-up reason is required/ });
    assert.throws(() => e.setState('agentW', 'NOT_READY'), { kind: 'InvalidState' });
  });

  test('call variables alone are no wrap-up data; a wrap-up reason on the call settles it silently', () => {
    const { e, id } = wrappingUp();
    e.act('agentW', id, 'UPDATE_CALL_DATA', { callVariables: [{ name: 'callVariable1', value: 'x' }] });
    assert.equal(e.status('agentW').wrapUpDataRequired, true);
    e.take();
    e.act('agentW', id, 'UPDATE_CALL_DATA', { wrapUpReason: 'Resolved' }, 'wrap');
    assert.deepEqual(
      e.take(),
      ['PUT agentW D1 DROPPED 4085550100:DROPPED 2001:WRAP_UP(UPDATE_CALL_DATA) [wrap]'],
      'no User notification: nothing a client sees changed',
    );
    assert.deepEqual([e.status('agentW').wrapUpDataRequired, e.store.statuses.get('agentW')!.wrapUpDataRequired], [false, false]);
    e.setState('agentW', 'READY', 'r');
    assert.equal(e.store.records.at(-1)!.wrapUpReason, 'Resolved');
  });

  test('clearing the reason again makes it owed again', () => {
    const { e, id } = wrappingUp();
    e.act('agentW', id, 'UPDATE_CALL_DATA', { wrapUpReason: 'Resolved' });
    e.act('agentW', id, 'UPDATE_CALL_DATA', { wrapUpReason: '' });
    assert.equal(e.status('agentW').wrapUpDataRequired, true);
  });

  test('a supervisor may take the agent out of wrap-up; leaving wrap-up clears it', () => {
    const { e } = wrappingUp();
    e.setState('agentW', 'NOT_READY', 'sup', 'supervisorW');
    assert.deepEqual([e.state('agentW'), e.status('agentW').wrapUpDataRequired, e.sim.dialogsOf('agentW')], ['NOT_READY', false, []]);
  });

  test('only calls of that mode: after an outgoing call (OPTIONAL) nothing is owed', () => {
    const e = new Engine();
    e.signIn('agentW', false);
    e.create('agentW', 'MAKE_CALL', '4085551234');
    e.clock.advance(2000);
    e.act('agentW', e.id('D1'), 'DROP');
    assert.deepEqual([e.state('agentW'), e.status('agentW').wrapUpDataRequired], ['WORK', false]);
  });

  test('a transferring agent owes it on the call he kept in WRAP_UP; the reason set by the agent he transferred to settles it', () => {
    const e = new Engine();
    e.signIn('agentW');
    e.signIn('agentV', false);
    const id = e.call('6000');
    e.act('agentW', id, 'ANSWER');
    e.act('agentW', id, 'CONSULT_CALL', { toAddress: '2002' });
    e.act('agentV', e.id('D2'), 'ANSWER');
    e.act('agentW', id, 'TRANSFER');
    assert.deepEqual([e.state('agentW'), e.status('agentW').wrapUpDataRequired], ['WORK_READY', true]);
    e.act('agentV', id, 'UPDATE_CALL_DATA', { wrapUpReason: 'Resolved' });
    assert.equal(e.status('agentW').wrapUpDataRequired, false);
    e.setState('agentW', 'READY');
    assert.equal(e.state('agentW'), 'READY');
  });

  test('after a restart nothing is owed: the calls it was owed on are gone', () => {
    const owing = { ...SIGNED_OUT, state: 'WORK_READY' as const, extension: '2001', stateChangeTime: 1, wrapUpDataRequired: true };
    const e = new Engine({ statuses: { agentW: owing } });
    assert.deepEqual([e.status('agentW').wrapUpDataRequired, e.store.statuses.get('agentW')!.wrapUpDataRequired], [false, false]);
    assert.deepEqual(e.take(), [], 'nothing published');
    e.setState('agentW', 'READY');
  });
});
