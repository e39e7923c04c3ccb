import type { AccountLocked, LockoutPolicy } from '../application/ports/lockout-counters.js';
import type { Clock } from '../domain/clock.js';

/**
 * One account's counter as the shared bucket holds it (the JSON value of its key): the consecutive
 * failures, until when it is locked (epoch ms, 0: not locked), and who wrote it — the node, its run (a
 * random id of the process) and the number of the failure within that run.
 */
export interface SharedCount {
  count: number;
  lockedUntil: number;
  node: string;
  run: string;
  op: number;
}

/** Who writes: this node and this run of it. */
export interface Writer {
  node: string;
  run: string;
}

interface Known {
  /** null: deleted (a success reset it). */
  value: SharedCount | null;
  revision: number;
  /** When this node learnt it (epoch ms, about when it was written): the bucket forgets it `maxAgeMs` after it was written. */
  at: number;
}

/**
 * What one failure more makes of the stored counter (null: none, deleted or expired): the count goes up
 * by one; the failure that reaches `maxFailures` locks the account for `lockMs`; a lock in force is not
 * extended, and a lock that is over starts the count again.
 */
export function nextCount(stored: SharedCount | null, now: number, policy: LockoutPolicy, writer: Writer, op: number): SharedCount {
  const base = stored && !lockIsOver(stored, now) ? stored : null;
  const count = (base?.count ?? 0) + 1;
  const lockedUntil = base && base.lockedUntil !== 0 ? base.lockedUntil : count >= policy.maxFailures ? now + policy.lockMs : 0;
  return { count, lockedUntil, node: writer.node, run: writer.run, op };
}

/**
 * This node's copy of the shared counters, kept synchronously readable: the newest value of every key it
 * has seen (on the bucket's watch or in the answer to its own write; an older revision never replaces a
 * newer one), plus the failures of this run not yet seen written. Those count at once, so this node
 * locks an account on the failure that reaches the limit, before the write comes back; a value
 * written by this run takes them off (its `op` is the last of them it contains).
 */
export class LockoutMirror {
  private readonly known = new Map<string, Known>();
  private readonly pending = new Map<string, number[]>();
  private lastOp = 0;

  constructor(
    private readonly clock: Clock,
    private readonly policy: LockoutPolicy,
    readonly writer: Writer,
    /** How long the bucket keeps a value (its max_age). */
    private readonly maxAgeMs: number,
    private readonly onLocked: (locked: AccountLocked) => void = () => {},
  ) {}

  isLocked(loginId: string): boolean {
    const now = this.clock.now();
    const current = this.current(loginId, now);
    if (current && current.lockedUntil > now) return true;
    const pending = this.pending.get(loginId)?.length ?? 0;
    return pending > 0 && (current?.count ?? 0) + pending >= this.policy.maxFailures;
  }

  /** Whether a success has anything to reset: a counter known, or failures of this run on their way. */
  hasCount(loginId: string): boolean {
    return this.current(loginId, this.clock.now()) !== null || this.pending.has(loginId);
  }

  /** A failure of this run, to be written: its number. It counts from now on. */
  failed(loginId: string): number {
    const op = ++this.lastOp;
    const list = this.pending.get(loginId);
    if (list) list.push(op);
    else this.pending.set(loginId, [op]);
    return op;
  }

  /** A failure that could not be written (NATS away): it no longer counts here (the fallback counts it). */
  abandoned(loginId: string, op: number): void {
    const list = this.pending.get(loginId)?.filter((o) => o !== op) ?? [];
    if (list.length > 0) this.pending.set(loginId, list);
    else this.pending.delete(loginId);
  }

  /** A success here: the count is gone at once; the deletion reaches the bucket after. */
  succeeded(loginId: string): void {
    this.pending.delete(loginId);
    const known = this.known.get(loginId);
    if (known) known.value = null;
  }

  /** A value of the bucket (null: deleted), seen on the watch or in the answer to a write. */
  seen(loginId: string, value: SharedCount | null, revision: number, at: number): void {
    const before = this.known.get(loginId);
    if (before && revision <= before.revision) return;
    this.known.set(loginId, { value, revision, at });
    if (!value) return;
    if (value.run === this.writer.run) this.written(loginId, value.op);
    const now = this.clock.now();
    if (value.lockedUntil > now && value.lockedUntil !== before?.value?.lockedUntil) {
      this.onLocked({ loginId, failures: value.count, lockedUntil: value.lockedUntil, node: value.node });
    }
  }

  /** The newest value known for the account, or null when there is none (deleted, expired, lock over). */
  private current(loginId: string, now: number): SharedCount | null {
    const known = this.known.get(loginId);
    if (!known) return null;
    if (known.at + this.maxAgeMs <= now) {
      this.known.delete(loginId); // the bucket has forgotten it too
      return null;
    }
    const value = known.value;
    return value && !lockIsOver(value, now) ? value : null;
  }

  /** The failures of this run up to `op` are in the bucket now. */
  private written(loginId: string, op: number): void {
    const list = this.pending.get(loginId)?.filter((o) => o > op) ?? [];
    if (list.length > 0) this.pending.set(loginId, list);
    else this.pending.delete(loginId);
  }
}

function lockIsOver(value: SharedCount, now: number): boolean {
  return value.lockedUntil !== 0 && value.lockedUntil <= now;
}
