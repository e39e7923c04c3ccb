import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StoredLiveCall } from '../../../src/application/ports/store.js';
import { ManualClock } from '../../../src/domain/clock.js';
import { CallIdsExhausted, ReservedCallIds } from '../../../src/telephony/call-ids.js';
import { decodeCall, encodeCall, LIVE_CALL_FORMAT_VERSION, UnreadableLiveCall } from '../../../src/telephony/live-call-format.js';
import type { SavedCall } from '../../../src/telephony/live-call-format.js';
import { Engine, TEAMS } from './support/engine.js';

const saved = (e: Engine, id: string): SavedCall => decodeCall(id, e.store.liveCalls.get(id)!.state);

/** agentA talking to a Sales caller (D1) whom he put on hold; the call has a 30 s talk timer. */
function heldCall(): { e: Engine; id: string } {
  const e = new Engine();
  e.signIn('agentA');
  const id = e.call('5000', '4085550100', { talkSeconds: 30, callVariables: [{ name: 'callVariable3', value: 'x' }] });
  e.clock.advance(2000);
  e.act('agentA', id, 'ANSWER');
  e.act('agentA', id, 'HOLD');
  e.take();
  return { e, id };
}

describe('the saved form of a live call', () => {
  test('has a version and everything the call holds, its timers as absolute deadlines', () => {
    const { e, id } = heldCall();
    const call = saved(e, id);
    const start = Date.UTC(2026, 0, 1, 9);
    assert.equal(call.v, LIVE_CALL_FORMAT_VERSION);
    assert.deepEqual(
      [call.phase, call.queueId, call.enqueuedAt, call.answeredAt, call.talkMs, call.dialog.state],
      ['connected', '1', start, start + 2000, 30_000, 'ACTIVE'],
    );
    assert.deepEqual(
      call.dialog.participants.map((p) => [p.mediaAddress, p.state]),
      [
        ['4085550100', 'ACTIVE'],
        ['1001', 'HELD'],
      ],
    );
    assert.deepEqual(call.legs, [['agentA', { direction: 'incoming', connected: true }]]);
    assert.deepEqual(call.agentsConnected, ['agentA']);
    assert.deepEqual(
      call.notified.map(([loginId]) => loginId),
      ['agentA'],
    );
    assert.deepEqual(call.dialog.mediaProperties.callVariables, [['callVariable3', 'x']], 'the variables set');
    assert.deepEqual(call.timers, [
      { action: { kind: 'queueLimit' }, deadline: start + 600_000 },
      { action: { kind: 'talk' }, deadline: start + 2000 + 30_000 },
    ]);
  });

  test('reads back to the same document (encode ∘ decode is the identity)', () => {
    const { e, id } = heldCall();
    const text = e.store.liveCalls.get(id)!.state;
    assert.equal(encodeCall(decodeCall(id, text)), text);
  });

  test('a document of another version, or no saved call at all, is refused', () => {
    const { e, id } = heldCall();
    const future = JSON.stringify({ ...saved(e, id), v: LIVE_CALL_FORMAT_VERSION + 1 });
    assert.throws(() => decodeCall(id, future), UnreadableLiveCall);
    assert.throws(() => decodeCall(id, '{"id":"1"}'), /no format version/);
    assert.throws(() => decodeCall(id, 'not json'), /not JSON/);
    assert.throws(() => decodeCall('other', e.store.liveCalls.get(id)!.state), /not a saved call/);
  });

  test('only the calls a change touched are saved, once each per change', () => {
    const e = new Engine();
    e.signIn('agentA');
    e.signIn('agentB');
    const first = e.call('5000', '4085550101');
    const second = e.call('5000', '4085550102');
    const writes: string[] = [];
    const save = e.store.saveLiveCall.bind(e.store);
    e.store.saveLiveCall = (call: StoredLiveCall) => {
      writes.push(call.id);
      save(call);
    };
    e.act('agentA', first, 'ANSWER');
    assert.deepEqual(writes, [first], 'ANSWER touched one call (and changed it several times)');
    writes.length = 0;
    e.clock.advance(15_000);
    assert.deepEqual(writes, [second], 'the ring-no-answer of the other call');
  });

  test('a finished call is forgotten in the change that writes its history', () => {
    const { e, id } = heldCall();
    e.act('agentA', id, 'DROP');
    assert.ok(e.store.liveCalls.has(id), 'still there during wrap-up');
    e.setState('agentA', 'READY');
    assert.equal(e.store.liveCalls.has(id), false);
    assert.deepEqual(
      e.store.records.map((r) => r.id),
      [id],
    );
  });
});

