/**
 * A rule the domain refused. `kind` names the Finesse error category; the wire layer maps it to an HTTP
 * status and ErrorType. `data` is what Finesse reports in ErrorData (the offending value or parameter).
 */
export type DomainErrorKind =
  | 'BadRequest'
  | 'ParameterMissing'
  | 'InvalidInput'
  | 'InvalidState'
  | 'InvalidDestination'
  | 'NotFound'
  | 'UserNotFound'
  | 'AuthenticationFailure'
  | 'AuthorizationFailure'
  | 'InvalidAuthorizationUser'
  | 'InvalidSupervisor'
  | 'AccountLocked'
  /** A configuration rule: a duplicate, an item that does not exist or may not be used there, a database constraint. */
  | 'ConfigurationRefused'
  /** A configuration count limit would be exceeded. */
  | 'MaximumExceeded'
  /** A team assignment names a team that does not exist. */
  | 'InvalidTeamAssignment'
  /** The item exists already, or is in use (provisioning: a duplicate login, a team with members). */
  | 'Conflict'
  /** A limit of active items (team messages) would be exceeded. */
  | 'ResourceLimitExceeded';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly data: string = '',
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
