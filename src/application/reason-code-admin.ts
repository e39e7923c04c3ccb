import type { Directory } from '../domain/directory.js';
import { DomainError } from '../domain/errors.js';
import type { ReasonCategory, ReasonCode, Team, UserAccount } from '../domain/model.js';
import type { ReasonCodeDraft, ReasonCodePatch } from '../domain/reason-code-rules.js';
import { changedReasonCode, checkEditable, newReasonCode } from '../domain/reason-code-rules.js';
import { SYSTEM_REASON_CODES, findSystemReasonCode, isReservedReasonCodeId } from '../domain/system-reason-codes.js';
import { assignToTeam, assignedTo } from '../domain/team-assignments.js';
import type { ConfigurationChanges } from './configuration-changes.js';
import { auditJson } from './configuration-changes.js';
import type { Store } from './ports/store.js';

export type ReasonCategoryFilter = ReasonCategory | 'ALL';

/**
 * The ReasonCode configuration API (admin reference §3) and the team assignments of reason codes (§9):
 * reads show what the store holds now, changes go through the configuration unit of work.
 */
export class ReasonCodeAdmin {
  constructor(
    private readonly directory: Directory,
    private readonly changes: ConfigurationChanges,
    private readonly ids: Pick<Store, 'reserveIds'>,
  ) {}

  /** Configured codes of the category (or both), then the system codes (listed, read-only). */
  async list(category: ReasonCategoryFilter): Promise<ReasonCode[]> {
    await this.changes.reload();
    const categories: ReasonCategory[] = category === 'ALL' ? ['NOT_READY', 'LOGOUT'] : [category];
    return categories.flatMap((c) => [
      ...this.directory.allReasonCodes().filter((rc) => rc.category === c),
      ...SYSTEM_REASON_CODES.filter((rc) => rc.category === c).sort((a, b) => a.code - b.code),
    ]);
  }

  /** A configured or system code (a system code's id is its value; NOT_READY's when both categories use it). */
  async get(id: string): Promise<ReasonCode> {
    await this.changes.reload();
    return this.require(id);
  }

  /**
   * For anyone but an administrator: a code available to him (global or his team's) or a system code;
   * any other id is answered as one that does not exist.
   */
  availableTo(user: UserAccount, id: string): ReasonCode {
    const code = this.directory.findReasonCodeFor(user, id);
    if (!code) throw notFound(id);
    return code;
  }

  create(actor: UserAccount, draft: ReasonCodeDraft): Promise<ReasonCode> {
    return this.changes.make(actor.loginId, async () => {
      const checked = newReasonCode(this.directory.allReasonCodes(), '', draft);
      const created = { ...checked, id: await this.reserveId() };
      return {
        writes: [{ kind: 'reasonCode', reasonCode: created }],
        audit: [{ resource: 'ReasonCode', resourceId: created.id, action: 'create', before: null, after: auditJson(created) }],
        apply: () => this.directory.putReasonCode(created),
        result: created,
      };
    });
  }

  /** `patchOf` reads the request body; it runs once the code is known to exist (404 comes before 400). */
  update(actor: UserAccount, id: string, patchOf: (current: ReasonCode) => ReasonCodePatch): Promise<ReasonCode> {
    return this.changes.make(actor.loginId, () => {
      const current = this.require(id);
      const changed = changedReasonCode(this.directory.allReasonCodes(), current, patchOf(current));
      return {
        writes: [{ kind: 'reasonCode', reasonCode: changed }],
        audit: [{ resource: 'ReasonCode', resourceId: id, action: 'update', before: auditJson(current), after: auditJson(changed) }],
        apply: () => this.directory.putReasonCode(changed),
        result: changed,
      };
    });
  }

  /**
   * Deletes the code and with it its team assignments (they are part of its row). Agents in a state with
   * it keep it; its id is never handed out again.
   */
  delete(actor: UserAccount, id: string): Promise<void> {
    return this.changes.make(actor.loginId, async () => {
      const current = this.require(id);
      checkEditable(current);
      // The sequence starts (if it has not yet) past this id while the code still exists.
      await this.ids.reserveIds('reasonCode', 0);
      return {
        writes: [{ kind: 'reasonCodeDeleted', id }],
        audit: [{ resource: 'ReasonCode', resourceId: id, action: 'delete', before: auditJson(current), after: null }],
        apply: () => this.directory.removeReasonCode(id),
        result: undefined,
      };
    });
  }

  /** The team codes of the category assigned to the team (`GET /Team/{id}/ReasonCodes`). */
  async assignedTo(teamId: string, category: ReasonCategoryFilter): Promise<ReasonCode[]> {
    this.requireTeam(teamId);
    await this.changes.reload();
    return assignedTo(this.directory.allReasonCodes(), teamId).filter((rc) => category === 'ALL' || rc.category === category);
  }

  /** Gives the team exactly the team codes `ids` names, in this category (`PUT /Team/{id}/ReasonCodes`). */
  assign(actor: UserAccount, teamId: string, category: ReasonCategory, ids: readonly string[]): Promise<void> {
    return this.changes.make(actor.loginId, () => {
      this.requireTeam(teamId);
      const candidates = this.directory.allReasonCodes().filter((rc) => rc.category === category);
      const before = assignedTo(candidates, teamId).map((rc) => rc.id);
      const changed = assignToTeam(candidates, teamId, ids, (id) => `The ${category} reason code ${id}`);
      const after = [...new Set(ids)].sort(byNumber);
      return {
        writes: changed.map((reasonCode) => ({ kind: 'reasonCode' as const, reasonCode })),
        audit: [
          {
            resource: 'Team/ReasonCodes',
            resourceId: teamId,
            action: 'assign',
            before: auditJson({ category, reasonCodeIds: before }),
            after: auditJson({ category, reasonCodeIds: after }),
          },
        ],
        apply: () => {
          for (const rc of changed) this.directory.putReasonCode(rc);
        },
        result: undefined,
      };
    });
  }

  /** A team a team assignment may name; any other id is 404 with the 12.x team-assignment error. */
  requireTeam(teamId: string): Team {
    const team = this.directory.findTeam(teamId);
    if (!team) throw invalidTeam(teamId);
    return team;
  }

  private require(id: string): ReasonCode {
    const code = this.directory.findReasonCode(id) ?? findSystemReasonCode('NOT_READY', id) ?? findSystemReasonCode('LOGOUT', id);
    if (!code) throw notFound(id);
    return code;
  }

  /** A new id: never one a system code uses, nor one a configured code has. */
  private async reserveId(): Promise<string> {
    for (;;) {
      const id = String(await this.ids.reserveIds('reasonCode', 1));
      if (!isReservedReasonCodeId(id) && !this.directory.findReasonCode(id)) return id;
    }
  }
}

export function invalidTeam(teamId: string): DomainError {
  return new DomainError(
    'InvalidTeamAssignment',
    'HTTP Status code: 404 (Not Found) Api Error Type:finesse.api.team.team_assignment_invalid_team Error Message: This is not a valid team',
    teamId,
  );
}

function notFound(id: string): DomainError {
  return new DomainError('NotFound', 'Invalid reason code id specified', id);
}

function byNumber(a: string, b: string): number {
  return Number(a) - Number(b) || a.localeCompare(b);
}
