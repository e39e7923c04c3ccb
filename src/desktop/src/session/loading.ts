import type { User } from '../finesse/model';
import { RestError } from '../finesse/rest';
import { parseDialogs, parseLayout, parseReasonCodes, parseUser, parseWrapUpReasons } from '../finesse/xml';
import type { SessionCore } from './core';
import { DEFAULT_LAYOUT } from './desktop-state';
import type { RecentCalls } from './recent-calls';
import type { TeamMessagesView } from './team-messages';
import type { TeamView } from './team-view';

/** How often, and how many times, dialogs the phone system cannot answer yet (503) are read again. */
const DIALOG_RETRY_MS = 3_000;
const DIALOG_RETRIES = 20;

const POLL_MS = 5_000;

/** What the desktop reads over REST: the lists after sign-in, the user and the dialogs, and the poll that stands in while notifications are down. */
export class Loader {
  private pollTimer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly core: SessionCore,
    private readonly teamView: TeamView,
    private readonly recent: RecentCalls,
    private readonly applyUser: (user: User) => void,
    private readonly teamMessages: TeamMessagesView,
  ) {}

  async loadLists(): Promise<void> {
    const { core } = this;
    const rest = core.rest;
    if (!rest) return;
    const [nr, lo, wu, layout] = await Promise.allSettled([
      rest.get(`${core.userPath()}/ReasonCodes?category=NOT_READY`),
      rest.get(`${core.userPath()}/ReasonCodes?category=LOGOUT`),
      rest.get(`${core.userPath()}/WrapUpReasons`),
      // The call-variable layout of the user's team (the server answers DEFAULT when it has none).
      rest.get(`${core.userPath()}/MediaPropertiesLayout`),
    ]);
    core.set({
      notReadyCodes: nr.status === 'fulfilled' ? parseReasonCodes(nr.value) : [],
      logoutCodes: lo.status === 'fulfilled' ? parseReasonCodes(lo.value) : [],
      wrapUps: wu.status === 'fulfilled' ? parseWrapUpReasons(wu.value) : [],
      layout: layout.status === 'fulfilled' ? parseLayout(layout.value) : DEFAULT_LAYOUT,
    });
    await this.teamMessages.load();
  }

  /**
   * Reads the dialogs again. In a cluster they come from the node that runs the phone system; while it is
   * being handed over (its node died) they answer 503, and the read is tried again every few seconds.
   */
  async loadDialogs(attempt = 0): Promise<void> {
    const { core } = this;
    if (!core.rest) return;
    try {
      const dialogs = parseDialogs(await core.rest.get(`${core.userPath()}/Dialogs`));
      const gone = core.state.dialogs.filter((d) => !dialogs.some((n) => n.id === d.id));
      for (const d of gone) this.recent.remember(d);
      core.set({ dialogs });
    } catch (error) {
      if (error instanceof RestError && error.status === 503 && attempt < DIALOG_RETRIES) {
        setTimeout(() => void this.loadDialogs(attempt + 1).catch(() => undefined), DIALOG_RETRY_MS);
        return;
      }
      if (!(error instanceof RestError && (error.status === 404 || error.status === 405))) throw error;
    }
  }

  async refreshUser(): Promise<void> {
    const { core } = this;
    if (!core.rest) return;
    const user = parseUser(await core.rest.get(core.userPath()));
    this.applyUser(user);
  }

  /** After a reconnection or while notifications are down: read what may have been missed. */
  async refresh(): Promise<void> {
    try {
      await this.refreshUser();
      if (this.core.state.phase !== 'active') return;
      await Promise.all([this.loadDialogs(), this.teamView.loadTeams(), this.teamMessages.load()]);
    } catch (error) {
      if (error instanceof RestError && error.status === 401) this.core.notify('error', 'The server no longer accepts your credentials.');
    }
  }

  startPolling(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = setInterval(() => {
      if (this.core.state.phase === 'active' && !this.core.client?.connected) void this.refresh();
    }, POLL_MS);
  }

  stopPolling(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
  }
}
