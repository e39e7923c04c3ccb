import type { Clock } from '../domain/clock.js';
import type { CommitQueue } from './commit-queue.js';

/** What the audit log keeps of one request a gadget made through the makeRequest proxy. */
export interface ProxyAuditFields {
  user: string;
  mid: number;
  specUrl: string;
  method: string;
  target: string;
  /** `self` (dispatched in-process), `external` (fetched), or why it was refused (`denied`, `rate-limited`, …). */
  verdict: string;
  rc: number;
  ms: number;
}

/**
 * Writes a row per proxied request into the audit log (resource `gadgets/proxy`, action `request`). The
 * rows go through the commit queue, whose group commit already batches every row of an event-loop turn
 * into one transaction; the request does not wait for them.
 */
export class GadgetProxyAudit {
  constructor(
    private readonly commits: Pick<CommitQueue, 'run' | 'write'>,
    private readonly clock: Clock,
    private readonly onFailure: (error: unknown) => void,
  ) {}

  record(fields: ProxyAuditFields): void {
    const record = {
      at: this.clock.now(),
      actor: fields.user,
      resource: 'gadgets/proxy',
      resourceId: String(fields.mid),
      action: 'request' as const,
      before: null,
      after: JSON.stringify(fields),
    };
    const { committed } = this.commits.run(() => this.commits.write({ kind: 'audit', record }));
    committed.catch(this.onFailure);
  }
}
