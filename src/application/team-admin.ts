import { checkTeam, checkTeamDeletable, withRoster } from '../domain/account-rules.js';
import type { Directory } from '../domain/directory.js';
import { DomainError } from '../domain/errors.js';
import type { Team, TeamSettings, UserAccount } from '../domain/model.js';
import type { AccountEffects } from './account-effects.js';
import type { AuditDraft } from './configuration-changes.js';
import type { ConfigurationChanges } from './configuration-changes.js';
import { auditJson } from './configuration-changes.js';
import type { Store, StoredUser, StoreWrite } from './ports/store.js';

/** A team as the provisioning API shows it: its settings, who belongs to it and who supervises it. */
export interface TeamView extends TeamSettings {
  id: string;
  name: string;
  members: string[];
  supervisors: string[];
}

/** A new team; `id` left out takes the next free number. Members and supervisors named join it. */
export interface TeamDraft extends Partial<TeamSettings> {
  id?: string | undefined;
  name: string;
  members?: string[] | undefined;
  supervisors?: string[] | undefined;
}

export type TeamPatch = Partial<Omit<TeamDraft, 'id'>>;

const DEFAULT_SETTINGS: TeamSettings = { wrapUpOnIncoming: 'OPTIONAL', wrapUpOnOutgoing: 'NOT_ALLOWED', wrapUpTimerSeconds: 0 };

/**
 * Teams over our provisioning API. Setting `members` or `supervisors` replaces the team's list: users
 * named join (leaving their former team), users left out leave it. A team is deleted only when nobody
 * belongs to or supervises it and no queue routes to it (409 otherwise); its reason code, wrap-up reason
 * and phone book assignments go with it.
 */
export class TeamAdmin {
  constructor(
    private readonly directory: Directory,
    private readonly changes: ConfigurationChanges,
    private readonly store: Pick<Store, 'loadUsers' | 'loadTeams' | 'loadQueues' | 'reserveIds'>,
    private readonly effects: AccountEffects,
  ) {}

  async list(): Promise<TeamView[]> {
    const [teams, users] = await Promise.all([this.store.loadTeams(), this.store.loadUsers()]);
    return teams.sort(byId).map((t) => teamView(t, users));
  }

  async get(id: string): Promise<TeamView> {
    const [teams, users] = await Promise.all([this.store.loadTeams(), this.store.loadUsers()]);
    return teamView(requireTeam(teams, id), users);
  }

  create(actor: UserAccount, draft: TeamDraft): Promise<TeamView> {
    return this.changes.make(actor.loginId, async () => {
      const [teams, users] = await Promise.all([this.store.loadTeams(), this.store.loadUsers()]);
      const id = draft.id ?? (await this.freeId(teams));
      const team: Team = { id, name: draft.name, settings: settingsOf(draft, DEFAULT_SETTINGS) };
      checkTeam(team, teams);
      return this.rosterChange(users, team, draft, { resourceId: id, action: 'create', before: null }, () => this.effects.teamStored(team));
    });
  }

  update(actor: UserAccount, id: string, patch: TeamPatch): Promise<TeamView> {
    return this.changes.make(actor.loginId, async () => {
      const [teams, users] = await Promise.all([this.store.loadTeams(), this.store.loadUsers()]);
      const current = requireTeam(teams, id);
      const team: Team = { id, name: patch.name ?? current.name, settings: settingsOf(patch, current.settings) };
      checkTeam(
        team,
        teams.filter((t) => t.id !== id),
      );
      const before = auditJson(teamView(current, users));
      return this.rosterChange(users, team, patch, { resourceId: id, action: 'update', before }, () => this.effects.teamStored(team));
    });
  }

