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
  | { type: 'TeamMemberChanged'; requestId: string; at: number; teamId: string; user: UserSnapshot };

export type DomainEventListener = (event: DomainEvent) => void;

/** In-process publish/subscribe for domain events; listeners run synchronously, in subscription order. */
export class EventBus {
  private readonly listeners = new Set<DomainEventListener>();

  subscribe(listener: DomainEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(events: readonly DomainEvent[]): void {
    for (const event of events) {
      for (const listener of this.listeners) listener(event);
    }
  }
}
