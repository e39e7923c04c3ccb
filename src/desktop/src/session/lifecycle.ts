import type { SystemInfo, User } from '../finesse/model';
import { NotificationClient, defaultServiceUrl } from '../finesse/notifications';
import { FinesseRest, RestError, escapeXml } from '../finesse/rest';
import { parseSystemInfo, parseUser } from '../finesse/xml';
import { attachMasterSession, detachMasterSession, masterItem, masterStatus } from '../gadgets/master/start';
import type { SessionCore } from './core';
import { FAILOVER_MAX_BACKOFF_MS, NodeFailover } from './failover';
import type { Loader } from './loading';
import { describeErrors, signInMessage, signedOutReason } from './messages';
import { isAdministrator } from './rules';
import type { NotificationUpdates } from './notification-updates';
import type { RecentCalls } from './recent-calls';
import { PREFILL_KEY, SESSION_KEY, type StoredSession, readJson } from './storage';
import type { TeamView } from './team-view';

function randomResource(): string {
  const b = crypto.getRandomValues(new Uint8Array(6));
  return `desktop-${[...b].map((x) => x.toString(16).padStart(2, '0')).join('')}`;
}

function waitFor(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (predicate()) return resolve(true);
    const started = Date.now();
    const timer = setInterval(() => {
      if (predicate()) {
        clearInterval(timer);
        resolve(true);
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(timer);
        resolve(false);
      }
    }, 25);
  });
}

/** Sign-in (and resuming after a reload), sign-out, and the end of a session the server closed. */
export class SessionLifecycle {
  private signingOut = false;
  private failover: NodeFailover | null = null;

  constructor(
    private readonly core: SessionCore,
    private readonly loader: Loader,
    private readonly teamView: TeamView,
    private readonly recent: RecentCalls,
    private readonly updates: NotificationUpdates,
  ) {}

  /** Resumes the tab's session after a reload (credentials live in sessionStorage only). */
  async resume(): Promise<void> {
    const stored = readJson<StoredSession>(SESSION_KEY);
    if (!stored) return;
    await this.start(stored, true);
  }

  async signIn(id: string, password: string, extension: string): Promise<void> {
    id = id.trim();
    extension = extension.trim();
    if (!id || !password) return this.core.set({ signInError: 'Enter your ID and password.' });
    await this.start({ id, password, extension, resource: randomResource() }, false);
  }

  private async start(stored: StoredSession, resuming: boolean): Promise<void> {
    const { core } = this;
    core.set({ phase: 'signing-in', signInError: null, ended: null, prefill: { id: stored.id, extension: stored.extension } });
    sessionStorage.setItem(PREFILL_KEY, JSON.stringify({ id: stored.id, extension: stored.extension }));
    const rest = new FinesseRest({ id: stored.id, password: stored.password });
    try {
      const user = parseUser(await rest.get(`/User/${encodeURIComponent(stored.id)}`));
      if (!user.roles.includes('Agent')) {
        if (!isAdministrator(user)) throw new Error('This desktop is for agents, supervisors and administrators; this account has none of these roles.');
        return this.startAdmin(rest, user, stored);
      }
      // Only agents need an extension: an administrator signs in to the console without one.
      if (!stored.extension) throw new Error('Enter your extension.');
      const system = parseSystemInfo(await rest.get('/SystemInfo'), Date.now());
      core.rest = rest;
      core.loginId = user.loginId;
      core.set({ system, user, extension: stored.extension, recent: this.recent.load(user.loginId) });
      await this.connect(stored, user, system);

      if (resuming && user.state === 'LOGOUT') {
        // Signed out while this tab was away (supervisor, lost-connection timeout).
        this.endSession(user);
        return;
      }
      if (!resuming || user.state === 'LOGOUT') await this.logIn(rest, user.loginId, stored.extension);
      sessionStorage.setItem(SESSION_KEY, JSON.stringify(stored));
      core.set({ phase: 'active' });
      this.loader.startPolling();
      await Promise.all([this.loader.loadLists(), this.loader.loadDialogs(), this.teamView.open()]);
    } catch (error) {
      await this.teardown();
      if (resuming) sessionStorage.removeItem(SESSION_KEY);
      core.set({ phase: 'signin', signInError: signInMessage(error, stored.extension), user: null });
    }
  }

