// Calls a gadget makes before its hub connects (gadget reference §2.1: subscribe and publish already
// work then) wait here, in order, until the channel opens; after that they pass straight through.
// After close() (disconnect) nothing is accepted: the HubClient throws OpenAjax.hub.Error.Disconnected.

export type CallQueueState = 'pending' | 'open' | 'closed';

export class CallQueueFull extends Error {
  constructor(limit: number) {
    super(`more than ${limit} hub calls before the hub connected`);
    this.name = 'CallQueueFull';
  }
}

export class CallQueue<T> {
  private items: T[] = [];
  private sink: ((item: T) => void) | undefined;
  private current: CallQueueState = 'pending';

  constructor(private readonly limit = 1000) {}

  get state(): CallQueueState {
    return this.current;
  }

  get size(): number {
    return this.items.length;
  }

  /** Queues `item`, or passes it to the sink once open. False once closed. Throws CallQueueFull at the limit. */
  push(item: T): boolean {
    if (this.current === 'closed') return false;
    if (this.sink) {
      this.sink(item);
      return true;
    }
    if (this.items.length >= this.limit) throw new CallQueueFull(this.limit);
    this.items.push(item);
    return true;
  }

  /** Opens the queue: the waiting items go to `sink` in order, later ones directly. */
  open(sink: (item: T) => void): void {
    if (this.current !== 'pending') return;
    this.current = 'open';
    // Items pushed (by the sink itself) while the waiting ones flush queue behind them.
    while (this.items.length > 0) {
      sink(this.items.shift() as T);
      if (this.current !== 'open') return; // the sink closed it
    }
    this.sink = sink;
  }

  /** Closes the queue and returns the items that never went out. */
  close(): T[] {
    const left = this.items;
    this.items = [];
    this.current = 'closed';
    this.sink = undefined;
    return left;
  }
}
