import type { ReasonCategory, Role, WrapUpMode } from '../domain/model.js';
import { REASON_CATEGORIES, WRAP_UP_MODES } from '../domain/model.js';
import { isReservedReasonCodeId } from '../domain/system-reason-codes.js';

/** What a `--config` YAML file (or the demo data) provisions. Applied idempotently at start. */
export interface ProvisioningPlan {
  teams: { id: string; name: string; wrapUpOnIncoming: WrapUpMode; wrapUpOnOutgoing: WrapUpMode; wrapUpTimerSeconds: number }[];
  users: { loginId: string; loginName: string; firstName: string; lastName: string; password: string; roles: Role[]; team: string | null; supervises: string[] }[];
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

type Raw = Record<string, unknown>;

function object(value: unknown, path: string): Raw {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(path, 'must be a mapping');
  return value as Raw;
}

function list(value: unknown, path: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ConfigError(path, 'must be a list');
  return value;
}

function text(value: unknown, path: string, fallback?: string): string {
  if (value === undefined || value === null) {
    if (fallback !== undefined) return fallback;
    throw new ConfigError(path, 'is required');
  }
  if (typeof value !== 'string' && typeof value !== 'number') throw new ConfigError(path, 'must be text');
  return String(value);
}

function id(value: unknown, path: string, fallback?: string): string {
  const result = text(value, path, fallback);
  if (!ID_PATTERN.test(result)) throw new ConfigError(path, `"${result}" must be 1-64 letters, digits, '.', '_' or '-'`);
  return result;
}

function bool(value: unknown, path: string, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw new ConfigError(path, 'must be true or false');
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string, fallback: T): T {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(path, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function integer(value: unknown, path: string, min: number, max: number, fallback?: number): number {
  if (value === undefined || value === null) {
    if (fallback !== undefined) return fallback;
    throw new ConfigError(path, 'is required');
  }
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) throw new ConfigError(path, `must be a whole number from ${min} to ${max}`);
  return n;
}

function unique<T>(items: T[], key: (item: T) => string, path: string): void {
  const seen = new Set<string>();
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) throw new ConfigError(path, `"${k}" is defined twice`);
    seen.add(k);
  }
}

