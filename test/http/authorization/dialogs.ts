import assert from 'node:assert/strict';
import { parseXml, textAt } from '../../support/xml.js';
import {
  DIALOG_SECRETS,
  GHOST_DIALOG,
  LIVE,
  NOT_A_PARTICIPANT,
  NO_SUCH_DIALOG,
  OK,
  type Resource,
  activeCalls,
  answerBody,
  dialogRelation,
  liveDialog,
  resolveId,
  snapshot,
} from './world.js';

/** The live dialog: who may read it and act on it. */
export const DIALOG_RESOURCES: Resource[] = [
  {
    name: 'GET /Dialog/{id}',
    method: 'GET',
    path: (id) => `/Dialog/${resolveId(id)}`,
    targets: [LIVE, GHOST_DIALOG],
    targetLabel: (_a, id) => (id === LIVE ? "agentA's live call" : `dialog ${id} (nonexistent)`),
    expect: (actor, id) =>
      ({ participant: OK, 'supervisor of a participant': OK, administrator: OK, stranger: NO_SUCH_DIALOG, 'nonexistent dialog': NO_SUCH_DIALOG })[
        dialogRelation(actor, id)
      ],
    secrets: DIALOG_SECRETS,
    verify: async (r) => assert.equal(textAt(parseXml(r.body), 'id'), liveDialog()),
  },
  {
    name: 'PUT /Dialog/{id} ANSWER',
    method: 'PUT',
    path: (id) => `/Dialog/${resolveId(id)}`,
    body: answerBody,
    targets: [LIVE, GHOST_DIALOG],
    targetLabel: (_a, id) => (id === LIVE ? "agentA's live call" : `dialog ${id} (nonexistent)`),
    // agentA's own actions on his call are the telephony tests' business (and would end the shared setup).
    expect: (actor, id) =>
      ({
        participant: undefined,
        'supervisor of a participant': NOT_A_PARTICIPANT,
        administrator: NOT_A_PARTICIPANT,
        stranger: NO_SUCH_DIALOG,
        'nonexistent dialog': NO_SUCH_DIALOG,
      })[dialogRelation(actor, id)],
    secrets: DIALOG_SECRETS,
    probe: async (id) => [await snapshot('agentA', `/Dialog/${resolveId(id)}`), await snapshot('admin', '/User/agentA'), await activeCalls()].join('\n'),
  },
];
