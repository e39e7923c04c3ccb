import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DomainError } from '../../../src/domain/errors.js';
import type { CallRegistry } from '../../../src/telephony/call-registry.js';
import { savedCallOf } from '../../../src/telephony/live-call-format.js';
import { Engine } from './support/engine.js';

/**
 * A restart anywhere changes nothing: each scenario runs straight through, then once per step boundary
 * with a restart there (a new engine on the same clock from what the old one saved: agent statuses and
 * live calls). Every notification after the restart, and the history, must be the same as without it, and
 * the restart itself must tell nobody anything. Straight through, after every step, what is saved of each
 * live call must be what is in memory.
 */
/** A step may return a refusal, which goes into the log. */
type Step = [name: string, run: (e: Engine) => unknown];

const step = (name: string, run: Step[1]): Step => [name, run];
const advance = (ms: number): Step => step(`advance ${ms}`, (e) => e.clock.advance(ms));
const act = (loginId: string, dialog: string, action: string, extra: Parameters<Engine['act']>[3] = {}): Step =>
  step(`${loginId} ${action} ${dialog}`, (e) => e.act(loginId, e.id(dialog), action, extra, `${action.toLowerCase()}`));
const hangup = (dialog: string): Step => step(`caller of ${dialog} hangs up`, (e) => e.sim.hangupExternal(e.id(dialog)));
const state = (loginId: string, to: string): Step =>
  step(`${loginId} ${to}`, (e) => {
    try {
      e.setState(loginId, to, 'state');
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return { refused: `${error.kind}: ${error.message}` };
    }
  });

const SCENARIOS: Record<string, Step[]> = {
  'a queue call answered, held, retrieved, hung up, wrapped up': [
    step('agentA READY, agentB NOT_READY', (e) => {
      e.signIn('agentA');
      e.signIn('agentB', false);
    }),
    step('a caller dials Sales', (e) => e.call('5000', '4085550100', { callVariables: [{ name: 'callVariable1', value: 'Chuck' }] })),
    advance(5000),
    act('agentA', 'D1', 'ANSWER'),
    act('agentA', 'D1', 'HOLD'),
    advance(10_000),
    act('agentA', 'D1', 'RETRIEVE'),
    hangup('D1'),
    act('agentA', 'D1', 'UPDATE_CALL_DATA', {
      callVariables: [
        { name: 'user.account', value: '42' },
        { name: 'callVariable1', value: '' },
        { name: 'user.empty', value: '' },
      ],
    }),
    act('agentA', 'D1', 'UPDATE_CALL_DATA', { wrapUpReason: 'Sales' }),
    state('agentA', 'READY'),
  ],
  'ring-no-answer: the call keeps its place ahead of a later one and rings the next agent': [
    step('agentA READY', (e) => e.signIn('agentA')),
    step('a caller dials Sales', (e) => e.call('5000', '4085550101')),
    advance(1000),
    step('a second caller waits', (e) => e.call('5000', '4085550199')),
    advance(7000),
    advance(7000),
    step('agentB READY', (e) => e.signIn('agentB')),
    advance(15_000),
    state('agentA', 'READY'),
    act('agentA', 'D1', 'ANSWER'),
    step('agentD READY', (e) => e.signIn('agentD')),
    act('agentA', 'D1', 'DROP'),
    state('agentA', 'READY'),
  ],
  'a call waits past the queue limit (VIP, 30 s) and is cleared': [
    step('agentB NOT_READY', (e) => e.signIn('agentB', false)),
    step('a caller dials VIP', (e) => e.call('7000')),
    advance(20_000),
    advance(9999),
    advance(1),
  ],
  'consult, transfer, the caller hangs up, wrap-up ends': [
    step('agentA READY, agentB NOT_READY', (e) => {
      e.signIn('agentA');
      e.signIn('agentB', false);
    }),
    step('a caller dials Sales', (e) => e.call('5000')),
    act('agentA', 'D1', 'ANSWER'),
    act('agentA', 'D1', 'CONSULT_CALL', { toAddress: '1002' }),
    act('agentB', 'D2', 'ANSWER'),
    act('agentA', 'D1', 'TRANSFER'),
    advance(3000),
    hangup('D1'),
    state('agentA', 'READY'),
    state('agentB', 'NOT_READY'),
  ],
  'consult, conference, one leaves, the caller hangs up': [
    step('agentA READY, agentB NOT_READY', (e) => {
      e.signIn('agentA');
      e.signIn('agentB', false);
    }),
    step('a caller dials Sales', (e) => e.call('5000')),
    act('agentA', 'D1', 'ANSWER'),
    act('agentA', 'D1', 'CONSULT_CALL', { toAddress: '1002' }),
    act('agentB', 'D2', 'ANSWER'),
    act('agentA', 'D2', 'CONFERENCE'),
    act('agentB', 'D1', 'DROP'),
    hangup('D1'),
  ],
  'silent monitor, barge, the caller hangs up': [
    step('agentA READY, supervisorA NOT_READY', (e) => {
      e.signIn('agentA');
      e.signIn('supervisorA', false);
    }),
    step('a caller dials Sales', (e) => e.call('5000')),
    act('agentA', 'D1', 'ANSWER'),
    step('supervisorA monitors agentA', (e) => e.create('supervisorA', 'SILENT_MONITOR', '1001', {}, 'monitor')),
    step('supervisorA barges in', (e) => e.create('supervisorA', 'BARGE_CALL', '1001', { associatedDialogId: e.id('D2') }, 'barge')),
    act('supervisorA', 'D1', 'DROP'),
    hangup('D1'),
    state('agentA', 'READY'),
  ],
  'MAKE_CALL outside: the far end answers after 2 s; a second call rings until answered through the control API': [
    step('agentA NOT_READY', (e) => e.signIn('agentA', false)),
    step('agentA dials 4085550111', (e) => e.create('agentA', 'MAKE_CALL', '4085550111', {}, 'dial')),
    advance(1000),
    advance(1000),
    act('agentA', 'D1', 'DROP'),
    step('agentA dials 5550123', (e) => e.create('agentA', 'MAKE_CALL', '5550123', {}, 'dial')),
    advance(60_000),
    step('5550123 answers', (e) => e.sim.answerExternal(e.id('D2'))),
    act('agentA', 'D2', 'DROP'),
  ],
  'a direct call rings out; an agent-to-agent call is answered': [
    step('agentA, agentB NOT_READY', (e) => {
      e.signIn('agentA', false);
      e.signIn('agentB', false);
    }),
    step('a caller dials 1002', (e) => e.call('1002')),
    advance(10_000),
    advance(5000),
    step('agentA dials 1002', (e) => e.create('agentA', 'MAKE_CALL', '1002', {}, 'dial')),
    advance(3000),
    act('agentB', 'D2', 'ANSWER'),
    act('agentB', 'D2', 'DROP'),
  ],
  'traffic-generator call: the agent answers by himself after 2 s, the caller hangs up after 30 s': [
    step('agentA READY', (e) => e.signIn('agentA')),
    step('a caller dials Sales', (e) => e.call('5000', '4085550100', { talkSeconds: 30, agentAnswerSeconds: 2 })),
    advance(1000),
    advance(1000),
    advance(29_000),
    advance(1000),
    state('agentA', 'READY'),
  ],
  'wrap-up data required: READY refused until the reason is set': [
    step('agentW READY', (e) => e.signIn('agentW')),
    step('a caller dials Claims', (e) => e.call('6000')),
    act('agentW', 'D1', 'ANSWER'),
    hangup('D1'),
    state('agentW', 'READY'),
    act('agentW', 'D1', 'UPDATE_CALL_DATA', { wrapUpReason: 'Resolved' }),
    state('agentW', 'READY'),
  ],
  'wrap-up due from a call left while on another: it applies when the other ends': [
    step('agentA READY', (e) => e.signIn('agentA')),
    step('a caller dials Sales', (e) => e.call('5000')),
    act('agentA', 'D1', 'ANSWER'),
    act('agentA', 'D1', 'CONSULT_CALL', { toAddress: '4085550111' }),
    advance(2000),
    hangup('D1'),
    advance(1000),
    act('agentA', 'D2', 'DROP'),
  ],
};

