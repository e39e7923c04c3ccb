/** Where new call (and dialog) ids come from; synchronous, since calls are opened inside a change. */
export interface CallIdSource {
  next(): string;
}

/** Ids counted up from `first`: for tests and benchmarks, which share no database. */
export function countingIds(first: number): CallIdSource {
  let next = first;
  return { next: () => String(next++) };
}

/** The store's sequence: reserves `count` consecutive ids, unique across restarts and processes, and returns the first. */
export type ReserveIds = (count: number) => Promise<number>;

/** No id can be handed out: the block ran out before the store reserved the next one. */
export class CallIdsExhausted extends Error {
  constructor() {
    super('No call id is reserved: the store has not answered the last reservation');
    this.name = 'CallIdsExhausted';
  }
}

/**
 * Call ids from blocks reserved in the store's sequence. The first block is reserved before the phone
 * system starts; when fewer than half a block is left, the next is reserved in the background, so handing
 * out an id never waits. An id is never handed out twice, by this process or another one on the same
 * database, and a restart starts on a fresh block (the rest of the old one is simply never used).
 */
export class ReservedCallIds implements CallIdSource {
  private nextId: number;
  private end: number;
  private ahead: { first: number } | null = null;
  private reserving = false;

  private constructor(
    first: number,
    private readonly blockSize: number,
    private readonly reserve: ReserveIds,
    private readonly onError: (error: unknown) => void,
  ) {
    this.nextId = first;
    this.end = first + blockSize;
  }

  static async start(reserve: ReserveIds, blockSize: number, onError: (error: unknown) => void = () => undefined): Promise<ReservedCallIds> {
    return new ReservedCallIds(await reserve(blockSize), blockSize, reserve, onError);
  }

  next(): string {
    if (this.nextId >= this.end) this.takeAhead();
    const id = this.nextId++;
    if (this.end - this.nextId < this.blockSize / 2) this.reserveAhead();
    return String(id);
  }

  /** Ids left in the current block (and the next, when it is reserved already). */
  remaining(): number {
    return this.end - this.nextId + (this.ahead ? this.blockSize : 0);
  }

  private takeAhead(): void {
    if (!this.ahead) {
      this.reserveAhead();
      throw new CallIdsExhausted();
    }
    this.nextId = this.ahead.first;
    this.end = this.ahead.first + this.blockSize;
    this.ahead = null;
  }

  private reserveAhead(): void {
    if (this.ahead || this.reserving) return;
    this.reserving = true;
    this.reserve(this.blockSize).then(
      (first) => {
        this.reserving = false;
        this.ahead = { first };
      },
      (error: unknown) => {
        // The next id handed out asks again.
        this.reserving = false;
        this.onError(error);
      },
    );
  }
}
