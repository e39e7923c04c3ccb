import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Queue } from '../../../src/domain/queue.js';
import type { Call } from '../../../src/telephony/call.js';
import { countingIds } from '../../../src/telephony/call-ids.js';
import { CallRegistry } from '../../../src/telephony/call-registry.js';

const SALES: Queue = { id: '1', name: 'Sales', dialedNumbers: ['5000'], teamIds: ['1'], agentIds: [], ringNoAnswerSeconds: 15, maxQueueTimeSeconds: 600 };
const SUPPORT: Queue = { ...SALES, id: '2', name: 'Support', dialedNumbers: ['5001'] };

const ids = (calls: readonly Call[]): string[] => calls.map((c) => c.id);

function inbound(registry: CallRegistry, now = 0): Call {
  const call = registry.open({ fromAddress: '4085550100', toAddress: '5000', callType: 'ACD_IN' }, now);
  call.addParticipant({ mediaAddress: '4085550100', loginId: null, state: 'INITIATED' }, now);
  return call;
}

describe('the call registry', () => {
  test('ids follow the history: the next after the largest one', () => {
    const registry = new CallRegistry(countingIds(10_000_001));
    assert.deepEqual([inbound(registry).id, inbound(registry).id], ['10000001', '10000002']);
  });

  test("an agent's calls come in creation order, even when he joined the older call later", () => {
    const registry = new CallRegistry(countingIds(1));
    const older = inbound(registry);
    const newer = inbound(registry);
    newer.addParticipant({ mediaAddress: '1001', loginId: 'agentA', state: 'ACTIVE' }, 0);
    older.addParticipant({ mediaAddress: '1001', loginId: 'agentA', state: 'HELD' }, 0);
    assert.deepEqual(ids(registry.callsOf('agentA')), [older.id, newer.id]);
    assert.deepEqual(registry.callsOf('agentB'), []);
  });

  test('live calls of an agent leave out wrap-up, dropped and passive (monitored) participants', () => {
    const registry = new CallRegistry(countingIds(1));
    const talking = inbound(registry);
    talking.addParticipant({ mediaAddress: '1001', loginId: 'agentA', state: 'ACTIVE' }, 0);
    const wrapping = inbound(registry);
    const p = wrapping.addParticipant({ mediaAddress: '1001', loginId: 'agentA', state: 'ACTIVE' }, 0);
    wrapping.setParticipantState(p, 'WRAP_UP', 1);
    const monitor = registry.open({ fromAddress: '1003', toAddress: '1001', callType: 'SUPERVISOR_MONITOR', associatedDialogId: talking.id }, 0);
    monitor.addParticipant({ mediaAddress: '1001', loginId: 'agentA', state: 'ACTIVE', passive: true }, 0);
    assert.deepEqual(ids(registry.liveCallsOf('agentA')), [talking.id]);
    assert.equal(registry.hasLiveCall('agentA'), true);
    assert.deepEqual(ids(registry.callsOf('agentA')), [talking.id, wrapping.id, monitor.id]);
  });

  test('dialogs of an agent are the calls he was told about', () => {
    const registry = new CallRegistry(countingIds(1));
    const a = inbound(registry);
    const b = inbound(registry);
    a.addParticipant({ mediaAddress: '1001', loginId: 'agentA', state: 'ALERTING' }, 0);
    b.addParticipant({ mediaAddress: '1001', loginId: 'agentA', state: 'ALERTING' }, 0);
    b.notified.set('agentA', 'v1');
    assert.deepEqual(ids(registry.dialogsOf('agentA')), [b.id]);
  });

  test('an agent whose last participant is removed is no longer indexed on the call', () => {
    const registry = new CallRegistry(countingIds(1));
    const call = inbound(registry);
    const p = call.addParticipant({ mediaAddress: '1001', loginId: 'agentA', state: 'ALERTING' }, 0);
    call.setParticipantState(p, 'DROPPED', 1);
    assert.deepEqual(ids(registry.callsOf('agentA')), [call.id], 'a dropped participant still counts until removed');
    call.removeParticipant(p);
    assert.deepEqual(registry.callsOf('agentA'), []);
  });

  test('calls sharing an agent with a call, in creation order, the call itself left out', () => {
    const registry = new CallRegistry(countingIds(1));
    const first = inbound(registry);
    const second = inbound(registry);
    const third = inbound(registry);
    const unrelated = inbound(registry);
    third.addParticipant({ mediaAddress: '1001', loginId: 'agentA', state: 'ACTIVE' }, 0);
    third.addParticipant({ mediaAddress: '1002', loginId: 'agentB', state: 'ACTIVE' }, 0);
    second.addParticipant({ mediaAddress: '1002', loginId: 'agentB', state: 'HELD' }, 0);
    first.addParticipant({ mediaAddress: '1001', loginId: 'agentA', state: 'HELD' }, 0);
    unrelated.addParticipant({ mediaAddress: '1004', loginId: 'agentD', state: 'ACTIVE' }, 0);
    assert.deepEqual(ids(registry.callsSharingAgents(third)), [first.id, second.id]);
  });

  test('consults and monitors are found from the call they were started from', () => {
    const registry = new CallRegistry(countingIds(1));
    const original = inbound(registry);
    original.addParticipant({ mediaAddress: '1001', loginId: 'agentA', state: 'HELD' }, 0);
    const monitor = registry.open({ fromAddress: '1003', toAddress: '1001', callType: 'SUPERVISOR_MONITOR', associatedDialogId: original.id }, 0);
    monitor.monitorOf = original;
    monitor.addParticipant({ mediaAddress: '1003', loginId: 'supervisorA', state: 'ACTIVE' }, 0);
    const consult = registry.open({ fromAddress: '1001', toAddress: '1002', callType: 'CONSULT', associatedDialogId: original.id }, 0);
    assert.deepEqual(ids(registry.associatedWith(original)), [monitor.id, consult.id]);
    assert.equal(registry.consultOf(original), consult);
    assert.deepEqual(registry.monitorsOf(original), [monitor]);
    assert.equal(registry.monitorBy('supervisorA', '1001'), monitor);
    assert.equal(registry.monitorBy('supervisorA', '1002'), undefined);
    consult.dialog.mediaProperties.callType = 'TRANSFER';
    assert.equal(registry.consultOf(original), undefined, 'a consult transferred in one step is no longer a consult');
  });

  test('waiting calls of a queue: longest waiting first, ties in creation order; a re-queued call keeps its place', () => {
    const registry = new CallRegistry(countingIds(1));
    const a = inbound(registry);
    const b = inbound(registry);
    const c = inbound(registry);
    const other = inbound(registry);
    c.enterQueue(SALES, 100);
    b.enterQueue(SALES, 200);
    a.enterQueue(SALES, 200);
    other.enterQueue(SUPPORT, 50);
    assert.deepEqual(ids(registry.waitingIn(SALES)), [c.id, a.id, b.id]);
    c.offerTo('agentA');
    assert.deepEqual(ids(registry.waitingIn(SALES)), [a.id, b.id]);
    c.requeue();
    assert.deepEqual(ids(registry.waitingIn(SALES)), [c.id, a.id, b.id]);
    a.end('abandoned');
    assert.deepEqual(ids(registry.waitingIn(SALES)), [c.id, b.id]);
    assert.deepEqual(ids(registry.waitingIn(SUPPORT)), [other.id]);
  });

  test('a waiting call transferred to another queue waits there, from now on', () => {
    const registry = new CallRegistry(countingIds(1));
    const moving = inbound(registry);
    const other = inbound(registry);
    moving.enterQueue(SALES, 100);
    other.enterQueue(SUPPORT, 200);
    moving.enterQueue(SUPPORT, 300);
    assert.deepEqual([ids(registry.waitingIn(SALES)), ids(registry.waitingIn(SUPPORT))], [[], [other.id, moving.id]]);
    assert.deepEqual([moving.enqueuedAt, moving.queue], [100, SUPPORT], 'the queue time limit still counts from the first queue');
  });

  test('a removed call leaves every index', () => {
    const registry = new CallRegistry(countingIds(1));
    const original = inbound(registry);
    original.addParticipant({ mediaAddress: '1001', loginId: 'agentA', state: 'ACTIVE' }, 0);
    original.enterQueue(SALES, 0);
    const consult = registry.open({ fromAddress: '1001', toAddress: '1002', callType: 'CONSULT', associatedDialogId: original.id }, 0);
    registry.remove(original);
    registry.remove(consult);
    assert.deepEqual(
      [registry.get(original.id), registry.callsOf('agentA'), registry.waitingIn(SALES), registry.associatedWith(original)],
      [undefined, [], [], []],
    );
    assert.equal(registry.isRegistered(original), false);
    assert.deepEqual(registry.takeChanged(), []);
  });

  test('changed calls are handed out once, with the monitors of each, in creation order', () => {
    const registry = new CallRegistry(countingIds(1));
    const watched = inbound(registry);
    const monitor = registry.open({ fromAddress: '1003', toAddress: '1001', callType: 'SUPERVISOR_MONITOR', associatedDialogId: watched.id }, 0);
    monitor.monitorOf = watched;
    const idle = inbound(registry);
    registry.takeChanged();
    watched.addParticipant({ mediaAddress: '1001', loginId: 'agentA', state: 'ACTIVE' }, 0);
    assert.deepEqual(ids(registry.takeChanged()), [watched.id, monitor.id]);
    assert.deepEqual(registry.takeChanged(), []);
    registry.markChanged(idle);
    assert.deepEqual(ids(registry.takeChanged()), [idle.id]);
  });

  test('the context of a participant: what its agent does on other calls', () => {
    const registry = new CallRegistry(countingIds(1));
    const original = inbound(registry);
    const held = original.addParticipant({ mediaAddress: '1001', loginId: 'agentA', state: 'HELD' }, 0);
    const consult = registry.open({ fromAddress: '1001', toAddress: '1002', callType: 'CONSULT', associatedDialogId: original.id }, 0);
    const active = consult.addParticipant({ mediaAddress: '1001', loginId: 'agentA', state: 'ACTIVE' }, 0);
    assert.deepEqual(registry.contextOf(held, original.dialog), { hasOtherActiveCall: true, hasOtherHeldCall: false });
    assert.deepEqual(registry.contextOf(active, consult.dialog), { hasOtherActiveCall: false, hasOtherHeldCall: true });
  });

  test('talk direction by the first live call: inbound, outbound, internal', () => {
    const registry = new CallRegistry(countingIds(1));
    const out = registry.open({ fromAddress: '1001', toAddress: '4085551234', callType: 'OUT' }, 0);
    out.addParticipant({ mediaAddress: '1001', loginId: 'agentA', state: 'ACTIVE' }, 0);
    const consult = registry.open({ fromAddress: '1002', toAddress: '1004', callType: 'CONSULT' }, 0);
    consult.addParticipant({ mediaAddress: '1002', loginId: 'agentB', state: 'ACTIVE' }, 0);
    inbound(registry).addParticipant({ mediaAddress: '1004', loginId: 'agentD', state: 'ACTIVE' }, 0);
    assert.deepEqual(
      ['agentA', 'agentB', 'agentD', 'nobody'].map((id) => registry.talkDirectionOf(id)),
      ['outbound', 'internal', 'inbound', null],
    );
  });
});
