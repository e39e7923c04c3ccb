import type { Directory } from '../domain/directory.js';
import type { UserAccount } from '../domain/model.js';
import { hasRole } from '../domain/model.js';
import type { Queue } from '../domain/queue.js';
import { isQueueMember } from '../domain/queue.js';
import type { QueueCatalogue } from './queue-catalogue.js';

/**
 * Who may see or act on a user, team, queue or dialog: the one answer REST, pubsub and telephony ask.
 * Only administrators may learn whether an id they cannot see exists; for everyone else the edges answer
 * "not visible" exactly as they answer "does not exist".
 */
export class AccessPolicy {
  constructor(
    private readonly directory: Directory,
    private readonly queues: QueueCatalogue,
  ) {}

  isAdministrator(actor: UserAccount): boolean {
    return hasRole(actor, 'Administrator');
  }

  /** The user's live information (User, Dialogs, Queues): himself, a supervisor of his team, an administrator. */
  mayReadUser(actor: UserAccount, target: UserAccount): boolean {
    return actor.loginId === target.loginId || this.isAdministrator(actor) || this.maySupervise(actor, target);
  }

  /** Per-user configuration lists (reason codes, wrap-up reasons): the user himself or an administrator. */
  mayReadUserLists(actor: UserAccount, target: UserAccount): boolean {
    return actor.loginId === target.loginId || this.isAdministrator(actor);
  }

  /** A team's TeamResource lists (admin reference §10: reason codes, wrap-ups, phone books, workflows): its members and administrators. */
  mayReadTeamResources(actor: UserAccount, teamId: string): boolean {
    return this.isAdministrator(actor) || actor.teamId === teamId;
  }

  /** Supervisor actions on an agent (state changes, monitor, barge): a supervisor of the agent's team. */
  maySupervise(actor: UserAccount, agent: UserAccount): boolean {
    return this.directory.supervises(actor, agent);
  }

  /** A team and its members' updates: its supervisors and administrators. */
  mayReadTeam(actor: UserAccount, teamId: string): boolean {
    return this.isAdministrator(actor) || (hasRole(actor, 'Supervisor') && actor.supervisedTeamIds.includes(teamId));
  }

  /** A team's messages are shown to its members and its supervisors (without asking). */
  receivesTeamMessages(actor: UserAccount, teamId: string): boolean {
    return actor.teamId === teamId || (hasRole(actor, 'Supervisor') && actor.supervisedTeamIds.includes(teamId));
  }

  /** A team's messages may be read by those who receive them and by administrators. */
  mayReadTeamMessages(actor: UserAccount, teamId: string): boolean {
    return this.isAdministrator(actor) || this.receivesTeamMessages(actor, teamId);
  }

  /** Messages to a team are sent by its supervisors and by administrators. */
  mayMessageTeam(actor: UserAccount, teamId: string): boolean {
    return this.mayReadTeam(actor, teamId);
  }

  /**
   * The queues whose statistics the user follows (`/User/{id}/Queues` and the Queue nodes he may subscribe
   * to): those he is a member of; for a supervisor also those his teams serve or a member of his teams is
   * in; for an administrator every queue.
   */
  watchedQueues(actor: UserAccount): Queue[] {
    return this.queues.all().filter((queue) => this.mayWatchQueue(actor, queue));
  }

  mayWatchQueue(actor: UserAccount, queue: Queue): boolean {
    if (this.isAdministrator(actor) || isQueueMember(queue, actor)) return true;
    if (!hasRole(actor, 'Supervisor')) return false;
    if (actor.supervisedTeamIds.some((teamId) => queue.teamIds.includes(teamId))) return true;
    return queue.agentIds.some((loginId) => {
      const teamId = this.directory.findUserByLoginId(loginId)?.teamId;
      return teamId != null && actor.supervisedTeamIds.includes(teamId);
    });
  }

  /** A dialog: whoever may read the live information of one of its agent participants; administrators always. */
  mayReadDialog(actor: UserAccount, participantLoginIds: Iterable<string | null>): boolean {
    if (this.isAdministrator(actor)) return true;
    for (const loginId of participantLoginIds) {
      if (loginId === null) continue;
      if (loginId === actor.loginId) return true;
      const participant = this.directory.findUserByLoginId(loginId);
      if (participant && this.mayReadUser(actor, participant)) return true;
    }
    return false;
  }
}