describe('restoring saved calls', () => {
  test('a ringing queue call: the agent still RESERVED, the dialog the same, ring-no-answer at its original deadline', () => {
    const e = new Engine();
    e.signIn('agentA');
    const id = e.call('5000');
    e.clock.advance(10_000);
    const next = e.restart();
    assert.equal(next.restored.calls.length, 1);
    assert.equal(next.state('agentA'), 'RESERVED');
    assert.deepEqual(
      next.sim.dialogsOf('agentA').map((d) => [d.id, d.state]),
      [[id, 'ALERTING']],
    );
    next.clock.advance(4999);
    assert.deepEqual(next.take(), []);
    next.clock.advance(1);
    assert.deepEqual(next.take(), [
      'PUT agentA D1 INITIATED 4085550100:INITIATED 1001:DROPPED',
      'DELETE agentA D1 INITIATED 4085550100:INITIATED 1001:DROPPED',
      'user agentA NOT_READY rc=32767',
    ]);
  });

  test('calls waiting in a queue keep their order and go out when an agent becomes READY', () => {
    const e = new Engine();
    e.signIn('agentA', false);
    const older = e.call('5000', '4085550101');
    e.clock.advance(1000);
    const newer = e.call('5000', '4085550102');
    const next = e.restart();
    assert.deepEqual(
      next.sim.activeCalls().map((c) => [c.id, c.state]),
      [
        [older, 'QUEUED'],
        [newer, 'QUEUED'],
      ],
    );
    assert.equal(next.sim.queueStatistics('1').callsInQueue, 2);
    next.setState('agentA', 'READY');
    assert.equal(next.sim.callView(older)!.participants.find((p) => p.loginId === 'agentA')?.state, 'ALERTING');
    assert.equal(next.sim.callView(newer)!.state, 'QUEUED');
  });

  test('new calls after a restart get new ids and come after the restored ones', () => {
    const e = new Engine();
    e.signIn('agentA', false);
    const restored = e.call('5000', '4085550101');
    const next = e.restart();
    const fresh = next.call('5000', '4085550102');
    assert.notEqual(fresh, restored);
    next.setState('agentA', 'READY');
    assert.equal(next.sim.callView(fresh)!.state, 'QUEUED', 'the restored call was waiting first');
  });

  test('an agent signed out while the server was down leaves his calls as on sign-out', () => {
    const e = new Engine();
    e.signIn('agentA');
    e.signIn('agentB', false);
    const ringing = e.call('5000', '4085550101');
    e.clock.advance(1000);
    e.setState('agentB', 'READY');
    const talking = e.call('5000', '4085550102');
    e.act('agentB', talking, 'ANSWER');
    const statuses = Object.fromEntries([...e.store.statuses].map(([loginId, s]) => [loginId, { ...s }]));
    const signedOut = { ...statuses.agentA!, state: 'LOGOUT' as const, extension: null };
    const next = e.restart({ statuses: { ...statuses, agentA: signedOut, agentB: { ...statuses.agentB!, state: 'LOGOUT', extension: null } } });
    assert.deepEqual(next.sim.dialogsOf('agentA'), []);
    assert.deepEqual(next.sim.dialogsOf('agentB'), []);
    assert.equal(next.sim.callView(ringing)!.state, 'QUEUED', 'the offer went back to the queue');
    assert.equal(next.sim.callView(talking), undefined, 'the call he talked on is over');
    assert.equal(next.store.records.find((r) => r.id === talking)?.outcome, 'completed');
    assert.equal(next.store.liveCalls.has(talking), false);
  });

  test('a call whose queue is gone, or saved in a format this code does not read, is dropped and forgotten', () => {
    const e = new Engine();
    e.signIn('agentB', false);
    const vip = e.call('7000');
    const sales = e.call('5000');
    const unreadable: StoredLiveCall = { id: '42', state: '{"v":99}', updatedAt: 0 };
    e.store.liveCalls.set('42', unreadable);
    const next = e.restart({ queues: [] });
    assert.deepEqual(
      next.restored.dropped.map((d) => d.id),
      ['42', vip, sales],
    );
    assert.match(next.restored.dropped[0]!.reason, /format version 99/);
    assert.match(next.restored.dropped[1]!.reason, /queue 3 no longer exists/);
    assert.deepEqual([...next.store.liveCalls.keys()], []);
  });

  test('a timer whose deadline passed while the server was down fires as soon as the clock moves', () => {
    const e = new Engine();
    e.signIn('agentA');
    e.call('5000');
    const next = e.restart({ clock: new ManualClock(e.clock.now() + 60_000) });
    assert.equal(next.state('agentA'), 'RESERVED');
    next.clock.advance(0);
    assert.equal(next.state('agentA'), 'NOT_READY');
  });

  test('wrap-up data still owed on a restored call stays owed', () => {
    const e = new Engine();
    e.signIn('agentW');
    const id = e.call('6000');
    e.act('agentW', id, 'ANSWER');
    e.sim.hangupExternal(id);
    const next = e.restart();
    assert.deepEqual([next.state('agentW'), next.status('agentW').wrapUpDataRequired], ['WORK_READY', true]);
    assert.throws(() => next.setState('agentW', 'READY'), { kind: 'InvalidState' });
    next.act('agentW', id, 'UPDATE_CALL_DATA', { wrapUpReason: 'Resolved' });
    next.setState('agentW', 'READY');
    assert.equal(next.state('agentW'), 'READY');
  });

  test("an agent in wrap-up gets his team's wrap-up timer back with the time he had left", () => {
    const teams = TEAMS.map((t) => (t.id === '1' ? { ...t, settings: { ...t.settings, wrapUpTimerSeconds: 60 } } : t));
    const e = new Engine({ teams });
    e.signIn('agentA');
    const id = e.call('5000');
    e.act('agentA', id, 'ANSWER');
    e.sim.hangupExternal(id);
    assert.equal(e.state('agentA'), 'WORK_READY');
    e.clock.advance(45_000);
    const next = e.restart();
    next.clock.advance(14_999);
    assert.equal(next.state('agentA'), 'WORK_READY');
    next.clock.advance(1);
    assert.equal(next.state('agentA'), 'READY');
    assert.deepEqual(next.sim.dialogsOf('agentA'), [], 'the wrap-up dialog went with wrap-up');
  });
});

