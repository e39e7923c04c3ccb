import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AgentState } from '../../src/domain/agent-state.js';
import { AGENT_STATES } from '../../src/domain/agent-state.js';
import {
  callConnected,
  callEnded,
  callHeld,
  callRetrieved,
  decideStateRequest,
  offerCall,
  reserveOutbound,
  ringNoAnswer,
  withdrawReservation,
  wrapUpEnded,
} from '../../src/domain/agent-state-machine.js';
import type { StatePolicy, StateRequest, StateRequestFacts } from '../../src/domain/agent-state-machine.js';
import { ManualClock } from '../../src/domain/clock.js';
import { Directory } from '../../src/domain/directory.js';
import { DomainError } from '../../src/domain/errors.js';
import type { DomainErrorKind } from '../../src/domain/errors.js';
import type { AgentStatus, ReasonCode, UserAccount } from '../../src/domain/model.js';
import { SIGNED_OUT } from '../../src/domain/model.js';

// ---- a small contact center built by hand ----

const settings = { wrapUpOnIncoming: 'OPTIONAL', wrapUpOnOutgoing: 'NOT_ALLOWED', wrapUpTimerSeconds: 0 } as const;
const user = (loginId: string, roles: UserAccount['roles'], teamId: string | null, supervisedTeamIds: string[] = []): UserAccount => ({
  loginId,
  loginName: loginId,
  firstName: loginId,
  lastName: 'Test',
  roles,
  teamId,
  supervisedTeamIds,
});
const code = (id: string, category: ReasonCode['category'], forAll = true, teamIds: string[] = []): ReasonCode => ({
  id,
  category,
  code: Number(id) + 100,
  label: `code ${id}`,
  forAll,
  systemCode: false,
  teamIds,
});

const agentA = user('agentA', ['Agent'], '1');
const agentB = user('agentB', ['Agent'], '1');
const supervisorA = user('supervisorA', ['Agent', 'Supervisor'], '1', ['1']);
const agentC = user('agentC', ['Agent'], '2');
const admin = user('admin', ['Administrator'], null);

function buildDirectory(withCodes = true): Directory {
  const directory = new Directory();
  directory.putTeam({ id: '1', name: 'Team A', settings });
  directory.putTeam({ id: '2', name: 'Team B', settings });
  for (const u of [agentA, agentB, supervisorA, agentC, admin]) directory.putUser(u);
  if (withCodes) {
    directory.putReasonCode(code('1', 'NOT_READY'));
    directory.putReasonCode(code('2', 'NOT_READY'));
    directory.putReasonCode(code('4', 'NOT_READY', false, ['1']));
    directory.putReasonCode(code('5', 'LOGOUT'));
    directory.putReasonCode(code('7', 'LOGOUT', false, ['2']));
  }
  return directory;
}

const clock = new ManualClock(Date.UTC(2026, 2, 1, 9, 0, 0, 123));
const EARLIER = Date.UTC(2026, 2, 1, 8, 0, 0, 0);
const LENIENT: StatePolicy = { requireReasonCodes: false };
const STRICT: StatePolicy = { requireReasonCodes: true };

/** A status in `state`, signed in on 1001 unless LOGOUT, changed at EARLIER. */
function status(state: AgentState, extra: Partial<AgentStatus> = {}): AgentStatus {
  const base: AgentStatus =
    state === 'LOGOUT'
      ? { ...SIGNED_OUT }
      : {
          ...SIGNED_OUT,
          state,
          extension: '1001',
          stateChangeTime: EARLIER,
          preCallState: ['TALKING', 'HOLD', 'RESERVED', 'RESERVED_OUTBOUND', 'RESERVED_OUTBOUND_PREVIEW'].includes(state) ? 'READY' : null,
        };
  return Object.freeze({ ...base, ...extra });
}

function decide(
  from: AgentStatus,
  request: StateRequest,
  options: { actor?: UserAccount; target?: UserAccount; policy?: StatePolicy; directory?: Directory } = {},
): AgentStatus {
  const directory = options.directory ?? buildDirectory();
  const target = options.target ?? agentA;
  directory.setStatus(target.loginId, from);
  return decideStateRequest(
    options.actor ?? target,
    target,
    request,
    factsOf(directory, options.actor ?? target, target, request),
    clock.now(),
    options.policy ?? LENIENT,
  );
}

