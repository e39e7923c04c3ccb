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

  /** Reads the reason codes and wrap-up reasons alone from the store again (what the configuration APIs change). */
  async reloadReasons(): Promise<void> {
    const [reasonCodes, wrapUpReasons] = await Promise.all([this.store.loadReasonCodes(), this.store.loadWrapUpReasons()]);
    this.directory.replaceReasons(reasonCodes, wrapUpReasons);
  }

  /** Reads the configuration from the store; returns the agent status versions read with it. */
  async invalidate(): Promise<{ loginId: string; version: number }[]> {
    const [teams, users, reasonCodes, wrapUpReasons] = await Promise.all([
      this.store.loadTeams(),
      this.store.loadUsers(),
      this.store.loadReasonCodes(),
      this.store.loadWrapUpReasons(),
    ]);
    this.directory.replaceConfiguration({ teams, users, reasonCodes, wrapUpReasons });
    this.credentials.clear();
    for (const u of users) this.credentials.set(u.account.loginId, u.credentials);
    return users.map((u) => ({ loginId: u.account.loginId, version: u.version }));
  }
}
