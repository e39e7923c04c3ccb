import type { Clock } from '../domain/clock.js';
import type { Directory } from '../domain/directory.js';
import { DomainError } from '../domain/errors.js';
import type { UserAccount } from '../domain/model.js';
import type { TeamMessage, TeamMessageDraft } from '../domain/team-message.js';
import { checkActiveLimit, checkedDraft, expiresAt, isActive } from '../domain/team-message.js';
import type { AccessPolicy } from './access-policy.js';
import type { CommitQueue } from './commit-queue.js';
import { auditJson } from './configuration-changes.js';
import type { DurableTimers } from './ports/durable-timers.js';
import type { AuditDraft } from './configuration-changes.js';
import type { Store } from './ports/store.js';
import { WriteRefused } from './ports/store.js';

/** The timer key prefix of the expiry of a message (`team-message.{uuid}`). */
const PREFIX = 'team-message';
const keyOf = (id: string): string => `${PREFIX}.${id}`;

/**
 * Tells the team's agents a message was added (POST) or removed (DELETE); called inside the unit of work
 * of the change, so the notification leaves once it is durable (and, in a cluster, from every node).
 */
export type TeamMessageAnnouncer = (message: TeamMessage, event: 'POST' | 'DELETE') => void;

export interface TeamMessagesDeps {
  directory: Directory;
  policy: AccessPolicy;
  commits: Pick<CommitQueue, 'run' | 'write' | 'afterCommit'>;
  store: Pick<Store, 'loadTeamMessages'>;
  timers: DurableTimers;
  clock: Clock;
  newId(): string;
  announce: TeamMessageAnnouncer;
}

/**
 * Team messages (admin reference §13): supervisors send them to their teams, administrators to any; the
 * team's agents see them live until they expire. The store is the one truth (every node of a cluster
 * reads it); a change commits its row, its audit entry and its notifications in one transaction. Each
 * message has a durable timer at its expiry that deletes it and announces the removal; reads never show
 * an expired message, even before its timer fired.
 */