/** The facts the service looks up for a decision, from a test directory. */
function factsOf(directory: Directory, actor: UserAccount, target: UserAccount, request: StateRequest): StateRequestFacts {
  const holder = request.extension ? directory.holderOfExtension(request.extension) : undefined;
  return {
    current: directory.statusOf(target.loginId),
    supervisesTarget: directory.supervises(actor, target),
    extensionHolder: holder,
    reasonCodes: { NOT_READY: directory.reasonCodesFor(target, 'NOT_READY'), LOGOUT: directory.reasonCodesFor(target, 'LOGOUT') },
  };
}

function assertRefused(fn: () => unknown, kind: DomainErrorKind, data?: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof DomainError, `expected a DomainError, got ${String(error)}`);
    assert.equal(error.kind, kind, `kind (message: ${error.message})`);
    if (data !== undefined) assert.equal(error.data, data, 'ErrorData');
    return true;
  });
}

const ALL: readonly AgentState[] = AGENT_STATES;
const PENDING: readonly AgentState[] = ['TALKING', 'HOLD', 'RESERVED_OUTBOUND_PREVIEW'];
const others = (allowed: readonly AgentState[]): AgentState[] => ALL.filter((s) => !allowed.includes(s));

// ---- the agent's own requests (reference §5.1–§5.3, CCE) ----

describe('agent LOGIN', () => {
  test('from LOGOUT signs in NOT_READY with reason -1 (null), the extension and a new stateChangeTime', () => {
    const next = decide(status('LOGOUT'), { state: 'LOGIN', extension: '1001' });
    assert.deepEqual(next, { ...SIGNED_OUT, state: 'NOT_READY', extension: '1001', stateChangeTime: clock.now(), reasonCodeId: null });
  });

  for (const from of others(['LOGOUT'])) {
    test(`from ${from} on the same extension is forced: the state is kept`, () => {
      const before = status(from, { reasonCodeId: from === 'NOT_READY' ? '1' : null });
      assert.deepEqual(decide(before, { state: 'LOGIN', extension: '1001' }), before);
    });
  }

  test('needs an extension (Parameter Missing, data "extension")', () => {
    assertRefused(() => decide(status('LOGOUT'), { state: 'LOGIN' }), 'ParameterMissing', 'extension');
    assertRefused(() => decide(status('LOGOUT'), { state: 'LOGIN', extension: '' }), 'ParameterMissing', 'extension');
  });

  test('refuses a malformed extension (Bad Request)', () => {
    assertRefused(() => decide(status('LOGOUT'), { state: 'LOGIN', extension: '10a1' }), 'BadRequest', '10a1');
    assertRefused(() => decide(status('LOGOUT'), { state: 'LOGIN', extension: '1234567890123456' }), 'BadRequest');
  });

  test('refuses an extension another signed-in agent holds', () => {
    const directory = buildDirectory();
    directory.setStatus('agentB', status('READY', { extension: '1002' }));
    assertRefused(() => decide(status('LOGOUT'), { state: 'LOGIN', extension: '1002' }, { directory }), 'BadRequest', '1002');
  });

  test('a signed-in agent cannot switch to another extension by signing in again', () => {
    assertRefused(() => decide(status('READY'), { state: 'LOGIN', extension: '1009' }), 'InvalidState');
  });

  test('a user without the Agent role cannot sign in', () => {
    assertRefused(() => decide(status('LOGOUT'), { state: 'LOGIN', extension: '1001' }, { target: admin }), 'AuthorizationFailure', 'admin');
  });
});

