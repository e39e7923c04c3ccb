import type { Credentials } from '../accounts/credentials.js';
import { createCredentials, verifyPassword } from '../accounts/credentials.js';
import type { AuditRecord, StoredUser, StoreWrite } from '../application/ports/store.js';
import type { ReasonCode, Team, UserAccount, WrapUpReason } from '../domain/model.js';
import type { Contact, PhoneBook } from '../domain/phone-book.js';
import type { Queue } from '../domain/queue.js';
import type { PlannedPhoneBook, ProvisioningPlan } from './plan.js';
import { ConfigError } from './plan.js';
import type { Site } from './site.js';
import { REQUIRE_REASON_CODES_SETTING } from './site.js';

export type ChangeAction = 'create' | 'update' | 'delete' | 'keep';

/** One item a plan creates, changes, deletes, or leaves alone although the file does not name it. */
export interface SiteChange {
  resource: 'Team' | 'User' | 'ReasonCode' | 'WrapUpReason' | 'Queue' | 'PhoneBook' | 'Setting';
  id: string;
  action: ChangeAction;
  /** For an update: the fields that change. */
  fields: string[];
}

export interface SiteChanges {
  changes: SiteChange[];
  writes: StoreWrite[];
}

export interface PlanOptions {
  /** Delete what the file does not name (queues excepted); otherwise it is kept. */
  prune: boolean;
  /** Who the audit rows name; null: no audit rows (the `--config` file at start). */
  actor: string | null;
  at: number;
}

/**
 * What applying `plan` to `site` changes, as store writes (to commit in one transaction) and as a list
 * for a dry run. Items the plan names and the site already has as planned produce nothing, so applying
 * a plan twice changes nothing. A password is re-hashed only when the stored credentials do not match it.
 */
export function planChanges(plan: ProvisioningPlan, site: Site, options: PlanOptions): SiteChanges {
  const out = new Collector(options);
  const teamsBefore = new Map(site.teams.map((t) => [t.id, t]));
  for (const t of plan.teams) {
    const team: Team = {
      id: t.id,
      name: t.name,
      settings: { wrapUpOnIncoming: t.wrapUpOnIncoming, wrapUpOnOutgoing: t.wrapUpOnOutgoing, wrapUpTimerSeconds: t.wrapUpTimerSeconds },
    };
    const stored = teamsBefore.get(t.id);
    out.item('Team', t.id, stored ? teamItem(stored) : null, teamItem(team), { kind: 'team', team });
  }

  planUsers(plan, site, out);
  const codesBefore = new Map(site.reasonCodes.map((r) => [r.id, r]));
  for (const r of plan.reasonCodes) {
    const reasonCode: ReasonCode = { id: r.id, category: r.category, code: r.code, label: r.label, forAll: r.forAll, systemCode: false, teamIds: r.teams };
    out.item('ReasonCode', r.id, codesBefore.get(r.id) ?? null, reasonCode, { kind: 'reasonCode', reasonCode });
  }
  const reasonsBefore = new Map(site.wrapUpReasons.map((w) => [w.id, w]));
  for (const w of plan.wrapUpReasons) {
    const reason: WrapUpReason = { id: w.id, label: w.label, forAll: w.forAll, teamIds: w.teams };
    out.item('WrapUpReason', w.id, reasonsBefore.get(w.id) ?? null, reason, { kind: 'wrapUpReason', reason });
  }
  const queuesBefore = new Map(site.queues.map((q) => [q.id, q]));
  for (const q of plan.queues) {
    const queue = queueOf(q);
    out.item('Queue', q.id, queuesBefore.get(q.id) ?? null, queue, { kind: 'queue', queue });
  }
  planPhoneBooks(plan.phoneBooks ?? [], site, out);
  if (plan.settings.requireReasonCodes !== undefined) {
    const value = plan.settings.requireReasonCodes;
    const before = site.requireReasonCodes === null ? null : { requireReasonCodes: site.requireReasonCodes };
    out.item(
      'Setting',
      'requireReasonCodes',
      before,
      { requireReasonCodes: value },
      { kind: 'setting', name: REQUIRE_REASON_CODES_SETTING, value: String(value) },
    );
  }

  planAbsent(plan, site, options, out);
  return out.result();
}