export class TeamMessages {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: TeamMessagesDeps) {
    deps.timers.on(PREFIX, (key) => void this.expire(key.slice(PREFIX.length + 1)).catch(() => undefined));
  }

  /** At start: messages that expired while no one watched are dropped, the others' timers armed again. */
  async start(): Promise<{ dropped: number; armed: number }> {
    const now = this.deps.clock.now();
    const all = await this.deps.store.loadTeamMessages();
    const expired = all.filter((m) => !isActive(m, now));
    if (expired.length > 0) {
      await this.deps.commits.run(() => {
        for (const m of expired) this.deps.commits.write({ kind: 'teamMessageDeleted', id: m.id });
      }).committed;
    }
    const active = all.filter((m) => isActive(m, now));
    for (const m of active) this.deps.timers.arm(keyOf(m.id), expiresAt(m));
    return { dropped: expired.length, armed: active.length };
  }

  /** `POST /TeamMessage`: the actor must supervise every team named (an administrator any team). */
  create(actor: UserAccount, draft: TeamMessageDraft): Promise<TeamMessage> {
    return this.serialized(async () => {
      const checked = checkedDraft(draft);
      for (const teamId of checked.teamIds) this.requireSendable(actor, teamId);
      const now = this.deps.clock.now();
      checkActiveLimit(await this.active(now), checked.teamIds);
      const message: TeamMessage = { id: this.deps.newId(), createdBy: actor.loginId, createdAt: now, ...checked };
      await this.change(actor, { resource: 'TeamMessage', resourceId: message.id, action: 'create', before: null, after: auditJson(message) }, () => {
        this.deps.commits.write({ kind: 'teamMessage', message });
        this.deps.announce(message, 'POST');
        this.deps.commits.afterCommit(() => this.deps.timers.arm(keyOf(message.id), expiresAt(message)));
      });
      return message;
    });
  }

  /** `GET /Team/{id}/TeamMessages`: the team's active messages, oldest first. */
  async listForTeam(actor: UserAccount, teamId: string): Promise<TeamMessage[]> {
    const administrator = this.deps.policy.isAdministrator(actor);
    if (!this.deps.directory.findTeam(teamId)) {
      if (administrator) throw new DomainError('NotFound', 'Invalid team id specified', teamId);
      throw unauthorized(actor);
    }
    if (!this.deps.policy.mayReadTeamMessages(actor, teamId)) throw unauthorized(actor);
    return (await this.active(this.deps.clock.now())).filter((m) => m.teamIds.includes(teamId));
  }

  /** `GET /TeamMessage/{id}`: an active message its creator or a reader of one of its teams may see. */
  async get(actor: UserAccount, id: string): Promise<TeamMessage> {
    const message = (await this.active(this.deps.clock.now())).find((m) => m.id === id);
    if (!message || !(message.createdBy === actor.loginId || message.teamIds.some((t) => this.deps.policy.mayReadTeamMessages(actor, t)))) throw notFound(id);
    return message;
  }

  /** `DELETE /TeamMessage/{id}`: by its creator, an administrator, or a supervisor of every team it goes to. */
  delete(actor: UserAccount, id: string): Promise<void> {
    return this.serialized(async () => {
      const message = (await this.active(this.deps.clock.now())).find((m) => m.id === id);
      if (!message) throw notFound(id);
      const allowed =
        message.createdBy === actor.loginId ||
        this.deps.policy.isAdministrator(actor) ||
        message.teamIds.every((t) => this.deps.policy.mayMessageTeam(actor, t));
      if (!allowed) throw new DomainError('InvalidSupervisor', 'The supervisor does not supervise every team of this message', actor.loginId);
      await this.change(actor, { resource: 'TeamMessage', resourceId: id, action: 'delete', before: auditJson(message), after: null }, () =>
        this.remove(message),
      );
    });
  }

  /** The expiry timer fired (on the leader, in a cluster): the message goes, and its teams are told. */
  expire(id: string): Promise<void> {
    return this.serialized(async () => {
      const message = (await this.deps.store.loadTeamMessages()).find((m) => m.id === id);
      if (!message) return;
      const now = this.deps.clock.now();
      // A timer that fired early (a clock step) is armed again for what is left.
      if (isActive(message, now)) {
        this.deps.timers.arm(keyOf(id), expiresAt(message));
        return;
      }
      await this.deps.commits.run(() => this.remove(message)).committed;
    });
  }

  private remove(message: TeamMessage): void {
    this.deps.commits.write({ kind: 'teamMessageDeleted', id: message.id });
    this.deps.announce(message, 'DELETE');
    this.deps.commits.afterCommit(() => this.deps.timers.cancel(keyOf(message.id)));
  }

  private async change(actor: UserAccount, audit: AuditDraft, work: () => void): Promise<void> {
    const at = this.deps.clock.now();
    const { committed } = this.deps.commits.run(() => {
      work();
      this.deps.commits.write({ kind: 'audit', record: { ...audit, at, actor: actor.loginId } });
    });
    try {
      await committed;
    } catch (error) {
      if (error instanceof WriteRefused) throw new DomainError('ConfigurationRefused', `The database refused the change: ${error.message}`);
      throw error;
    }
  }

  private async active(now: number): Promise<TeamMessage[]> {
    return (await this.deps.store.loadTeamMessages()).filter((m) => isActive(m, now));
  }

  private requireSendable(actor: UserAccount, teamId: string): void {
    const exists = this.deps.directory.findTeam(teamId) !== undefined;
    if (this.deps.policy.isAdministrator(actor)) {
      if (!exists) throw new DomainError('ConfigurationRefused', `The team ${teamId} does not exist`, teamId);
      return;
    }
    if (!exists || !this.deps.policy.mayMessageTeam(actor, teamId)) {
      throw new DomainError('InvalidSupervisor', 'The supervisor does not supervise this team', actor.loginId);
    }
  }

  /** Changes (and expiries) run one at a time on this node, so the active-message limit holds here. */
  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work);
    this.tail = run.catch(() => undefined);
    return run;
  }
}

function unauthorized(actor: UserAccount): DomainError {
  return new DomainError('AuthorizationFailure', 'UNAUTHORIZED', actor.loginId);
}

function notFound(id: string): DomainError {
  return new DomainError('NotFound', 'Invalid team message id specified', id);
}
