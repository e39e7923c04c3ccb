import type { Clock, Timer } from '../domain/clock.js';
import type { DurableTimers } from './ports/durable-timers.js';
import { TimerHandlers } from './ports/durable-timers.js';

/** Durable timers of a server on its own: on its clock, in memory (what they time does not outlive the process). */
export class LocalTimers implements DurableTimers {
  private readonly timers = new Map<string, Timer>();
  private readonly handlers = new TimerHandlers();

  constructor(private readonly clock: Clock) {}

  get pending(): number {
    return this.timers.size;
  }

  on(prefix: string, handler: (key: string) => void): void {
    this.handlers.on(prefix, handler);
  }

  arm(key: string, deadline: number): void {
    this.timers.get(key)?.cancel();
    const timer = this.clock.setTimer(Math.max(0, deadline - this.clock.now()), () => {
      if (this.timers.get(key) !== timer) return;
      this.timers.delete(key);
      this.handlers.fire(key);
    });
    this.timers.set(key, timer);
  }

  cancel(key: string): void {
    this.timers.get(key)?.cancel();
    this.timers.delete(key);
  }

  close(): void {
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
  }
}
