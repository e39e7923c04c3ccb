import type { Directory } from '../domain/directory.js';
import { DomainError } from '../domain/errors.js';
import type { UserAccount, WrapUpReason } from '../domain/model.js';
import { assignToTeam, assignedTo } from '../domain/team-assignments.js';
import type { WrapUpReasonDraft, WrapUpReasonPatch } from '../domain/wrap-up-reason-rules.js';
import { changedWrapUpReason, newWrapUpReason } from '../domain/wrap-up-reason-rules.js';
import type { ConfigurationChanges } from './configuration-changes.js';
import { auditJson } from './configuration-changes.js';
import type { Store } from './ports/store.js';
import { invalidTeam } from './reason-code-admin.js';

/**
 * The WrapUpReason configuration API (admin reference §4) and the team assignments of wrap-up reasons
 * (§9): reads show what the store holds now, changes go through the configuration unit of work.
 */
export class WrapUpReasonAdmin {
  constructor(
    private readonly directory: Directory,
    private readonly changes: ConfigurationChanges,
    private readonly ids: Pick<Store, 'reserveIds'>,
  ) {}

  async list(): Promise<WrapUpReason[]> {
    await this.changes.reload();
    return this.directory.allWrapUpReasons();
  }

  async get(id: string): Promise<WrapUpReason> {
    await this.changes.reload();
    return this.require(id);
  }

  create(actor: UserAccount, draft: WrapUpReasonDraft): Promise<WrapUpReason> {
    return this.changes.make(actor.loginId, async () => {
      const checked = newWrapUpReason(this.directory.allWrapUpReasons(), '', draft);
      const created = { ...checked, id: await this.reserveId() };
      return {
        writes: [{ kind: 'wrapUpReason', reason: created }],
        audit: [{ resource: 'WrapUpReason', resourceId: created.id, action: 'create', before: null, after: auditJson(created) }],
        apply: () => this.directory.putWrapUpReason(created),
        result: created,
      };
    });
  }

  /** `patchOf` reads the request body; it runs once the reason is known to exist (404 comes before 400). */
  update(actor: UserAccount, id: string, patchOf: (current: WrapUpReason) => WrapUpReasonPatch): Promise<WrapUpReason> {
    return this.changes.make(actor.loginId, () => {
      const current = this.require(id);
      const changed = changedWrapUpReason(this.directory.allWrapUpReasons(), current, patchOf(current));
      return {
        writes: [{ kind: 'wrapUpReason', reason: changed }],
        audit: [{ resource: 'WrapUpReason', resourceId: id, action: 'update', before: auditJson(current), after: auditJson(changed) }],
        apply: () => this.directory.putWrapUpReason(changed),
        result: changed,
      };
    });
  }

  /** Deletes the reason and its team assignments; calls that carry its label keep it; its id is never reused. */
  delete(actor: UserAccount, id: string): Promise<void> {
    return this.changes.make(actor.loginId, async () => {
      const current = this.require(id);
      await this.ids.reserveIds('wrapUpReason', 0);
      return {
        writes: [{ kind: 'wrapUpReasonDeleted', id }],
        audit: [{ resource: 'WrapUpReason', resourceId: id, action: 'delete', before: auditJson(current), after: null }],
        apply: () => this.directory.removeWrapUpReason(id),
        result: undefined,
      };
    });
  }

  /** The team reasons assigned to the team (`GET /Team/{id}/WrapUpReasons`). */
  async assignedTo(teamId: string): Promise<WrapUpReason[]> {
    this.requireTeam(teamId);
    await this.changes.reload();
    return assignedTo(this.directory.allWrapUpReasons(), teamId);
  }

  /** Gives the team exactly the team reasons `ids` names (`PUT /Team/{id}/WrapUpReasons`). */
  assign(actor: UserAccount, teamId: string, ids: readonly string[]): Promise<void> {
    return this.changes.make(actor.loginId, () => {
      this.requireTeam(teamId);
      const all = this.directory.allWrapUpReasons();
      const before = assignedTo(all, teamId).map((w) => w.id);
      const changed = assignToTeam(all, teamId, ids, (id) => `The wrap-up reason ${id}`);
      const after = [...new Set(ids)].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
      return {
        writes: changed.map((reason) => ({ kind: 'wrapUpReason' as const, reason })),
        audit: [
          {
            resource: 'Team/WrapUpReasons',
            resourceId: teamId,
            action: 'assign',
            before: auditJson({ wrapUpReasonIds: before }),
            after: auditJson({ wrapUpReasonIds: after }),
          },
        ],
        apply: () => {
          for (const w of changed) this.directory.putWrapUpReason(w);
        },
        result: undefined,
      };
    });
  }

  requireTeam(teamId: string): void {
    if (!this.directory.findTeam(teamId)) throw invalidTeam(teamId);
  }

  private require(id: string): WrapUpReason {
    const reason = this.directory.findWrapUpReason(id);
    if (!reason) throw new DomainError('NotFound', 'Invalid wrap-up reason id specified', id);
    return reason;
  }

  private async reserveId(): Promise<string> {
    for (;;) {
      const id = String(await this.ids.reserveIds('wrapUpReason', 1));
      if (!this.directory.findWrapUpReason(id)) return id;
    }
  }
}
