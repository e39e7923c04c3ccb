import type { AccessPolicy } from '../application/access-policy.js';
import type { Directory } from '../domain/directory.js';
import type { DialogSnapshot } from '../domain/dialog.js';
import type { Team, UserAccount } from '../domain/model.js';
import { hasRole } from '../domain/model.js';
import { DomainError } from '../domain/errors.js';
import { HttpApiError } from './errors.js';

/**
 * The access policy's answers as Finesse errors. A caller who may not see an id gets exactly the answer
 * he would get for an id that does not exist, so ids cannot be probed; administrators, who may list
 * users and teams anyway, learn that an id does not exist (404).
 */
export class HttpAccess {
  constructor(
    private readonly policy: AccessPolicy,
    private readonly directory: Directory,
  ) {}

  /** `/User/{id}`, its Dialogs and Queues: the user himself (by loginId or loginName), his supervisors, administrators. */
  readableUser(actor: UserAccount, id: string): UserAccount {
    return this.resolveUser(actor, id, (target) => this.policy.mayReadUser(actor, target));
  }

  /** Per-user configuration lists (reason codes, wrap-up reasons): the user himself or an administrator. */
  userListsOwner(actor: UserAccount, id: string): UserAccount {
    return this.resolveUser(actor, id, (target) => this.policy.mayReadUserLists(actor, target));
  }

  /**
   * The target of `PUT /User/{id}`. Whether an existing target may be changed is the state machine's to
   * say; for an id that does not exist this answers what the state machine answers a stranger.
   */
  stateChangeTarget(actor: UserAccount, id: string): UserAccount {
    const target = this.directory.findUserByLoginId(id) ?? this.directory.findUser(id);
    if (target) return target;
    if (this.policy.isAdministrator(actor)) throw new DomainError('UserNotFound', 'UNKNOWN_USER', id);
    if (hasRole(actor, 'Supervisor')) throw invalidSupervisor(actor);
    throw mismatch(actor);
  }

  /** `GET /Team/{id}`: supervisors of the team and administrators. */
  readableTeam(actor: UserAccount, id: string): Team {
    const administrator = this.policy.isAdministrator(actor);
    if (!administrator && !hasRole(actor, 'Supervisor')) throw HttpApiError.of(401, 'Authorization Failure', 'UNAUTHORIZED', actor.loginId);
    const team = this.directory.findTeam(id);
    if (team && this.policy.mayReadTeam(actor, team.id)) return team;
    if (!team && administrator) throw new DomainError('NotFound', 'Invalid team id specified', id);
    throw invalidSupervisor(actor);
  }

  /**
   * `/TeamResource/{id}/…` (admin reference §10): the team's members and administrators. Anyone else gets
   * 401 Authorization Failure whether or not the team exists; an administrator gets 404 for a team that
   * does not.
   */
  teamResourceTeam(actor: UserAccount, id: string): Team {
    if (!this.policy.mayReadTeamResources(actor, id)) throw HttpApiError.of(401, 'Authorization Failure', 'UNAUTHORIZED', actor.loginId);
    const team = this.directory.findTeam(id);
    if (!team) throw new DomainError('NotFound', 'TeamId Not Found', id);
    return team;
  }

  /** `/Dialog/{id}`: a dialog the caller may not read is answered as one that does not exist. */
  readableDialog(actor: UserAccount, id: string, dialog: DialogSnapshot | undefined): DialogSnapshot {
    if (
      dialog &&
      this.policy.mayReadDialog(
        actor,
        dialog.participants.map((p) => p.loginId),
      )
    )
      return dialog;
    throw new DomainError('NotFound', 'Invalid dialogId specified for dialog', id);
  }

  private resolveUser(actor: UserAccount, id: string, allowed: (target: UserAccount) => boolean): UserAccount {
    if (id === actor.loginId || id === actor.loginName) return actor;
    const target = this.directory.findUser(id);
    if (target && allowed(target)) return target;
    if (!target && this.policy.isAdministrator(actor)) throw new DomainError('UserNotFound', 'UNKNOWN_USER', id);
    throw mismatch(actor);
  }
}

export function requireAdministrator(actor: UserAccount): void {
  if (!hasRole(actor, 'Administrator')) throw HttpApiError.of(401, 'Authorization Failure', 'UNAUTHORIZED', actor.loginId);
}

function mismatch(actor: UserAccount): DomainError {
  return new DomainError('InvalidAuthorizationUser', "The user in the credentials and the uri don't match", actor.loginId);
}

function invalidSupervisor(actor: UserAccount): DomainError {
  return new DomainError('InvalidSupervisor', 'The supervisor does not supervise this team', actor.loginId);
}
