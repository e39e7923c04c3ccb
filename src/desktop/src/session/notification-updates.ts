import type { Update, User } from '../finesse/model';
import { idFromUri, isRoot, parseApiErrors, parseDialog, parseDialogs, parseQueue, parseUser } from '../finesse/xml';
import type { SessionCore } from './core';
import { describeErrors } from './messages';
import type { RecentCalls } from './recent-calls';
import type { TeamMessagesView } from './team-messages';

/** How each XMPP notification changes the picture: the user, the dialogs, the supervised teams, the queues, asynchronous errors. */
export class NotificationUpdates {
  constructor(
    private readonly core: SessionCore,
    private readonly recent: RecentCalls,
    private readonly applyUser: (user: User) => void,
    private readonly teamMessages: TeamMessagesView,
  ) {}

  handle(u: Update): void {
    const userNode = `/finesse/api/User/${this.core.loginId}`;
    if (isRoot(u.data, 'apiErrors')) return this.onAsyncErrors(u);
    if (this.teamMessages.handle(u)) return;
    if (u.node === userNode) {
      if (isRoot(u.data, 'user')) this.applyUser(parseUser(u.data));
    } else if (u.node === `${userNode}/Dialogs`) {
      this.onDialogsUpdate(u);
    } else if (/^\/finesse\/api\/Team\/[^/]+\/Users$/.test(u.node)) {
      this.onTeamUpdate(u);
    } else if (u.node.startsWith('/finesse/api/Queue/') && isRoot(u.data, 'queue')) {
      const q = parseQueue(u.data);
      q.id ||= idFromUri(u.source);
      this.core.set({ queues: (this.core.state.queues ?? []).map((x) => (x.id === q.id ? q : x)) });
    }
  }

  private onAsyncErrors(u: Update): void {
    const { core } = this;
    const errors = parseApiErrors(u.data!);
    if (u.requestId) core.asyncErrors.set(u.requestId, errors);
    if (core.state.phase !== 'active') return;
    const label = core.requestLabels.get(u.requestId) ?? 'A request';
    core.notify('error', `${label} failed: ${describeErrors(errors)}`);
  }

  private onDialogsUpdate(u: Update): void {
    const collection = `/finesse/api/User/${this.core.loginId}/Dialogs`;
    let dialogs = this.core.state.dialogs;
    if (u.source === collection && isRoot(u.data, 'dialogs')) {
      const items = parseDialogs(u.data);
      if (u.event === 'DELETE') {
        for (const d of items) this.recent.remember(dialogs.find((x) => x.id === d.id) ?? d);
        dialogs = dialogs.filter((d) => !items.some((i) => i.id === d.id));
      } else {
        for (const d of items) this.recent.seen(d.id);
        dialogs = [...dialogs.filter((d) => !items.some((i) => i.id === d.id)), ...items];
      }
    } else if (isRoot(u.data, 'dialog')) {
      const d = parseDialog(u.data);
      d.id ||= idFromUri(u.source);
      if (u.event === 'DELETE') {
        this.recent.remember(d);
        dialogs = dialogs.filter((x) => x.id !== d.id);
      } else {
        this.recent.seen(d.id);
        const i = dialogs.findIndex((x) => x.id === d.id);
        dialogs = i >= 0 ? dialogs.map((x) => (x.id === d.id ? d : x)) : [...dialogs, d];
      }
    }
    this.core.set({ dialogs });
  }

  private onTeamUpdate(u: Update): void {
    const teamId = u.node.split('/')[4] ?? '';
    const agentId = idFromUri(u.source);
    const teams = this.core.state.teams.map((team) => {
      if (team.id !== teamId) return team;
      if (u.event === 'DELETE') return { ...team, users: team.users.filter((x) => x.loginId !== agentId) };
      if (!isRoot(u.data, 'user')) return team;
      const agent = parseUser(u.data);
      agent.loginId ||= agentId;
      const exists = team.users.some((x) => x.loginId === agent.loginId);
      return { ...team, users: exists ? team.users.map((x) => (x.loginId === agent.loginId ? agent : x)) : [...team.users, agent] };
    });
    this.core.set({ teams });
  }
}
