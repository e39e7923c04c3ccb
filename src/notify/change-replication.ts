import type { DomainEvent, EventBus } from '../domain/events.js';
import { publicationsFor } from './notifier.js';
import type { AgentService } from '../application/agent-service.js';
import type { AgentStatusWriter } from '../application/agent-status-writer.js';
import type { CommitQueue } from '../application/commit-queue.js';
import type { ChangeRelay, ReplicatedChange } from '../application/ports/replication.js';

/**
 * Writes every change this node's commands make, as the other nodes need it, into the outbox in the same
 * transaction as the change itself, and tells the relay once it is committed: a change that was
 * acknowledged reaches the other nodes even when this node dies right after.
 */
export function startChangeRecorder(bus: EventBus, commits: CommitQueue, statuses: AgentStatusWriter, relay: ChangeRelay, origin: string): () => void {
  return bus.subscribe((event) => {
    const change = replicatedChangeOf(event, statuses);
    if (!change) return;
    commits.write({ kind: 'outbox', at: event.at, origin, payload: JSON.stringify(change) });
    commits.afterCommit(() => relay.kick());
  });
}

function replicatedChangeOf(event: DomainEvent, statuses: AgentStatusWriter): ReplicatedChange | null {
  const publications = publicationsFor(event);
  if (publications.length === 0) return null;
  if (event.type !== 'UserChanged' && event.type !== 'TeamMemberChanged') return { publications };
  const loginId = event.user.account.loginId;
  return { publications, agent: { loginId, version: statuses.versionOf(loginId), status: event.user.status } };
}

/**
 * Applies a change another node committed: the agent's status is taken over unless this node already has
 * a later one, and then the change's notifications go to this node's own subscribers. A stale change
 * (older than what this node has and has told its sessions) is dropped whole.
 */
export function applyReplicatedChange(
  change: ReplicatedChange,
  agents: Pick<AgentService, 'applyReplicated'>,
  publish: (node: string, update: string) => void,
): boolean {
  if (change.agent && !agents.applyReplicated(change.agent.loginId, change.agent.status, change.agent.version)) return false;
  for (const { node, update } of change.publications) publish(node, update);
  return true;
}
