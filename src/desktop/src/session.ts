import type { ApiError, Dialog, MediaPropertiesLayout, QueueStats, ReasonCode, SystemInfo, Team, Update, User, WrapUpReason } from './finesse/model';
import { NotificationClient, defaultServiceUrl, type ConnectionStatus } from './finesse/notifications';
import { FinesseRest, RestError, escapeXml } from './finesse/rest';
import {
  idFromUri,
  isRoot,
  parseApiErrors,
  parseDialog,
  parseDialogs,
  parseQueue,
  parseQueues,
  parseReasonCodes,
  parseSystemInfo,
  parseTeam,
  parseUser,
  parseWrapUpReasons,
} from './finesse/xml';

export type Phase = 'signin' | 'signing-in' | 'active' | 'ended';

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

export interface RecentCall {
  id: string;
  number: string;
  direction: 'in' | 'out';
  start: number;
  end: number;
}

export interface Ended {
  reason: string;
  reasonCodeId: string;
}

export interface DesktopState {
  phase: Phase;
  signInError: string | null;
  prefill: { id: string; extension: string };
  user: User | null;
  extension: string;
  system: SystemInfo | null;
  connection: ConnectionStatus;
  notReadyCodes: ReasonCode[];
  logoutCodes: ReasonCode[];
  wrapUps: WrapUpReason[];
  layout: MediaPropertiesLayout;
  dialogs: Dialog[];
  recent: RecentCall[];
  /** Supervised teams currently shown (and subscribed). */
  teams: Team[];
  teamViewOpen: boolean;
  /** null: the server has no queue statistics for this user */
  queues: QueueStats[] | null;
  notices: Notice[];
  ended: Ended | null;
}

interface StoredSession {
  id: string;
  password: string;
  extension: string;
  resource: string;
}

const SESSION_KEY = 'openfinesse.session';
const PREFILL_KEY = 'openfinesse.prefill';
const POLL_MS = 5_000;

export const DEFAULT_LAYOUT: MediaPropertiesLayout = {
  header: [
    { displayName: 'Call type', mediaProperty: 'callType' },
    { displayName: 'Dialed number', mediaProperty: 'DNIS' },
    { displayName: 'Queue', mediaProperty: 'queueName' },
  ],
  columns: [
    [1, 2, 3, 4, 5].map((n) => ({ displayName: `Variable ${n}`, mediaProperty: `callVariable${n}` })),
    [6, 7, 8, 9, 10].map((n) => ({ displayName: `Variable ${n}`, mediaProperty: `callVariable${n}` })),
  ],
};

/** Supervisor rules of reference §5.5: which states allow which supervisor request. */
export const SUPERVISOR_ALLOWED: Record<'READY' | 'NOT_READY' | 'LOGOUT', ReadonlySet<string>> = {
  READY: new Set(['NOT_READY', 'WORK', 'WORK_READY']),
  NOT_READY: new Set(['READY', 'WORK', 'WORK_READY']),
  LOGOUT: new Set(['READY', 'NOT_READY', 'RESERVED', 'RESERVED_OUTBOUND', 'RESERVED_OUTBOUND_PREVIEW', 'TALKING', 'HOLD', 'WORK', 'WORK_READY']),
};

export function isSupervisor(user: User | null): boolean {
  return !!user && user.roles.includes('Supervisor');
}

/** The participant of a dialog that is this agent's phone. */
export function myParticipant(dialog: Dialog, extension: string) {
  return dialog.participants.find((p) => p.mediaAddress === extension) ?? null;
}

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

function describeErrors(errors: ApiError[]): string {
  return errors.map((e) => [e.type, e.message].filter(Boolean).join(': ')).join('; ') || 'The request failed';
}

function signedOutReason(user: User): string {
  const id = user.reasonCodeId;
  if (id === '999') return 'Your supervisor signed you out.';
  if (id === '255') return 'The connection between this desktop and the server was lost for too long, so the system signed you out.';
  if (user.reasonCode?.label) return `You were signed out: ${user.reasonCode.label}.`;
  return 'You were signed out from another session or by the system.';
}

function randomResource(): string {
  const b = crypto.getRandomValues(new Uint8Array(6));
  return `desktop-${[...b].map((x) => x.toString(16).padStart(2, '0')).join('')}`;
}

