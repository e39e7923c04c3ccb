import { elapsed, reasonText, stateLabel } from '../format';
import type { QueueStats, Team, User } from '../finesse/model';
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
      {state.teamViewOpen && (
        <>
          {state.teams.map((t) => (
            <TeamTable key={t.id} session={session} state={state} team={t} />
          ))}
          <QueueTable queues={state.queues} />
        </>
      )}
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

const QUEUE_COLUMNS: [string, string][] = [
  ['callsInQueue', 'In queue'],
  ['agentsReady', 'Ready'],
  ['agentsNotReady', 'Not Ready'],
  ['agentsTalkingInbound', 'Talking in'],
  ['agentsTalkingOutbound', 'Talking out'],
  ['agentsWrapUpNotReady', 'Wrap-up'],
  ['agentsLoggedOn', 'Signed in'],
];

function QueueTable({ queues }: { queues: QueueStats[] | null }) {
  const now = useNow(1000);
  if (queues === null) return <p class="muted">Queue statistics are not available on this server.</p>;
  if (queues.length === 0) return <p class="muted">No queues for your teams.</p>;
  return (
    <div class="table-wrap">
      <table class="queues">
        <caption>Queues</caption>
        <thead>
          <tr>
            <th scope="col">Queue</th>
            {QUEUE_COLUMNS.map(([, label]) => (
              <th key={label} scope="col">
                {label}
              </th>
            ))}
            <th scope="col">Longest wait</th>
          </tr>
        </thead>
        <tbody>
          {queues.map((q) => {
            const longest = q.stats.startTimeOfLongestCallInQueue ? Date.parse(q.stats.startTimeOfLongestCallInQueue) : NaN;
            return (
              <tr key={q.id}>
                <th scope="row">{q.name || q.id}</th>
                {QUEUE_COLUMNS.map(([key]) => (
                  <td key={key} class="num">
                    {q.stats[key] === undefined || q.stats[key] === '-1' ? '—' : q.stats[key]}
                  </td>
                ))}
                <td class="num">{Number.isNaN(longest) ? '—' : elapsed(longest, now, 0)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