describe('agent READY', () => {
  const immediate: AgentState[] = ['NOT_READY', 'WORK', 'WORK_READY', 'RESERVED_OUTBOUND'];
  for (const from of immediate) {
    test(`from ${from} → READY now, reason cleared, pending cleared`, () => {
      const next = decide(status(from, { reasonCodeId: '1' }), { state: 'READY' });
      assert.equal(next.state, 'READY');
      assert.equal(next.reasonCodeId, null);
      assert.equal(next.pendingState, null);
      assert.equal(next.stateChangeTime, clock.now());
      assert.equal(next.extension, '1001');
    });
  }
  for (const from of PENDING) {
    test(`from ${from} → pending READY, state and stateChangeTime unchanged`, () => {
      const before = status(from);
      const next = decide(before, { state: 'READY' });
      assert.deepEqual(next, { ...before, pendingState: 'READY', pendingReasonCodeId: null });
    });
  }
  for (const from of others([...immediate, ...PENDING])) {
    test(`from ${from} → Invalid State`, () => {
      assertRefused(() => decide(status(from), { state: 'READY' }), 'InvalidState', 'READY');
    });
  }
  test('with a reason code → Invalid Input', () => {
    assertRefused(() => decide(status('NOT_READY'), { state: 'READY', reasonCodeId: '1' }), 'InvalidInput', 'reasonCodeId');
  });
});

describe('agent NOT_READY', () => {
  const immediate: AgentState[] = ['READY', 'NOT_READY', 'WORK', 'WORK_READY', 'RESERVED_OUTBOUND'];
  for (const from of immediate) {
    test(`from ${from} → NOT_READY now with the reason code`, () => {
      const next = decide(status(from), { state: 'NOT_READY', reasonCodeId: '2' });
      assert.equal(next.state, 'NOT_READY');
      assert.equal(next.reasonCodeId, '2');
      assert.equal(next.pendingState, null);
      assert.equal(next.stateChangeTime, clock.now());
    });
  }
  for (const from of PENDING) {
    test(`from ${from} → pending NOT_READY with the reason code, state unchanged`, () => {
      const before = status(from);
      assert.deepEqual(decide(before, { state: 'NOT_READY', reasonCodeId: '2' }), { ...before, pendingState: 'NOT_READY', pendingReasonCodeId: '2' });
    });
  }
  for (const from of others([...immediate, ...PENDING])) {
    test(`from ${from} → Invalid State`, () => {
      assertRefused(() => decide(status(from), { state: 'NOT_READY' }), 'InvalidState', 'NOT_READY');
    });
  }
  test('NOT_READY → NOT_READY changes the reason code', () => {
    const next = decide(status('NOT_READY', { reasonCodeId: '1' }), { state: 'NOT_READY', reasonCodeId: '2' });
    assert.equal(next.reasonCodeId, '2');
  });
  test('without a reason code the reason is none (-1)', () => {
    assert.equal(decide(status('READY'), { state: 'NOT_READY' }).reasonCodeId, null);
    assert.equal(decide(status('READY'), { state: 'NOT_READY', reasonCodeId: '-1' }).reasonCodeId, null);
    assert.equal(decide(status('READY'), { state: 'NOT_READY', reasonCodeId: '' }).reasonCodeId, null);
  });
});

describe('agent LOGOUT (CCE: only from NOT_READY)', () => {
  test('from NOT_READY → LOGOUT, extension cleared, reason code kept, new stateChangeTime', () => {
    const next = decide(status('NOT_READY', { reasonCodeId: '1' }), { state: 'LOGOUT', reasonCodeId: '5' });
    assert.deepEqual(next, { ...SIGNED_OUT, reasonCodeId: '5', stateChangeTime: clock.now() });
  });
  test('from NOT_READY without reason code → LOGOUT with reason -1', () => {
    assert.equal(decide(status('NOT_READY'), { state: 'LOGOUT' }).reasonCodeId, null);
  });
  for (const from of PENDING) {
    test(`from ${from} → pending LOGOUT`, () => {
      const before = status(from);
      assert.deepEqual(decide(before, { state: 'LOGOUT', reasonCodeId: '5' }), { ...before, pendingState: 'LOGOUT', pendingReasonCodeId: '5' });
    });
  }
  for (const from of others(['NOT_READY', ...PENDING])) {
    test(`from ${from} → Invalid State`, () => {
      assertRefused(() => decide(status(from), { state: 'LOGOUT' }), 'InvalidState', 'LOGOUT');
    });
  }
});

