import type { DialogSnapshot } from './dialog.js';
import type { AgentStatus, ReasonCode, Team, UserAccount } from './model.js';

/** Everything needed to render a user, frozen at the moment of the change. */
export interface UserSnapshot {
  account: UserAccount;
  status: AgentStatus;
  reasonCode: ReasonCode | null;
  team: Team | null;
  supervisedTeams: readonly Team[];
}

export type DomainEvent =
  | { type: 'UserChanged'; requestId: string; at: number; user: UserSnapshot }
  /** In a cluster: another node changed this agent's state, and this node took the change over. */
  | { type: 'UserChangedElsewhere'; requestId: string; at: number; user: UserSnapshot }
  | { type: 'TeamMemberChanged'; requestId: string; at: number; teamId: string; user: UserSnapshot }
  /** A dialog appeared for an agent participant (POST on his Dialogs node). */
  | { type: 'DialogAdded'; requestId: string; at: number; loginId: string; dialog: DialogSnapshot }
  /** A dialog an agent participant already has changed (PUT). */
  | { type: 'DialogUpdated'; requestId: string; at: number; loginId: string; dialog: DialogSnapshot }
  /** A dialog went away for an agent participant (DELETE). */
  | { type: 'DialogRemoved'; requestId: string; at: number; loginId: string; dialog: DialogSnapshot }
  /** A dialog request accepted with 202 failed later (asynchronous apiErrors). */
  | { type: 'DialogRequestFailed'; requestId: string; at: number; loginId: string; dialogId: string; error: AsyncApiError }
  /** Something a queue's statistics depend on changed. */
  | { type: 'QueueChanged'; at: number; queueId: string };

/** An error reported after the request was accepted, as the CTI server would report it. */
export interface AsyncApiError {
  errorType: string;
  errorData: string;
  errorMessage: string;
}

export type DomainEventListener = (event: DomainEvent) => void;

/**
 * In-process publish/subscribe for domain events; listeners run synchronously, in subscription order.
 * Events published by a listener are delivered after the event being delivered has reached every
 * listener, so all listeners see all events in one order.
 */
export class EventBus {
  private readonly listeners = new Set<DomainEventListener>();
  private readonly backlog: DomainEvent[] = [];
  private delivering = false;

  /**
   * `onListenerError` hears about a listener that threw; the change that caused the event is already
   * committed, so one broken listener must neither reach the caller nor keep the others from the event.
   */
  constructor(private readonly onListenerError: (error: unknown, event: DomainEvent) => void = () => {}) {}

  subscribe(listener: DomainEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(events: readonly DomainEvent[]): void {
    this.backlog.push(...events);
    if (this.delivering) return;
    this.delivering = true;
    try {
      for (let event = this.backlog.shift(); event !== undefined; event = this.backlog.shift()) {
        for (const listener of this.listeners) {
          try {
            listener(event);
          } catch (error) {
            this.onListenerError(error, event);
          }
        }
      }
    } finally {
      this.delivering = false;
      this.backlog.length = 0;
    }
  }
}
