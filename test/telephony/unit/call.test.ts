import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ParticipantState } from '../../../src/domain/dialog.js';
import { newDialog } from '../../../src/domain/dialog.js';
import { IllegalParticipantTransition, PARTICIPANT_TRANSITIONS, mayTransition } from '../../../src/domain/participant-transitions.js';
import type { Queue } from '../../../src/domain/queue.js';
import type { CallObserver, CallPhase } from '../../../src/telephony/call.js';
import { CALL_PHASE_TRANSITIONS, Call, IllegalCallTransition } from '../../../src/telephony/call.js';

const QUEUE: Queue = { id: '1', name: 'Sales', dialedNumbers: ['5000'], teamIds: ['1'], agentIds: [], ringNoAnswerSeconds: 15, maxQueueTimeSeconds: 600 };
const PHASES: readonly CallPhase[] = ['dialing', 'queued', 'offered', 'connected', 'ended', 'finished'];
const STATES: readonly ParticipantState[] = ['INITIATING', 'INITIATED', 'ALERTING', 'ACTIVE', 'HELD', 'FAILED', 'WRAP_UP', 'DROPPED'];

/** What the call tells its observer, in order. */
function recordingCall(): { call: Call; log: string[] } {
  const log: string[] = [];
  const observer: CallObserver = {
    joined: (_c, loginId) => log.push(`joined ${loginId}`),
    left: (_c, loginId) => log.push(`left ${loginId}`),
    phaseChanged: (c, from) => log.push(`${from}→${c.phase}`),
    changed: () => undefined,
  };
  const call = new Call(newDialog({ id: '1', fromAddress: '4085550100', toAddress: '5000', callType: 'ACD_IN' }), 1, 1000, observer);
  return { call, log };
}

/** Drives a fresh call into `phase` along a legal path. */
function callIn(phase: CallPhase): Call {
  const { call } = recordingCall();
  const paths: Record<CallPhase, (c: Call) => void> = {
    dialing: () => undefined,
    queued: (c) => c.enterQueue(QUEUE, 2000),
    offered: (c) => c.offerTo('agentA'),
    connected: (c) => c.connect(2000),
    ended: (c) => c.end('completed'),
    finished: (c) => {
      c.end('completed');
      c.finish();
    },
  };
  paths[phase](call);
  return call;
}

/** The phase methods, each moving to one phase. */
const MOVES: Record<CallPhase, (c: Call) => void> = {
  dialing: () => assert.fail('nothing moves back to dialing'),
  queued: (c) => (c.phase === 'dialing' || c.phase === 'finished' || c.phase === 'ended' ? c.enterQueue(QUEUE, 3000) : c.requeue()),
  offered: (c) => c.offerTo('agentB'),
  connected: (c) => c.connect(3000),
  ended: (c) => c.end('completed'),
  finished: (c) => c.finish(),
};

