import type { AgentStatus } from '../domain/model.js';
import type { CommitQueue } from './commit-queue.js';
import type { Store } from './ports/store.js';

/**
 * Agent statuses into the commit queue, each with the next optimistic version, so that a second writer of
 * the same row (another process on the same database) is refused instead of silently overwritten.
 */
export class AgentStatusWriter {
  private readonly versions = new Map<string, number>();

  constructor(
    private readonly commits: CommitQueue,
    private readonly store: Store,
    initial: Iterable<{ loginId: string; version: number }>,
  ) {
    for (const { loginId, version } of initial) this.versions.set(loginId, version);
  }

  saveAgentStatus(loginId: string, status: AgentStatus): void {
    const version = (this.versions.get(loginId) ?? 0) + 1;
    this.versions.set(loginId, version);
    this.commits.write({ kind: 'agentStatus', loginId, status, version });
  }

  /** The status as the database has it now (after a write of ours was refused), and its version from now on. */
  async load(loginId: string): Promise<AgentStatus | null> {
    const stored = (await this.store.loadUsers()).find((u) => u.account.loginId === loginId);
    if (!stored) return null;
    this.versions.set(loginId, stored.version);
    return stored.status;
  }
}
