import type { AdminApi } from './admin-api';

/** One entry of `GET /openfinesse/api/audit`. */
export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  resource: string;
  resourceId: string;
  action: string;
  before: unknown;
  after: unknown;
}

export interface AuditPage {
  entries: AuditEntry[];
  nextCursor: string | null;
}

export interface AuditFilter {
  actor?: string;
  resource?: string;
  cursor?: string;
}

export const AUDIT_PAGE_SIZE = 50;

/** A page of the audit log, newest first. */
export function readAudit(api: AdminApi, filter: AuditFilter): Promise<AuditPage> {
  const query = new URLSearchParams({ limit: String(AUDIT_PAGE_SIZE) });
  if (filter.actor) query.set('actor', filter.actor);
  if (filter.resource) query.set('resource', filter.resource);
  if (filter.cursor) query.set('cursor', filter.cursor);
  return api.getJson<AuditPage>(`/audit?${query}`);
}
