import { z } from 'zod';
import { ServerConfigSchema } from '../config.js';
import type { ReasonCategory, Role, WrapUpMode } from '../domain/model.js';
import { REASON_CATEGORIES, WRAP_UP_MODES } from '../domain/model.js';
import { isReservedReasonCodeId } from '../domain/system-reason-codes.js';

/** What a `--config` YAML file (or the demo data) provisions. Applied idempotently at start. */
export interface ProvisioningPlan {
  teams: { id: string; name: string; wrapUpOnIncoming: WrapUpMode; wrapUpOnOutgoing: WrapUpMode; wrapUpTimerSeconds: number }[];
  users: {
    loginId: string;
    loginName: string;
    firstName: string;
    lastName: string;
    password: string;
    roles: Role[];
    team: string | null;
    supervises: string[];
  }[];
  reasonCodes: { id: string; category: ReasonCategory; code: number; label: string; forAll: boolean; teams: string[] }[];
  wrapUpReasons: { id: string; label: string; forAll: boolean; teams: string[] }[];
  queues: { id: string; name: string; dialedNumbers: string[]; teams: string[]; agents: string[]; ringNoAnswerSeconds: number; maxQueueTimeSeconds: number }[];
  settings: { requireReasonCodes?: boolean };
}

export class ConfigError extends Error {
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'ConfigError';
  }
}

const ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
const ROLES: readonly Role[] = ['Agent', 'Supervisor', 'Administrator'];

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

const user = mapping({
  loginId: id,
  loginName: optional(id),
  firstName: optional(text),
  lastName: or(text, ''),
  password: text.refine((value) => value.length > 0, 'must not be empty'),
  roles: or(list(oneOf(ROLES, 'Agent')), ['Agent']),
  team: optional(id),
  supervises: list(id),
}).transform(({ loginId, loginName, firstName, lastName, password, roles, team, supervises }) => {
  // Supervising implies the Supervisor role, and a supervisor is an agent as well.
  if (supervises.length > 0 && !roles.includes('Supervisor')) roles.push('Supervisor');
  if (roles.includes('Supervisor') && !roles.includes('Agent')) roles.unshift('Agent');
  return {
    loginId,
    loginName: loginName ?? loginId,
    firstName: firstName ?? loginId,
    lastName,
    password,
    roles: [...new Set(roles)],
    team: team ?? null,
    supervises,
  };
});

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

  unique(plan.teams, (t) => t.id, 'teams', fail);
  for (const [i, u] of plan.users.entries()) {
    teamRefs(u.supervises, ['users', i, 'supervises']);
    if (u.team !== null && !teamIds.has(u.team)) fail(['users', i, 'team'], `team "${u.team}" is not defined in teams`);
  }
  unique(plan.users, (u) => u.loginId.toLowerCase(), 'users (loginId, case-insensitive)', fail);
  unique(plan.users, (u) => u.loginName, 'users (loginName)', fail);

  for (const [i, r] of plan.reasonCodes.entries()) teamRefs(r.teams, ['reasonCodes', i, 'teams']);
  unique(plan.reasonCodes, (r) => r.id, 'reasonCodes', fail);
  unique(plan.reasonCodes, (r) => `${r.category} code ${r.code}`, 'reasonCodes', fail);
  unique(plan.reasonCodes, (r) => `${r.category} label ${r.label}`, 'reasonCodes', fail);

  for (const [i, w] of plan.wrapUpReasons.entries()) teamRefs(w.teams, ['wrapUpReasons', i, 'teams']);
  unique(plan.wrapUpReasons, (w) => w.id, 'wrapUpReasons', fail);

  const userIds = new Set(plan.users.map((u) => u.loginId));
  for (const [i, q] of plan.queues.entries()) {
    teamRefs(q.teams, ['queues', i, 'teams']);
    for (const [j, a] of q.agents.entries()) if (!userIds.has(a)) fail(['queues', i, 'agents', j], `user "${a}" is not defined in users`);
  }
  unique(plan.queues, (q) => q.id, 'queues', fail);
  unique(
    plan.queues.flatMap((q) => q.dialedNumbers),
    (d) => d,
    'queues (dialed numbers)',
    fail,
  );
}

function unique<T>(items: T[], key: (item: T) => string, what: string, fail: (path: string[], message: string) => void): void {
  const seen = new Set<string>();
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) return fail([what], `"${k}" is defined twice`);
    seen.add(k);
  }
}

/** `users[0].password`; the document itself is `config`. */
function pathText(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'config';
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`)).join('');
}

/** Validates a parsed YAML document into a plan; throws ConfigError naming the first offending path. */
export function parsePlan(document: unknown): ProvisioningPlan {
  const result = planSchema.safeParse(document);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new ConfigError(pathText(issue.path), issue.message);
}