function readJson<T>(key: string): T | null {
  try {
    const raw = sessionStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

/**
 * Everything the desktop knows, kept outside the UI: REST calls, the notification client, and how
 * notifications change the picture. The UI renders snapshots and calls the action methods.
 */
export class DesktopSession {
  private state: DesktopState;
  private readonly listeners = new Set<(s: DesktopState) => void>();
  private rest: FinesseRest | null = null;
  private client: NotificationClient | null = null;
  private loginId = '';
  private signingOut = false;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private noticeSeq = 0;
  private readonly firstSeen = new Map<string, number>();
  private readonly asyncErrors = new Map<string, ApiError[]>();
  private readonly requestLabels = new Map<string, string>();

  constructor() {
    const prefill = readJson<{ id: string; extension: string }>(PREFILL_KEY) ?? { id: '', extension: '' };
    this.state = {
      phase: 'signin',
      signInError: null,
      prefill,
      user: null,
      extension: '',
      system: null,
      connection: { state: 'stopped' },
      notReadyCodes: [],
      logoutCodes: [],
      wrapUps: [],
      layout: DEFAULT_LAYOUT,
      dialogs: [],
      recent: [],
      teams: [],
      teamViewOpen: true,
      queues: null,
      notices: [],
      ended: null,
    };
    window.addEventListener('pagehide', () => this.client?.leave());
  }

  get(): DesktopState {
    return this.state;
  }

  listen(fn: (s: DesktopState) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private set(patch: Partial<DesktopState>): void {
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn(this.state);
  }

  notify(kind: Notice['kind'], text: string): void {
    const id = ++this.noticeSeq;
    this.set({ notices: [...this.state.notices.filter((n) => n.text !== text), { id, kind, text }].slice(-4) });
    if (kind === 'info') setTimeout(() => this.dismiss(id), 6000);
  }

  dismiss(id: number): void {
    this.set({ notices: this.state.notices.filter((n) => n.id !== id) });
  }

  // ---------------------------------------------------------------- sign-in and sign-out

  /** Resumes the tab's session after a reload (credentials live in sessionStorage only). */
  async resume(): Promise<void> {
    const stored = readJson<StoredSession>(SESSION_KEY);
    if (!stored) return;
    await this.start(stored, true);
  }

  async signIn(id: string, password: string, extension: string): Promise<void> {
    id = id.trim();
    extension = extension.trim();
    if (!id || !password) return this.set({ signInError: 'Enter your ID and password.' });
    if (!extension) return this.set({ signInError: 'Enter your extension.' });
    await this.start({ id, password, extension, resource: randomResource() }, false);
  }

  private async start(stored: StoredSession, resuming: boolean): Promise<void> {
    this.set({ phase: 'signing-in', signInError: null, ended: null, prefill: { id: stored.id, extension: stored.extension } });
    sessionStorage.setItem(PREFILL_KEY, JSON.stringify({ id: stored.id, extension: stored.extension }));
    const rest = new FinesseRest({ id: stored.id, password: stored.password });
    try {
      let user = parseUser(await rest.get(`/User/${encodeURIComponent(stored.id)}`));
      if (!user.roles.includes('Agent')) throw new Error('This desktop is for agents and supervisors; this account has neither role.');
      const system = parseSystemInfo(await rest.get('/SystemInfo'), Date.now());
      this.rest = rest;
      this.loginId = user.loginId;
      this.set({ system, user, extension: stored.extension, recent: readJson<RecentCall[]>(`openfinesse.recent.${user.loginId}`) ?? [] });

      this.client = new NotificationClient({
        serviceUrl: defaultServiceUrl(window.location),
        bareJid: `${user.loginId}@${system.xmppDomain}`,
        password: stored.password,
        resource: stored.resource,
        pubsubDomain: system.xmppPubSubDomain || `pubsub.${system.xmppDomain}`,
        onUpdate: (u) => this.onUpdate(u),
        onStatus: (connection) => this.set({ connection }),
        onConnected: (reconnected) => {
          if (reconnected) void this.refresh();
        },
      });
      this.client.start();
      await this.client.waitConnected(8000).catch(() => undefined);

      if (resuming && user.state === 'LOGOUT') {
        // Signed out while this tab was away (supervisor, lost-connection timeout).
        this.endSession(user);
        return;
      }
      if (!resuming || user.state === 'LOGOUT') {
        const requestId = await rest.write(
          'PUT',
          `/User/${encodeURIComponent(user.loginId)}`,
          `<User><state>LOGIN</state><extension>${escapeXml(stored.extension)}</extension></User>`,
        );
        await this.waitFor(() => this.asyncErrors.has(requestId) || (this.state.user?.state ?? 'LOGOUT') !== 'LOGOUT', 2000);
        const asyncError = this.asyncErrors.get(requestId);
        if (asyncError) throw new RestError(400, asyncError, describeErrors(asyncError));
        user = parseUser(await rest.get(`/User/${encodeURIComponent(user.loginId)}`));
        if (user.state === 'LOGOUT') throw new Error('The server did not sign you in. Try again.');
        this.set({ user });
      }
      sessionStorage.setItem(SESSION_KEY, JSON.stringify(stored));
      this.set({ phase: 'active' });
      this.startPolling();
      await Promise.all([this.loadLists(), this.loadDialogs(), this.openTeamView()]);
    } catch (error) {
      await this.teardown();
      if (resuming) sessionStorage.removeItem(SESSION_KEY);
      this.set({ phase: 'signin', signInError: signInMessage(error, stored.extension), user: null });
    }
  }

  /** Signs out (UCCE: from NOT_READY only, so a READY agent goes NOT_READY first). */
  async signOut(reasonCodeId?: string): Promise<void> {
    const user = this.state.user;
    if (!this.rest || !user) return;
    this.signingOut = true;
    try {
      if (user.state === 'READY' || user.state === 'WORK' || user.state === 'WORK_READY') {
        await this.rest.write('PUT', this.userPath(), '<User><state>NOT_READY</state></User>');
        await this.waitFor(() => this.state.user?.state === 'NOT_READY', 2000);
      }
      const rc = reasonCodeId ? `<reasonCodeId>${escapeXml(reasonCodeId)}</reasonCodeId>` : '';
      await this.rest.write('PUT', this.userPath(), `<User><state>LOGOUT</state>${rc}</User>`);
      const done = await this.waitFor(
        () => this.state.phase !== 'active' || this.state.user?.state === 'LOGOUT' || this.state.user?.pendingState === 'LOGOUT',
        3000,
      );
      if (this.state.phase !== 'active') return;
      if (!done) await this.refreshUser();
      if (this.state.phase !== 'active') return;
      if (this.state.user?.state === 'LOGOUT') return await this.finishSignOut();
      this.signingOut = false;
      if (this.state.user?.pendingState === 'LOGOUT') this.notify('info', 'You will be signed out when the call ends.');
    } catch (error) {
      this.signingOut = false;
      this.reportError('Sign out', error);
    }
  }

  private async finishSignOut(): Promise<void> {
    if (this.state.phase !== 'active') return;
    sessionStorage.removeItem(SESSION_KEY);
    this.set({ phase: 'signin', user: null, dialogs: [], teams: [], queues: null, notices: [], signInError: null });
    await this.teardown();
    this.notify('info', 'You are signed out.');
  }

  /** Shown when the User node says LOGOUT and this desktop did not ask for it. */
  private endSession(user: User): void {
    if (this.state.phase === 'ended') return;
    sessionStorage.removeItem(SESSION_KEY);
    this.set({ phase: 'ended', ended: { reason: signedOutReason(user), reasonCodeId: user.reasonCodeId }, user, dialogs: [], teams: [] });
    void this.teardown();
  }

  backToSignIn(): void {
    this.set({ phase: 'signin', ended: null, user: null, signInError: null, notices: [] });
  }

  private async teardown(): Promise<void> {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    const client = this.client;
    this.client = null;
    this.rest = null;
    this.signingOut = false;
    if (client) await client.stop();
    this.set({ connection: { state: 'stopped' } });
  }

  // ---------------------------------------------------------------- agent actions

  private userPath(loginId = this.loginId): string {
    return `/User/${encodeURIComponent(loginId)}`;
  }

  /** READY / NOT_READY [reason] / LOGOUT [reason] from the state menu. */
  async changeState(state: 'READY' | 'NOT_READY' | 'LOGOUT', reasonCodeId?: string): Promise<void> {
    if (state === 'LOGOUT') return this.signOut(reasonCodeId);
    if (!this.rest) return;
    const rc = reasonCodeId ? `<reasonCodeId>${escapeXml(reasonCodeId)}</reasonCodeId>` : '';
    try {
      const requestId = await this.rest.write('PUT', this.userPath(), `<User><state>${state}</state>${rc}</User>`);
      this.requestLabels.set(requestId, state === 'READY' ? 'Ready' : 'Not Ready');
      if (!this.client?.connected) await this.refreshUser();
    } catch (error) {
      this.reportError(state === 'READY' ? 'Ready' : 'Not Ready', error);
    }
  }

  async makeCall(number: string): Promise<void> {
    const to = number.trim();
    if (!this.rest || !to) return;
    await this.dialogRequest(
      'Make call',
      'POST',
      `${this.userPath()}/Dialogs`,
      `<Dialog><requestedAction>MAKE_CALL</requestedAction><fromAddress>${escapeXml(this.state.extension)}</fromAddress><toAddress>${escapeXml(to)}</toAddress></Dialog>`,
    );
  }

  /** A dialog action the server listed in the participant's `actions`. */
  async dialogAction(dialog: Dialog, action: string, options: { toAddress?: string; dtmf?: string } = {}): Promise<void> {
    let extra = '';
    if (options.toAddress !== undefined) extra += `<toAddress>${escapeXml(options.toAddress)}</toAddress>`;
    if (options.dtmf !== undefined) {
      extra += `<actionParams><ActionParam><name>dtmfString</name><value>${escapeXml(options.dtmf)}</value></ActionParam></actionParams>`;
    }
    await this.dialogRequest(
      action.replace(/_/g, ' ').toLowerCase(),
      'PUT',
      `/Dialog/${encodeURIComponent(dialog.id)}`,
      `<Dialog><requestedAction>${action}</requestedAction><targetMediaAddress>${escapeXml(this.state.extension)}</targetMediaAddress>${extra}</Dialog>`,
    );
  }

  async setWrapUp(dialog: Dialog, label: string): Promise<void> {
    await this.dialogRequest(
      'Wrap-up',
      'PUT',
      `/Dialog/${encodeURIComponent(dialog.id)}`,
      `<Dialog><requestedAction>UPDATE_CALL_DATA</requestedAction><mediaProperties><wrapUpReason>${escapeXml(label)}</wrapUpReason></mediaProperties></Dialog>`,
    );
  }

  private async dialogRequest(label: string, method: 'PUT' | 'POST', path: string, body: string): Promise<void> {
    if (!this.rest) return;
    try {
      const requestId = await this.rest.write(method, path, body);
      this.requestLabels.set(requestId, label);
      if (!this.client?.connected) await this.loadDialogs();
    } catch (error) {
      this.reportError(label, error);
    }
  }

  // ---------------------------------------------------------------- supervisor

  async supervisorChangeState(agent: User, state: 'READY' | 'NOT_READY' | 'LOGOUT'): Promise<void> {
    if (!this.rest) return;
    const label = { READY: 'Ready', NOT_READY: 'Not Ready', LOGOUT: 'Sign out' }[state];
    try {
      const requestId = await this.rest.write('PUT', this.userPath(agent.loginId), `<User><state>${state}</state></User>`);
      this.requestLabels.set(requestId, `${label} for ${agent.firstName} ${agent.lastName}`);
      if (!this.client?.connected) await this.loadTeams();
    } catch (error) {
      this.reportError(`${label} for ${agent.firstName} ${agent.lastName}`, error);
    }
  }

  async monitor(agent: User): Promise<void> {
    await this.dialogRequest(
      'Silent monitor',
      'POST',
      `${this.userPath()}/Dialogs`,
      `<Dialog><requestedAction>SILENT_MONITOR</requestedAction><fromAddress>${escapeXml(this.state.extension)}</fromAddress><toAddress>${escapeXml(agent.extension)}</toAddress></Dialog>`,
    );
  }

  async barge(agent: User, monitorDialog: Dialog): Promise<void> {
    await this.dialogRequest(
      'Barge in',
      'POST',
      `${this.userPath()}/Dialogs`,
      `<Dialog><requestedAction>BARGE_CALL</requestedAction><fromAddress>${escapeXml(this.state.extension)}</fromAddress><toAddress>${escapeXml(agent.extension)}</toAddress><associatedDialogUri>${escapeXml(monitorDialog.uri || `/finesse/api/Dialog/${monitorDialog.id}`)}</associatedDialogUri></Dialog>`,
    );
  }

  /** The supervisor's monitor dialog on this agent's call, if any. */
  monitorDialogFor(agent: User): Dialog | null {
    return this.state.dialogs.find((d) => d.callType === 'SUPERVISOR_MONITOR' && d.participants.some((p) => p.mediaAddress === agent.extension)) ?? null;
  }

  /** Opens the team view: GET each supervised team, subscribe to its Users node with the full JID. */
  async openTeamView(): Promise<void> {
    const user = this.state.user;
    if (!isSupervisor(user) || !this.client) return;
    this.set({ teamViewOpen: true });
    for (const team of user!.teams) {
      try {
        await this.client.subscribe(`/finesse/api/Team/${team.id}/Users`);
      } catch (error) {
        this.reportError(`Live updates for team ${team.name}`, error);
      }
    }
    await Promise.all([this.loadTeams(), this.loadQueues()]);
  }

  /** Closes the team view and unsubscribes from the team and queue nodes. */
  async closeTeamView(): Promise<void> {
    const user = this.state.user;
    if (!user || !this.client) return;
    this.set({ teamViewOpen: false, teams: [], queues: null });
    for (const team of user.teams) await this.client.unsubscribe(`/finesse/api/Team/${team.id}/Users`);
    for (const q of this.state.queues ?? []) await this.client.unsubscribe(`/finesse/api/Queue/${q.id}`);
  }

  // ---------------------------------------------------------------- loading

  private async loadLists(): Promise<void> {
    const rest = this.rest;
    if (!rest) return;
    // The call-variable layout stays DEFAULT_LAYOUT until the server has a MediaPropertiesLayout API
    // (asking for it now would only log a 404 in the browser console).
    const [nr, lo, wu] = await Promise.allSettled([
      rest.get(`${this.userPath()}/ReasonCodes?category=NOT_READY`),
      rest.get(`${this.userPath()}/ReasonCodes?category=LOGOUT`),
      rest.get(`${this.userPath()}/WrapUpReasons`),
    ]);
    this.set({
      notReadyCodes: nr.status === 'fulfilled' ? parseReasonCodes(nr.value) : [],
      logoutCodes: lo.status === 'fulfilled' ? parseReasonCodes(lo.value) : [],
      wrapUps: wu.status === 'fulfilled' ? parseWrapUpReasons(wu.value) : [],
    });
  }

  private async loadDialogs(): Promise<void> {
    if (!this.rest) return;
    try {
      const dialogs = parseDialogs(await this.rest.get(`${this.userPath()}/Dialogs`));
      const gone = this.state.dialogs.filter((d) => !dialogs.some((n) => n.id === d.id));
      for (const d of gone) this.remember(d);
      this.set({ dialogs });
    } catch (error) {
      if (!(error instanceof RestError && (error.status === 404 || error.status === 405))) throw error;
    }
  }

  private async loadTeams(): Promise<void> {
    const user = this.state.user;
    if (!this.rest || !isSupervisor(user) || !this.state.teamViewOpen) return;
    const teams: Team[] = [];
    for (const ref of user!.teams) {
      try {
        teams.push(parseTeam(await this.rest.get(`/Team/${encodeURIComponent(ref.id)}?includeLoggedOutAgents=true`)));
      } catch (error) {
        this.reportError(`Team ${ref.name}`, error);
      }
    }
    this.set({ teams });
  }

  private async loadQueues(): Promise<void> {
    if (!this.rest || !this.client) return;
    try {
      const queues = parseQueues(await this.rest.get(`${this.userPath()}/Queues`));
      this.set({ queues });
      for (const q of queues) await this.client.subscribe(`/finesse/api/Queue/${q.id}`).catch(() => undefined);
    } catch {
      this.set({ queues: null });
    }
  }

  private async refreshUser(): Promise<void> {
    if (!this.rest) return;
    const user = parseUser(await this.rest.get(this.userPath()));
    this.applyUser(user);
  }

  /** After a reconnection or while notifications are down: read what may have been missed. */
  private async refresh(): Promise<void> {
    try {
      await this.refreshUser();
      if (this.state.phase !== 'active') return;
      await Promise.all([this.loadDialogs(), this.loadTeams()]);
    } catch (error) {
      if (error instanceof RestError && error.status === 401) this.notify('error', 'The server no longer accepts your credentials.');
    }
  }

  private startPolling(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = setInterval(() => {
      if (this.state.phase === 'active' && !this.client?.connected) void this.refresh();
    }, POLL_MS);
  }

  private waitFor(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
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

  private reportError(what: string, error: unknown): void {
    const text =
      error instanceof RestError
        ? error.status === 0
          ? error.message
          : describeErrors(error.errors.length ? error.errors : [{ type: `HTTP ${error.status}`, message: error.message, data: '' }])
        : error instanceof Error
          ? error.message
          : String(error);
    this.notify('error', `${what} failed: ${text}`);
  }

  // ---------------------------------------------------------------- notifications

  private onUpdate(u: Update): void {
    const userNode = `/finesse/api/User/${this.loginId}`;
    if (isRoot(u.data, 'apiErrors')) return this.onAsyncErrors(u);
    if (u.node === userNode) {
      if (isRoot(u.data, 'user')) this.applyUser(parseUser(u.data));
    } else if (u.node === `${userNode}/Dialogs`) {
      this.onDialogsUpdate(u);
    } else if (/^\/finesse\/api\/Team\/[^/]+\/Users$/.test(u.node)) {
      this.onTeamUpdate(u);
    } else if (u.node.startsWith('/finesse/api/Queue/') && isRoot(u.data, 'queue')) {
      const q = parseQueue(u.data);
      q.id ||= idFromUri(u.source);
      this.set({ queues: (this.state.queues ?? []).map((x) => (x.id === q.id ? q : x)) });
    }
  }

  private onAsyncErrors(u: Update): void {
    const errors = parseApiErrors(u.data!);
    if (u.requestId) this.asyncErrors.set(u.requestId, errors);
    if (this.state.phase !== 'active') return;
    const label = this.requestLabels.get(u.requestId) ?? 'A request';
    this.notify('error', `${label} failed: ${describeErrors(errors)}`);
  }

  private applyUser(user: User): void {
    const wasActive = this.state.phase === 'active';
    this.set({ user });
    if (user.state !== 'LOGOUT' || !wasActive) return;
    if (this.signingOut) void this.finishSignOut();
    else this.endSession(user);
  }

  private onDialogsUpdate(u: Update): void {
    const collection = `/finesse/api/User/${this.loginId}/Dialogs`;
    let dialogs = this.state.dialogs;
    if (u.source === collection && isRoot(u.data, 'dialogs')) {
      const items = parseDialogs(u.data);
      if (u.event === 'DELETE') {
        for (const d of items) this.remember(dialogs.find((x) => x.id === d.id) ?? d);
        dialogs = dialogs.filter((d) => !items.some((i) => i.id === d.id));
      } else {
        for (const d of items) if (!this.firstSeen.has(d.id)) this.firstSeen.set(d.id, Date.now());
        dialogs = [...dialogs.filter((d) => !items.some((i) => i.id === d.id)), ...items];
      }
    } else if (isRoot(u.data, 'dialog')) {
      const d = parseDialog(u.data);
      d.id ||= idFromUri(u.source);
      if (u.event === 'DELETE') {
        this.remember(d);
        dialogs = dialogs.filter((x) => x.id !== d.id);
      } else {
        if (!this.firstSeen.has(d.id)) this.firstSeen.set(d.id, Date.now());
        const i = dialogs.findIndex((x) => x.id === d.id);
        dialogs = i >= 0 ? dialogs.map((x) => (x.id === d.id ? d : x)) : [...dialogs, d];
      }
    }
    this.set({ dialogs });
  }

  /** A call that left the desktop goes to the recent-calls list (kept for the tab's session). */
  private remember(d: Dialog): void {
    if (this.state.recent.some((r) => r.id === d.id) || d.callType === 'SUPERVISOR_MONITOR') return;
    const ext = this.state.extension;
    const mine = myParticipant(d, ext);
    const outgoing = d.fromAddress === ext;
    const other = d.participants.find((p) => p.mediaAddress !== ext)?.mediaAddress ?? (outgoing ? d.toAddress : d.fromAddress);
    const start = mine?.startTime ?? this.firstSeen.get(d.id) ?? Date.now();
    const call: RecentCall = {
      id: d.id,
      number: other || (outgoing ? d.toAddress : d.fromAddress),
      direction: outgoing ? 'out' : 'in',
      start,
      end: Date.now(),
    };
    const recent = [call, ...this.state.recent].slice(0, 20);
    sessionStorage.setItem(`openfinesse.recent.${this.loginId}`, JSON.stringify(recent));
    this.set({ recent });
  }

  private onTeamUpdate(u: Update): void {
    const teamId = u.node.split('/')[4] ?? '';
    const agentId = idFromUri(u.source);
    const teams = this.state.teams.map((team) => {
      if (team.id !== teamId) return team;
      if (u.event === 'DELETE') return { ...team, users: team.users.filter((x) => x.loginId !== agentId) };
      if (!isRoot(u.data, 'user')) return team;
      const agent = parseUser(u.data);
      agent.loginId ||= agentId;
      const exists = team.users.some((x) => x.loginId === agent.loginId);
      return { ...team, users: exists ? team.users.map((x) => (x.loginId === agent.loginId ? agent : x)) : [...team.users, agent] };
    });
    this.set({ teams });
  }
}
