import { createCredentials } from '../accounts/credentials.js';
import { checkOwnRoles, checkRemovable, checkUser, impliedRoles } from '../domain/account-rules.js';
import type { Directory } from '../domain/directory.js';
import { DomainError } from '../domain/errors.js';
import type { Role, UserAccount } from '../domain/model.js';
import type { AccountEffects, StoredAccount } from './account-effects.js';
import type { ConfigurationChanges } from './configuration-changes.js';
import { auditJson } from './configuration-changes.js';
import type { Store, StoredUser } from './ports/store.js';

/** A user as the provisioning API shows him: never his password or its hashes. */
export interface UserView {
  loginId: string;
  loginName: string;
  firstName: string;
  lastName: string;
  roles: Role[];
  team: string | null;
  supervises: string[];
  disabled: boolean;
}

/** The fields of a new user; those left out take the provisioning file's defaults. */
export interface UserDraft {
  loginId: string;
  password: string;
  loginName?: string | undefined;
  firstName?: string | undefined;
  lastName?: string | undefined;
  roles?: Role[] | undefined;
  team?: string | null | undefined;
  supervises?: string[] | undefined;
  disabled?: boolean | undefined;
}

/** A partial update: only the fields given change; `password` sets a new one. */
export type UserPatch = Partial<Omit<UserDraft, 'loginId'>>;

/**
 * Users over our provisioning API (Finesse takes them from the contact-center database): reads from the
 * store, changes through the configuration unit of work (one transaction with the audit row), taken over
 * by this process once durable and published as a Finesse user change.
 */
export class UserAdmin {
  constructor(
    private readonly directory: Directory,
    private readonly changes: ConfigurationChanges,
    private readonly store: Pick<Store, 'loadUsers'>,
    private readonly effects: AccountEffects,
  ) {}

  async list(): Promise<UserView[]> {
    return (await this.store.loadUsers()).map(userView);
  }

  async get(loginId: string): Promise<UserView> {
    return userView(requireStored(await this.store.loadUsers(), loginId));
  }

  create(actor: UserAccount, draft: UserDraft): Promise<UserView> {
    return this.changes.make(actor.loginId, async () => {
      const users = await this.store.loadUsers();
      const supervises = draft.supervises ?? [];
      const account: UserAccount = {
        loginId: draft.loginId,
        loginName: draft.loginName ?? draft.loginId,
        firstName: draft.firstName ?? draft.loginId,
        lastName: draft.lastName ?? '',
        roles: impliedRoles(draft.roles ?? ['Agent'], supervises),
        teamId: draft.team ?? null,
        supervisedTeamIds: [...new Set(supervises)].sort(),
      };
      checkUser(
        account,
        users.map((u) => u.account),
        this.teamIds(),
      );
      const stored: StoredAccount = { account, credentials: createCredentials(draft.password), disabled: draft.disabled ?? false, version: 0 };
      const view = userView(stored);
      return {
        writes: [{ kind: 'user', account, credentials: stored.credentials, disabled: stored.disabled }],
        audit: [{ resource: 'User', resourceId: account.loginId, action: 'create', before: null, after: auditJson({ ...view, passwordSet: true }) }],
        apply: () => this.effects.userStored(account.loginId, stored),
        result: view,
      };
    });
  }

  update(actor: UserAccount, loginId: string, patch: UserPatch): Promise<UserView> {
    return this.changes.make(actor.loginId, async () => {
      const users = await this.store.loadUsers();
      const current = requireStored(users, loginId);
      const supervises = patch.supervises ?? [...current.account.supervisedTeamIds];
      const account: UserAccount = {
        loginId,
        loginName: patch.loginName ?? current.account.loginName,
        firstName: patch.firstName ?? current.account.firstName,
        lastName: patch.lastName ?? current.account.lastName,
        roles: impliedRoles(patch.roles ?? current.account.roles, supervises),
        teamId: patch.team === undefined ? current.account.teamId : patch.team,
        supervisedTeamIds: [...new Set(supervises)].sort(),
      };
      checkUser(
        account,
        users.filter((u) => u.account.loginId !== loginId).map((u) => u.account),
        this.teamIds(),
      );
      checkOwnRoles(account, actor.loginId);
      const disabled = patch.disabled ?? current.disabled;
      if (disabled && !current.disabled) checkRemovable(current.account, this.signedIn(loginId), actor.loginId, 'disable');
      const credentials = patch.password === undefined ? current.credentials : createCredentials(patch.password);
      const stored: StoredAccount = { account, credentials, disabled, version: current.version };
      const view = userView(stored);
      const after = patch.password === undefined ? view : { ...view, passwordSet: true };
      return {
        writes: [{ kind: 'user', account, credentials, disabled }],
        audit: [{ resource: 'User', resourceId: loginId, action: 'update', before: auditJson(userView(current)), after: auditJson(after) }],
        apply: () => this.effects.userStored(loginId, stored),
        result: view,
      };
    });
  }

  /** Deletes the user with his agent status and supervision; a signed-in user is refused (409). */
  delete(actor: UserAccount, loginId: string): Promise<void> {
    return this.changes.make(actor.loginId, async () => {
      const current = requireStored(await this.store.loadUsers(), loginId);
      checkRemovable(current.account, this.signedIn(loginId), actor.loginId, 'delete');
      return {
        writes: [{ kind: 'userDeleted', loginId }],
        audit: [{ resource: 'User', resourceId: loginId, action: 'delete', before: auditJson(userView(current)), after: null }],
        apply: () => this.effects.userStored(loginId, null),
        result: undefined,
      };
    });
  }

  private teamIds(): Set<string> {
    return new Set(this.directory.allTeams().map((t) => t.id));
  }

  private signedIn(loginId: string): boolean {
    return this.directory.findUserByLoginId(loginId) !== undefined && this.directory.statusOf(loginId).state !== 'LOGOUT';
  }
}

export function userView(user: Pick<StoredUser, 'account' | 'disabled'>): UserView {
  const { account } = user;
  return {
    loginId: account.loginId,
    loginName: account.loginName,
    firstName: account.firstName,
    lastName: account.lastName,
    roles: [...account.roles],
    team: account.teamId,
    supervises: [...account.supervisedTeamIds],
    disabled: user.disabled,
  };
}

function requireStored(users: readonly StoredUser[], loginId: string): StoredUser {
  const user = users.find((u) => u.account.loginId === loginId);
  if (!user) throw new DomainError('NotFound', `There is no user ${loginId}`, loginId);
  return user;
}
