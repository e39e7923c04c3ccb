import type { Credentials } from '../accounts/credentials.js';
import type { Clock } from '../domain/clock.js';
import type { Directory } from '../domain/directory.js';
import type { DomainEvent, EventBus } from '../domain/events.js';
import type { Team, UserAccount } from '../domain/model.js';
import type { AgentStatusWriter } from './agent-status-writer.js';
import type { ConfigurationCache } from './configuration-cache.js';

/** A user as a provisioning change leaves him in the store. */
export interface StoredAccount {
  account: UserAccount;
  credentials: Credentials;
  disabled: boolean;
  /** His agent status row's version (0 for a new user). */
  version: number;
}

/**
 * What a committed user or team change does to this process: the directory, the credentials and the
 * agent status versions take it over, and the change is published as Finesse publishes a user change
 * (reference §9.6): a PUT of the full user on `/User/{id}` and of the summary on his team's
 * `/Team/{id}/Users` node — and on the node of the team he left, when he changed teams.
 */
export class AccountEffects {
  constructor(
    private readonly directory: Directory,
    private readonly cache: Pick<ConfigurationCache, 'setCredentials'>,
    private readonly statuses: Pick<AgentStatusWriter, 'takeOver'>,
    private readonly bus: Pick<EventBus, 'publish'>,
    private readonly clock: Clock,
  ) {}

  /** A user created, changed, enabled, disabled (`after.disabled`) or deleted (`after` null). */
  userStored(loginId: string, after: StoredAccount | null): void {
    const before = this.directory.findUserByLoginId(loginId);
    if (after === null || after.disabled) {
      if (!before) return;
      this.directory.removeUser(loginId);
      this.cache.setCredentials(loginId, undefined);
      this.statuses.takeOver([], [loginId]);
      return;
    }
    this.directory.putUser(after.account);
    this.cache.setCredentials(loginId, after.credentials);
    if (before) this.publish(after.account, before.teamId);
    else this.statuses.takeOver([{ loginId, version: after.version }], []);
  }

  /** A team created or changed: its members' User objects carry its name, so a rename is published for each. */
  teamStored(team: Team): void {
    const renamed = this.directory.findTeam(team.id)?.name !== team.name;
    this.directory.putTeam(team);
    if (renamed) for (const member of this.directory.teamMembers(team.id)) this.publish(member, member.teamId);
  }

  teamDeleted(id: string): void {
    this.directory.removeTeam(id);
  }

  private publish(user: UserAccount, formerTeamId: string | null): void {
    const at = this.clock.now();
    const snapshot = this.directory.snapshot(user);
    const events: DomainEvent[] = [{ type: 'UserChanged', requestId: '', at, user: snapshot }];
    if (user.teamId !== null) events.push({ type: 'TeamMemberChanged', requestId: '', at, teamId: user.teamId, user: snapshot });
    if (formerTeamId !== null && formerTeamId !== user.teamId)
      events.push({ type: 'TeamMemberChanged', requestId: '', at, teamId: formerTeamId, user: snapshot });
    this.bus.publish(events);
  }
}
