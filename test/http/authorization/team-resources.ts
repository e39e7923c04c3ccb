import assert from 'node:assert/strict';
import { GHOST_TEAM, NOT_FOUND, OK, PEOPLE, type Resource, TEAMS, UNAUTHORIZED, isAdmin, rootName, teamLabel } from './world.js';

/**
 * `/TeamResource/{team}/…` (admin reference §10): the team's members and administrators; anyone else gets
 * 401 Authorization Failure whether or not the team exists, an administrator 404 for a team that does not.
 */
export const teamResource = (name: string, path: string, root: string, secrets: (team: string) => string[]): Resource => ({
  name: `GET /TeamResource/{id}/${name}`,
  method: 'GET',
  path: (id) => `/TeamResource/${id}/${path}`,
  targets: ['1', '2', GHOST_TEAM],
  targetLabel: teamLabel,
  expect: (actor, id) => {
    if (isAdmin(actor)) return id in TEAMS ? OK : NOT_FOUND;
    return PEOPLE[actor].team === id ? OK : UNAUTHORIZED;
  },
  secrets,
  verify: async (r) => assert.equal(rootName(r), root),
});
export const TEAM_RESOURCES: Resource[] = [
  teamResource('ReasonCodes?category=ALL', 'ReasonCodes?category=ALL', 'ReasonCodes', (id) => (id === '1' ? ['Training'] : id === '2' ? ['System Issue'] : [])),
  teamResource('WrapUpReasons', 'WrapUpReasons', 'WrapUpReasons', (id) => (id === '2' ? ['Escalated'] : [])),
  teamResource('PhoneBooks', 'PhoneBooks', 'PhoneBooks', () => []),
  teamResource('Workflows', 'Workflows', 'Workflows', () => []),
];
