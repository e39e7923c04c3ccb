import assert from 'node:assert/strict';
import {
  GHOST_ITEM,
  GHOST_TEAM,
  INVALID_SUPERVISOR,
  type LoginId,
  NOT_FOUND,
  OK,
  PEOPLE,
  type Resource,
  TEAMS,
  UNAUTHORIZED,
  api,
  expectStatus,
  isAdmin,
  isSupervisor,
  rootName,
  snapshot,
  teamLabel,
} from './world.js';

/** A team's messages: its members and supervisors (and administrators) read them; supervisors of it and administrators send them. */
export const receivesTeamMessages = (actor: LoginId, teamId: string): boolean => PEOPLE[actor].team === teamId || PEOPLE[actor].supervises.includes(teamId);
const teamMessagesState = async (id: string): Promise<string> => snapshot('admin', `/Team/${id}/TeamMessages`);
export const TEAM_MESSAGE_RESOURCES: Resource[] = [
  {
    name: 'GET /Team/{id}/TeamMessages',
    method: 'GET',
    path: (id) => `/Team/${id}/TeamMessages`,
    targets: ['1', '2', GHOST_TEAM],
    targetLabel: teamLabel,
    expect: (actor, id) => {
      if (isAdmin(actor)) return id in TEAMS ? OK : NOT_FOUND;
      return receivesTeamMessages(actor, id) ? OK : UNAUTHORIZED;
    },
    secrets: () => [],
    verify: async (r) => assert.equal(rootName(r), 'TeamMessages'),
  },
  {
    name: 'POST /TeamMessage',
    method: 'POST',
    path: () => '/TeamMessage',
    targets: ['1', '2', GHOST_TEAM],
    body: (_a, id) => `<TeamMessage><duration>60</duration><content>Matrix</content><teams><team>${id}</team></teams></TeamMessage>`,
    targetLabel: teamLabel,
    expect: (actor, id) => {
      if (isAdmin(actor)) return id in TEAMS ? OK : { status: 400, type: 'Finesse API Error', data: 'target' };
      if (!isSupervisor(actor)) return UNAUTHORIZED;
      return PEOPLE[actor].supervises.includes(id) ? OK : INVALID_SUPERVISOR;
    },
    secrets: () => [],
    probe: teamMessagesState,
    verify: async (r) => {
      const id = (r.headers.get('location') ?? '').split('/').pop();
      await expectStatus(api('admin', 'DELETE', `/TeamMessage/${id}`), 200);
    },
  },
  {
    name: 'DELETE /TeamMessage/{id}',
    method: 'DELETE',
    path: (id) => `/TeamMessage/${id}`,
    targets: [GHOST_ITEM],
    targetLabel: () => `message ${GHOST_ITEM} (nonexistent)`,
    expect: (actor) => (isAdmin(actor) || isSupervisor(actor) ? NOT_FOUND : UNAUTHORIZED),
    secrets: () => [],
  },
];
