import type { Call } from './call.js';
import type { CallRegistry } from './call-registry.js';
import type { DialogPublisher } from './dialog-publisher.js';

/** What happens when the outermost change is done, in this order, round after round until nothing is left. */
export interface SettleSteps {
  /** An agent whose calls changed: his state follows them (with the requestId that touched him first). */
  reconcileAgent(loginId: string, requestId: string): void;
  /** A call that changed (or whose monitored call did): monitors that watch nothing end, finished calls go. */
  reviewCall(call: Call): void;
  /** Once, after the last round. */
  afterSettle(): void;
  /** Last: the calls that changed (or went) in the whole change, to save once each (or forget). */
  saveCalls(calls: readonly Call[]): void;
}

/**
 * One change to the call model, however many calls and agents it involves. Dialog versions are published
 * at the commit points inside it (Finesse shows intermediate versions, e.g. INITIATING then INITIATED);
 * touched agents, changed calls and work deferred by bus events are collected and settled when the
 * outermost change is done, in the order they were collected. Then every call the change touched is saved
 * once, as it is at the end: the writes join the change's commit, before anything it caused is told.
 */
export class UnitOfWork {
  /** Agents to reconcile, with the requestId that caused it, in the order they were first touched. */
  private readonly touchedAgents = new Map<string, string>();
  private readonly deferred: (() => void)[] = [];
  private activeRequestId = '';
  private depth = 0;

  constructor(
    private readonly registry: CallRegistry,
    private readonly publisher: DialogPublisher,
    private readonly steps: SettleSteps,
  ) {}

  /** Runs `work`; when it is the outermost change, settles afterwards. A change that throws is not settled. */
  run(work: () => void, requestId = ''): void {
    const outermost = this.depth === 0;
    if (outermost) this.activeRequestId = requestId;
    this.depth++;
    try {
      work();
    } finally {
      this.depth--;
    }
    if (outermost) this.settle();
  }

  /** The agent's state must follow his calls once the change is done. */
  touch(loginId: string): void {
    if (!this.touchedAgents.has(loginId)) this.touchedAgents.set(loginId, this.activeRequestId);
  }

  /** Runs `work` after the current change (at once when there is none). */
  later(work: () => void): void {
    this.deferred.push(work);
    if (this.depth === 0) this.run(() => undefined);
  }

  /** POST/PUT for this call and for the other calls of its agents, whose actions may have changed. */
  commit(call: Call, requestId: string): void {
    this.flush(call, requestId);
    for (const other of this.registry.callsSharingAgents(call)) {
      if (other.notified.size > 0) this.flush(other, requestId);
    }
  }

  /** POST/PUT for this call only. */
  flush(call: Call, requestId: string): void {
    this.publisher.flush(call.dialog, call.notified, requestId);
    this.registry.markChanged(call);
  }

  /** DELETE for the agents in `loginIds` who were told about the call. */
  remove(call: Call, requestId: string, loginIds: readonly string[]): void {
    this.publisher.remove(call.dialog, call.notified, requestId, loginIds);
    this.registry.markChanged(call);
  }

  /** DELETE for every agent told about the call who is dropped from it or no longer on it. */
  removeDropped(call: Call, requestId: string): void {
    this.publisher.removeDropped(call.dialog, call.notified, requestId);
    this.registry.markChanged(call);
  }

  private settle(): void {
    this.depth++;
    try {
      for (let round = 0; round < 100; round++) {
        const agents = [...this.touchedAgents];
        this.touchedAgents.clear();
        for (const [loginId, requestId] of agents) this.steps.reconcileAgent(loginId, requestId);
        for (const call of this.registry.takeChanged()) this.steps.reviewCall(call);
        const work = this.deferred.splice(0);
        this.activeRequestId = '';
        for (const w of work) w();
        if (work.length === 0 && this.touchedAgents.size === 0) break;
      }
      this.steps.afterSettle();
      const unsaved = this.registry.takeUnsaved();
      if (unsaved.length > 0) this.steps.saveCalls(unsaved);
    } finally {
      this.depth--;
    }
  }
}
