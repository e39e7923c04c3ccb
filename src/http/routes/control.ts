import type { FastifyInstance } from 'fastify';
import type { CallRecord } from '../../domain/call-record.js';
import type { SimulatedWorld } from '../../telephony/simulated-world.js';
import type { TrafficGenerator } from '../../telephony/traffic-generator.js';
import { HttpApiError } from '../errors.js';
import type { CallBody, CallsQuery, TrafficBody } from './control-schemas.js';
import { MAX_HISTORY, callBody, callsQuery, trafficBody } from './control-schemas.js';

/** Answered by the node that leads the phone system (forwarded there from the others). */
const LEADER = { leader: true };

/** What the control API (`/openfinesse/api/calls`, `/traffic`) acts on. */
export interface CallControl {
  world: SimulatedWorld;
  traffic: Pick<TrafficGenerator, 'start' | 'stop' | 'status'>;
  history(since: number, limit: number): Promise<CallRecord[]>;
}

/**
 * Our control API acting as the outside world: external callers, the traffic generator, and the call
 * history. Authentication, validation and JSON errors are the control API plugin's.
 */
export function registerControlRoutes(app: FastifyInstance, control: CallControl): void {
  app.post<{ Body: CallBody }>('/calls', { config: LEADER, schema: { body: callBody } }, async (request, reply) => {
    const { from, to, callVariables, talkSeconds, agentAnswerSeconds } = request.body;
    const view = control.world.placeExternalCall({
      from,
      to,
      callVariables,
      ...(talkSeconds !== undefined ? { talkSeconds } : {}),
      ...(agentAnswerSeconds !== undefined ? { agentAnswerSeconds } : {}),
    });
    return reply.code(201).send(view);
  });

  app.get<{ Querystring: CallsQuery }>('/calls', { config: LEADER, schema: { querystring: callsQuery } }, async (request, reply) => {
    return reply.send({ active: control.world.activeCalls(), history: await control.history(request.query.since, request.query.limit) });
  });

  app.get<{ Params: { id: string } }>('/calls/:id', { config: LEADER }, async (request, reply) => {
    const id = request.params.id;
    const view = control.world.callView(id);
    if (view) return reply.send(view);
    const ended = (await control.history(0, MAX_HISTORY)).find((r) => r.id === id);
    if (ended) return reply.send({ id, state: 'ENDED', record: ended });
    throw HttpApiError.of(404, 'Not Found', 'No such call', id);
  });

  app.post<{ Params: { id: string } }>('/calls/:id/hangup', { config: LEADER }, async (request, reply) => {
    control.world.hangupExternal(request.params.id);
    return reply.code(202).send({});
  });

  app.post<{ Params: { id: string } }>('/calls/:id/answer', { config: LEADER }, async (request, reply) => {
    control.world.answerExternal(request.params.id);
    return reply.code(202).send({});
  });

  app.post<{ Body: TrafficBody }>('/traffic', { config: LEADER, schema: { body: trafficBody } }, async (request, reply) => {
    const { to, rate, talkSeconds, durationSeconds, agentAnswerSeconds } = request.body;
    return reply.code(201).send(control.traffic.start({ to, ratePerMinute: rate, talkSeconds, durationSeconds, agentAnswerSeconds }));
  });

  app.get('/traffic', { config: LEADER }, async (_request, reply) => reply.send(control.traffic.status()));

  app.delete('/traffic', { config: LEADER }, async (_request, reply) => reply.send(control.traffic.stop()));
}