describe('requests that are not agent requests', () => {
  test('missing or empty state → Parameter Missing "state"', () => {
    assertRefused(() => decide(status('READY'), {}), 'ParameterMissing', 'state');
    assertRefused(() => decide(status('READY'), { state: '' }), 'ParameterMissing', 'state');
  });
  for (const state of ['RESERVED', 'RESERVED_OUTBOUND', 'RESERVED_OUTBOUND_PREVIEW', 'TALKING', 'HOLD', 'WORK', 'WORK_READY', 'UNKNOWN']) {
    test(`${state} cannot be requested → Invalid State`, () => {
      assertRefused(() => decide(status('NOT_READY'), { state }), 'InvalidState', state);
    });
  }
  test('an unknown state → Invalid Input', () => {
    assertRefused(() => decide(status('NOT_READY'), { state: 'SLEEPING' }), 'InvalidInput', 'SLEEPING');
    assertRefused(() => decide(status('NOT_READY'), { state: 'ready' }), 'InvalidInput', 'ready');
  });
  test('another agent → Invalid Authorization User (data = the actor)', () => {
    assertRefused(() => decide(status('READY'), { state: 'NOT_READY' }, { actor: agentB }), 'InvalidAuthorizationUser', 'agentB');
  });
  test('an administrator cannot change an agent', () => {
    assertRefused(() => decide(status('READY'), { state: 'NOT_READY' }, { actor: admin }), 'InvalidAuthorizationUser', 'admin');
  });
});

// ---- reason codes (§5.4) ----

describe('reason codes on NOT_READY / LOGOUT', () => {
  test('a team-assigned code is accepted for a member of that team only', () => {
    assert.equal(decide(status('READY'), { state: 'NOT_READY', reasonCodeId: '4' }).reasonCodeId, '4');
    assertRefused(() => decide(status('READY'), { state: 'NOT_READY', reasonCodeId: '4' }, { target: agentC }), 'InvalidInput', '4');
    assert.equal(decide(status('NOT_READY'), { state: 'LOGOUT', reasonCodeId: '7' }, { target: agentC }).reasonCodeId, '7');
    assertRefused(() => decide(status('NOT_READY'), { state: 'LOGOUT', reasonCodeId: '7' }), 'InvalidInput', '7');
  });
  test('a code of the other category or an unknown code → Invalid Input', () => {
    assertRefused(() => decide(status('READY'), { state: 'NOT_READY', reasonCodeId: '5' }), 'InvalidInput', '5');
    assertRefused(() => decide(status('NOT_READY'), { state: 'LOGOUT', reasonCodeId: '1' }), 'InvalidInput', '1');
    assertRefused(() => decide(status('READY'), { state: 'NOT_READY', reasonCodeId: '42' }), 'InvalidInput', '42');
  });
  test('a system code cannot be picked by an agent', () => {
    assertRefused(() => decide(status('READY'), { state: 'NOT_READY', reasonCodeId: '999' }), 'InvalidInput', '999');
  });
  test('an invalid code is refused even while the request would only be pending', () => {
    assertRefused(() => decide(status('TALKING'), { state: 'NOT_READY', reasonCodeId: '42' }), 'InvalidInput', '42');
  });
  test('requireReasonCodes: NOT_READY and LOGOUT need a code when codes of that category exist', () => {
    assertRefused(() => decide(status('READY'), { state: 'NOT_READY' }, { policy: STRICT }), 'ParameterMissing', 'reasonCodeId');
    assertRefused(() => decide(status('READY'), { state: 'NOT_READY', reasonCodeId: '-1' }, { policy: STRICT }), 'ParameterMissing', 'reasonCodeId');
    assertRefused(() => decide(status('NOT_READY'), { state: 'LOGOUT' }, { policy: STRICT }), 'ParameterMissing', 'reasonCodeId');
    assertRefused(() => decide(status('TALKING'), { state: 'NOT_READY' }, { policy: STRICT }), 'ParameterMissing', 'reasonCodeId');
    assert.equal(decide(status('READY'), { state: 'NOT_READY', reasonCodeId: '1' }, { policy: STRICT }).reasonCodeId, '1');
  });
  test('requireReasonCodes: without configured codes no code is needed; LOGIN and READY never need one', () => {
    const empty = buildDirectory(false);
    assert.equal(decide(status('READY'), { state: 'NOT_READY' }, { policy: STRICT, directory: empty }).state, 'NOT_READY');
    assert.equal(decide(status('NOT_READY'), { state: 'LOGOUT' }, { policy: STRICT, directory: empty }).state, 'LOGOUT');
    assert.equal(decide(status('LOGOUT'), { state: 'LOGIN', extension: '1001' }, { policy: STRICT }).state, 'NOT_READY');
    assert.equal(decide(status('NOT_READY'), { state: 'READY' }, { policy: STRICT }).state, 'READY');
  });
});

