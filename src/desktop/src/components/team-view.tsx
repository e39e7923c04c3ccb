import { elapsed, reasonText, stateLabel } from '../format';
import type { Team, User } from '../finesse/model';
import { useNow } from '../hooks';
import { SUPERVISOR_ALLOWED, type DesktopSession, type DesktopState } from '../session';

export function TeamView({ session, state }: { session: DesktopSession; state: DesktopState }) {
  return (
    <section class="card card-team" aria-labelledby="team-title">
      <div class="card-head">
        <h2 id="team-title">My teams</h2>
        {state.teamViewOpen ? (
          <button type="button" class="link" onClick={() => void session.closeTeamView()}>
            Close team view
          </button>
        ) : (
          <button type="button" class="link" onClick={() => void session.openTeamView()}>
            Open team view
          </button>
        )}
      </div>
      {state.teamViewOpen && state.teams.map((t) => <TeamTable key={t.id} session={session} state={state} team={t} />)}
    </section>
  );
}

const TALKING = new Set(['TALKING', 'HOLD']);

function TeamTable({ session, state, team }: { session: DesktopSession; state: DesktopState; team: Team }) {
  const now = useNow(1000);
  const skew = state.system?.clockSkew ?? 0;
  const me = state.user!.loginId;
  const users = [...team.users].sort((a, b) => `${a.firstName} ${a.lastName}`.localeCompare(`${b.firstName} ${b.lastName}`));
  return (
    <div class="table-wrap">
      <table class="team" data-team-id={team.id}>
        <caption>{team.name}</caption>
        <thead>
          <tr>
            <th scope="col">Agent</th>
            <th scope="col">Extension</th>
            <th scope="col">State</th>
            <th scope="col">Reason</th>
            <th scope="col">Time in state</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <AgentRow key={u.loginId} session={session} agent={u} self={u.loginId === me} now={now} skew={skew} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AgentRow({ session, agent, self, now, skew }: { session: DesktopSession; agent: User; self: boolean; now: number; skew: number }) {
  const name = `${agent.firstName} ${agent.lastName}`.trim() || agent.loginId;
  const reason =
    agent.state === 'NOT_READY' || agent.state === 'LOGOUT' ? reasonText(agent.reasonCodeId || agent.reasonCode?.id || '', agent.reasonCode?.label) : '';
  const monitorDialog = session.monitorDialogFor(agent);
  const act = (s: 'READY' | 'NOT_READY' | 'LOGOUT') => void session.supervisorChangeState(agent, s);
  return (
    <tr data-agent={agent.loginId} data-state={agent.state}>
      <th scope="row">
        {name}
        {self && <span class="muted"> (you)</span>}
      </th>
      <td>{agent.extension || '—'}</td>
      <td>
        <span class={`pill state-${agent.state}`} data-testid="team-state">
          {stateLabel(agent.state)}
        </span>
        {agent.pendingState && <span class="muted"> → {stateLabel(agent.pendingState)}</span>}
      </td>
      <td>{reason || '—'}</td>
      <td class="num">{agent.state === 'LOGOUT' ? '—' : elapsed(agent.stateChangeTime, now, skew)}</td>
      <td>
        {!self && (
          <div class="row-actions">
            <button
              type="button"
              class="small"
              aria-label={`Ready: ${name}`}
              disabled={!SUPERVISOR_ALLOWED.READY.has(agent.state)}
              onClick={() => act('READY')}
            >
              Ready
            </button>
            <button
              type="button"
              class="small"
              aria-label={`Not Ready: ${name}`}
              disabled={!SUPERVISOR_ALLOWED.NOT_READY.has(agent.state)}
              onClick={() => act('NOT_READY')}
            >
              Not Ready
            </button>
            <button
              type="button"
              class="small"
              aria-label={`Sign out: ${name}`}
              disabled={!SUPERVISOR_ALLOWED.LOGOUT.has(agent.state)}
              onClick={() => act('LOGOUT')}
            >
              Sign out
            </button>
            {TALKING.has(agent.state) &&
              (monitorDialog ? (
                <button type="button" class="small" aria-label={`Barge in: ${name}`} onClick={() => void session.barge(agent, monitorDialog)}>
                  Barge in
                </button>
              ) : (
                <button type="button" class="small" aria-label={`Monitor: ${name}`} onClick={() => void session.monitor(agent)}>
                  Monitor
                </button>
              ))}
          </div>
        )}
      </td>
    </tr>
  );
}
