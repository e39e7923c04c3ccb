import type { Clock } from '../domain/clock.js';
import type { Call, CallTimerName } from './call.js';
import type { CallRegistry } from './call-registry.js';
import type { UnitOfWork } from './unit-of-work.js';

/** Named timers per call on the injected clock; each fires as a change of its own, and only while the call lives. */
export class CallTimers {
  constructor(
    private readonly clock: Clock,
    private readonly registry: CallRegistry,
    private readonly uow: UnitOfWork,
  ) {}

  /** Starts (or restarts) the call's timer `name`. */
  start(call: Call, name: CallTimerName, delayMs: number, fire: () => void): void {
    call.timers.get(name)?.cancel();
    call.timers.set(
      name,
      this.clock.setTimer(delayMs, () => {
        call.timers.delete(name);
        if (this.registry.isRegistered(call)) this.uow.run(fire);
      }),
    );
  }

  cancel(call: Call, ...names: CallTimerName[]): void {
    for (const name of names) {
      call.timers.get(name)?.cancel();
      call.timers.delete(name);
    }
  }

  cancelAll(call: Call): void {
    for (const timer of call.timers.values()) timer.cancel();
    call.timers.clear();
  }
}
