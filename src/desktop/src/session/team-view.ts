import type { Dialog, Team, User } from '../finesse/model';
import { parseQueues, parseTeam } from '../finesse/xml';
import type { SessionCore } from './core';
import { isSupervisor } from './rules';

/** The supervisor's view of the supervised teams and queues: their REST reads and their pubsub subscriptions. */
export class TeamView {
  constructor(private readonly core: SessionCore) {}

  /** Opens the team view: GET each supervised team, subscribe to its Users node with the full JID. */
  async open(): Promise<void> {
    const { core } = this;
    const user = core.state.user;
    if (!isSupervisor(user) || !core.client) return;
    core.set({ teamViewOpen: true });
    for (const team of user!.teams) {
      try {
        await core.client.subscribe(`/finesse/api/Team/${team.id}/Users`);
      } catch (error) {
        core.reportError(`Live updates for team ${team.name}`, error);
      }
    }
    await Promise.all([this.loadTeams(), this.loadQueues()]);
  }

  /** Closes the team view and unsubscribes from the team and queue nodes. */
  async close(): Promise<void> {
    const { core } = this;
    const user = core.state.user;
    if (!user || !core.client) return;
    const queues = core.state.queues ?? [];
    core.set({ teamViewOpen: false, teams: [], queues: null });
    for (const team of user.teams) await core.client.unsubscribe(`/finesse/api/Team/${team.id}/Users`);
    for (const q of queues) await core.client.unsubscribe(`/finesse/api/Queue/${q.id}`);
  }

  async loadTeams(): Promise<void> {
    const { core } = this;
    const user = core.state.user;
    if (!core.rest || !isSupervisor(user) || !core.state.teamViewOpen) return;
    const teams: Team[] = [];
    for (const ref of user!.teams) {
      try {
        teams.push(parseTeam(await core.rest.get(`/Team/${encodeURIComponent(ref.id)}?includeLoggedOutAgents=true`)));
      } catch (error) {
        core.reportError(`Team ${ref.name}`, error);
      }
    }
    core.set({ teams });
  }

  private async loadQueues(): Promise<void> {
    const { core } = this;
    if (!core.rest || !core.client) return;
    try {
      const queues = parseQueues(await core.rest.get(`${core.userPath()}/Queues`));
      core.set({ queues });
      for (const q of queues) await core.client.subscribe(`/finesse/api/Queue/${q.id}`).catch(() => undefined);
    } catch {
      core.set({ queues: null });
    }
  }

  /** The supervisor's monitor dialog on this agent's call, if any. */
  monitorDialogFor(agent: User): Dialog | null {
    return this.core.state.dialogs.find((d) => d.callType === 'SUPERVISOR_MONITOR' && d.participants.some((p) => p.mediaAddress === agent.extension)) ?? null;
  }
}