  /** An administrator who is no agent: the admin console over REST alone (no extension, no notifications). */
  private startAdmin(rest: FinesseRest, user: User, stored: StoredSession): void {
    this.core.rest = rest;
    this.core.loginId = user.loginId;
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(stored));
    this.core.set({ phase: 'admin', user, extension: '' });
  }

  private async connect(stored: StoredSession, user: User, system: SystemInfo): Promise<void> {
    const failover = new NodeFailover(this.core, { id: stored.id, password: stored.password }, window.location, (from, to) =>
      this.core.notify('info', `${from} does not answer: the desktop continues on ${to}.`),
    );
    failover.start(system);
    this.failover = failover;
    const client = new NotificationClient({
      serviceUrl: defaultServiceUrl(window.location),
      // In a cluster each reconnection attempt may go to another node; alone, always back to this one.
      ...(failover.clustered ? { chooseServer: (attempt: number) => failover.choose(attempt), maxBackoffMs: FAILOVER_MAX_BACKOFF_MS } : {}),
      bareJid: `${user.loginId}@${system.xmppDomain}`,
      password: stored.password,
      resource: stored.resource,
      pubsubDomain: system.xmppPubSubDomain || `pubsub.${system.xmppDomain}`,
      onUpdate: (u) => this.updates.handle(u),
      onItem: masterItem,
      onStatus: (connection) => {
        this.core.set({ connection });
        failover.onStatus(connection);
        masterStatus(connection);
      },
      onConnected: (reconnected) => {
        if (reconnected) void this.loader.refresh();
      },
    });
    this.core.client = client;
    const credentials = { id: stored.id, password: stored.password };
    attachMasterSession({ client, rest: this.core.rest!, credentials, userId: user.loginId, status: () => this.core.state.connection });
    client.start();
    await client.waitConnected(8000).catch(() => undefined);
  }

  private async logIn(rest: FinesseRest, loginId: string, extension: string): Promise<void> {
    const { core } = this;
    const requestId = await rest.write(
      'PUT',
      `/User/${encodeURIComponent(loginId)}`,
      `<User><state>LOGIN</state><extension>${escapeXml(extension)}</extension></User>`,
    );
    await waitFor(() => core.asyncErrors.has(requestId) || (core.state.user?.state ?? 'LOGOUT') !== 'LOGOUT', 2000);
    const asyncError = core.asyncErrors.get(requestId);
    if (asyncError) throw new RestError(400, asyncError, describeErrors(asyncError));
    const user = parseUser(await rest.get(`/User/${encodeURIComponent(loginId)}`));
    if (user.state === 'LOGOUT') throw new Error('The server did not sign you in. Try again.');
    core.set({ user });
  }

  /** Signs out (UCCE: from NOT_READY only, so a READY agent goes NOT_READY first). */
  async signOut(reasonCodeId?: string): Promise<void> {
    const { core } = this;
    const user = core.state.user;
    if (!core.rest || !user) return;
    if (core.state.phase === 'admin') return this.leaveAdmin();
    this.signingOut = true;
    try {
      if (user.state === 'READY' || user.state === 'WORK' || user.state === 'WORK_READY') {
        await core.rest.write('PUT', core.userPath(), '<User><state>NOT_READY</state></User>');
        await waitFor(() => core.state.user?.state === 'NOT_READY', 2000);
      }
      const rc = reasonCodeId ? `<reasonCodeId>${escapeXml(reasonCodeId)}</reasonCodeId>` : '';
      await core.rest.write('PUT', core.userPath(), `<User><state>LOGOUT</state>${rc}</User>`);
      const done = await waitFor(
        () => core.state.phase !== 'active' || core.state.user?.state === 'LOGOUT' || core.state.user?.pendingState === 'LOGOUT',
        3000,
      );
      if (core.state.phase !== 'active') return;
      if (!done) await this.loader.refreshUser();
      if (core.state.phase !== 'active') return;
      if (core.state.user?.state === 'LOGOUT') return await this.finishSignOut();
      this.signingOut = false;
      if (core.state.user?.pendingState === 'LOGOUT') core.notify('info', 'You will be signed out when the call ends.');
    } catch (error) {
      this.signingOut = false;
      core.reportError('Sign out', error);
    }
  }

  private async finishSignOut(): Promise<void> {
    if (this.core.state.phase !== 'active') return;
    sessionStorage.removeItem(SESSION_KEY);
    this.core.set({ phase: 'signin', user: null, dialogs: [], teams: [], queues: null, notices: [], teamMessages: [], signInError: null });
    await this.teardown();
    this.core.notify('info', 'You are signed out.');
  }

  private async leaveAdmin(): Promise<void> {
    sessionStorage.removeItem(SESSION_KEY);
    this.core.set({ phase: 'signin', user: null, notices: [], signInError: null });
    await this.teardown();
    this.core.notify('info', 'You are signed out.');
  }

  applyUser(user: User): void {
    const wasActive = this.core.state.phase === 'active';
    this.core.set({ user });
    if (user.state !== 'LOGOUT' || !wasActive) return;
    if (this.signingOut) void this.finishSignOut();
    else this.endSession(user);
  }

  /** Shown when the User node says LOGOUT and this desktop did not ask for it. */
  private endSession(user: User): void {
    if (this.core.state.phase === 'ended') return;
    sessionStorage.removeItem(SESSION_KEY);
    this.core.set({
      phase: 'ended',
      ended: { reason: signedOutReason(user), reasonCodeId: user.reasonCodeId },
      user,
      dialogs: [],
      teams: [],
      teamMessages: [],
    });
    void this.teardown();
  }

  backToSignIn(): void {
    this.core.set({ phase: 'signin', ended: null, user: null, signInError: null, notices: [] });
  }

  private async teardown(): Promise<void> {
    this.loader.stopPolling();
    this.failover?.stop();
    this.failover = null;
    const client = this.core.client;
    this.core.client = null;
    this.core.rest = null;
    this.signingOut = false;
    if (client) await client.stop();
    await detachMasterSession();
    this.core.set({ connection: { state: 'stopped' }, node: null });
  }
}
