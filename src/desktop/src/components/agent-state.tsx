import { useNow } from '../hooks';
import { elapsed, reasonText, stateLabel } from '../format';
import type { DesktopSession, DesktopState } from '../session';

export function AgentStatePanel({ session, state }: { session: DesktopSession; state: DesktopState }) {
  const user = state.user!;
  const now = useNow(1000);
  const skew = state.system?.clockSkew ?? 0;
  const reason = user.state === 'NOT_READY' || user.state === 'LOGOUT' ? reasonText(user.reasonCodeId, user.reasonCode?.label) : '';

  const onChange = (e: Event) => {
    const select = e.currentTarget as HTMLSelectElement;
    const [target, rc] = select.value.split(':') as ['READY' | 'NOT_READY' | 'LOGOUT', string | undefined];
    select.value = '';
    if (target) void session.changeState(target, rc);
  };

  return (
    <section class="card card-state" aria-labelledby="state-title">
      <h2 id="state-title">My state</h2>
      <div class={`state-badge state-${user.state}`} data-testid="agent-state" data-state={user.state}>
        <span class="state-name">{stateLabel(user.state)}</span>
        <span class="state-time" role="timer" aria-label="Time in state">
          {elapsed(user.stateChangeTime, now, skew)}
        </span>
      </div>
      {reason && (
        <p class="muted" data-testid="agent-reason">
          Reason: {reason}
        </p>
      )}
      {user.pendingState && (
        <p class="pending" data-testid="pending-state">
          Pending: {stateLabel(user.pendingState)} when the call ends
        </p>
      )}
      <label for="state-select">Change state</label>
      <select id="state-select" onChange={onChange} value="">
        <option value="" disabled>
          Choose a state…
        </option>
        <option value="READY" disabled={user.state === 'READY'}>
          Ready
        </option>
        <optgroup label="Not Ready">
          <option value="NOT_READY">Not Ready</option>
          {state.notReadyCodes.map((rc) => (
            <option key={rc.id} value={`NOT_READY:${rc.id}`} disabled={user.state === 'NOT_READY' && user.reasonCodeId === rc.id}>
              Not Ready – {rc.label}
            </option>
          ))}
        </optgroup>
        <optgroup label="Sign out">
          <option value="LOGOUT">Sign out</option>
          {state.logoutCodes.map((rc) => (
            <option key={rc.id} value={`LOGOUT:${rc.id}`}>
              Sign out – {rc.label}
            </option>
          ))}
        </optgroup>
      </select>
    </section>
  );
}
