import type { MasterClock, TimerHandle } from '../../../../src/desktop/src/gadgets/master/ports.js';

interface Timer {
  id: number;
  at: number;
  every: number | null;
  fn: () => void;
}

/** A clock the test moves by hand: timers run in time order as `advance` passes them. */
export class ManualClock implements MasterClock {
  private time = Date.UTC(2026, 0, 1, 9);
  private nextId = 1;
  private readonly timers = new Map<number, Timer>();

  now(): number {
    return this.time;
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    return this.add(fn, ms, ms);
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.add(fn, ms, null);
  }

  clearInterval(handle: TimerHandle): void {
    this.timers.delete(handle as number);
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle as number);
  }

  get pending(): number {
    return this.timers.size;
  }

  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const next = [...this.timers.values()].filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!next) break;
      this.time = next.at;
      if (next.every === null) this.timers.delete(next.id);
      else next.at += next.every;
      next.fn();
    }
    this.time = end;
  }

  private add(fn: () => void, ms: number, every: number | null): number {
    const id = this.nextId++;
    this.timers.set(id, { id, at: this.time + ms, every, fn });
    return id;
  }
}
