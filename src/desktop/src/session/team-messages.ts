import type { TeamMessage, Update } from '../finesse/model';
import { escapeXml } from '../finesse/rest';
import { isRoot, parseTeamMessages } from '../finesse/xml';
import type { SessionCore } from './core';
import { isSupervisor } from './rules';

const NODE = /^\/finesse\/api\/Team\/([^/]+)\/TeamMessages$/;
/** A message is also removed here a moment after it expires, should its DELETE notification be missed. */
const EXPIRY_GRACE_MS = 1_000;

/**
 * The messages of the user's team (and of the teams he supervises): read after sign-in and after a
 * reconnection, then kept live from the automatic node `/finesse/api/Team/{team}/TeamMessages` (POST
 * adds, DELETE removes: deleted or expired). Supervisors send them with `POST /TeamMessage`.
 */
export class TeamMessagesView {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly core: SessionCore) {}

  /** The teams whose messages the user sees: his own and those he supervises. */
  teamIds(): string[] {
    const user = this.core.state.user;
    if (!user) return [];
    return [...new Set([...(user.teamId ? [user.teamId] : []), ...(isSupervisor(user) ? user.teams.map((t) => t.id) : [])])];
  }

  async load(): Promise<void> {
    const { core } = this;
    if (!core.rest) return;
    const all: TeamMessage[] = [];
    for (const teamId of this.teamIds()) {
      try {
        all.push(...parseTeamMessages(await core.rest.get(`/Team/${encodeURIComponent(teamId)}/TeamMessages`)));
      } catch {
        // An older server without team messages: nothing to show.
      }
    }
    this.replace(all);
  }

  /** Whether the update was a team message one (handled here). */
  handle(u: Update): boolean {
    if (!NODE.test(u.node)) return false;
    if (!isRoot(u.data, 'teamMessages')) return true;
    const items = parseTeamMessages(u.data);
    const current = this.core.state.teamMessages;
    if (u.event === 'DELETE') this.replace(current.filter((m) => !items.some((i) => i.id === m.id)));
    else this.replace([...current.filter((m) => !items.some((i) => i.id === m.id)), ...items]);
    return true;
  }

  async send(content: string, durationSeconds: number, teamIds: string[]): Promise<void> {
    const { core } = this;
    if (!core.rest) return;
    const teams = teamIds.map((t) => `<team>${escapeXml(t)}</team>`).join('');
    try {
      await core.rest.write(
        'POST',
        '/TeamMessage',
        `<TeamMessage><duration>${durationSeconds}</duration><content>${escapeXml(content)}</content><teams>${teams}</teams></TeamMessage>`,
      );
      core.notify('info', 'Team message sent.');
    } catch (error) {
      core.reportError('Sending the team message', error);
      throw error;
    }
  }

  clear(): void {
    this.replace([]);
  }

  /** The messages to show, each once, oldest first, expired ones left out; a timer removes each when it expires. */
  private replace(messages: TeamMessage[]): void {
    // The server's time, as SystemInfo told how far this computer's clock is off.
    const now = Date.now() + (this.core.state.system?.clockSkew ?? 0);
    const unique = [...new Map(messages.map((m) => [m.id, m])).values()].filter((m) => m.createdAt + m.duration * 1000 + EXPIRY_GRACE_MS > now);
    unique.sort((a, b) => a.createdAt - b.createdAt);
    for (const [id, timer] of this.timers) {
      if (unique.some((m) => m.id === id)) continue;
      clearTimeout(timer);
      this.timers.delete(id);
    }
    for (const m of unique) {
      if (this.timers.has(m.id)) continue;
      const left = m.createdAt + m.duration * 1000 + EXPIRY_GRACE_MS - now;
      this.timers.set(
        m.id,
        setTimeout(() => {
          this.timers.delete(m.id);
          this.core.set({ teamMessages: this.core.state.teamMessages.filter((x) => x.id !== m.id) });
        }, left),
      );
    }
    this.core.set({ teamMessages: unique });
  }
}
