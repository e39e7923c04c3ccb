import { z } from 'zod';
import type { Credentials } from '../accounts/credentials.js';
import { ServerConfigSchema } from '../config.js';
import { ACCOUNT_ID_PATTERN, impliedRoles, ROLES } from '../domain/account-rules.js';
import {
  CONTACT_LIMITS,
  CONTACT_PHONE_NUMBER_MAX_CHARACTERS,
  CONTACT_TEXT_MAX_CHARACTERS,
  PHONE_BOOK_NAME_MAX_CHARACTERS,
  PHONE_BOOKS,
} from '../domain/configuration-limits.js';
import type { PhoneBookType } from '../domain/phone-book.js';
import { PHONE_BOOK_TYPES } from '../domain/phone-book.js';
import type { ReasonCategory, Role, WrapUpMode } from '../domain/model.js';
import { REASON_CATEGORIES, WRAP_UP_MODES } from '../domain/model.js';
import { isReservedReasonCodeId } from '../domain/system-reason-codes.js';

/** A phone book of a provisioning file, with its contacts (their ids kept, so that an export imports back unchanged). */
export interface PlannedPhoneBook {
  id: string;
  name: string;
  type: PhoneBookType;
  teams: string[];
  contacts: { id: string; firstName: string; lastName: string; phoneNumber: string; description: string }[];
}

/**
 * What a `--config` YAML file, an `openfinesse import` file or the demo data provisions. A user without
 * `password` or `passwordHashes` keeps the credentials he has (a new user must have one of them).
 */
export interface ProvisioningPlan {
  teams: { id: string; name: string; wrapUpOnIncoming: WrapUpMode; wrapUpOnOutgoing: WrapUpMode; wrapUpTimerSeconds: number }[];
  users: {
    loginId: string;
    loginName: string;
    firstName: string;
    lastName: string;
    password?: string | undefined;
    /** The stored SCRAM records, as `openfinesse export --with-password-hashes` writes them. */
    passwordHashes?: Credentials | undefined;
    roles: Role[];
    team: string | null;
    supervises: string[];
    disabled?: boolean | undefined;
  }[];
  reasonCodes: { id: string; category: ReasonCategory; code: number; label: string; forAll: boolean; teams: string[] }[];
  wrapUpReasons: { id: string; label: string; forAll: boolean; teams: string[] }[];
  queues: { id: string; name: string; dialedNumbers: string[]; teams: string[]; agents: string[]; ringNoAnswerSeconds: number; maxQueueTimeSeconds: number }[];
  phoneBooks?: PlannedPhoneBook[] | undefined;
  settings: { requireReasonCodes?: boolean };
}

/** Where in the file an entry is: the path of a problem, as `users[2].team`. */
export type PlanPath = readonly (string | number)[];

export class ConfigError extends Error {
  constructor(
    readonly path: PlanPath,
    readonly problem: string,
  ) {
    super(`${pathText(path)}: ${problem}`);
    this.name = 'ConfigError';
  }
}

const ID_PATTERN = ACCOUNT_ID_PATTERN;

// The value kinds of a provisioning file. YAML writes `id: 1` as a number, so text accepts numbers.
const missing = (input: unknown): boolean => input === undefined || input === null;
const text = z.preprocess(
  (v) => (typeof v === 'number' ? String(v) : v),
  z.string({ error: (issue) => (missing(issue.input) ? 'is required' : 'must be text') }),
);
const id = text.refine((value) => ID_PATTERN.test(value), { error: (issue) => `"${String(issue.input)}" must be 1-64 letters, digits, '.', '_' or '-'` });
const sized = (max: number) => text.refine((value) => value.length >= 1 && value.length <= max, `must be 1-${max} characters`);
/** Absent (or null) means `fallback`. */
const or = <T extends z.ZodType>(field: T, fallback: z.input<T>) => z.preprocess((v) => v ?? fallback, field);
const optional = <T extends z.ZodType>(field: T) => z.preprocess((v) => v ?? undefined, field.optional());
const list = <T extends z.ZodType>(item: T) =>
  z
    .array(item, { error: 'must be a list' })
    .nullish()
    .transform((items) => items ?? []);
const mapping = <T extends z.ZodRawShape>(shape: T) => z.object(shape, { error: 'must be a mapping' });
const bool = (fallback: boolean) => or(z.boolean({ error: 'must be true or false' }), fallback);
const oneOf = <T extends string>(allowed: readonly T[], fallback: T) =>
  or(z.enum(allowed as readonly [T, ...T[]], { error: `must be one of ${allowed.join(', ')}` }), fallback);
const integer = (min: number, max: number) => {
  const message = `must be a whole number from ${min} to ${max}`;
  const number = z.number({ error: (issue) => (missing(issue.input) ? 'is required' : message) });
  return z.preprocess((v) => (typeof v === 'string' ? Number(v) : v), number.int(message).min(min, message).max(max, message));
};