function planUsers(plan: ProvisioningPlan, site: Site, out: Collector): void {
  const usersBefore = new Map(site.users.map((u) => [u.account.loginId, u]));
  for (const [i, u] of plan.users.entries()) {
    const stored = usersBefore.get(u.loginId);
    const account: UserAccount = {
      loginId: u.loginId,
      loginName: u.loginName,
      firstName: u.firstName,
      lastName: u.lastName,
      roles: u.roles,
      teamId: u.team,
      supervisedTeamIds: u.supervises,
    };
    const credentials = credentialsOf(u, stored, ['users', i, 'password']);
    const disabled = u.disabled ?? stored?.disabled ?? false;
    const before = stored ? userItem(stored.account, stored.disabled, stored.credentials) : null;
    out.item('User', u.loginId, before, userItem(account, disabled, credentials), { kind: 'user', account, credentials, disabled });
  }
}

/** What the site has and the plan does not name: deleted when pruning, otherwise kept. */
function planAbsent(plan: ProvisioningPlan, site: Site, options: PlanOptions, out: Collector): void {
  const named = <T>(list: readonly T[], key: (item: T) => string) => new Set(list.map(key));
  if (options.prune) {
    const planned = named(plan.users, (u) => u.loginId);
    const signedIn = site.users.filter((u) => !planned.has(u.account.loginId) && u.status.state !== 'LOGOUT').map((u) => u.account.loginId);
    if (signedIn.length > 0) throw new Error(`cannot delete signed-in users (${signedIn.join(', ')}): sign them out first`);
  }
  out.absent(
    'User',
    site.users,
    (u) => u.account.loginId,
    named(plan.users, (u) => u.loginId),
    (id) => ({ kind: 'userDeleted', loginId: id }),
  );
  out.absent(
    'Team',
    site.teams,
    (t) => t.id,
    named(plan.teams, (t) => t.id),
    (id) => ({ kind: 'teamDeleted', id }),
  );
  out.absent(
    'ReasonCode',
    site.reasonCodes,
    (r) => r.id,
    named(plan.reasonCodes, (r) => r.id),
    (id) => ({ kind: 'reasonCodeDeleted', id }),
  );
  out.absent(
    'WrapUpReason',
    site.wrapUpReasons,
    (w) => w.id,
    named(plan.wrapUpReasons, (w) => w.id),
    (id) => ({ kind: 'wrapUpReasonDeleted', id }),
  );
  out.absent(
    'PhoneBook',
    site.phoneBooks,
    (b) => b.id,
    named(plan.phoneBooks ?? [], (b) => b.id),
    (id) => ({ kind: 'phoneBookDeleted', id }),
  );
  out.absent(
    'Queue',
    site.queues,
    (q) => q.id,
    named(plan.queues, (q) => q.id),
    null,
  );
}

/** A queue as the store keeps it, from its entry in a plan. */
export function queueOf(q: ProvisioningPlan['queues'][number]): Queue {
  return {
    id: q.id,
    name: q.name,
    dialedNumbers: q.dialedNumbers,
    teamIds: q.teams,
    agentIds: q.agents,
    ringNoAnswerSeconds: q.ringNoAnswerSeconds,
    maxQueueTimeSeconds: q.maxQueueTimeSeconds,
  };
}

/** The planned credentials: the file's password (the stored ones when they match it), its hashes, or those stored. */
function credentialsOf(u: ProvisioningPlan['users'][number], stored: StoredUser | undefined, path: (string | number)[]): Credentials {
  if (u.passwordHashes) return u.passwordHashes;
  if (u.password !== undefined) return stored && verifyPassword(stored.credentials, u.password) ? stored.credentials : createCredentials(u.password);
  if (stored) return stored.credentials;
  throw new ConfigError(path, `is required for a new user (or passwordHashes)`);
}

/** A team as compared and audited: its settings as fields of their own. */
function teamItem(team: Team) {
  return { id: team.id, name: team.name, ...team.settings };
}

/** A user as compared and audited: the credentials only as whether they changed (`password`). */
function userItem(account: UserAccount, disabled: boolean, credentials: Credentials) {
  return { ...account, disabled, password: credentials['SCRAM-SHA-256'].storedKey + credentials['SCRAM-SHA-256'].salt };
}