  delete(actor: UserAccount, id: string): Promise<void> {
    return this.changes.make(actor.loginId, async () => {
      const [teams, users, queues] = await Promise.all([this.store.loadTeams(), this.store.loadUsers(), this.store.loadQueues()]);
      const view = teamView(requireTeam(teams, id), users);
      checkTeamDeletable({ team: requireTeam(teams, id), members: view.members, supervisors: view.supervisors });
      const routing = queues.filter((q) => q.teamIds.includes(id)).map((q) => q.id);
      if (routing.length > 0) throw new DomainError('Conflict', `Team ${id} is a target of the queues ${routing.join(', ')}`, 'queues');
      const reasonCodes = this.directory
        .allReasonCodes()
        .filter((rc) => rc.teamIds.includes(id))
        .map((rc) => ({ ...rc, teamIds: rc.teamIds.filter((t) => t !== id) }));
      const wrapUpReasons = this.directory
        .allWrapUpReasons()
        .filter((w) => w.teamIds.includes(id))
        .map((w) => ({ ...w, teamIds: w.teamIds.filter((t) => t !== id) }));
      return {
        writes: [
          ...reasonCodes.map((reasonCode): StoreWrite => ({ kind: 'reasonCode', reasonCode })),
          ...wrapUpReasons.map((reason): StoreWrite => ({ kind: 'wrapUpReason', reason })),
          { kind: 'teamDeleted', id },
        ],
        audit: [{ resource: 'Team', resourceId: id, action: 'delete', before: auditJson(view), after: null }],
        apply: () => {
          for (const rc of reasonCodes) this.directory.putReasonCode(rc);
          for (const w of wrapUpReasons) this.directory.putWrapUpReason(w);
          this.effects.teamDeleted(id);
        },
        result: undefined,
      };
    });
  }

  /** The team's row, the users its roster moves, and the audit entry of both. */
  private rosterChange(
    users: StoredUser[],
    team: Team,
    roster: { members?: string[] | undefined; supervisors?: string[] | undefined },
    audit: Pick<AuditDraft, 'resourceId' | 'action' | 'before'>,
    storeTeam: () => void,
  ) {
    const moved = withRoster(
      users.map((u) => u.account),
      team.id,
      roster.members,
      roster.supervisors,
    );
    const stored = new Map(users.map((u) => [u.account.loginId, u]));
    const changedUsers = moved.map((account) => ({ ...stored.get(account.loginId)!, account }));
    const after = new Map(stored);
    for (const u of changedUsers) after.set(u.account.loginId, u);
    const view = teamView(team, [...after.values()]);
    return {
      writes: [
        { kind: 'team', team } as StoreWrite,
        ...changedUsers.map((u): StoreWrite => ({ kind: 'user', account: u.account, credentials: u.credentials, disabled: u.disabled })),
      ],
      audit: [{ resource: 'Team', ...audit, after: auditJson(view) }],
      apply: () => {
        storeTeam();
        for (const u of changedUsers) this.effects.userStored(u.account.loginId, u);
      },
      result: view,
    };
  }

  /** The next number past every numeric team id and every id handed out before. */
  private async freeId(teams: readonly Team[]): Promise<string> {
    for (;;) {
      const id = String(await this.store.reserveIds('team', 1));
      if (!teams.some((t) => t.id === id)) return id;
    }
  }
}

export function teamView(team: Team, users: readonly Pick<StoredUser, 'account'>[]): TeamView {
  return {
    id: team.id,
    name: team.name,
    ...team.settings,
    members: users.filter((u) => u.account.teamId === team.id).map((u) => u.account.loginId),
    supervisors: users.filter((u) => u.account.supervisedTeamIds.includes(team.id)).map((u) => u.account.loginId),
  };
}

function settingsOf(given: Partial<TeamSettings>, fallback: TeamSettings): TeamSettings {
  return {
    wrapUpOnIncoming: given.wrapUpOnIncoming ?? fallback.wrapUpOnIncoming,
    wrapUpOnOutgoing: given.wrapUpOnOutgoing ?? fallback.wrapUpOnOutgoing,
    wrapUpTimerSeconds: given.wrapUpTimerSeconds ?? fallback.wrapUpTimerSeconds,
  };
}

function requireTeam(teams: readonly Team[], id: string): Team {
  const team = teams.find((t) => t.id === id);
  if (!team) throw new DomainError('NotFound', `There is no team ${id}`, id);
  return team;
}

function byId(a: Team, b: Team): number {
  return Number(a.id) - Number(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
