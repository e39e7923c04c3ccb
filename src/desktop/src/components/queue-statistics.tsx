import { elapsed } from '../format';
import type { QueueStats } from '../finesse/model';
import { useNow } from '../hooks';
import type { DesktopState } from '../session';

/** Finesse's Queue Statistics gadget: the statistics of the queues the session follows. */
export function QueueStatistics({ state }: { state: DesktopState }) {
  return (
    <section class="card card-queues" aria-labelledby="queues-title">
      <h2 id="queues-title">Queue statistics</h2>
      <QueueTable queues={state.queues} />
    </section>
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