describe('the call phase table', () => {
  test('every pair of phases: the move succeeds exactly when the table allows it', () => {
    for (const from of PHASES) {
      for (const to of PHASES) {
        if (to === 'dialing') continue;
        const call = callIn(from);
        const allowed = CALL_PHASE_TRANSITIONS[from].includes(to);
        // connect() and end() on a call already in that phase change nothing: no transition, no error.
        const idempotent = from === to && (to === 'connected' || to === 'ended');
        if (allowed || idempotent) {
          MOVES[to](call);
          assert.equal(call.phase, to, `${from} → ${to}`);
        } else {
          assert.throws(() => MOVES[to](call), IllegalCallTransition, `${from} → ${to} must be refused`);
          assert.equal(call.phase, from, 'a refused move leaves the phase as it was');
          assert.equal(
            call.queue === null,
            from === 'dialing' || from === 'offered' || from === 'connected' || from === 'ended' || from === 'finished',
            'and the queue',
          );
        }
      }
    }
  });

  test('nothing follows finished, and no phase leads back to dialing', () => {
    assert.deepEqual(CALL_PHASE_TRANSITIONS.finished, []);
    for (const phase of PHASES) assert.ok(!CALL_PHASE_TRANSITIONS[phase].includes('dialing'));
  });

  test('an inbound call: dialing → queued → offered → queued (rang out) → offered → connected → ended → finished', () => {
    const { call, log } = recordingCall();
    call.enterQueue(QUEUE, 2000);
    call.offerTo('agentA');
    assert.equal(call.offeredTo, 'agentA');
    call.requeue();
    assert.equal(call.offeredTo, null, 'the offer is gone with the phase');
    call.offerTo('agentB');
    call.connect(5000);
    call.clear('completed', 9000);
    call.finish();
    assert.deepEqual(log, ['dialing→queued', 'queued→offered', 'offered→queued', 'queued→offered', 'offered→connected', 'connected→ended', 'ended→finished']);
    assert.deepEqual([call.enqueuedAt, call.waitingSince, call.answeredAt, call.endedAt, call.outcome], [2000, 2000, 5000, 9000, 'completed']);
  });

  test('entering a queue names it in the media properties; a re-queued call keeps its place', () => {
    const { call } = recordingCall();
    call.enterQueue(QUEUE, 2000);
    const mp = call.dialog.mediaProperties;
    assert.deepEqual([mp.queueName, mp.queueNumber, mp.dialedNumber, mp.dnis], ['Sales', '1', '5000', '5000']);
    call.offerTo('agentA');
    call.requeue();
    assert.equal(call.waitingSince, 2000);
  });

  test('end keeps the first outcome; only clear sets endedAt', () => {
    const call = callIn('connected');
    call.outcome = 'busy';
    call.end('completed');
    assert.deepEqual([call.phase, call.outcome, call.endedAt], ['ended', 'busy', null]);
    call.clear('noAnswer', 7000);
    assert.deepEqual([call.outcome, call.endedAt], ['busy', 7000]);
  });

  test('connect keeps the first answer time', () => {
    const call = callIn('connected');
    call.offerTo('agentB');
    call.connect(9000);
    assert.equal(call.answeredAt, 2000);
  });
});

describe('participant transitions', () => {
  test('every pair of states: allowed exactly as the table says, DROPPED is final', () => {
    for (const from of STATES) {
      for (const to of STATES) {
        const { call } = recordingCall();
        const p = call.addParticipant({ mediaAddress: '1001', loginId: 'agentA', state: from }, 0);
        if (PARTICIPANT_TRANSITIONS[from].includes(to)) {
          call.setParticipantState(p, to, 1);
          assert.equal(p.state, to);
        } else {
          assert.throws(() => call.setParticipantState(p, to, 1), IllegalParticipantTransition, `${from} → ${to}`);
          assert.equal(p.state, from);
        }
      }
    }
    assert.deepEqual(PARTICIPANT_TRANSITIONS.DROPPED, []);
  });

  test('the refusal names the party and both states; nothing moves to the state it is in', () => {
    const { call } = recordingCall();
    const p = call.addParticipant({ mediaAddress: '1001', loginId: 'agentA', state: 'ALERTING' }, 0);
    assert.throws(() => call.setParticipantState(p, 'HELD', 1), { message: 'Illegal participant transition of 1001 from ALERTING to HELD' });
    for (const state of STATES) assert.equal(mayTransition(state, state), false);
  });

  test('the dialog state follows: ALERTING, ACTIVE when two talk, DROPPED at the end; the cause is kept', () => {
    const { call } = recordingCall();
    const caller = call.addParticipant({ mediaAddress: '4085550100', loginId: null, state: 'INITIATED' }, 0);
    const agent = call.addParticipant({ mediaAddress: '1001', loginId: 'agentA', state: 'ALERTING' }, 0);
    assert.equal(call.dialog.state, 'ALERTING');
    call.setParticipantState(agent, 'ACTIVE', 1);
    call.setParticipantState(caller, 'ACTIVE', 1);
    assert.equal(call.dialog.state, 'ACTIVE');
    call.setParticipantState(caller, 'DROPPED', 2);
    call.setParticipantState(agent, 'DROPPED', 2);
    assert.equal(call.dialog.state, 'DROPPED');
    const failed = call.addParticipant({ mediaAddress: '1002', loginId: 'agentB', state: 'INITIATED' }, 3);
    call.setParticipantState(failed, 'FAILED', 3, 'BUSY');
    assert.deepEqual([failed.stateCause, call.dialog.state], ['BUSY', 'FAILED']);
  });

  test('the observer hears an agent join with his first participant and leave with his last', () => {
    const { call, log } = recordingCall();
    call.addParticipant({ mediaAddress: '4085550100', loginId: null, state: 'INITIATED' }, 0);
    const first = call.addParticipant({ mediaAddress: '1001', loginId: 'agentA', state: 'ALERTING' }, 0);
    const second = call.addParticipant({ mediaAddress: '1001', loginId: 'agentA', state: 'ACTIVE' }, 0);
    call.removeParticipant(first);
    call.removeParticipant(second);
    assert.deepEqual(log, ['joined agentA', 'left agentA']);
  });
});

