import { z } from 'zod';
import { ACCOUNT_ID_PATTERN, MAX_NAME_LENGTH, MAX_WRAP_UP_TIMER_SECONDS, ROLES } from '../../domain/account-rules.js';
import type { Role, WrapUpMode } from '../../domain/model.js';
import { WRAP_UP_MODES } from '../../domain/model.js';
import type { FieldKind, RequestOf } from '../request-schema.js';
import { optional, requestSchema } from '../request-schema.js';

/** The field kinds of the provisioning API: every problem is 400 Invalid Input naming the field. */
const field =
  <T>(schema: (name: string) => z.ZodType<T>): FieldKind<T> =>
  (name) => ({ schema: schema(name), problem: { type: 'Invalid Input' } });

const required = (name: string) => ({ error: (issue: { input: unknown }) => (issue.input === undefined ? `${name} is required` : `${name} must be text`) });

const id = field((name) => z.string(required(name)).regex(ACCOUNT_ID_PATTERN, `${name} must be 1-64 letters, digits, '.', '_' or '-'`));
const name = field((n) => z.string(required(n)).min(1, `${n} must not be empty`).max(MAX_NAME_LENGTH, `${n} must be at most ${MAX_NAME_LENGTH} characters`));
const lastName = field((n) => z.string(`${n} must be text`).max(MAX_NAME_LENGTH, `${n} must be at most ${MAX_NAME_LENGTH} characters`));
const password = field((n) => z.string(required(n)).min(1, `${n} must not be empty`));
const roles = field((n) => {
  const message = `${n} must be a list of ${ROLES.join(', ')}`;
  return z.array(z.enum(ROLES as readonly [Role, ...Role[]], message), message).min(1, `${n} must name at least one role`);
});
const team = field((n) => z.string(`${n} must be a team id or null`).regex(ACCOUNT_ID_PATTERN, `${n} must be a team id or null`).nullable());
const ids = field((n) => z.array(z.string().regex(ACCOUNT_ID_PATTERN), `${n} must be a list of ids`).transform((list) => [...new Set(list)]));
const flag = field((n) => z.boolean(`${n} must be true or false`));
const wrapUpMode = field((n) => z.enum(WRAP_UP_MODES as readonly [WrapUpMode, ...WrapUpMode[]], `${n} must be one of ${WRAP_UP_MODES.join(', ')}`));
const timer = field((n) => {
  const message = `${n} must be a whole number of seconds from 0 to ${MAX_WRAP_UP_TIMER_SECONDS}`;
  return z.number(message).int(message).min(0, message).max(MAX_WRAP_UP_TIMER_SECONDS, message);
});

/** A misspelt field is an error, not a change silently left out. */
const STRICT = { strict: true };

const userFields = {
  loginName: optional(id),
  firstName: optional(name),
  lastName: optional(lastName),
  roles: optional(roles),
  team: optional(team),
  supervises: optional(ids),
  disabled: optional(flag),
};

/** `POST /openfinesse/api/users`. */
export const userCreateBody = requestSchema({ loginId: id, password, ...userFields }, STRICT);
export type UserCreateBody = RequestOf<typeof userCreateBody>;

/** `PUT /openfinesse/api/users/{loginId}`: any of the fields; `password` sets a new one. */
export const userUpdateBody = requestSchema({ password: optional(password), ...userFields }, STRICT);
export type UserUpdateBody = RequestOf<typeof userUpdateBody>;

const teamFields = {
  wrapUpOnIncoming: optional(wrapUpMode),
  wrapUpOnOutgoing: optional(wrapUpMode),
  wrapUpTimerSeconds: optional(timer),
  members: optional(ids),
  supervisors: optional(ids),
};

/** `POST /openfinesse/api/teams`: `id` left out takes the next free number. */
export const teamCreateBody = requestSchema({ id: optional(id), name, ...teamFields }, STRICT);
export type TeamCreateBody = RequestOf<typeof teamCreateBody>;

/** `PUT /openfinesse/api/teams/{id}`: any of the fields; `members` and `supervisors` replace the lists. */
export const teamUpdateBody = requestSchema({ name: optional(name), ...teamFields }, STRICT);
export type TeamUpdateBody = RequestOf<typeof teamUpdateBody>;