function planPhoneBooks(books: readonly PlannedPhoneBook[], site: Site, out: Collector): void {
  const before = new Map(site.phoneBooks.map((b) => [b.id, b]));
  const contactsOf = new Map<string, Contact[]>();
  for (const c of site.contacts) contactsOf.set(c.phoneBookId, [...(contactsOf.get(c.phoneBookId) ?? []), c]);
  for (const b of books) {
    const book: PhoneBook = { id: b.id, name: b.name, type: b.type, teamIds: [...b.teams].sort() };
    const contacts: Contact[] = b.contacts.map((c) => ({ ...c, phoneBookId: b.id }));
    const stored = before.get(b.id);
    const storedItem = stored ? { ...stored, contacts: contactsOf.get(b.id) ?? [] } : null;
    const contactWrites: StoreWrite[] = [
      { kind: 'phoneBookEmptied', phoneBookId: b.id },
      ...contacts.map((contact): StoreWrite => ({ kind: 'contact', contact })),
    ];
    out.item('PhoneBook', b.id, storedItem, { ...book, contacts }, { kind: 'phoneBook', book }, ...contactWrites);
  }
}

class Collector {
  private readonly changes: SiteChange[] = [];
  private readonly writes: StoreWrite[] = [];

  constructor(private readonly options: PlanOptions) {}

  /** An item the plan names: created, updated (the fields that differ), or nothing when it is as planned. */
  item(resource: SiteChange['resource'], id: string, before: object | null, after: object, ...writes: StoreWrite[]): void {
    const fields = before === null ? [] : changedFields(before, after);
    if (before !== null && fields.length === 0) return;
    const action = before === null ? 'create' : 'update';
    this.changes.push({ resource, id, action, fields });
    this.writes.push(...writes);
    this.audit(resource, id, action, before, after);
  }

  /** Items of the site the plan does not name: deleted when pruning (and deletable), otherwise kept. */
  absent<T>(
    resource: SiteChange['resource'],
    items: readonly T[],
    key: (item: T) => string,
    named: Set<string>,
    deletion: ((id: string) => StoreWrite) | null,
  ): void {
    for (const item of items) {
      const id = key(item);
      if (named.has(id)) continue;
      const remove = this.options.prune && deletion !== null;
      this.changes.push({ resource, id, action: remove ? 'delete' : 'keep', fields: [] });
      if (!remove) continue;
      this.writes.push(deletion(id));
      this.audit(resource, id, 'delete', item as object, null);
    }
  }

  /**
   * The writes, deleted reason codes first: a code value or global label may pass from a deleted code to
   * another without the database's unique index refusing the import half-way.
   */
  result(): SiteChanges {
    const deletedCodes = this.writes.filter((w) => w.kind === 'reasonCodeDeleted');
    return { changes: this.changes, writes: [...deletedCodes, ...this.writes.filter((w) => w.kind !== 'reasonCodeDeleted')] };
  }

  private audit(resource: string, resourceId: string, action: AuditRecord['action'], before: object | null, after: object | null): void {
    const { actor, at } = this.options;
    if (actor === null) return;
    const json = (item: object | null) => (item === null ? null : JSON.stringify(withoutSecrets(item)));
    this.writes.push({ kind: 'audit', record: { at, actor, resource, resourceId, action, before: json(before), after: json(after) } });
  }
}

function withoutSecrets(item: object): object {
  const { password: _password, credentials: _credentials, ...rest } = item as Record<string, unknown>;
  return rest;
}

/** The top-level fields whose values differ; lists of ids compare as sets. */
function changedFields(before: object, after: object): string[] {
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  return Object.keys(b)
    .filter((k) => JSON.stringify(normalized(k, a[k])) !== JSON.stringify(normalized(k, b[k])))
    .map((k) => FILE_NAMES[k] ?? k);
}

/** Fields by the names a provisioning file gives them. */
const FILE_NAMES: Readonly<Record<string, string>> = { teamId: 'team', supervisedTeamIds: 'supervises', teamIds: 'teams', agentIds: 'agents' };

const SET_FIELDS = new Set(['teamIds', 'agentIds', 'supervisedTeamIds', 'roles']);

function normalized(field: string, value: unknown): unknown {
  if (SET_FIELDS.has(field) && Array.isArray(value)) return [...value].sort();
  if (field === 'contacts' && Array.isArray(value)) return value.map((c: Contact) => [c.id, c.firstName, c.lastName, c.phoneNumber, c.description]);
  if (field === 'credentials') return undefined;
  return value;
}