describe('call ids from the store', () => {
  /** A sequence that answers when told to. */
  function sequence(): { reserve: (n: number) => Promise<number>; asked: number[]; answer(): void; fail(): void } {
    let next = 100;
    const waiting: { n: number; resolve: (v: number) => void; reject: (e: Error) => void }[] = [];
    const asked: number[] = [];
    return {
      asked,
      reserve: (n) => {
        asked.push(n);
        return new Promise((resolve, reject) => waiting.push({ n, resolve, reject }));
      },
      answer() {
        const w = waiting.shift()!;
        w.resolve(next);
        next += w.n;
      },
      fail() {
        waiting.shift()!.reject(new Error('database down'));
      },
    };
  }

  test('a block is reserved before the first id, the next when half is used; ids never repeat', async () => {
    const seq = sequence();
    const starting = ReservedCallIds.start(seq.reserve, 4);
    seq.answer();
    const ids = await starting;
    assert.deepEqual([ids.next(), ids.next()], ['100', '101']);
    assert.deepEqual(seq.asked, [4], 'half a block left: not yet');
    assert.equal(ids.next(), '102');
    assert.deepEqual(seq.asked, [4, 4], 'less than half left: the next block is asked for');
    seq.answer();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual([ids.next(), ids.next(), ids.next()], ['103', '104', '105']);
  });

  test('when the store has not answered in time no id is handed out (never a guess); a failure is asked again', async () => {
    const seq = sequence();
    const errors: unknown[] = [];
    const starting = ReservedCallIds.start(seq.reserve, 4, (e) => errors.push(e));
    seq.answer();
    const ids = await starting;
    assert.deepEqual([ids.next(), ids.next(), ids.next()], ['100', '101', '102']);
    seq.fail();
    await new Promise((r) => setImmediate(r));
    assert.equal(errors.length, 1);
    assert.equal(ids.next(), '103', 'the block still has one, and the next block is asked for again');
    assert.deepEqual(seq.asked, [4, 4, 4]);
    assert.throws(() => ids.next(), CallIdsExhausted);
    seq.answer();
    await new Promise((r) => setImmediate(r));
    assert.equal(ids.next(), '104');
  });
});
