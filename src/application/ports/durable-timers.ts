/**
 * Timers that fire once in the whole cluster, whichever node armed them and whether or not that node
 * still lives: a timer is a key and a deadline (epoch milliseconds on the injected clock); arming a key
 * again moves it. Alone, a server keeps them in memory; in a cluster they are kept in NATS and fired by
 * the leader.
 */
export interface DurableTimers {
  arm(key: string, deadline: number): void;
  cancel(key: string): void;
  /** What a timer does when it fires: one handler per key prefix (the part before the first dot). */
  on(prefix: string, handler: (key: string) => void): void;
  /** Timers waiting to fire, as this node knows them (the scheduler's backlog). */
  readonly pending: number;
}

/** The handler of a key: the one registered for its prefix. */
export class TimerHandlers {
  private readonly handlers = new Map<string, (key: string) => void>();

  on(prefix: string, handler: (key: string) => void): void {
    this.handlers.set(prefix, handler);
  }

  fire(key: string): void {
    this.handlers.get(key.slice(0, key.indexOf('.')))?.(key);
  }
}