const team = mapping({
  id,
  name: text,
  wrapUpOnIncoming: oneOf(WRAP_UP_MODES, 'OPTIONAL'),
  wrapUpOnOutgoing: oneOf(WRAP_UP_MODES, 'NOT_ALLOWED'),
  wrapUpTimerSeconds: or(integer(0, 7200), 0),
});

const scram = mapping({ salt: text, iterations: integer(1, 10_000_000), storedKey: text, serverKey: text });
const passwordHashes = mapping({ 'SCRAM-SHA-1': scram, 'SCRAM-SHA-256': scram });

const user = mapping({
  loginId: id,
  loginName: optional(id),
  firstName: optional(text),
  lastName: or(text, ''),
  password: optional(text.refine((value) => value.length > 0, 'must not be empty')),
  passwordHashes: optional(passwordHashes),
  roles: or(list(oneOf(ROLES, 'Agent')), ['Agent']),
  team: optional(id),
  supervises: list(id),
  disabled: bool(false),
}).transform(({ loginId, loginName, firstName, lastName, password, passwordHashes, roles, team, supervises, disabled }) => ({
  loginId,
  loginName: loginName ?? loginId,
  firstName: firstName ?? loginId,
  lastName,
  ...(password !== undefined ? { password } : {}),
  ...(passwordHashes !== undefined ? { passwordHashes } : {}),
  roles: impliedRoles(roles, supervises),
  team: team ?? null,
  supervises: [...new Set(supervises)].sort(),
  disabled,
}));

const reasonCode = mapping({
  id: id.refine((value) => !isReservedReasonCodeId(value), { error: (issue) => `${String(issue.input)} is reserved for a system reason code` }),
  category: oneOf(REASON_CATEGORIES, 'NOT_READY'),
  code: integer(1, 65535),
  label: sized(40),
  forAll: bool(true),
  teams: list(id),
});

const wrapUpReason = mapping({ id, label: sized(39), forAll: bool(true), teams: list(id) });

const queue = mapping({
  id,
  name: text,
  dialedNumbers: list(text.refine((value) => /^[0-9]{1,15}$/.test(value), 'must be 1-15 digits')),
  teams: list(id),
  agents: list(id),
  ringNoAnswerSeconds: or(integer(1, 600), 15),
  maxQueueTimeSeconds: or(integer(0, 86_400), 600),
});

const upTo = (max: number) =>
  or(
    text.refine((value) => [...value].length <= max, `must be at most ${max} characters`),
    '',
  );
const contact = mapping({
  id,
  firstName: upTo(CONTACT_TEXT_MAX_CHARACTERS),
  lastName: upTo(CONTACT_TEXT_MAX_CHARACTERS),
  phoneNumber: text.refine(
    (value) => value.length >= 1 && [...value].length <= CONTACT_PHONE_NUMBER_MAX_CHARACTERS,
    `must be 1-${CONTACT_PHONE_NUMBER_MAX_CHARACTERS} characters`,
  ),
  description: upTo(CONTACT_TEXT_MAX_CHARACTERS),
});
const phoneBook = mapping({
  id,
  name: sized(PHONE_BOOK_NAME_MAX_CHARACTERS),
  type: oneOf(PHONE_BOOK_TYPES, 'GLOBAL'),
  teams: list(id),
  contacts: list(contact),
});

/** Server settings a file may set, read with the server configuration's own fields. */
const settings = mapping({ requireReasonCodes: optional(ServerConfigSchema.shape.requireReasonCodes.unwrap()) });

const planSchema: z.ZodType<ProvisioningPlan> = z
  .preprocess(
    (v) => v ?? {},
    mapping({
      teams: list(team),
      users: list(user),
      reasonCodes: list(reasonCode),
      wrapUpReasons: list(wrapUpReason),
      queues: list(queue),
      phoneBooks: list(phoneBook),
      settings: or(settings, {}),
    }),
  )
  .superRefine(checkReferences)
  .transform(({ settings: { requireReasonCodes }, ...plan }) => ({ ...plan, settings: requireReasonCodes === undefined ? {} : { requireReasonCodes } }));

type Issues = z.RefinementCtx;