// ---- supervisor rules (§5.5) ----

describe('supervisor requests on a team agent', () => {
  const asSupervisor = { actor: supervisorA };
  const logoutFrom: AgentState[] = [
    'READY',
    'NOT_READY',
    'RESERVED',
    'RESERVED_OUTBOUND',
    'RESERVED_OUTBOUND_PREVIEW',
    'TALKING',
    'HOLD',
    'WORK',
    'WORK_READY',
  ];
  for (const from of logoutFrom) {
    test(`LOGOUT from ${from} is allowed and carries 999`, () => {
      const before = status(from);
      const next = decide(before, { state: 'LOGOUT' }, asSupervisor);
      if (PENDING.includes(from)) {
        assert.deepEqual(next, { ...before, pendingState: 'LOGOUT', pendingReasonCodeId: '999' });
      } else {
        assert.deepEqual(next, { ...SIGNED_OUT, reasonCodeId: '999', stateChangeTime: clock.now() });
      }
    });
  }
  for (const from of others(logoutFrom)) {
    test(`LOGOUT from ${from} → Invalid State`, () => {
      assertRefused(() => decide(status(from), { state: 'LOGOUT' }, asSupervisor), 'InvalidState', 'LOGOUT');
    });
  }

  const notReadyFrom: AgentState[] = ['READY', 'WORK', 'WORK_READY'];
  for (const from of notReadyFrom) {
    test(`NOT_READY from ${from} is allowed and carries 999`, () => {
      const next = decide(status(from), { state: 'NOT_READY' }, asSupervisor);
      assert.equal(next.state, 'NOT_READY');
      assert.equal(next.reasonCodeId, '999');
      assert.equal(next.stateChangeTime, clock.now());
      assert.equal(next.extension, '1001');
    });
  }
  for (const from of others(notReadyFrom)) {
    test(`NOT_READY from ${from} → Invalid State`, () => {
      assertRefused(() => decide(status(from), { state: 'NOT_READY' }, asSupervisor), 'InvalidState', 'NOT_READY');
    });
  }

  test('READY from NOT_READY (e.g. after his own forced NOT_READY) clears the reason code', () => {
    const next = decide(status('NOT_READY', { reasonCodeId: '999' }), { state: 'READY' }, asSupervisor);
    assert.equal(next.state, 'READY');
    assert.equal(next.reasonCodeId, null);
  });
  test('READY from LOGOUT → Invalid State (a supervisor cannot sign an agent in)', () => {
    assertRefused(() => decide(status('LOGOUT'), { state: 'READY' }, asSupervisor), 'InvalidState', 'READY');
  });
  test('LOGIN → Invalid Input', () => {
    assertRefused(() => decide(status('LOGOUT'), { state: 'LOGIN', extension: '1001' }, asSupervisor), 'InvalidInput', 'LOGIN');
  });
  test('a state other than READY / NOT_READY / LOGOUT → refused', () => {
    assertRefused(() => decide(status('READY'), { state: 'TALKING' }, asSupervisor), 'InvalidState', 'TALKING');
    assertRefused(() => decide(status('READY'), { state: 'BREAK' }, asSupervisor), 'InvalidInput', 'BREAK');
  });
  test('any reasonCodeId → Invalid Input, even a valid one and even -1', () => {
    assertRefused(() => decide(status('READY'), { state: 'NOT_READY', reasonCodeId: '1' }, asSupervisor), 'InvalidInput', 'reasonCodeId');
    assertRefused(() => decide(status('READY'), { state: 'LOGOUT', reasonCodeId: '5' }, asSupervisor), 'InvalidInput', 'reasonCodeId');
    assertRefused(() => decide(status('READY'), { state: 'NOT_READY', reasonCodeId: '-1' }, asSupervisor), 'InvalidInput', 'reasonCodeId');
  });
  test('requireReasonCodes does not apply to forced changes', () => {
    assert.equal(decide(status('READY'), { state: 'NOT_READY' }, { ...asSupervisor, policy: STRICT }).reasonCodeId, '999');
  });
  test('an agent outside his teams → Invalid Supervisor (data = the supervisor)', () => {
    assertRefused(() => decide(status('READY'), { state: 'NOT_READY' }, { actor: supervisorA, target: agentC }), 'InvalidSupervisor', 'supervisorA');
  });
  test('the 999 code resolves to "Supervisor Initiated" in the right category', () => {
    const directory = buildDirectory();
    directory.setStatus('agentA', decide(status('READY'), { state: 'NOT_READY' }, asSupervisor));
    const notReady = directory.reasonCodeOf(directory.statusOf('agentA'));
    assert.deepEqual([notReady?.category, notReady?.code, notReady?.label, notReady?.systemCode], ['NOT_READY', 999, 'Supervisor Initiated', true]);
    directory.setStatus('agentA', decide(status('READY'), { state: 'LOGOUT' }, asSupervisor));
    const logout = directory.reasonCodeOf(directory.statusOf('agentA'));
    assert.deepEqual([logout?.category, logout?.code], ['LOGOUT', 999]);
  });
});

