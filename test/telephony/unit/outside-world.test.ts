import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Engine } from './support/engine.js';

describe('external parties', () => {
  test("an outbound call rings the number, which answers after the plan's delay", () => {
    const e = new Engine({ settings: { externalAnswerDelayMs: 3000 } });
    e.signIn('agentA', false);
    e.take();
    e.create('agentA', 'MAKE_CALL', '4085551234', {}, 'out');
    assert.deepEqual(e.take(), [
      'POST agentA D1 INITIATING 1001:INITIATING(DROP,UPDATE_CALL_DATA) [out]',
      'user agentA TALKING [out]',
      'PUT agentA D1 INITIATED 1001:INITIATED(DROP,UPDATE_CALL_DATA) [out]',
      'PUT agentA D1 ALERTING 1001:INITIATED(DROP,UPDATE_CALL_DATA) 4085551234:ALERTING [out]',
    ]);
    e.clock.advance(2999);
    assert.deepEqual(e.take(), []);
    e.clock.advance(1);
    assert.deepEqual(e.take(), ['PUT agentA D1 ACTIVE 1001:ACTIVE(talk) 4085551234:ACTIVE']);
  });

  test('busy and invalid numbers fail the caller asynchronously; a no-answer number rings until answered through the control API', () => {
    const e = new Engine();
    e.signIn('agentA', false);
    e.create('agentA', 'MAKE_CALL', '5550100', {}, 'busy');
    assert.deepEqual(e.take().slice(-2), ['PUT agentA D1 FAILED 1001:FAILED(DROP) [busy]', 'failed agentA D1 Device Busy [busy]']);
    e.act('agentA', e.id('D1'), 'DROP');
    assert.equal(e.store.records.at(-1)!.outcome, 'busy');
    e.create('agentA', 'MAKE_CALL', '5550123');
    const id = e.id('D2');
    e.clock.advance(60_000);
    assert.equal(e.sim.callView(id)!.state, 'ALERTING');
    e.sim.answerExternal(id);
    assert.equal(e.sim.callView(id)!.state, 'ACTIVE');
    assert.throws(() => e.sim.answerExternal(id), { kind: 'InvalidState' });
  });

  test('a simulated caller hangs up after his talk time; a simulated agent answers after his delay', () => {
    const e = new Engine();
    e.signIn('agentA');
    const id = e.call('5000', '4085550100', { talkSeconds: 20, agentAnswerSeconds: 3 });
    e.clock.advance(3000);
    assert.equal(e.state('agentA'), 'TALKING');
    e.clock.advance(19_999);
    assert.equal(e.sim.callView(id)!.state, 'ACTIVE');
    e.clock.advance(1);
    assert.equal(e.state('agentA'), 'WORK_READY');
    assert.deepEqual([e.store.records.length, e.sim.callView(id)!.endedAt], [0, e.clock.now()], 'cleared, kept for wrap-up');
  });

  test('an external caller reaching a busy extension: the call just ends, nobody is told', () => {
    const e = new Engine();
    e.signIn('agentA');
    e.act('agentA', e.call('1001', '4085550101'), 'ANSWER');
    e.take();
    const view = e.sim.placeExternalCall({ from: '4085550102', to: '1001', callVariables: [] });
    assert.deepEqual([view.state, view.endedAt], ['DROPPED', null]);
    assert.deepEqual(e.take(), []);
    assert.equal(e.store.records.at(-1)!.outcome, 'busy');
  });

  test('a direct call rings out after the direct ring-no-answer time: cleared, the agent NOT_READY 32767', () => {
    const e = new Engine({ settings: { directRingNoAnswerMs: 5000 } });
    e.signIn('agentA');
    const id = e.call('1001');
    e.clock.advance(5000);
    assert.deepEqual(
      [e.sim.callView(id), e.state('agentA'), e.status('agentA').reasonCodeId, e.store.records.at(-1)!.outcome],
      [undefined, 'NOT_READY', '32767', 'noAnswer'],
    );
  });
});

describe('the simulated world (control API)', () => {
  test('refuses what no outside caller could do', () => {
    const e = new Engine();
    e.signIn('agentA');
    const refused = (from: string, to: string): string | undefined => {
      try {
        e.sim.placeExternalCall({ from, to, callVariables: [] });
      } catch (error) {
        return (error as { kind: string }).kind;
      }
      return undefined;
    };
    assert.deepEqual(
      [refused('abc', '5000'), refused('4085550100', '4085559999'), refused('1001', '5000')],
      ['InvalidInput', 'InvalidDestination', 'InvalidInput'],
    );
    assert.throws(() => e.sim.hangupExternal('42'), { kind: 'NotFound' });
  });

  test('views: QUEUED while waiting, with the queue; active calls in creation order', () => {
    const e = new Engine();
    const first = e.call('5000', '4085550101');
    const second = e.call('6000', '4085550102');
    const view = e.sim.callView(first)!;
    assert.deepEqual([view.state, view.waiting, view.queueName, view.callType], ['QUEUED', true, 'Sales', 'ACD_IN']);
    assert.deepEqual(
      e.sim.activeCalls().map((c) => c.id),
      [first, second],
    );
  });

  test('hanging up an unanswered call is abandoned, an answered one completed', () => {
    const e = new Engine();
    e.signIn('agentA');
    e.sim.hangupExternal(e.call('5000', '4085550101'));
    assert.deepEqual([e.store.records.at(-1)!.outcome, e.state('agentA')], ['abandoned', 'READY']);
    const answered = e.call('5000', '4085550102');
    e.act('agentA', answered, 'ANSWER');
    e.clock.advance(7000);
    e.sim.hangupExternal(answered);
    e.setState('agentA', 'READY');
    assert.deepEqual([e.store.records.at(-1)!.outcome, e.store.records.at(-1)!.durationMs, e.store.records.at(-1)!.agents], ['completed', 7000, ['agentA']]);
  });
});
