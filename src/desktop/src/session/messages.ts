import type { ApiError, User } from '../finesse/model';
import { RestError } from '../finesse/rest';

/** Words for the sign-in screen, from the server's answer (reference §1.4, §2.2, §5.6). */
export function signInMessage(error: unknown, extension: string): string {
  if (error instanceof RestError) {
    const e = error.first;
    if (error.status === 0) return error.message;
    if (error.status === 401) {
      if (e?.message === 'ACCOUNT_LOCKED') return 'This account is locked after too many failed sign-in attempts. Wait a few minutes and try again.';
      return 'The ID or password is not correct.';
    }
    if (e?.type === 'Parameter Missing' && e.data === 'extension') return 'Enter your extension.';
    if (e && /in use/i.test(e.message)) return `Extension ${extension} is in use by another agent. Use another extension.`;
    if (e?.type === 'Device Busy') return `Extension ${extension} is in use by another agent. Use another extension.`;
    if (e?.type === 'Invalid Device' || (e?.type === 'Bad Request' && e.data === extension)) return `Extension ${extension} cannot be used: ${e.message}.`;
    if (error.status === 404) return 'This user does not exist on the server.';
    if (e) return `${e.type}: ${e.message}`;
    return `Sign-in failed (HTTP ${error.status}).`;
  }
  return error instanceof Error ? error.message : 'Sign-in failed.';
}

export function describeErrors(errors: ApiError[]): string {
  return errors.map((e) => [e.type, e.message].filter(Boolean).join(': ')).join('; ') || 'The request failed';
}

/** Why a failed request failed, for a notice. */
export function errorText(error: unknown): string {
  if (error instanceof RestError) {
    if (error.status === 0) return error.message;
    return describeErrors(error.errors.length ? error.errors : [{ type: `HTTP ${error.status}`, message: error.message, data: '' }]);
  }
  return error instanceof Error ? error.message : String(error);
}

export function signedOutReason(user: User): string {
  const id = user.reasonCodeId;
  if (id === '999') return 'Your supervisor signed you out.';
  if (id === '255') return 'The connection between this desktop and the server was lost for too long, so the system signed you out.';
  if (user.reasonCode?.label) return `You were signed out: ${user.reasonCode.label}.`;
  return 'You were signed out from another session or by the system.';
}