// ---- call-driven transitions (§5.2, §5.3) ----

describe('calls', () => {
  const t0 = EARLIER;
  const t1 = t0 + 1000;
  const t2 = t0 + 2000;
  const t3 = t0 + 3000;

  test('inbound: READY → RESERVED → TALKING → HOLD → TALKING → ended without wrap-up → READY', () => {
    const reserved = offerCall(status('READY', { preCallState: null }), t1);
    assert.equal(reserved.state, 'RESERVED');
    assert.equal(reserved.stateChangeTime, t1);
    const talking = callConnected(reserved, t2);
    assert.equal(talking.state, 'TALKING');
    const held = callHeld(talking, t3);
    assert.equal(held.state, 'HOLD');
    const retrieved = callRetrieved(held, t3 + 1);
    assert.equal(retrieved.state, 'TALKING');
    const after = callEnded(retrieved, t3 + 2, false);
    assert.deepEqual([after.state, after.reasonCodeId, after.pendingState, after.stateChangeTime, after.extension], ['READY', null, null, t3 + 2, '1001']);
  });

  test('ended from HOLD works too', () => {
    const held = callHeld(callConnected(offerCall(status('READY'), t1), t1), t2);
    assert.equal(callEnded(held, t3, false).state, 'READY');
  });

  test('inbound with wrap-up: → WORK_READY, then wrap-up ends → READY', () => {
    const talking = callConnected(offerCall(status('READY'), t1), t1);
    const work = callEnded(talking, t2, true);
    assert.deepEqual([work.state, work.reasonCodeId, work.stateChangeTime], ['WORK_READY', null, t2]);
    const done = wrapUpEnded(work, t3);
    assert.deepEqual([done.state, done.stateChangeTime], ['READY', t3]);
  });

  test('a call from NOT_READY (reason 2) returns to NOT_READY 2, or WORK then NOT_READY 2 with wrap-up', () => {
    const talking = callConnected(status('NOT_READY', { reasonCodeId: '2' }), t1);
    assert.equal(talking.state, 'TALKING');
    const back = callEnded(talking, t2, false);
    assert.deepEqual([back.state, back.reasonCodeId], ['NOT_READY', '2']);
    const work = callEnded(talking, t2, true);
    assert.deepEqual([work.state, work.reasonCodeId], ['WORK', '2']);
    const done = wrapUpEnded(work, t3);
    assert.deepEqual([done.state, done.reasonCodeId], ['NOT_READY', '2']);
  });

  test('a call placed from READY ends NOT_READY with system code 50006 (CCE 12.5)', () => {
    const talking = callConnected(status('READY'), t1);
    const after = callEnded(talking, t2, false);
    assert.deepEqual([after.state, after.reasonCodeId], ['NOT_READY', '50006']);
  });

  test('a pending state wins over the pre-call state; the last pending request wins', () => {
    const directory = buildDirectory();
    const talking = callConnected(offerCall(status('READY'), t1), t1);
    directory.setStatus('agentA', talking);
    const p1 = decideStateRequest(
      agentA,
      agentA,
      { state: 'NOT_READY', reasonCodeId: '1' },
      factsOf(directory, agentA, agentA, { state: 'NOT_READY', reasonCodeId: '1' }),
      t2,
      LENIENT,
    );
    directory.setStatus('agentA', p1);
    const p2 = decideStateRequest(
      agentA,
      agentA,
      { state: 'NOT_READY', reasonCodeId: '2' },
      factsOf(directory, agentA, agentA, { state: 'NOT_READY', reasonCodeId: '2' }),
      t2,
      LENIENT,
    );
    assert.deepEqual([p2.state, p2.pendingState, p2.pendingReasonCodeId, p2.stateChangeTime], ['TALKING', 'NOT_READY', '2', t1]);
    const after = callEnded(p2, t3, false);
    assert.deepEqual([after.state, after.reasonCodeId, after.pendingState, after.pendingReasonCodeId], ['NOT_READY', '2', null, null]);
    const wrap = callEnded(p2, t3, true);
    assert.deepEqual([wrap.state, wrap.reasonCodeId, wrap.pendingState], ['WORK', '2', null]);
  });

  test('pending READY during a call from NOT_READY: READY after the call, WORK_READY with wrap-up', () => {
    const talking = { ...callConnected(status('NOT_READY', { reasonCodeId: '1' }), t1), pendingState: 'READY' as const };
    assert.deepEqual([callEnded(talking, t2, false).state, callEnded(talking, t2, false).reasonCodeId], ['READY', null]);
    assert.equal(callEnded(talking, t2, true).state, 'WORK_READY');
  });

  test('pending LOGOUT (by a supervisor) signs out when the call ends, with or without wrap-up', () => {
    const talking = { ...callConnected(offerCall(status('READY'), t1), t1), pendingState: 'LOGOUT' as const, pendingReasonCodeId: '999' };
    for (const wrapUp of [false, true]) {
      assert.deepEqual(callEnded(talking, t2, wrapUp), { ...SIGNED_OUT, reasonCodeId: '999', stateChangeTime: t2 });
    }
  });

  test('ring no answer: RESERVED → NOT_READY 32767', () => {
    const next = ringNoAnswer(offerCall(status('READY'), t1), t2);
    assert.deepEqual([next.state, next.reasonCodeId, next.stateChangeTime], ['NOT_READY', '32767', t2]);
  });

  test('outbound reservation: READY → RESERVED_OUTBOUND(_PREVIEW) → TALKING, or withdrawn → READY or the pending state', () => {
    const outbound = reserveOutbound(status('READY'), false, t1);
    assert.equal(outbound.state, 'RESERVED_OUTBOUND');
    const preview = reserveOutbound(status('READY'), true, t1);
    assert.equal(preview.state, 'RESERVED_OUTBOUND_PREVIEW');
    assert.equal(callConnected(preview, t2).state, 'TALKING');
    assert.equal(withdrawReservation(outbound, t2).state, 'READY');
    const pendingNotReady = { ...preview, pendingState: 'NOT_READY' as const, pendingReasonCodeId: '1' };
    const withdrawn = withdrawReservation(pendingNotReady, t2);
    assert.deepEqual([withdrawn.state, withdrawn.reasonCodeId, withdrawn.pendingState], ['NOT_READY', '1', null]);
    assert.equal(withdrawReservation(offerCall(status('READY'), t1), t2).state, 'READY');
  });

  test('call events from states they do not apply to → Invalid State', () => {
    assertRefused(() => offerCall(status('NOT_READY'), t1), 'InvalidState');
    assertRefused(() => offerCall(status('LOGOUT'), t1), 'InvalidState');
    assertRefused(() => reserveOutbound(status('NOT_READY'), false, t1), 'InvalidState');
    assertRefused(() => withdrawReservation(status('READY'), t1), 'InvalidState');
    assertRefused(() => ringNoAnswer(status('READY'), t1), 'InvalidState');
    assertRefused(() => callConnected(status('LOGOUT'), t1), 'InvalidState');
    assertRefused(() => callHeld(status('READY'), t1), 'InvalidState');
    assertRefused(() => callHeld(status('HOLD'), t1), 'InvalidState');
    assertRefused(() => callRetrieved(status('TALKING'), t1), 'InvalidState');
    assertRefused(() => callEnded(status('READY'), t1, false), 'InvalidState');
    assertRefused(() => callEnded(status('RESERVED'), t1, false), 'InvalidState');
    assertRefused(() => wrapUpEnded(status('NOT_READY'), t1), 'InvalidState');
  });

  test('changes during WORK / WORK_READY apply at once, with no pending state', () => {
    const work = callEnded(callConnected(offerCall(status('READY'), t1), t1), t2, true);
    const directory = buildDirectory();
    directory.setStatus('agentA', work);
    const next = decideStateRequest(
      agentA,
      agentA,
      { state: 'NOT_READY', reasonCodeId: '1' },
      factsOf(directory, agentA, agentA, { state: 'NOT_READY', reasonCodeId: '1' }),
      t3,
      LENIENT,
    );
    assert.deepEqual([next.state, next.pendingState, next.reasonCodeId, next.stateChangeTime], ['NOT_READY', null, '1', t3]);
  });

  test('the functions are pure: the input status is never modified', () => {
    const frozen = status('READY');
    const copy = { ...frozen };
    offerCall(frozen, t1);
    callConnected(frozen, t1);
    decide(frozen, { state: 'NOT_READY' });
    assert.deepEqual(frozen, copy);
  });
});