/** Validates a parsed YAML document into a plan; throws ConfigError naming the offending path. */
export function parsePlan(document: unknown): ProvisioningPlan {
  const root = document === null || document === undefined ? {} : object(document, 'config');
  const teams = list(root.teams, 'teams').map((raw, i) => {
    const t = object(raw, `teams[${i}]`);
    return {
      id: id(t.id, `teams[${i}].id`),
      name: text(t.name, `teams[${i}].name`),
      wrapUpOnIncoming: oneOf(t.wrapUpOnIncoming, WRAP_UP_MODES, `teams[${i}].wrapUpOnIncoming`, 'OPTIONAL'),
      wrapUpOnOutgoing: oneOf(t.wrapUpOnOutgoing, WRAP_UP_MODES, `teams[${i}].wrapUpOnOutgoing`, 'NOT_ALLOWED'),
      wrapUpTimerSeconds: integer(t.wrapUpTimerSeconds, `teams[${i}].wrapUpTimerSeconds`, 0, 7200, 0),
    };
  });
  unique(teams, (t) => t.id, 'teams');
  const teamIds = new Set(teams.map((t) => t.id));
  const teamRef = (value: unknown, path: string): string => {
    const ref = id(value, path);
    if (!teamIds.has(ref)) throw new ConfigError(path, `team "${ref}" is not defined in teams`);
    return ref;
  };

  const users = list(root.users, 'users').map((raw, i) => {
    const u = object(raw, `users[${i}]`);
    const loginId = id(u.loginId, `users[${i}].loginId`);
    const roles = list(u.roles ?? ['Agent'], `users[${i}].roles`).map((r, j) => oneOf(r, ROLES, `users[${i}].roles[${j}]`, 'Agent'));
    const supervises = list(u.supervises, `users[${i}].supervises`).map((s, j) => teamRef(s, `users[${i}].supervises[${j}]`));
    if (supervises.length > 0 && !roles.includes('Supervisor')) roles.push('Supervisor');
    if (roles.includes('Supervisor') && !roles.includes('Agent')) roles.unshift('Agent');
    const password = text(u.password, `users[${i}].password`);
    if (password.length === 0) throw new ConfigError(`users[${i}].password`, 'must not be empty');
    return {
      loginId,
      loginName: id(u.loginName, `users[${i}].loginName`, loginId),
      firstName: text(u.firstName, `users[${i}].firstName`, loginId),
      lastName: text(u.lastName, `users[${i}].lastName`, ''),
      password,
      roles: [...new Set(roles)],
      team: u.team === undefined || u.team === null ? null : teamRef(u.team, `users[${i}].team`),
      supervises,
    };
  });
  unique(users, (u) => u.loginId.toLowerCase(), 'users (loginId, case-insensitive)');
  unique(users, (u) => u.loginName, 'users (loginName)');

  const reasonCodes = list(root.reasonCodes, 'reasonCodes').map((raw, i) => {
    const r = object(raw, `reasonCodes[${i}]`);
    const rcId = id(r.id, `reasonCodes[${i}].id`);
    if (isReservedReasonCodeId(rcId)) throw new ConfigError(`reasonCodes[${i}].id`, `${rcId} is reserved for a system reason code`);
    const label = text(r.label, `reasonCodes[${i}].label`);
    if (label.length === 0 || label.length > 40) throw new ConfigError(`reasonCodes[${i}].label`, 'must be 1-40 characters');
    return {
      id: rcId,
      category: oneOf(r.category, REASON_CATEGORIES, `reasonCodes[${i}].category`, 'NOT_READY'),
      code: integer(r.code, `reasonCodes[${i}].code`, 1, 65535),
      label,
      forAll: bool(r.forAll, `reasonCodes[${i}].forAll`, true),
      teams: list(r.teams, `reasonCodes[${i}].teams`).map((t, j) => teamRef(t, `reasonCodes[${i}].teams[${j}]`)),
    };
  });
  unique(reasonCodes, (r) => r.id, 'reasonCodes');
  unique(reasonCodes, (r) => `${r.category} code ${r.code}`, 'reasonCodes');
  unique(reasonCodes, (r) => `${r.category} label ${r.label}`, 'reasonCodes');

  const wrapUpReasons = list(root.wrapUpReasons, 'wrapUpReasons').map((raw, i) => {
    const w = object(raw, `wrapUpReasons[${i}]`);
    const label = text(w.label, `wrapUpReasons[${i}].label`);
    if (label.length === 0 || label.length > 39) throw new ConfigError(`wrapUpReasons[${i}].label`, 'must be 1-39 characters');
    return {
      id: id(w.id, `wrapUpReasons[${i}].id`),
      label,
      forAll: bool(w.forAll, `wrapUpReasons[${i}].forAll`, true),
      teams: list(w.teams, `wrapUpReasons[${i}].teams`).map((t, j) => teamRef(t, `wrapUpReasons[${i}].teams[${j}]`)),
    };
  });
  unique(wrapUpReasons, (w) => w.id, 'wrapUpReasons');

  const userIds = new Set(users.map((u) => u.loginId));
  const queues = list(root.queues, 'queues').map((raw, i) => {
    const q = object(raw, `queues[${i}]`);
    const dialedNumbers = list(q.dialedNumbers, `queues[${i}].dialedNumbers`).map((d, j) => {
      const number = text(d, `queues[${i}].dialedNumbers[${j}]`);
      if (!/^[0-9]{1,15}$/.test(number)) throw new ConfigError(`queues[${i}].dialedNumbers[${j}]`, 'must be 1-15 digits');
      return number;
    });
    return {
      id: id(q.id, `queues[${i}].id`),
      name: text(q.name, `queues[${i}].name`),
      dialedNumbers,
      teams: list(q.teams, `queues[${i}].teams`).map((t, j) => teamRef(t, `queues[${i}].teams[${j}]`)),
      agents: list(q.agents, `queues[${i}].agents`).map((a, j) => {
        const ref = id(a, `queues[${i}].agents[${j}]`);
        if (!userIds.has(ref)) throw new ConfigError(`queues[${i}].agents[${j}]`, `user "${ref}" is not defined in users`);
        return ref;
      }),
      ringNoAnswerSeconds: integer(q.ringNoAnswerSeconds, `queues[${i}].ringNoAnswerSeconds`, 1, 600, 15),
      maxQueueTimeSeconds: integer(q.maxQueueTimeSeconds, `queues[${i}].maxQueueTimeSeconds`, 0, 86_400, 600),
    };
  });
  unique(queues, (q) => q.id, 'queues');
  unique(queues.flatMap((q) => q.dialedNumbers), (d) => d, 'queues (dialed numbers)');

  const settingsRaw = root.settings === undefined ? {} : object(root.settings, 'settings');
  const settings: ProvisioningPlan['settings'] = {};
  if (settingsRaw.requireReasonCodes !== undefined) settings.requireReasonCodes = bool(settingsRaw.requireReasonCodes, 'settings.requireReasonCodes', false);

  return { teams, users, reasonCodes, wrapUpReasons, queues, settings };
}
