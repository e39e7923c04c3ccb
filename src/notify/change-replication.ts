import type { DomainEvent, EventBus } from '../domain/events.js';
import { publicationsFor } from './notifier.js';
import type { AgentService } from '../application/agent-service.js';
import type { AgentStatusWriter } from '../application/agent-status-writer.js';
import type { ChangeOutbox } from '../application/change-outbox.js';
import type { ReplicatedChange } from '../application/ports/replication.js';
import type { StoredSubscription } from '../application/ports/store.js';

/** Records every change this node's commands make (agent statuses and their notifications) for the other nodes. */
export function startChangeRecorder(bus: EventBus, outbox: ChangeOutbox, statuses: AgentStatusWriter): () => void {
  return bus.subscribe((event) => {
    const change = replicatedChangeOf(event, statuses);
    if (change) outbox.record(change, event.at);
  });
}

function replicatedChangeOf(event: DomainEvent, statuses: AgentStatusWriter): ReplicatedChange | null {
  const publications = publicationsFor(event);
  if (publications.length === 0) return null;
  if (event.type !== 'UserChanged' && event.type !== 'TeamMemberChanged') return { publications };
  const loginId = event.user.account.loginId;
  return { publications, agent: { loginId, version: statuses.versionOf(loginId), status: event.user.status, requestId: event.requestId } };
}

/**
 * Applies a change another node committed: the agent's status is taken over unless this node already has
 * a later one; a subscription made or removed there is known here too; a configuration change makes this
 * node read the configuration again; then the change's notifications go to this node's own subscribers.
 * A stale change (older than what this node has and has told its sessions) is dropped whole.
 */
export function applyReplicatedChange(
  change: ReplicatedChange,
  agents: Pick<AgentService, 'applyReplicated'>,
  pubsub: ReplicaPubsub,
  configuration: ReplicaConfiguration,
): boolean {
  if (change.agent && !agents.applyReplicated(change.agent.loginId, change.agent.status, change.agent.version, change.agent.requestId ?? '')) return false;
  if (change.configurationChanged) configuration.reload();
  if (change.subscription) {
    if ('added' in change.subscription) pubsub.adoptSubscription(change.subscription.added);
    else pubsub.forgetSubscription(change.subscription.removed);
  }
  for (const { node, update } of change.publications) pubsub.publish(node, update);
  return true;
}

/** What a replicated configuration change does to this node: its cache reads the store again (in the background). */
export interface ReplicaConfiguration {
  reload(): void;
}

/** What a replicated change does to this node's pubsub service. */
export interface ReplicaPubsub {
  publish(node: string, update: string): unknown;
  adoptSubscription(subscription: StoredSubscription): void;
  forgetSubscription(subscription: { node: string; jid: string; subid: string }): void;
}