describe('wrap-up data required (wrapUpDataRequired in the status, kept by the phone system)', () => {
  const decideWith = (from: AgentStatus, request: StateRequest, actor: UserAccount = agentA): AgentStatus => {
    const directory = buildDirectory();
    directory.setStatus(agentA.loginId, { ...from, wrapUpDataRequired: true });
    return decideStateRequest(actor, agentA, request, factsOf(directory, actor, agentA, request), clock.now(), LENIENT);
  };

  test('the agent cannot leave WORK / WORK_READY by READY or NOT_READY while the data is missing', () => {
    for (const state of ['WORK', 'WORK_READY'] as const) {
      assertRefused(() => decideWith(status(state), { state: 'READY' }), 'InvalidState', state);
      assertRefused(() => decideWith(status(state), { state: 'NOT_READY', reasonCodeId: '1' }), 'InvalidState', state);
    }
  });

  test('a supervisor can, and the fact means nothing outside wrap-up', () => {
    assert.equal(decideWith(status('WORK_READY'), { state: 'NOT_READY' }, supervisorA).state, 'NOT_READY');
    assert.equal(decideWith(status('NOT_READY'), { state: 'READY' }).state, 'READY');
    assert.equal(decideWith(status('TALKING'), { state: 'READY' }).pendingState, 'READY');
  });

  test('entering wrap-up sets it when asked; leaving wrap-up, by any transition, clears it', () => {
    const [t1, t2, t3] = [EARLIER + 1000, EARLIER + 2000, EARLIER + 3000];
    const talking = callConnected(offerCall(status('READY'), t1), t1);
    assert.equal(callEnded(talking, t2, true, true).wrapUpDataRequired, true);
    assert.equal(callEnded(talking, t2, true).wrapUpDataRequired, false);
    assert.equal(callEnded(talking, t2, false, true).wrapUpDataRequired, false, 'no wrap-up, nothing owed');
    const owing = callEnded(talking, t2, true, true);
    assert.equal(wrapUpEnded(owing, t3).wrapUpDataRequired, false);
    assert.equal(decideWith(owing, { state: 'NOT_READY' }, supervisorA).wrapUpDataRequired, false);
    assert.equal(callConnected(owing, t3).wrapUpDataRequired, false);
  });
});
