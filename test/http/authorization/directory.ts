import assert from 'node:assert/strict';
import { parseXml, textAt } from '../../support/xml.js';
import {
  GHOST_QUEUE,
  GHOST_TEAM,
  INVALID_SUPERVISOR,
  LOGIN_IDS,
  NOT_FOUND,
  OK,
  PEOPLE,
  QUEUES,
  type Resource,
  TEAMS,
  UNAUTHORIZED,
  rootName,
  teamRelation,
  teamSecrets,
} from './world.js';

/** Teams, users and queues as lists, and SystemInfo. */
export const DIRECTORY_RESOURCES: Resource[] = [
  {
    name: 'GET /Team/{id}',
    method: 'GET',
    path: (id) => `/Team/${id}`,
    targets: ['1', '2', GHOST_TEAM],
    targetLabel: (_a, id) => (id in TEAMS ? `team ${id}` : `team ${id} (nonexistent)`),
    expect: (actor, id) =>
      ({
        'supervisor of the team': OK,
        administrator: OK,
        'administrator, team nonexistent': NOT_FOUND,
        'supervisor, not of the team': INVALID_SUPERVISOR,
        agent: UNAUTHORIZED,
      })[teamRelation(actor, id)],
    secrets: teamSecrets,
    verify: async (r, _a, id) => assert.equal(textAt(parseXml(r.body), 'name'), TEAMS[id]),
  },
  {
    name: 'GET /Users',
    method: 'GET',
    path: () => '/Users',
    targets: ['all users'],
    targetLabel: () => 'all users',
    expect: (actor) => (PEOPLE[actor].administrator ? OK : UNAUTHORIZED),
    secrets: () => LOGIN_IDS.flatMap((id) => [id, PEOPLE[id].firstName, PEOPLE[id].lastName]),
    verify: async (r) =>
      assert.deepEqual(
        parseXml(r.body)
          .children.map((u) => textAt(u, 'loginId'))
          .sort(),
        [...LOGIN_IDS].sort(),
      ),
  },
  {
    name: 'GET /Teams',
    method: 'GET',
    path: () => '/Teams',
    targets: ['all teams'],
    targetLabel: () => 'all teams',
    expect: (actor) => (PEOPLE[actor].administrator ? OK : UNAUTHORIZED),
    secrets: () => Object.values(TEAMS),
    verify: async (r) =>
      assert.deepEqual(
        parseXml(r.body).children.map((t) => textAt(t, 'name')),
        Object.values(TEAMS),
      ),
  },
  {
    name: 'GET /Queue/{id}',
    method: 'GET',
    path: (id) => `/Queue/${id}`,
    targets: ['1', '2', GHOST_QUEUE],
    targetLabel: (_a, id) => (id in QUEUES ? `queue ${id}` : `queue ${id} (nonexistent)`),
    expect: (_actor, id) => (id in QUEUES ? OK : NOT_FOUND),
    secrets: () => [],
    verify: async (r, _a, id) => assert.equal(textAt(parseXml(r.body), 'name'), QUEUES[id]),
  },
  {
    name: 'GET /SystemInfo',
    method: 'GET',
    path: () => '/SystemInfo',
    targets: ['the system'],
    targetLabel: () => 'the system',
    expect: () => OK,
    secrets: () => [],
    verify: async (r) => assert.equal(rootName(r), 'SystemInfo'),
  },
];
