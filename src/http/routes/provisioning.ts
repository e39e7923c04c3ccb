import type { FastifyInstance } from 'fastify';
import type { TeamAdmin } from '../../application/team-admin.js';
import type { UserAdmin } from '../../application/user-admin.js';
import { requireActor } from '../authenticate.js';
import type { TeamCreateBody, TeamUpdateBody, UserCreateBody, UserUpdateBody } from './provisioning-schemas.js';
import { teamCreateBody, teamUpdateBody, userCreateBody, userUpdateBody } from './provisioning-schemas.js';

export interface ProvisioningDeps {
  users: UserAdmin;
  teams: TeamAdmin;
}

type ById = { Params: { id: string } };

/**
 * Our provisioning API (`/openfinesse/api/users`, `/openfinesse/api/teams`; JSON, administrators only):
 * a create answers 201 with the item and its `Location`, an update (partial) 200 with the item, a delete
 * 204. Served by whichever node is asked: the change goes to the shared store and reaches the others
 * through the change stream.
 */
export function registerProvisioningRoutes(app: FastifyInstance, { users, teams }: ProvisioningDeps): void {
  app.get('/users', async () => ({ users: await users.list() }));
  app.get<ById>('/users/:id', async (request) => users.get(request.params.id));
  app.post<{ Body: UserCreateBody }>('/users', { schema: { body: userCreateBody } }, async (request, reply) => {
    const created = await users.create(requireActor(request), request.body);
    return reply
      .code(201)
      .header('location', `/openfinesse/api/users/${encodeURIComponent(created.loginId)}`)
      .send(created);
  });
  app.put<ById & { Body: UserUpdateBody }>('/users/:id', { schema: { body: userUpdateBody } }, async (request) =>
    users.update(requireActor(request), request.params.id, request.body),
  );
  app.delete<ById>('/users/:id', async (request, reply) => {
    await users.delete(requireActor(request), request.params.id);
    return reply.code(204).send();
  });

  app.get('/teams', async () => ({ teams: await teams.list() }));
  app.get<ById>('/teams/:id', async (request) => teams.get(request.params.id));
  app.post<{ Body: TeamCreateBody }>('/teams', { schema: { body: teamCreateBody } }, async (request, reply) => {
    const created = await teams.create(requireActor(request), request.body);
    return reply
      .code(201)
      .header('location', `/openfinesse/api/teams/${encodeURIComponent(created.id)}`)
      .send(created);
  });
  app.put<ById & { Body: TeamUpdateBody }>('/teams/:id', { schema: { body: teamUpdateBody } }, async (request) =>
    teams.update(requireActor(request), request.params.id, request.body),
  );
  app.delete<ById>('/teams/:id', async (request, reply) => {
    await teams.delete(requireActor(request), request.params.id);
    return reply.code(204).send();
  });
}