describe('what a call knows about its agents', () => {
  test('live for an agent: on it himself, not dropped, not wrapping up, not a monitored passive party', () => {
    const { call } = recordingCall();
    const a = call.addParticipant({ mediaAddress: '1001', loginId: 'agentA', state: 'ACTIVE' }, 0);
    call.addParticipant({ mediaAddress: '1002', loginId: 'agentB', state: 'ACTIVE', passive: true }, 0);
    const c = call.addParticipant({ mediaAddress: '1004', loginId: 'agentD', state: 'INITIATED' }, 0);
    call.setParticipantState(c, 'FAILED', 0, 'BUSY');
    assert.deepEqual(
      ['agentA', 'agentB', 'agentD'].map((id) => call.isLiveFor(id)),
      [true, false, true],
    );
    call.setParticipantState(a, 'WRAP_UP', 1);
    assert.equal(call.isLiveFor('agentA'), false);
    assert.equal(call.participantOf('agentA'), a, 'a wrapping-up participant still acts (UPDATE_CALL_DATA)');
  });

  test('wrap-up data is owed while the agent wraps up a call that needs it and has no reason', () => {
    const { call } = recordingCall();
    const a = call.addParticipant({ mediaAddress: '1001', loginId: 'agentA', state: 'ACTIVE' }, 0);
    call.wrapUpDataRequired.add('agentA');
    assert.equal(call.owesWrapUpData('agentA'), false, 'not in wrap-up yet');
    call.setParticipantState(a, 'WRAP_UP', 1);
    assert.equal(call.owesWrapUpData('agentA'), true);
    call.dialog.mediaProperties.wrapUpReason = 'Resolved';
    assert.equal(call.owesWrapUpData('agentA'), false);
  });

  test('a call is over when it does not wait, every participant dropped and every agent told', () => {
    const call = callIn('queued');
    const a = call.addParticipant({ mediaAddress: '4085550100', loginId: null, state: 'INITIATED' }, 0);
    call.setParticipantState(a, 'DROPPED', 1);
    assert.equal(call.isOver(), false, 'still queued');
    call.end('abandoned');
    call.notified.set('agentA', 'x');
    assert.equal(call.isOver(), false, 'agentA still has the dialog');
    call.notified.clear();
    assert.equal(call.isOver(), true);
  });

  test('the first connection of an agent goes into the history once', () => {
    const { call } = recordingCall();
    call.legs.set('agentA', { direction: 'incoming', connected: false });
    call.markConnected('agentA');
    call.markConnected('agentA');
    call.markConnected('nobody');
    assert.deepEqual(call.agentsConnected, ['agentA']);
  });
});
