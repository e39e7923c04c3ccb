import type { DomainErrorKind } from '../domain/errors.js';
import { element } from './xml-escape.js';

export interface ApiError {
  status: number;
  type: string;
  message: string;
  data: string;
}

const BY_KIND: Record<DomainErrorKind, { status: number; type: string }> = {
  BadRequest: { status: 400, type: 'Bad Request' },
  ParameterMissing: { status: 400, type: 'Parameter Missing' },
  InvalidInput: { status: 400, type: 'Invalid Input' },
  InvalidState: { status: 400, type: 'Invalid State' },
  InvalidDestination: { status: 400, type: 'Invalid Destination' },
  NotFound: { status: 404, type: 'Not Found' },
  UserNotFound: { status: 404, type: 'User Not Found' },
  AuthenticationFailure: { status: 401, type: 'Authentication Failure' },
  AuthorizationFailure: { status: 401, type: 'Authorization Failure' },
  InvalidAuthorizationUser: { status: 401, type: 'Invalid Authorization User Specified' },
  InvalidSupervisor: { status: 401, type: 'Invalid Supervisor' },
  AccountLocked: { status: 401, type: 'Authentication Failure' },
  ConfigurationRefused: { status: 400, type: 'Finesse API Error' },
  MaximumExceeded: { status: 400, type: 'Maximum Exceeded' },
  // Our provisioning API only (Finesse has no user or team administration).
  Conflict: { status: 409, type: 'Conflict' },
  // The 12.x i18n key style, as the reference quotes it for this case.
  InvalidTeamAssignment: { status: 404, type: 'finesse.api.team.team_assignment_invalid_team' },
  // The reference's words for too many active team messages (§13); the status is not documented.
  ResourceLimitExceeded: { status: 400, type: 'System Resource Limit Exceeded' },
};

export function apiErrorFor(kind: DomainErrorKind, message: string, data: string): ApiError {
  const { status, type } = BY_KIND[kind];
  return { status, type, message, data };
}

/** The synchronous error body: `ApiErrors/ApiError{ErrorType, ErrorData, ErrorMessage}`. */
export function apiErrorsXml(errors: readonly ApiError[]): string {
  return `<ApiErrors>${errors
    .map((e) => `<ApiError>${element('ErrorType', e.type)}${element('ErrorData', e.data)}${element('ErrorMessage', e.message)}</ApiError>`)
    .join('')}</ApiErrors>`;
}
