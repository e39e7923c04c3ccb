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
  | 'AccountLocked';

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
