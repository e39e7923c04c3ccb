import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AuditEntry, AuditQuery } from '../../application/ports/store.js';
import type { FieldKind, RequestOf } from '../request-schema.js';
import { optional, requestSchema } from '../request-schema.js';

export const MAX_AUDIT_PAGE = 1000;
const DEFAULT_AUDIT_PAGE = 100;

/** What `GET /openfinesse/api/audit` reads: the audit log, newest first, once what was changed so far is durable. */
export type AuditReader = (query: AuditQuery) => Promise<AuditEntry[]>;

/** A moment as epoch milliseconds or an ISO 8601 time. */
const time: FieldKind<number> = (name) => {
  const message = `${name} must be epoch milliseconds or an ISO 8601 time`;
  return {
    schema: z
      .string(message)
      .transform((v) => (/^\d+$/.test(v) ? Number(v) : Date.parse(v)))
      .pipe(z.number(message)),
    problem: { type: 'Invalid Input', data: 'value' },
  };
};

const text: FieldKind<string> = (name) => ({
  schema: z.string(`${name} must be text`).min(1, `${name} must not be empty`),
  problem: { type: 'Invalid Input' },
});

const limit: FieldKind<number> = (name) => {
  const message = `${name} must be a whole number from 1 to ${MAX_AUDIT_PAGE}`;
  return {
    schema: z
      .string(message)
      .regex(/^\d{1,9}$/, message)
      .transform(Number)
      .pipe(z.number().min(1, message).max(MAX_AUDIT_PAGE, message)),
    problem: { type: 'Invalid Input', data: 'value' },
  };
};

/** The cursor a page gives for the next one (the id of its last entry; opaque to clients). */
const cursor: FieldKind<number> = (name) => ({
  schema: z
    .string(`${name} must be a cursor from an earlier page`)
    .regex(/^\d{1,15}$/, `${name} must be a cursor from an earlier page`)
    .transform(Number),
  problem: { type: 'Invalid Input', data: 'value' },
});

/** `GET /openfinesse/api/audit`: every filter optional. */
export const auditQuery = requestSchema({
  since: optional(time),
  until: optional(time),
  actor: optional(text),
  resource: optional(text),
  limit: optional(limit),
  cursor: optional(cursor),
});
export type AuditQueryParameters = RequestOf<typeof auditQuery>;

/**
 * The audit log of configuration changes (JSON, administrators only, like the rest of the control API):
 * newest first, filtered by time (`since`, `until`, inclusive), `actor` (loginId) and `resource`
 * (`ReasonCode`, `WrapUpReason`, `Team/ReasonCodes`, `Team/WrapUpReasons`, `TeamMessage`), `limit` entries a page; the
 * answer's `nextCursor`, passed back as `cursor`, reads the next (older) page, and is null on the last.
 * Answered by whichever node is asked: the log is in the shared store.
 */
export function registerAuditRoutes(app: FastifyInstance, read: AuditReader): void {
  app.get<{ Querystring: AuditQueryParameters }>('/audit', { schema: { querystring: auditQuery } }, async (request, reply) => {
    const { since, until, actor, resource, cursor } = request.query;
    const pageSize = request.query.limit ?? DEFAULT_AUDIT_PAGE;
    const query: AuditQuery = { limit: pageSize + 1 };
    if (since !== undefined) query.since = since;
    if (until !== undefined) query.until = until;
    if (actor !== undefined) query.actor = actor;
    if (resource !== undefined) query.resource = resource;
    if (cursor !== undefined) query.beforeId = cursor;
    const found = await read(query);
    const page = found.slice(0, pageSize);
    const more = found.length > pageSize;
    return reply.send({ entries: page.map(auditEntryJson), nextCursor: more ? String(page.at(-1)!.id) : null });
  });
}

function auditEntryJson(entry: AuditEntry): Record<string, unknown> {
  return {
    id: entry.id,
    at: new Date(entry.at).toISOString(),
    actor: entry.actor,
    resource: entry.resource,
    resourceId: entry.resourceId,
    action: entry.action,
    before: entry.before === null ? null : (JSON.parse(entry.before) as unknown),
    after: entry.after === null ? null : (JSON.parse(entry.after) as unknown),
  };
}
