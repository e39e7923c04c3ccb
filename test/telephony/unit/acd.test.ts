import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Engine } from './support/engine.js';

const offeredTo = (e: Engine, id: string): string | null | undefined =>
  e.sim.callView(id)?.participants.find((p) => p.loginId !== null && p.state === 'ALERTING')?.loginId;

describe('ACD routing', () => {
  test('a call rings the member READY the longest; the next call the next one; no free member, it waits', () => {
    const e = new Engine();
    e.signIn('agentB');
    e.clock.advance(1000);
    e.signIn('agentA');
    const first = e.call('5000', '4085550101');
    const second = e.call('5000', '4085550102');
    const third = e.call('5000', '4085550103');
    assert.deepEqual([offeredTo(e, first), offeredTo(e, second), offeredTo(e, third)], ['agentB', 'agentA', undefined]);
    assert.deepEqual([e.state('agentB'), e.state('agentA')], ['RESERVED', 'RESERVED']);
    assert.equal(e.sim.callView(third)!.state, 'QUEUED');
  });

  test('waiting calls go out oldest first when a member becomes READY', () => {
    const e = new Engine();
    e.signIn('agentA', false);
    const older = e.call('5000', '4085550101');
    e.clock.advance(5000);
    const newer = e.call('5000', '4085550102');
    e.take();
    e.setState('agentA', 'READY', 'r');
    assert.equal(offeredTo(e, older), 'agentA');
    assert.equal(e.sim.callView(newer)!.state, 'QUEUED');
    assert.deepEqual(e.take(), ['user agentA READY [r]', 'user agentA RESERVED', 'POST agentA D1 ALERTING 4085550101:INITIATED 1001:ALERTING(ANSWER)']);
  });

  test('only members of the dialed queue: agentB and agentW for VIP (by name), not the rest of their teams', () => {
    const e = new Engine();
    e.signIn('agentA');
    e.signIn('agentW');
    const id = e.call('7000');
    assert.equal(offeredTo(e, id), 'agentW');
  });

  test('ring-no-answer: the agent goes NOT_READY 32767 and the call goes back to its place, ahead of later calls', () => {
    const e = new Engine();
    e.signIn('agentA');
    const id = e.call('5000');
    e.clock.advance(1000);
    const behind = e.call('5000', '4085550199');
    e.take();
    e.clock.advance(13_999);
    assert.deepEqual(e.take(), []);
    e.clock.advance(1);
    assert.deepEqual(e.take(), [
      'PUT agentA D1 INITIATED 4085550100:INITIATED 1001:DROPPED',
      'DELETE agentA D1 INITIATED 4085550100:INITIATED 1001:DROPPED',
      'user agentA NOT_READY rc=32767',
    ]);
    assert.equal(e.sim.callView(id)!.state, 'QUEUED');
    e.signIn('agentB');
    assert.equal(offeredTo(e, id), 'agentB', 'the first call kept its place ahead of the one behind it');
    assert.equal(e.sim.callView(behind)!.state, 'QUEUED');
  });

  test('the queue time limit clears a waiting call; one that rings out past the limit is cleared instead of re-queued', () => {
    const e = new Engine();
    const waiting = e.call('7000');
    e.clock.advance(30_000);
    assert.equal(e.sim.callView(waiting), undefined);
    assert.equal(e.store.records.at(-1)!.outcome, 'queueTimeLimit');
    const ringing = e.call('7000');
    e.clock.advance(25_000);
    e.signIn('agentB');
    assert.equal(offeredTo(e, ringing), 'agentB');
    e.clock.advance(5_000);
    assert.equal(offeredTo(e, ringing), 'agentB', 'the limit only clears waiting calls, not ringing ones');
    e.clock.advance(5_000);
    assert.equal(e.sim.callView(ringing), undefined);
    assert.deepEqual([e.store.records.at(-1)!.outcome, e.state('agentB')], ['queueTimeLimit', 'NOT_READY']);
  });

  test('an offered agent who signs out gives the call back to the queue without ring-no-answer', () => {
    const e = new Engine();
    e.signIn('agentA');
    const id = e.call('5000');
    e.setState('agentA', 'LOGOUT', 'out', 'supervisorA');
    assert.equal(e.sim.callView(id)!.state, 'QUEUED');
    assert.equal(e.state('agentA'), 'LOGOUT');
  });

  test('the caller hangs up while waiting: abandoned, out of the queue', () => {
    const e = new Engine();
    const id = e.call('5000');
    e.sim.hangupExternal(id);
    assert.equal(e.sim.callView(id), undefined);
    assert.deepEqual([e.store.records.at(-1)!.outcome, e.sim.queueStatistics('1').callsInQueue], ['abandoned', 0]);
  });
});

describe('queue statistics', () => {
  test('members by state and talk direction, waiting calls and the longest wait', () => {
    const e = new Engine();
    e.signIn('agentA');
    e.signIn('agentB', false);
    e.signIn('agentD');
    const start = e.clock.now();
    const talking = e.call('5000');
    e.act('agentA', talking, 'ANSWER');
    e.call('5000', '4085550101');
    e.clock.advance(2000);
    e.call('5000', '4085550102');
    const stats = e.sim.queueStatistics('1');
    assert.deepEqual(stats, {
      callsInQueue: 1,
      startTimeOfLongestCallInQueue: start + 2000,
      agentsReady: 0,
      agentsNotReady: 1,
      agentsBusyOther: 1,
      agentsLoggedOn: 3,
      agentsTalkingInbound: 1,
      agentsTalkingOutbound: 0,
      agentsTalkingInternal: 0,
      agentsWrapUpNotReady: 0,
      agentsWrapUpReady: 0,
    });
    assert.throws(() => e.sim.queueStatistics('99'), { kind: 'NotFound' });
  });

  test('a QueueChanged signal goes out whenever a call enters, leaves or is offered from the queue', () => {
    const e = new Engine();
    e.signIn('agentA', false);
    e.take(true);
    e.call('5000');
    assert.deepEqual(e.take(true), ['queue 1']);
    e.setState('agentA', 'READY');
    assert.deepEqual(e.take(true), [
      'user agentA READY',
      'queue 1',
      'queue 1',
      'user agentA RESERVED',
      'POST agentA D1 ALERTING 4085550100:INITIATED 1001:ALERTING(ANSWER)',
      'queue 1',
    ]);
  });
});