interface Run {
  /** Notifications per step, queue signals left out. */
  log: string[][];
  /** The history, dialog ids as aliases. */
  history: string[];
  final: Engine;
}

function registryOf(e: Engine): CallRegistry {
  return (e.sim as unknown as { registry: CallRegistry }).registry;
}

/** Every live call in memory is saved as it is (the agents' wrap-up due aside, kept by WrapUp). */
function assertSavedAsInMemory(e: Engine, where: string): void {
  const inMemory = [...registryOf(e).all()];
  assert.deepEqual([...e.store.liveCalls.keys()].sort(), inMemory.map((c) => c.id).sort(), `${where}: the saved calls are the live ones`);
  for (const call of inMemory) {
    const saved = JSON.parse(e.store.liveCalls.get(call.id)!.state);
    assert.deepEqual({ ...saved, wrapUpDue: [] }, JSON.parse(JSON.stringify(savedCallOf(call, []))), `${where}: call ${e.name(call.id)} saved as it is`);
  }
}

function run(steps: Step[], restartAt: number | null): Run {
  let e = new Engine();
  const log: string[][] = [];
  const history: string[] = [];
  const keepHistory = (engine: Engine): void => {
    for (const r of engine.store.records) history.push(JSON.stringify({ ...r, id: engine.name(r.id) }));
  };
  for (const [index, [name, go]] of steps.entries()) {
    if (index === restartAt) {
      keepHistory(e);
      e = e.restart();
      assert.deepEqual(e.restored.dropped, [], 'nothing dropped');
      assert.deepEqual(
        e.take().filter((l) => !l.startsWith('queue')),
        [],
        `restarting before "${name}" tells nobody anything`,
      );
    }
    const result = go(e);
    const refusal = typeof result === 'object' && result !== null && 'refused' in result ? [`refused ${String(result.refused)}`] : [];
    log.push([...refusal, ...e.take(false)].map((l) => `${name}: ${l}`));
    if (restartAt === null) assertSavedAsInMemory(e, `after "${name}"`);
  }
  keepHistory(e);
  return { log, history, final: e };
}

describe('a restart anywhere changes nothing', () => {
  for (const [title, steps] of Object.entries(SCENARIOS)) {
    test(title, () => {
      const straight = run(steps, null);
      assert.ok(straight.history.length > 0, 'the scenario ends a call');
      for (let k = 1; k < steps.length; k++) {
        const restarted = run(steps, k);
        assert.deepEqual(restarted.log, straight.log, `restart before step ${k} (${steps[k]![0]})`);
        assert.deepEqual(restarted.history, straight.history, `history with a restart before step ${k}`);
      }
    });
  }

  test('the wrap-up due from a call left while on another survives (the scenario ends in wrap-up)', () => {
    const { final } = run(SCENARIOS['wrap-up due from a call left while on another: it applies when the other ends']!, 7);
    assert.equal(final.state('agentA'), 'WORK_READY');
  });
});
