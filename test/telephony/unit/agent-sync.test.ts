import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from './support/engine.js';

test('the agent state follows his calls: RESERVED when offered, TALKING, HOLD, back to TALKING, then out of the call', () => {
  const e = new Engine();
  e.signIn('agentB');
  const id = e.call('5000');
  const seen = [e.state('agentB')];
  e.act('agentB', id, 'ANSWER');
  seen.push(e.state('agentB'));
  e.act('agentB', id, 'HOLD');
  seen.push(e.state('agentB'));
  e.act('agentB', id, 'RETRIEVE');
  seen.push(e.state('agentB'));
  e.act('agentB', id, 'DROP');
  seen.push(e.state('agentB'));
  assert.deepEqual(seen, ['RESERVED', 'TALKING', 'HOLD', 'TALKING', 'WORK_READY']);
});

test('a withdrawn offer gives the agent back his READY', () => {
  const e = new Engine();
  e.signIn('agentA');
  e.sim.hangupExternal(e.call('1001'));
  assert.equal(e.state('agentA'), 'READY');
});

test('calls placed from READY put the agent NOT_READY 50006 afterwards; from NOT_READY he keeps his reason', () => {
  const e = new Engine();
  e.signIn('agentA');
  e.create('agentA', 'MAKE_CALL', '4085551234');
  e.act('agentA', e.id('D1'), 'DROP');
  assert.deepEqual([e.state('agentA'), e.status('agentA').reasonCodeId], ['NOT_READY', '50006']);
});

test('the READY index follows every status change, whoever makes it: routing sees an agent made READY by his supervisor', () => {
  const e = new Engine();
  e.signIn('agentA', false);
  const id = e.call('5000');
  e.setState('agentA', 'READY', 'sup', 'supervisorA');
  assert.equal(e.sim.callView(id)!.participants.find((p) => p.loginId === 'agentA')?.state, 'ALERTING');
});

test('every change of an agent goes through AgentService: persisted before it is published', () => {
  const e = new Engine();
  e.signIn('agentA');
  const id = e.call('5000');
  e.act('agentA', id, 'ANSWER');
  for (const event of e.events) {
    if (event.type === 'UserChanged' && event.user.account.loginId === 'agentA') assert.ok(e.store.statuses.has('agentA'));
  }
  assert.equal(e.store.statuses.get('agentA')!.state, 'TALKING');
});
