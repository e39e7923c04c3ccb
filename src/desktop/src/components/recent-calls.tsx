import { clock, duration } from '../format';
import type { DesktopSession, DesktopState } from '../session';

export function RecentCalls({ session, state }: { session: DesktopSession; state: DesktopState }) {
  return (
    <section class="card card-recent" aria-labelledby="recent-title">
      <h2 id="recent-title">Recent calls</h2>
      {state.recent.length === 0 ? (
        <p class="muted">No calls yet.</p>
      ) : (
        <ul class="recent" data-testid="recent-calls">
          {state.recent.map((c) => (
            <li key={c.id}>
              <span
                class={`dir dir-${c.direction}`}
                role="img"
                aria-label={c.direction === 'in' ? 'Incoming' : 'Outgoing'}
                title={c.direction === 'in' ? 'Incoming' : 'Outgoing'}
              >
                {c.direction === 'in' ? '↙' : '↗'}
              </span>
              <span class="num">{c.number}</span>
              <span class="muted">
                {clock(c.start)} · {duration(c.end - c.start)}
              </span>
              <button type="button" class="link" aria-label={`Call ${c.number}`} onClick={() => void session.makeCall(c.number)}>
                Call
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
