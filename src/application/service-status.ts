/** SystemInfo's status values (reference §8.1): in service, or not. PARTIAL_SERVICE is never reported. */
export type ServiceState = 'IN_SERVICE' | 'OUT_OF_SERVICE';

/** Something the node needs to be in service: its database, its cluster's NATS server. */
export interface ServiceDependency {
  /** What the status reason names while it is down, e.g. `DATABASE_UNREACHABLE`. */
  readonly reason: string;
  readonly up: boolean;
  /** Calls `listener` whenever `up` may have changed; returns the way to stop. */
  onChange(listener: () => void): () => void;
}

/** What the surfaces read: the state, why, and whether a change may be accepted now. */
export interface ServiceView {
  readonly state: ServiceState;
  /** The reasons of the dependencies that are down, joined by ", "; empty while in service. */
  readonly reason: string;
  readonly acceptsWrites: boolean;
}

/**
 * Whether this node is in service: IN_SERVICE while every dependency is up, OUT_OF_SERVICE otherwise.
 * When `refuseWrites` (a node of a cluster), a node out of service accepts no change — it could not
 * share it with the others, or the database would not keep it — so that nodes never diverge.
 */
export class ServiceStatus implements ServiceView {
  private last: ServiceState;
  private readonly listeners = new Set<(state: ServiceState, reason: string) => void>();

  constructor(
    private readonly dependencies: readonly ServiceDependency[],
    private readonly refuseWrites: boolean,
  ) {
    this.last = this.state;
    for (const dependency of dependencies) dependency.onChange(() => this.check());
  }

  get state(): ServiceState {
    return this.dependencies.every((d) => d.up) ? 'IN_SERVICE' : 'OUT_OF_SERVICE';
  }

  get reason(): string {
    return this.dependencies
      .filter((d) => !d.up)
      .map((d) => d.reason)
      .join(', ');
  }

  get acceptsWrites(): boolean {
    return !this.refuseWrites || this.state === 'IN_SERVICE';
  }

  /** Calls `listener` when the node goes out of service or back into it (not when only the reason changes). */
  onChange(listener: (state: ServiceState, reason: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private check(): void {
    const state = this.state;
    if (state === this.last) return;
    this.last = state;
    for (const listener of this.listeners) listener(state, this.reason);
  }
}
