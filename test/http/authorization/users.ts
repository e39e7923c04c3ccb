import assert from 'node:assert/strict';
import { parseXml, textAt } from '../../support/xml.js';
import {
  ACCEPTED,
  INVALID_SUPERVISOR,
  type LoginId,
  MAKE_CALL_BODY,
  MISMATCH,
  OK,
  type Resource,
  STATE_BODY,
  USER_NOT_FOUND,
  USER_TARGETS,
  activeCalls,
  api,
  expectStatus,
  liveDialog,
  person,
  rootName,
  snapshot,
  userRelation,
  userRule,
  userSecrets,
  userTargetLabel,
} from './world.js';

/** The users' own resources: their user, dialogs, queues, reasons, agent state and calls. */
export const USER_RESOURCES: Resource[] = [
  {
    name: 'GET /User/{t}',
    method: 'GET',
    path: (t) => `/User/${t}`,
    targets: USER_TARGETS,
    targetLabel: userTargetLabel,
    expect: userRule({
      self: OK,
      'supervisor of t': OK,
      administrator: OK,
      'administrator, t nonexistent': USER_NOT_FOUND,
      'supervisor, not of t': MISMATCH,
      'agent, not t': MISMATCH,
    }),
    secrets: userSecrets,
    verify: async (r, _a, t) => assert.equal(textAt(parseXml(r.body), 'loginId'), t),
  },
  {
    name: 'GET /User/{t}/Dialogs',
    method: 'GET',
    path: (t) => `/User/${t}/Dialogs`,
    targets: USER_TARGETS,
    targetLabel: userTargetLabel,
    expect: userRule({
      self: OK,
      'supervisor of t': OK,
      administrator: OK,
      'administrator, t nonexistent': USER_NOT_FOUND,
      'supervisor, not of t': MISMATCH,
      'agent, not t': MISMATCH,
    }),
    secrets: userSecrets,
    verify: async (r, _a, t) => {
      const ids = parseXml(r.body).children.map((d) => textAt(d, 'id'));
      assert.deepEqual(ids, t === 'agentA' ? [liveDialog()] : []);
    },
  },
  {
    name: 'GET /User/{t}/Queues',
    method: 'GET',
    path: (t) => `/User/${t}/Queues`,
    targets: USER_TARGETS,
    targetLabel: userTargetLabel,
    expect: userRule({
      self: OK,
      'supervisor of t': OK,
      administrator: OK,
      'administrator, t nonexistent': USER_NOT_FOUND,
      'supervisor, not of t': MISMATCH,
      'agent, not t': MISMATCH,
    }),
    secrets: (t) => [...userSecrets(t), ...(person(t)?.queues ?? [])],
    verify: async (r, _a, t) => {
      const root = parseXml(r.body);
      assert.equal(root.name, 'Queues');
      assert.deepEqual(
        root.children.map((q) => textAt(q, 'name')),
        person(t)!.queues,
      );
    },
  },
  {
    name: 'GET /User/{t}/ReasonCodes?category=NOT_READY',
    method: 'GET',
    path: (t) => `/User/${t}/ReasonCodes?category=NOT_READY`,
    targets: USER_TARGETS,
    targetLabel: userTargetLabel,
    expect: userRule({
      self: OK,
      'supervisor of t': MISMATCH,
      administrator: OK,
      'administrator, t nonexistent': USER_NOT_FOUND,
      'supervisor, not of t': MISMATCH,
      'agent, not t': MISMATCH,
    }),
    secrets: userSecrets,
    verify: async (r) => assert.equal(rootName(r), 'ReasonCodes'),
  },
  {
    name: 'GET /User/{t}/WrapUpReasons',
    method: 'GET',
    path: (t) => `/User/${t}/WrapUpReasons`,
    targets: USER_TARGETS,
    targetLabel: userTargetLabel,
    expect: userRule({
      self: OK,
      'supervisor of t': MISMATCH,
      administrator: OK,
      'administrator, t nonexistent': USER_NOT_FOUND,
      'supervisor, not of t': MISMATCH,
      'agent, not t': MISMATCH,
    }),
    secrets: userSecrets,
    verify: async (r) => assert.equal(rootName(r), 'WrapUpReasons'),
  },
  {
    name: 'PUT /User/{t} NOT_READY',
    method: 'PUT',
    path: (t) => `/User/${t}`,
    body: () => STATE_BODY,
    targets: USER_TARGETS,
    targetLabel: userTargetLabel,
    expect: (actor, target) => {
      // The administrator has no agent state of his own; agentA is on the live call, where a supervisor
      // may not force NOT_READY (a state rule, not an access rule) — supervisorA → agentB covers that cell.
      if (actor === 'admin' && target === 'admin') return undefined;
      if (actor === 'supervisorA' && target === 'agentA') return undefined;
      return {
        self: ACCEPTED,
        'supervisor of t': ACCEPTED,
        administrator: MISMATCH,
        'administrator, t nonexistent': USER_NOT_FOUND,
        'supervisor, not of t': INVALID_SUPERVISOR,
        'agent, not t': MISMATCH,
      }[userRelation(actor, target)];
    },
    secrets: userSecrets,
    probe: (t) => snapshot('admin', `/User/${t}`),
    verify: async (_r, actor, t, before) => {
      const after = parseXml((await api('admin', 'GET', `/User/${t}`)).body);
      // agentA is TALKING: his NOT_READY is pending until the call ends.
      if (t === 'agentA') assert.equal(textAt(after, 'pendingState'), 'NOT_READY');
      else assert.equal(textAt(after, 'state'), 'NOT_READY');
      if (actor !== t) assert.equal(textAt(after, 'reasonCodeId'), '999', 'supervisor initiated');
      await expectStatus(api(t as LoginId, 'PUT', `/User/${t}`, '<User><state>READY</state></User>'), 202);
      assert.equal(await snapshot('admin', `/User/${t}`), before, 'restored');
    },
  },
  {
    name: 'POST /User/{t}/Dialogs MAKE_CALL',
    method: 'POST',
    path: (t) => `/User/${t}/Dialogs`,
    body: () => MAKE_CALL_BODY,
    targets: USER_TARGETS,
    targetLabel: userTargetLabel,
    // Only t himself may place a call as t; his own calls are the telephony tests' business.
    expect: (actor, target) => (actor === target ? undefined : MISMATCH),
    secrets: userSecrets,
    probe: async (t) => [await snapshot('admin', `/User/${t}`), await snapshot('admin', `/User/${t}/Dialogs`), await activeCalls()].join('\n'),
  },
  {
    name: 'POST /User/{t}/ClientLog',
    method: 'POST',
    path: (t) => `/User/${t}/ClientLog`,
    body: () => '<ClientLog><logData>matrix line</logData></ClientLog>',
    targets: USER_TARGETS,
    targetLabel: userTargetLabel,
    expect: userRule({
      self: ACCEPTED,
      'supervisor of t': MISMATCH,
      administrator: ACCEPTED,
      'administrator, t nonexistent': USER_NOT_FOUND,
      'supervisor, not of t': MISMATCH,
      'agent, not t': MISMATCH,
    }),
    secrets: userSecrets,
    verify: async (r) => assert.equal(r.body, ''),
  },
];
