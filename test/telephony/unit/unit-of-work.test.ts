import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ManualClock } from '../../../src/domain/clock.js';
import type { DomainEvent } from '../../../src/domain/events.js';
import { EventBus } from '../../../src/domain/events.js';
import type { Call } from '../../../src/telephony/call.js';
import { countingIds } from '../../../src/telephony/call-ids.js';
import { CallRegistry } from '../../../src/telephony/call-registry.js';
import { DialogPublisher } from '../../../src/telephony/dialog-publisher.js';
import type { SettleSteps } from '../../../src/telephony/unit-of-work.js';
import { UnitOfWork } from '../../../src/telephony/unit-of-work.js';

/** A unit of work whose settle steps only write down what they are asked, and a bus whose dialog events are logged. */
function harness(steps: Partial<SettleSteps> = {}) {
  const log: string[] = [];
  const bus = new EventBus();
  bus.subscribe((e: DomainEvent) => {
    if (e.type === 'DialogAdded' || e.type === 'DialogUpdated' || e.type === 'DialogRemoved')
      log.push(`${e.type} ${e.loginId} ${e.dialog.id} ${e.dialog.state}${e.requestId ? ` [${e.requestId}]` : ''}`);
  });
  const clock = new ManualClock();
  const registry = new CallRegistry(countingIds(1));
  const publisher = new DialogPublisher(bus, clock, (p, d) => registry.contextOf(p, d));
  const uow = new UnitOfWork(registry, publisher, {
    reconcileAgent: (loginId, requestId) => log.push(`reconcile ${loginId}${requestId ? ` [${requestId}]` : ''}`),
    reviewCall: (call) => log.push(`review ${call.id}`),
    afterSettle: () => log.push('after'),
    saveCalls: () => undefined,
    ...steps,
  });
  const call = (agent: string, state: 'ALERTING' | 'ACTIVE' = 'ALERTING'): Call => {
    const c = registry.open({ fromAddress: '4085550100', toAddress: '5000', callType: 'ACD_IN' }, 0);
    c.addParticipant({ mediaAddress: '4085550100', loginId: null, state: state === 'ACTIVE' ? 'ACTIVE' : 'INITIATED' }, 0);
    c.addParticipant({ mediaAddress: '1001', loginId: agent, state }, 0);
    return c;
  };
  return { log, uow, registry, call };
}

describe('the unit of work', () => {
  test('touched agents settle once, in the order first touched, with the requestId of that change', () => {
    const { log, uow, registry } = harness();
    registry.takeChanged();
    uow.run(() => {
      uow.touch('agentB');
      uow.touch('agentA');
      uow.touch('agentB');
    }, 'r1');
    assert.deepEqual(log, ['reconcile agentB [r1]', 'reconcile agentA [r1]', 'after']);
  });

  test('nested changes settle once, when the outermost is done', () => {
    const { log, uow, registry } = harness();
    registry.takeChanged();
    uow.run(() => {
      uow.run(() => uow.touch('agentA'), 'inner');
      log.push('outer goes on');
    }, 'outer');
    assert.deepEqual(log, ['outer goes on', 'reconcile agentA [outer]', 'after']);
  });

  test('each round: agents, then changed calls, then deferred work; work deferred touches with no requestId and adds a round', () => {
    const { log, uow, call } = harness();
    uow.run(() => {
      const c = call('agentA');
      uow.touch('agentA');
      uow.later(() => {
        log.push('deferred');
        uow.touch('agentB');
      });
      log.push(`made ${c.id}`);
    }, 'r1');
    assert.deepEqual(log, ['made 1', 'reconcile agentA [r1]', 'review 1', 'deferred', 'reconcile agentB', 'after']);
  });

  test('work deferred outside any change runs at once, as a change of its own', () => {
    const { log, uow, registry } = harness();
    registry.takeChanged();
    uow.later(() => uow.touch('agentA'));
    assert.deepEqual(log, ['reconcile agentA', 'after']);
  });

  test('a change that throws is not settled; what it touched waits for the next one', () => {
    const { log, uow, registry } = harness();
    registry.takeChanged();
    assert.throws(() =>
      uow.run(() => {
        uow.touch('agentA');
        throw new Error('refused');
      }, 'bad'),
    );
    assert.deepEqual(log, []);
    uow.run(() => undefined, 'next');
    assert.deepEqual(log, ['reconcile agentA [bad]', 'after']);
  });

  test('commit publishes POST/PUT for the call, then for the other calls of its agents, in creation order', () => {
    const { log, uow, call } = harness();
    const older = call('agentA', 'ACTIVE');
    const unrelated = call('agentB', 'ACTIVE');
    uow.commit(older, 'a');
    uow.commit(unrelated, 'b');
    const newer = call('agentA', 'ACTIVE');
    older.setParticipantState(older.dialog.participants[1]!, 'HELD', 1);
    uow.commit(newer, 'c');
    assert.deepEqual(log, [
      'DialogAdded agentA 1 ACTIVE [a]',
      'DialogAdded agentB 2 ACTIVE [b]',
      'DialogAdded agentA 3 ACTIVE [c]',
      'DialogUpdated agentA 1 ACTIVE [c]',
    ]);
  });

  test('a call committed unchanged publishes nothing; removeDropped sends DELETE to dropped agents only', () => {
    const { log, uow, call } = harness();
    const c = call('agentA', 'ACTIVE');
    c.addParticipant({ mediaAddress: '1002', loginId: 'agentB', state: 'ACTIVE' }, 0);
    uow.commit(c, 'a');
    uow.commit(c, 'again');
    c.setParticipantState(c.dialog.participants[2]!, 'DROPPED', 1);
    uow.removeDropped(c, 'd');
    assert.deepEqual(log, ['DialogAdded agentA 1 ACTIVE [a]', 'DialogAdded agentB 1 ACTIVE [a]', 'DialogRemoved agentB 1 ACTIVE [d]']);
  });

  test('a call reviewed while settling may be changed again: it is reviewed in the next settle', () => {
    const reviewed: string[] = [];
    let first = true;
    const { uow, call } = harness({
      reviewCall: (c) => {
        reviewed.push(c.id);
        if (first) {
          first = false;
          c.notified.set('x', 'y');
          uow.flush(c, '');
        }
      },
    });
    uow.run(() => void call('agentA'));
    uow.run(() => undefined);
    assert.deepEqual(reviewed, ['1', '1']);
  });
});
