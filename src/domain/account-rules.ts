import { DomainError } from './errors.js';
import type { Role, Team, UserAccount } from './model.js';

/** Login ids, login names and team ids: what a URL path segment and an XMPP node name carry safely. */
export const ACCOUNT_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
export const ROLES: readonly Role[] = ['Agent', 'Supervisor', 'Administrator'];
export const MAX_NAME_LENGTH = 128;
export const MAX_WRAP_UP_TIMER_SECONDS = 7200;

/** A team with the users who belong to it and those who supervise it. */
export interface TeamRoster {
  team: Team;
  members: string[];
  supervisors: string[];
}

/** Supervising a team implies the Supervisor role, and a supervisor is an agent as well. */
export function impliedRoles(roles: readonly Role[], supervises: readonly string[]): Role[] {
  const result = [...roles];
  if (supervises.length > 0 && !result.includes('Supervisor')) result.push('Supervisor');
  if (result.includes('Supervisor') && !result.includes('Agent')) result.unshift('Agent');
  return ROLES.filter((role) => result.includes(role));
}

/**
 * Checks a user against the other users and the teams: loginId and loginName are unique (a loginId case-
 * insensitively, as XMPP folds case), neither may be another user's other name (a `/User/{id}` lookup
 * tries both), and every team named exists. Throws Conflict (409) or InvalidInput naming the field.
 */
export function checkUser(account: UserAccount, others: readonly UserAccount[], teamIds: ReadonlySet<string>): void {
  const id = account.loginId.toLowerCase();
  for (const other of others) {
    if (other.loginId.toLowerCase() === id) throw conflict(`A user with loginId ${other.loginId} already exists`, account.loginId);
    if (other.loginName === account.loginName || other.loginId === account.loginName) {
      throw conflict(`The loginName ${account.loginName} is already used by ${other.loginId}`, account.loginName);
    }
    if (other.loginName === account.loginId) throw conflict(`The loginId ${account.loginId} is the loginName of ${other.loginId}`, account.loginId);
  }
  if (account.teamId !== null && !teamIds.has(account.teamId)) throw unknownTeam('team', account.teamId);
  for (const teamId of account.supervisedTeamIds) if (!teamIds.has(teamId)) throw unknownTeam('supervises', teamId);
}

/** Team ids are unique, and so are team names (an administrator tells teams apart by name). */
export function checkTeam(team: Team, others: readonly Team[]): void {
  for (const other of others) {
    if (other.id === team.id) throw conflict(`A team with id ${team.id} already exists`, team.id);
    if (other.name === team.name) throw conflict(`The team name ${team.name} is already used by team ${other.id}`, team.name);
  }
}

/**
 * The users after a team's roster is set: the members named belong to the team (leaving their former
 * one), members no longer named belong to none; the supervisors named supervise it (gaining the
 * Supervisor role), those no longer named stop. Only the users that change are returned.
 */
export function withRoster(
  users: readonly UserAccount[],
  teamId: string,
  members: readonly string[] | undefined,
  supervisors: readonly string[] | undefined,
): UserAccount[] {
  const known = new Set(users.map((u) => u.loginId));
  for (const loginId of members ?? []) if (!known.has(loginId)) throw unknownUser('members', loginId);
  for (const loginId of supervisors ?? []) if (!known.has(loginId)) throw unknownUser('supervisors', loginId);
  const changed: UserAccount[] = [];
  for (const user of users) {
    let team = user.teamId;
    if (members !== undefined) {
      if (members.includes(user.loginId)) team = teamId;
      else if (user.teamId === teamId) team = null;
    }
    let supervised = user.supervisedTeamIds;
    if (supervisors !== undefined) {
      const listed = supervisors.includes(user.loginId);
      if (listed && !supervised.includes(teamId)) supervised = [...supervised, teamId].sort();
      if (!listed && supervised.includes(teamId)) supervised = supervised.filter((t) => t !== teamId);
    }
    if (team === user.teamId && supervised === user.supervisedTeamIds) continue;
    changed.push({ ...user, teamId: team, supervisedTeamIds: supervised, roles: impliedRoles(user.roles, supervised) });
  }
  return changed;
}

/** Who still points at a team: it may be deleted only when nobody does (members and supervisors first). */
export function checkTeamDeletable(roster: TeamRoster): void {
  if (roster.members.length > 0) {
    throw new DomainError('Conflict', `Team ${roster.team.id} still has members (${roster.members.join(', ')}); move them to another team first`, 'members');
  }
  if (roster.supervisors.length > 0) {
    throw new DomainError(
      'Conflict',
      `Team ${roster.team.id} still has supervisors (${roster.supervisors.join(', ')}); remove them from the team first`,
      'supervisors',
    );
  }
}

/** An administrator keeps his own Administrator role (nobody could give it back through this API otherwise). */
export function checkOwnRoles(target: UserAccount, actorLoginId: string): void {
  if (target.loginId === actorLoginId && !target.roles.includes('Administrator')) {
    throw new DomainError('Conflict', 'An administrator cannot take the Administrator role from himself', 'roles');
  }
}

/** Only a signed-out user may be deleted or disabled; nobody may delete or disable himself. */
export function checkRemovable(target: UserAccount, signedIn: boolean, actorLoginId: string, action: 'delete' | 'disable'): void {
  if (target.loginId === actorLoginId) throw new DomainError('Conflict', `An administrator cannot ${action} his own account`, target.loginId);
  if (signedIn) throw new DomainError('Conflict', `${target.loginId} is signed in; sign him out before you ${action} his account`, target.loginId);
}

function conflict(message: string, value: string): DomainError {
  return new DomainError('Conflict', message, value);
}

function unknownTeam(field: string, teamId: string): DomainError {
  return new DomainError('InvalidInput', `${field}: there is no team ${teamId}`, field);
}

function unknownUser(field: string, loginId: string): DomainError {
  return new DomainError('InvalidInput', `${field}: there is no user ${loginId}`, field);
}
