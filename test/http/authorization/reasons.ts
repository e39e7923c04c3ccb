import assert from 'node:assert/strict';
import { parseXml, textAt } from '../../support/xml.js';
import {
  GHOST_ITEM,
  GHOST_TEAM,
  INVALID_TEAM,
  NOT_FOUND,
  OK,
  PEOPLE,
  REASON_CODES,
  type Resource,
  SYSTEM_CODE,
  TEAMS,
  WRAP_UPS,
  adminOnly,
  api,
  configurationState,
  expectStatus,
  isAdmin,
  itemLabel,
  one,
  rootName,
  teamLabel,
} from './world.js';

/** Reason codes and wrap-up reasons: the configuration APIs and the team assignments. */
export const REASON_RESOURCES: Resource[] = [
  {
    name: 'GET /ReasonCodes?category=ALL',
    method: 'GET',
    path: () => '/ReasonCodes?category=ALL',
    targets: one('every code'),
    targetLabel: () => 'every code',
    expect: adminOnly(() => OK),
    secrets: () => ['Training', 'System Issue'],
    verify: async (r) => assert.equal(rootName(r), 'ReasonCodes'),
  },
  {
    name: 'GET /ReasonCode/{id}',
    method: 'GET',
    path: (id) => `/ReasonCode/${id}`,
    targets: [...Object.keys(REASON_CODES), GHOST_ITEM],
    targetLabel: (_a, id) => {
      const code = REASON_CODES[id];
      return `code ${id} (${!code ? 'nonexistent' : id === '999' ? 'system' : code.team ? `team ${code.team}` : 'global'})`;
    },
    // Agents read the codes available to them (global, their team's, system codes); others are answered as unknown.
    expect: (actor, id) => {
      const code = REASON_CODES[id];
      if (!code) return NOT_FOUND;
      return isAdmin(actor) || code.team === null || code.team === PEOPLE[actor].team ? OK : NOT_FOUND;
    },
    secrets: (id) => (REASON_CODES[id] ? [REASON_CODES[id]!.label] : []),
    verify: async (r, _a, id) => assert.equal(textAt(parseXml(r.body), 'id'), id),
  },
  {
    name: 'PUT /ReasonCode/{id}',
    method: 'PUT',
    path: (id) => `/ReasonCode/${id}`,
    body: () => '<ReasonCode><label>Matrix</label></ReasonCode>',
    targets: ['1', '999', GHOST_ITEM],
    targetLabel: itemLabel('code'),
    expect: adminOnly((id) => (id === '1' ? OK : id === '999' ? SYSTEM_CODE : NOT_FOUND)),
    secrets: (id) => (REASON_CODES[id] ? [REASON_CODES[id]!.label] : []),
    probe: configurationState,
    verify: async () => {
      assert.equal(textAt(parseXml((await api('admin', 'GET', '/ReasonCode/1')).body), 'label'), 'Matrix');
      await expectStatus(api('admin', 'PUT', '/ReasonCode/1', '<ReasonCode><label>Break</label></ReasonCode>'), 200);
    },
  },
  {
    name: 'DELETE /ReasonCode/{id}',
    method: 'DELETE',
    path: (id) => `/ReasonCode/${id}`,
    targets: ['1', GHOST_ITEM],
    targetLabel: itemLabel('code'),
    // An administrator's delete of a demo code would change the other cases' data (the configuration tests cover it).
    expect: adminOnly((id) => (id === GHOST_ITEM ? NOT_FOUND : undefined)),
    secrets: () => ['Break'],
    probe: configurationState,
  },
  {
    name: 'POST /ReasonCode',
    method: 'POST',
    path: () => '/ReasonCode',
    body: () => '<ReasonCode><category>NOT_READY</category><code>4242</code><label>Matrix</label><forAll>true</forAll></ReasonCode>',
    targets: one('a new code'),
    targetLabel: () => 'a new code',
    expect: adminOnly(() => OK),
    secrets: () => [],
    probe: configurationState,
    verify: async (r) => {
      const id = (r.headers.get('location') ?? '').split('/').pop();
      await expectStatus(api('admin', 'DELETE', `/ReasonCode/${id}`), 200);
    },
  },
  {
    name: 'GET /WrapUpReason/{id}',
    method: 'GET',
    path: (id) => `/WrapUpReason/${id}`,
    targets: [...Object.keys(WRAP_UPS), GHOST_ITEM],
    targetLabel: itemLabel('wrap-up reason'),
    expect: adminOnly((id) => (id in WRAP_UPS ? OK : NOT_FOUND)),
    secrets: (id) => (WRAP_UPS[id] ? [WRAP_UPS[id]!] : []),
    verify: async (r, _a, id) => assert.equal(textAt(parseXml(r.body), 'label'), WRAP_UPS[id]),
  },
  {
    name: 'GET /Team/{id}/ReasonCodes?category=NOT_READY',
    method: 'GET',
    path: (id) => `/Team/${id}/ReasonCodes?category=NOT_READY`,
    targets: ['1', '2', GHOST_TEAM],
    targetLabel: teamLabel,
    expect: adminOnly((id) => (id in TEAMS ? OK : INVALID_TEAM)),
    secrets: (id) => (id === '1' ? ['Training'] : []),
    verify: async (r) => assert.equal(rootName(r), 'ReasonCodes'),
  },
  {
    name: 'PUT /Team/{id}/WrapUpReasons',
    method: 'PUT',
    path: (id) => `/Team/${id}/WrapUpReasons`,
    body: () => '<WrapUpReasons><WrapUpReason><uri>/finesse/api/WrapUpReason/4</uri></WrapUpReason></WrapUpReasons>',
    targets: ['1', '2', GHOST_TEAM],
    targetLabel: teamLabel,
    expect: adminOnly((id) => (id in TEAMS ? OK : INVALID_TEAM)),
    secrets: () => ['Escalated'],
    probe: configurationState,
    verify: async (_r, _a, id) => {
      assert.match((await api('admin', 'GET', `/Team/${id}/WrapUpReasons`)).body, /Escalated/);
      // Team 1 had no team reasons; team 2 had exactly this one.
      if (id === '1') await expectStatus(api('admin', 'PUT', '/Team/1/WrapUpReasons', '<WrapUpReasons/>'), 200);
    },
  },
];
