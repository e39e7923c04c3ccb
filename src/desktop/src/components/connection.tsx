import type { ConnectionStatus } from '../finesse/notifications';
import { useNow } from '../hooks';
import type { NodeStatus } from '../session';

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

/** In a cluster: the node the desktop is on, or the one it tries while the connection is lost. */
export function NodeBadge({ node, connection }: { node: NodeStatus | null; connection: ConnectionStatus }) {
  if (!node) return null;
  const lost = connection.state !== 'connected' && node.trying !== null;
  return (
    <span
      class={`node${lost ? ' node-lost' : ''}`}
      role="status"
      aria-live="polite"
      data-testid="node"
      data-node={node.current}
      data-trying={node.trying ?? ''}
      title="The server node this desktop talks to; when it stops answering the desktop goes to another one"
    >
      {lost ? `Connection lost — trying ${node.trying}…` : `Node ${node.current}`}
    </span>
  );
}
