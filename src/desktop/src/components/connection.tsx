import type { ConnectionStatus } from '../finesse/notifications';
import { useNow } from '../hooks';

export function ConnectionBadge({ status }: { status: ConnectionStatus }) {
  const now = useNow(1000);
  let text: string;
  switch (status.state) {
    case 'connected':
      text = 'Live';
      break;
    case 'connecting':
      text = 'Connecting…';
      break;
    case 'reconnecting':
      text = status.retryAt && status.retryAt > now ? `Reconnecting in ${Math.ceil((status.retryAt - now) / 1000)} s` : 'Reconnecting…';
      break;
    case 'failed':
      text = 'Notifications unavailable';
      break;
    default:
      text = 'Offline';
  }
  const title = status.state === 'connected' ? 'Notifications connected' : `${status.detail ?? 'Not connected'} — the desktop refreshes every 5 s meanwhile`;
  return (
    <span class={`conn conn-${status.state}`} role="status" aria-live="polite" title={title} data-connection={status.state}>
      <span class="dot" aria-hidden="true" />
      <span class="conn-label">Notifications: </span>
      {text}
    </span>
  );
}
