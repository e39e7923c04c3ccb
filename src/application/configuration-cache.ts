import type { Credentials } from '../accounts/credentials.js';
import type { Directory } from '../domain/directory.js';
import type { Store } from './ports/store.js';

/**
 * The store's configuration (users and their credentials, teams, reason codes, wrap-up reasons) as the
 * process uses it: read once at start, read again as a whole when invalidated (after the configuration
 * changed in the store behind our back: another process, a provisioning run, an operator's SIGHUP).
 */
export class ConfigurationCache {
  private readonly credentials = new Map<string, Credentials>();

  constructor(
    readonly directory: Directory,
    private readonly store: Pick<Store, 'loadTeams' | 'loadUsers' | 'loadReasonCodes' | 'loadWrapUpReasons'>,
  ) {}

  credentialsOf(loginId: string): Credentials | undefined {
    return this.credentials.get(loginId);
  }

  /** Takes over one user's credentials (a provisioning change); undefined forgets them. */
  setCredentials(loginId: string, credentials: Credentials | undefined): void {
    if (credentials) this.credentials.set(loginId, credentials);
    else this.credentials.delete(loginId);
  }

  /** Reads the configuration from the store; returns the agent status versions read with it. */
  async invalidate(): Promise<{ loginId: string; version: number }[]> {
    return (await this.reload()).users;
  }

  /**
   * Reads the configuration from the store (disabled users are left out: they cannot sign in and the
   * Finesse APIs do not know them). Returns the status versions of every user read, of the users this
   * process did not know before (created or enabled elsewhere), and the loginIds it no longer knows.
   */
  async reload(): Promise<ReloadedAccounts> {
    const [teams, stored, reasonCodes, wrapUpReasons] = await Promise.all([
      this.store.loadTeams(),
      this.store.loadUsers(),
      this.store.loadReasonCodes(),
      this.store.loadWrapUpReasons(),
    ]);
    const users = stored.filter((u) => !u.disabled);
    const known = new Set(this.directory.allUsers().map((u) => u.loginId));
    const named = new Set(users.map((u) => u.account.loginId));
    this.directory.replaceConfiguration({ teams, users, reasonCodes, wrapUpReasons });
    this.credentials.clear();
    for (const u of users) this.credentials.set(u.account.loginId, u.credentials);
    const versions = users.map((u) => ({ loginId: u.account.loginId, version: u.version }));
    return {
      users: versions,
      added: versions.filter((v) => !known.has(v.loginId)),
      removed: [...known].filter((loginId) => !named.has(loginId)),
    };
  }
}

export interface ReloadedAccounts {
  users: { loginId: string; version: number }[];
  added: { loginId: string; version: number }[];
  removed: string[];
}
