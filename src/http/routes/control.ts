import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireAdministrator } from '../access.js';
import { authenticateBasic } from '../authenticate.js';
import type { CallControl, HttpContext } from '../context.js';
import { HttpApiError, toApiError } from '../errors.js';
import { jsonBody } from '../request-body.js';
import type { CallVariableInput } from '../../telephony/telephony.js';

const MAX_HISTORY = 10_000;

/**
 * Our control API (JSON, administrator Basic auth) acting as the outside world: external callers,
 * the traffic generator, and the call history. Errors are JSON `{ error: { type, message, data } }`.
 */
export function registerControlRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const route = (handler: (control: CallControl, request: FastifyRequest, reply: FastifyReply) => unknown) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        requireAdministrator(authenticateBasic(request, ctx.authenticator, ctx.metrics));
        if (!ctx.callControl) throw HttpApiError.of(501, 'Not Implemented', 'The control API needs the built-in telephony simulator');
        return await handler(ctx.callControl, request, reply);
      } catch (error) {
        const apiError = toApiError(error);
        if (!apiError) throw error;
        return reply.code(apiError.status).send({ error: { type: apiError.type, message: apiError.message, data: apiError.data } });
      }
    };

  app.post('/openfinesse/api/calls', route((control, request, reply) => {
    const body = jsonBody(request);
    const view = control.world.placeExternalCall({
      from: requiredString(body, 'from'),
      to: requiredString(body, 'to'),
      callVariables: callVariables(body.callVariables),
      ...(body.talkSeconds !== undefined ? { talkSeconds: seconds(body.talkSeconds, 'talkSeconds') } : {}),
      ...(body.agentAnswerSeconds !== undefined ? { agentAnswerSeconds: seconds(body.agentAnswerSeconds, 'agentAnswerSeconds') } : {}),
    });
    return reply.code(201).send(view);
  }));

  app.get<{ Querystring: { since?: string; limit?: string } }>('/openfinesse/api/calls', route((control, request, reply) => {
    const query = request.query as { since?: string; limit?: string };
    const since = parseSince(query.since);
    const limit = query.limit === undefined ? 1000 : Math.min(MAX_HISTORY, Math.max(1, Number(query.limit) || 1000));
    return reply.send({ active: control.world.activeCalls(), history: control.history(since, limit) });
  }));

  app.get<{ Params: { id: string } }>('/openfinesse/api/calls/:id', route((control, request, reply) => {
    const id = (request.params as { id: string }).id;
    const view = control.world.callView(id);
    if (view) return reply.send(view);
    const ended = control.history(0, MAX_HISTORY).find((r) => r.id === id);
    if (ended) return reply.send({ id, state: 'ENDED', record: ended });
    throw HttpApiError.of(404, 'Not Found', 'No such call', id);
  }));

  app.post<{ Params: { id: string } }>('/openfinesse/api/calls/:id/hangup', route((control, request, reply) => {
    control.world.hangupExternal((request.params as { id: string }).id);
    return reply.code(202).send({});
  }));

  app.post<{ Params: { id: string } }>('/openfinesse/api/calls/:id/answer', route((control, request, reply) => {
    control.world.answerExternal((request.params as { id: string }).id);
    return reply.code(202).send({});
  }));

  app.post('/openfinesse/api/traffic', route((control, request, reply) => {
    const body = jsonBody(request);
    const status = control.traffic.start({
      to: requiredString(body, 'to'),
      ratePerMinute: number(body.rate, 'rate'),
      talkSeconds: body.talkSeconds === undefined ? 20 : seconds(body.talkSeconds, 'talkSeconds'),
      durationSeconds: body.durationSeconds === undefined ? 60 : seconds(body.durationSeconds, 'durationSeconds'),
      agentAnswerSeconds: body.agentAnswerSeconds === undefined || body.agentAnswerSeconds === null ? null : seconds(body.agentAnswerSeconds, 'agentAnswerSeconds'),
    });
    return reply.code(201).send(status);
  }));

  app.get('/openfinesse/api/traffic', route((control, _request, reply) => reply.send(control.traffic.status())));

  app.delete('/openfinesse/api/traffic', route((control, _request, reply) => reply.send(control.traffic.stop())));
}

function requiredString(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string' || value === '') throw HttpApiError.of(400, 'Parameter Missing', `${name} is required`, name);
  return value;
}

function number(value: unknown, name: string): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw HttpApiError.of(400, 'Invalid Input', `${name} must be a number`, name);
  return n;
}

function seconds(value: unknown, name: string): number {
  const n = number(value, name);
  if (n < 0 || n > 86_400) throw HttpApiError.of(400, 'Invalid Input', `${name} must be 0-86400 seconds`, name);
  return n;
}

function callVariables(value: unknown): CallVariableInput[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value)) throw HttpApiError.of(400, 'Invalid Input', 'callVariables must be an object of name: value', 'callVariables');
  return Object.entries(value as Record<string, unknown>).map(([name, v]) => ({ name, value: String(v ?? '') }));
}

/** `since` as epoch milliseconds or an ISO 8601 time; absent = everything. */
function parseSince(value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  const n = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(n)) throw HttpApiError.of(400, 'Invalid Input', 'since must be epoch milliseconds or an ISO 8601 time', value);
  return n;
}
