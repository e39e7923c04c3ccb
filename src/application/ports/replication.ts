import type { AgentStatus } from '../../domain/model.js';
import type { StoredSubscription } from './store.js';

/**
 * A committed change as the other nodes of a cluster need it: the pubsub publications to deliver to
 * their own sessions and, for a change of an agent, the status it left him in and its version.
 */
export interface ReplicatedChange {
  publications: { node: string; update: string }[];
  /**
   * `requestId`: the request that made the change, for what the phone system does after it on the leader (a
   * READY that ends wrap-up removes the dialogs with a DELETE echoing it, as on one node); absent from
   * changes recorded by a node of an earlier version.
   */
  agent?: { loginId: string; version: number; status: AgentStatus; requestId?: string };
  /** An explicit pubsub subscription made or removed on the node (already persisted). */
  subscription?: { added: StoredSubscription } | { removed: { node: string; jid: string; subid: string } };
  /** An administrator changed the configuration (reason codes, wrap-up reasons): read it from the store again. */
  configurationChanged?: true;
}

/** Where a node's committed changes go to reach the others (the outbox relay); tells it there is work. */
export interface ChangeRelay {
  kick(): void;
}
