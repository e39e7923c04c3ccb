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

  /** The version of the agent's status as last written or taken over (0: never). */
  versionOf(loginId: string): number {
    return this.versions.get(loginId) ?? 0;
  }

  /**
   * Takes over the version of a change another node committed; false when this node already has a
   * later one (the change arrived after a newer one and must not undo it).
   */
  adopt(loginId: string, version: number): boolean {
    if (version < this.versionOf(loginId)) return false;
    this.versions.set(loginId, version);
    return true;
  }

  /**
   * The status rows of users this process starts or stops knowing (created, enabled, deleted or
   * disabled, here or on another node): a new one continues from the version the store has.
   */
  takeOver(added: readonly { loginId: string; version: number }[], removed: readonly string[]): void {
    for (const loginId of removed) this.versions.delete(loginId);
    for (const { loginId, version } of added) this.versions.set(loginId, version);
  }

  /** The status as the database has it now (after a write of ours was refused), and its version from now on. */
  async load(loginId: string): Promise<AgentStatus | null> {
    const stored = (await this.store.loadUsers()).find((u) => u.account.loginId === loginId);
    if (!stored) return null;
    this.versions.set(loginId, stored.version);
    return stored.status;
  }
}
