import type { Clock } from '../domain/clock.js';
import type { Call, CallTimerAction, CallTimerName } from './call.js';
import { timerNameOf } from './call.js';
import type { CallRegistry } from './call-registry.js';
import type { UnitOfWork } from './unit-of-work.js';

type Kind = CallTimerAction['kind'];
type Handler<K extends Kind> = (call: Call, action: Extract<CallTimerAction, { kind: K }>) => void;

/**
 * Named timers per call on the injected clock; each fires as a change of its own, and only while the call
 * lives. A timer is an action (data) and a deadline, kept on the call so both are saved with it; the parts
 * that start timers say here what each kind of action does, so a timer read back after a restart is armed
 * again at its deadline with the same effect.
 */
export class CallTimers {
  private readonly handlers = new Map<Kind, (call: Call, action: CallTimerAction) => void>();

  constructor(
    private readonly clock: Clock,
    private readonly registry: CallRegistry,
    private readonly uow: UnitOfWork,
  ) {}

  /** What a timer of this kind does when it fires. */
  on<K extends Kind>(kind: K, handler: Handler<K>): void {
    this.handlers.set(kind, handler as unknown as (call: Call, action: CallTimerAction) => void);
  }

  /** Starts (or restarts) the call's timer for `action`, firing `delayMs` from now. */
  start(call: Call, action: CallTimerAction, delayMs: number): void {
    this.arm(call, action, this.clock.now() + delayMs);
  }

  /** Arms a timer read back from the store at its deadline; one already past fires as soon as the clock moves. */
  rearm(call: Call, action: CallTimerAction, deadline: number): void {
    this.arm(call, action, deadline);
  }

  cancel(call: Call, ...names: CallTimerName[]): void {
    for (const name of names) {
      const pending = call.timers.get(name);
      if (!pending) continue;
      pending.timer.cancel();
      call.timers.delete(name);
      this.registry.markUnsaved(call);
    }
  }

  cancelAll(call: Call): void {
    if (call.timers.size === 0) return;
    for (const pending of call.timers.values()) pending.timer.cancel();
    call.timers.clear();
    this.registry.markUnsaved(call);
  }

  private arm(call: Call, action: CallTimerAction, deadline: number): void {
    const name = timerNameOf(action);
    call.timers.get(name)?.timer.cancel();
    const handler = this.handlers.get(action.kind);
    if (!handler) throw new Error(`No handler for call timer ${action.kind}`);
    const timer = this.clock.setTimer(Math.max(0, deadline - this.clock.now()), () => {
      if (call.timers.get(name)?.timer !== timer) return;
      call.timers.delete(name);
      if (!this.registry.isRegistered(call)) return;
      this.uow.run(() => {
        this.registry.markUnsaved(call);
        handler(call, action);
      });
    });
    call.timers.set(name, { action, deadline, timer });
    this.registry.markUnsaved(call);
  }
}
