import type { Directory } from '../domain/directory.js';
import type { UserAccount } from '../domain/model.js';
import { hasRole } from '../domain/model.js';
import { DomainError } from '../domain/errors.js';
import { HttpApiError } from './errors.js';

/**
 * Resolves `/User/{id}` for a read by `actor`: himself (by loginId or loginName), any user for an
 * administrator, a member of a supervised team for a supervisor. An agent asking about anyone else gets
 * the credentials/URI mismatch error whether or not that user exists, so ids cannot be probed.
 */
export function readableUser(directory: Directory, actor: UserAccount, id: string): UserAccount {
  if (id === actor.loginId || id === actor.loginName) return actor;
  const privileged = hasRole(actor, 'Administrator') || hasRole(actor, 'Supervisor');
  if (!privileged) throw mismatch(actor);
  const target = directory.findUser(id);
  if (!target) throw new DomainError('UserNotFound', 'UNKNOWN_USER', id);
  if (hasRole(actor, 'Administrator') || directory.supervises(actor, target)) return target;
  throw mismatch(actor);
}

/** Per-user configuration lists (reason codes, wrap-up reasons): the user himself or an administrator. */
export function selfOrAdministrator(directory: Directory, actor: UserAccount, id: string): UserAccount {
  if (id === actor.loginId || id === actor.loginName) return actor;
  if (!hasRole(actor, 'Administrator')) throw mismatch(actor);
  const target = directory.findUser(id);
  if (!target) throw new DomainError('UserNotFound', 'UNKNOWN_USER', id);
  return target;
}

export function requireAdministrator(actor: UserAccount): void {
  if (!hasRole(actor, 'Administrator')) throw HttpApiError.of(401, 'Authorization Failure', 'UNAUTHORIZED', actor.loginId);
}

function mismatch(actor: UserAccount): DomainError {
  return new DomainError('InvalidAuthorizationUser', "The user in the credentials and the uri don't match", actor.loginId);
}