/** What one entry cannot say about itself: ids defined twice, and references to teams and users. */
function checkReferences(plan: Omit<ProvisioningPlan, 'settings'>, ctx: Issues): void {
  const fail = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const teamIds = new Set(plan.teams.map((t) => t.id));
  const teamRefs = (refs: string[], path: (string | number)[]): void => {
    for (const [j, ref] of refs.entries()) if (!teamIds.has(ref)) fail([...path, j], `team "${ref}" is not defined in teams`);
  };

  unique(plan.teams, 'teams', 'id', (t) => t.id, fail);
  unique(plan.teams, 'teams', 'name', (t) => t.name, fail);
  for (const [i, u] of plan.users.entries()) {
    teamRefs(u.supervises, ['users', i, 'supervises']);
    if (u.team !== null && !teamIds.has(u.team)) fail(['users', i, 'team'], `team "${u.team}" is not defined in teams`);
    if (u.password !== undefined && u.passwordHashes !== undefined) fail(['users', i, 'passwordHashes'], 'give password or passwordHashes, not both');
  }
  unique(plan.users, 'users', 'loginId', (u) => u.loginId.toLowerCase(), fail);
  unique(plan.users, 'users', 'loginName', (u) => u.loginName, fail);

  for (const [i, r] of plan.reasonCodes.entries()) teamRefs(r.teams, ['reasonCodes', i, 'teams']);
  unique(plan.reasonCodes, 'reasonCodes', 'id', (r) => r.id, fail);
  unique(plan.reasonCodes, 'reasonCodes', 'code', (r) => `${r.category} code ${r.code}`, fail);
  unique(plan.reasonCodes, 'reasonCodes', 'label', (r) => `${r.category} label ${r.label}`, fail);

  for (const [i, w] of plan.wrapUpReasons.entries()) teamRefs(w.teams, ['wrapUpReasons', i, 'teams']);
  unique(plan.wrapUpReasons, 'wrapUpReasons', 'id', (w) => w.id, fail);

  const userIds = new Set(plan.users.map((u) => u.loginId));
  for (const [i, q] of plan.queues.entries()) {
    teamRefs(q.teams, ['queues', i, 'teams']);
    for (const [j, a] of q.agents.entries()) if (!userIds.has(a)) fail(['queues', i, 'agents', j], `user "${a}" is not defined in users`);
  }
  unique(plan.queues, 'queues', 'id', (q) => q.id, fail);
  const dialed = new Map<string, string>();
  for (const [i, q] of plan.queues.entries()) {
    for (const [j, d] of q.dialedNumbers.entries()) {
      if (dialed.has(d)) fail(['queues', i, 'dialedNumbers', j], `"${d}" is dialed for queue ${dialed.get(d)} already`);
      dialed.set(d, q.id);
    }
  }

  const books = plan.phoneBooks ?? [];
  unique(books, 'phoneBooks', 'id', (b) => b.id, fail);
  unique(books, 'phoneBooks', 'name', (b) => b.name, fail);
  checkPhoneBookLimits(books, fail);
  const contactIds = new Set<string>();
  for (const [i, b] of books.entries()) {
    teamRefs(b.teams, ['phoneBooks', i, 'teams']);
    if (b.type === 'GLOBAL' && b.teams.length > 0) fail(['phoneBooks', i, 'teams'], 'a GLOBAL phone book is assigned to no team');
    for (const [j, c] of b.contacts.entries()) {
      if (contactIds.has(c.id)) fail(['phoneBooks', i, 'contacts', j, 'id'], `contact "${c.id}" is defined twice`);
      contactIds.add(c.id);
    }
  }
}

/** The limits the phone book API enforces: 10 GLOBAL and 300 TEAM books, 6000 contacts a book, 50 000 in all. */
function checkPhoneBookLimits(books: readonly PlannedPhoneBook[], fail: (path: (string | number)[], message: string) => void): void {
  for (const [type, max] of [
    ['GLOBAL', PHONE_BOOKS.global],
    ['TEAM', PHONE_BOOKS.team],
  ] as const) {
    const index = books.map((b, i) => (b.type === type ? i : -1)).filter((i) => i >= 0)[max];
    if (index !== undefined) fail(['phoneBooks', index], `more than ${max} ${type} phone books`);
  }
  let total = 0;
  for (const [i, b] of books.entries()) {
    if (b.contacts.length > CONTACT_LIMITS.perPhoneBook)
      fail(['phoneBooks', i, 'contacts'], `more than ${CONTACT_LIMITS.perPhoneBook} contacts in one phone book`);
    total += b.contacts.length;
    if (total > CONTACT_LIMITS.system) return fail(['phoneBooks', i, 'contacts'], `more than ${CONTACT_LIMITS.system} contacts in all phone books`);
  }
}

/** The second entry of `list` whose key repeats an earlier one is the problem, at its `field`. */
function unique<T>(
  items: readonly T[],
  list: string,
  field: string,
  key: (item: T) => string,
  fail: (path: (string | number)[], message: string) => void,
): void {
  const seen = new Map<string, number>();
  for (const [i, item] of items.entries()) {
    const k = key(item);
    const first = seen.get(k);
    if (first !== undefined) return fail([list, i, field], `${field} "${k}" is defined twice (also in ${list}[${first}])`);
    seen.set(k, i);
  }
}

/** `users[0].password`; the document itself is `config`. */
export function pathText(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'config';
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`)).join('');
}

/** Validates a parsed YAML document into a plan; throws ConfigError naming the first offending path. */
export function parsePlan(document: unknown): ProvisioningPlan {
  const result = planSchema.safeParse(document);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new ConfigError(
    issue.path.map((p) => (typeof p === 'number' ? p : String(p))),
    issue.message,
  );
}
