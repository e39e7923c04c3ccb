import type { FastifyInstance } from 'fastify';
import { userXml } from '../../finesse/user-xml.js';
import { usersXml } from '../../finesse/resources-xml.js';
import { childText, type XmlElement } from '../../finesse/xml-reader.js';
import type { StateRequest } from '../../domain/agent-state-machine.js';
import { requireAdministrator } from '../access.js';
import { requireActor } from '../authenticate.js';
import type { Directory } from '../../domain/directory.js';
import type { AgentService } from '../../application/agent-service.js';
import type { Logger } from '../../logging.js';
import type { HttpAccess } from '../access.js';
import { HttpApiError, sendXml } from '../errors.js';
import { xmlBody } from '../request-body.js';
import type { CommandRunner } from '../commands.js';
import { runDurably } from '../commands.js';

export interface UserRoutesDeps {
  directory: Pick<Directory, 'snapshot' | 'allUsers'>;
  agents: Pick<AgentService, 'requestState' | 'resync'>;
  commands: CommandRunner;
  access: Pick<HttpAccess, 'readableUser' | 'stateChangeTarget'>;
  logger: Logger;
}

export function registerUserRoutes(app: FastifyInstance, ctx: UserRoutesDeps): void {
  app.get<{ Params: { id: string } }>('/User/:id', async (request, reply) => {
    const actor = requireActor(request);
    const user = ctx.access.readableUser(actor, request.params.id);
    return sendXml(reply, 200, userXml(ctx.directory.snapshot(user)));
  });

  app.put<{ Params: { id: string } }>('/User/:id', async (request, reply) => {
    const actor = requireActor(request);
    const body = xmlBody(request, 'User');
    const target = ctx.access.stateChangeTarget(actor, request.params.id);
    const requestId = requestIdOf(request.headers.requestid);
    const stateRequest = stateRequestFrom(body);
    const next = await runDurably(
      ctx.commands,
      () => ctx.agents.requestState(actor, target.loginId, stateRequest, requestId),
      () => ctx.agents.resync(target.loginId, requestId),
      stateRequest.extension ?? target.loginId,
    );
    // The hot path: counted at any level (openfinesse_agent_state_changes_total), a line only at debug.
    if (ctx.logger.isLevelEnabled('debug')) {
      ctx.logger.debug(
        { event: 'state.changed', actor: actor.loginId, user: target.loginId, state: next.state, pendingState: next.pendingState, requestId },
        'agent state changed',
      );
    }
    return reply.code(202).send();
  });

  app.get('/Users', async (request, reply) => {
    const actor = requireActor(request);
    requireAdministrator(actor);
    const users = ctx.directory.allUsers().sort((a, b) => a.loginId.localeCompare(b.loginId));
    return sendXml(reply, 200, usersXml(users.map((u) => ctx.directory.snapshot(u))));
  });
}

function stateRequestFrom(body: XmlElement): StateRequest {
  if (body.children.some((c) => c.name === 'mobileAgent')) {
    throw HttpApiError.of(400, 'Invalid Input', 'Mobile agent sign-in is not supported', 'mobileAgent');
  }
  const request: StateRequest = {};
  const state = childText(body, 'state');
  const extension = childText(body, 'extension');
  const reasonCodeId = childText(body, 'reasonCodeId');
  if (state !== undefined) request.state = state;
  if (extension !== undefined) request.extension = extension;
  if (reasonCodeId !== undefined) request.reasonCodeId = reasonCodeId;
  return request;
}

export function requestIdOf(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return (value ?? '').slice(0, 256);
}
